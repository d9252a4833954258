"""The audit of the fault soak: read both emulated systems, the couplings and the log, and say in numbers whether
anything was lost, doubled or left unequal.

Per mapping of the soak's chain: every BC record in the mapping's scope is coupled exactly once, no coupling is
left pending or failed, the coupled pairs agree field by field (by the engine's own comparison) and on their
lookups (a contact's parent account is its company's customer's account; a product's unit group and default unit
are its item's). Per Sales table: every row is coupled exactly once (an uncoupled row is one created twice), and no
natural key occurs more often on one side than on the other.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Sum

from bcsales.soak_world import SOAK_CONNECTION
from connection_setup.models import Connection
from mappings.engine.transform import same_value
from mappings.models import Coupling
from sandbox import store
from synclog.models import SyncJob

__all__ = ["audit", "problems"]

ADDRESS = (("Name", "name"), ("Address", "address1_line1"), ("City", "address1_city"),
           ("Post Code", "address1_postalcode"), ("Phone No.", "telephone1"), ("E-Mail", "emailaddress1"),
           ("Home Page", "websiteurl"))  # fmt: skip
RETRY_NOTE = r"(\d+) request\(s\) retried"
COUNTS = ("bc_records", "couplings", "rows")
RELATION = "Contact Business Relation"


@dataclass(frozen=True)
class Check:
    """One mapping of the chain: its tables, the fields both sides must agree on, and which BC records it covers."""

    bc_table: str
    dataverse_table: str
    fields: tuple[tuple[str, str], ...]
    in_scope: Callable[[dict], bool] = lambda record: True


def _is_person_at_company(record: dict) -> bool:
    return record.get("Type") == "Person" and bool(record.get("Company No."))


CHECKS = {
    "CURRENCY": Check("Currency", "transactioncurrency", (("Code", "isocurrencycode"), ("Symbol", "currencysymbol"),
                                                          ("Description", "currencyname"))),
    "UNIT GROUP": Check("Unit Group", "uomschedule", (("Source No.", "name"), ("Source No.", "baseuomname"))),
    "ITEM UOM": Check("Item Unit of Measure", "uom", (("Code", "name"), ("Qty. per Unit of Measure", "quantity"))),
    "CUSTOMER": Check("Customer", "account", ADDRESS),
    "VENDOR": Check("Vendor", "account", ADDRESS),
    "CONTACT": Check("Contact", "contact", (("First Name", "firstname"), ("Surname", "lastname"),
                                            ("E-Mail", "emailaddress1"), ("City", "address1_city")),
                     _is_person_at_company),
    "ITEM-PRODUCT": Check("Item", "product", (("No.", "productnumber"), ("Description", "name"),
                                              ("Unit Price", "price"))),
}  # fmt: skip

# Natural keys per Sales table: (BC fields, Dataverse columns). A key found more often on one side than on the
# other (and more than once) is a record written twice; BC records count when a mapping to the table covers them.
KEYS = {
    "transactioncurrency": (("Code",), ("isocurrencycode",)),
    "uomschedule": (("Source No.",), ("name",)),
    "account": (("Name", "Phone No."), ("name", "telephone1")),
    "contact": (("First Name", "Surname", "E-Mail"), ("firstname", "lastname", "emailaddress1")),
    "product": (("No.",), ("productnumber",)),
}


class World:
    """Both systems' rows and the SOAK connection's couplings, read once, with the indexes the checks need."""

    def __init__(self) -> None:
        self.connection = Connection.objects.get(name=SOAK_CONNECTION)
        self.couplings = list(Coupling.objects.filter(connection=self.connection))
        bc_tables = {check.bc_table for check in CHECKS.values()} | {RELATION}
        self.bc = {table: {row.row_id: row.data for row in store.find("bc", table)} for table in bc_tables}
        sales_tables = {check.dataverse_table for check in CHECKS.values()}
        self.sales = {table: {row.row_id: row.data for row in store.find("dataverse", table)} for table in sales_tables}
        self.coupled = {(c.bc_table, c.bc_system_id): str(c.dataverse_id) for c in self.couplings if not c.pending}
        self.customer_of_company = {
            r["Contact No."]: r["No."] for r in self.bc[RELATION].values() if r.get("Link to Table") == "Customer"
        }
        self._indexes: dict[tuple, dict] = {}

    def sales_id(self, bc_table: str, fields: tuple[str, ...], key: tuple) -> str | None:
        """The Sales id coupled to the BC record of ``bc_table`` whose ``fields`` hold ``key``."""
        if (bc_table, fields) not in self._indexes:
            rows = self.bc[bc_table].items()
            self._indexes[bc_table, fields] = {tuple(data.get(f) for f in fields): row_id for row_id, data in rows}
        row_id = self._indexes[bc_table, fields].get(key)
        return self.coupled.get((bc_table, row_id))


def _contact_parent(world: World, record: dict, row: dict) -> bool:
    customer = world.customer_of_company.get(record["Company No."])
    return row.get("_parentcustomerid_value") == world.sales_id("Customer", ("No.",), (customer,))


def _unit_group(world: World, record: dict, row: dict) -> bool:
    return row.get("_uomscheduleid_value") == world.sales_id("Unit Group", ("Source No.",), (record["Item No."],))


def _product_units(world: World, record: dict, row: dict) -> bool:
    unit = world.sales_id("Item Unit of Measure", ("Item No.", "Code"), (record["No."], record["Base Unit of Measure"]))
    group = world.sales_id("Unit Group", ("Source No.",), (record["No."],))
    return (row.get("_defaultuomid_value"), row.get("_defaultuomscheduleid_value")) == (unit, group)


LOOKUPS: dict[str, Callable[[World, dict, dict], bool]] = {
    "CONTACT": _contact_parent,
    "ITEM UOM": _unit_group,
    "ITEM-PRODUCT": _product_units,
}


def _mapping_figures(world: World, mapping: str, check: Check) -> dict:
    records = {row_id: data for row_id, data in world.bc[check.bc_table].items() if check.in_scope(data)}
    couplings = [c for c in world.couplings if c.bc_table == check.bc_table]
    times = Counter(c.bc_system_id for c in couplings)
    rows, agrees = world.sales[check.dataverse_table], LOOKUPS.get(mapping)
    fields = lookups = 0
    for coupling in couplings:
        record, row = records.get(coupling.bc_system_id), rows.get(coupling.dataverse_id)
        if record is None or row is None or not all(same_value(record.get(b), row.get(d)) for b, d in check.fields):
            fields += 1
        elif agrees and not agrees(world, record, row):
            lookups += 1
    return {
        "bc_records": len(records),
        "couplings": len(couplings),
        "uncoupled_bc_records": sum(1 for row_id in records if row_id not in times),
        "coupled_more_than_once": sum(1 for count in times.values() if count > 1),
        "pending_or_failed": sum(1 for c in couplings if c.pending or "failure" in (c.last_result_to or "").lower()),
        "field_mismatches": fields,
        "lookup_mismatches": lookups,
    }


def _excess(counts: Counter, other: Counter) -> int:
    return sum(max(0, count - max(1, other[key])) for key, count in counts.items())


def _sales_figures(world: World, table: str) -> dict:
    rows = world.sales[table]
    times = Counter(c.dataverse_id for c in world.couplings if c.dataverse_table == table)
    seeded = {world.connection.base_currency_id}  # Sales's own base currency: no BC record stands for it
    figures = {
        "rows": len(rows),
        "uncoupled_rows": sum(1 for row_id in rows if row_id not in times and row_id not in seeded),
        "coupled_more_than_once": sum(1 for count in times.values() if count > 1),
    }
    if table in KEYS:
        fields, columns = KEYS[table]
        checks = [check for check in CHECKS.values() if check.dataverse_table == table]
        records = [d for check in checks for d in world.bc[check.bc_table].values() if check.in_scope(d)]
        bc_keys = Counter(tuple(d.get(f) for f in fields) for d in records)
        sales_keys = Counter(tuple(d.get(c) for c in columns) for d in rows.values())
        figures |= {"bc_duplicates": _excess(bc_keys, sales_keys), "sales_duplicates": _excess(sales_keys, bc_keys)}
    return figures


def audit() -> dict:
    """The soak's figures, read from both emulated systems, the couplings and the synchronization log."""
    world = World()
    jobs = SyncJob.objects.filter(connection=world.connection)
    return {
        "tables": {mapping: _mapping_figures(world, mapping, check) for mapping, check in CHECKS.items()},
        "sales": {table: _sales_figures(world, table) for table in sorted(world.sales)},
        "sync_jobs": jobs.count(),
        "failed_records_logged": jobs.aggregate(total=Sum("failed"))["total"] or 0,
        "retries_in_sync_log": sum(
            int(n) for message in jobs.values_list("message", flat=True) for n in re.findall(RETRY_NOTE, message)
        ),
    }


def problems(figures: dict) -> list[str]:
    """What the audit found wrong, in words; empty when nothing was lost, doubled or left unequal."""
    return [
        f"{table}: {name.replace('_', ' ')} = {value}"
        for group in ("tables", "sales")
        for table, values in figures[group].items()
        for name, value in values.items()
        if name not in COUNTS and value
    ]
