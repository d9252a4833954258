"""The world of the fault soak (``manage.py soak`` and ``tests/reliability``) and the audit that judges it.

The world is a CRONUS-like sandbox tenant reduced to what CUSTOMER and VENDOR synchronize without lookups: N BC
customers and N/5 vendors with names, addresses, phones, e-mails and home pages, and N/10 customer accounts made
in Sales, so that both directions write under faults. Names are unique, so a second row with one is a duplicate.
The audit reads both emulated systems and the couplings and says, in numbers, whether anything was lost, doubled
or left unequal.
"""

import re
import uuid
from collections import Counter

from django.db.models import Sum

from bcsales.bench.connection import bench_connection
from connection_setup.models import Connection
from mappings.engine.transform import same_value
from mappings.models import Coupling, FieldMapping
from sandbox import store
from sandbox.bc import service as bc
from sandbox.bc.numbering import next_number
from sandbox.dataverse import service as dataverse
from sandbox.dataverse.schema import table_named
from sandbox.demo import credentials as demo
from sandbox.identity.registrations import register_app
from synclog.models import SyncJob

__all__ = ["SOAK_CONNECTION", "TABLES", "audit", "problems", "seed_soak_world"]

SOAK_CONNECTION = "SOAK"
TABLES = {"CUSTOMER": "Customer", "VENDOR": "Vendor"}
FILLED = ("Name", "Address", "City", "Post Code", "Phone No.", "E-Mail", "Home Page")
RETRY_NOTE = re.compile(r"(\d+) request\(s\) retried")


def _values(kind: str, number: int) -> dict:
    name = f"Soak {kind} {number:05d}"
    domain = f"soak-{kind.lower()}-{number}.example.com"
    return {
        "Name": name, "Address": f"{number} Main Street", "City": "Seattle", "Post Code": f"98{number % 1000:03d}",
        "Phone No.": f"+1 425 555 {number % 10000:04d}", "E-Mail": f"info@{domain}", "Home Page": f"www.{domain}",
    }  # fmt: skip


def _seed_identities() -> None:
    """The demo app registration and the Sales rows a connection's integration user needs."""
    register_app(
        tenant_id=demo.TENANT_ID,
        tenant_domain=demo.TENANT_DOMAIN,
        client_id=demo.CLIENT_ID,
        display_name=demo.APP_DISPLAY_NAME,
        client_secret=demo.CLIENT_SECRET,
    )
    unit = uuid.uuid5(uuid.NAMESPACE_URL, "bcsales-soak/businessunit")
    store.insert("dataverse", "businessunit", unit, {"name": demo.TENANT_NAME})
    user = {"fullname": demo.INTEGRATION_DISPLAY_NAME, "internalemailaddress": demo.INTEGRATION_UPN}
    user |= {"applicationid": demo.CLIENT_ID.lower(), "isdisabled": False, "_businessunitid_value": str(unit)}
    store.insert("dataverse", "systemuser", uuid.UUID(demo.INTEGRATION_USER_ID), user)


def _seed_bc(table: str, series: str, kind: str, count: int) -> None:
    rows = [
        (uuid.uuid4(), bc.prepare(table, {"No.": number, **_values(kind, index)}))
        for index, number in enumerate(next_number(series, count), start=1)
    ]
    store.write_many("bc", table, rows)


def seed_soak_world(records: int, base: str) -> Connection:
    """Seed the sandbox and make the SOAK connection to it at ``base`` (a served sandbox's URL)."""
    _seed_identities()
    bc.create("Company", {"Name": "CRONUS", "Display Name": demo.COMPANY_NAME}, row_id=demo.COMPANY_ID)
    _seed_bc("Customer", "CUST", "Customer", records)
    _seed_bc("Vendor", "VEND", "Vendor", records // 5)
    account = table_named("account")
    for number in range(1, records // 10 + 1):
        values = _values("Account", number)
        body = {"name": values["Name"], "address1_city": values["City"], "telephone1": values["Phone No."]}
        dataverse.create(account, body | {"customertypecode": 3}, caller_id=demo.ADMIN_USER_ID)
    connection = bench_connection(base)  # the benchmark's sandbox connection, named for the soak
    connection.name = SOAK_CONNECTION
    connection.save(update_fields=["name"])
    return connection


def _duplicates(names: list[str]) -> int:
    return sum(count - 1 for count in Counter(names).values() if count > 1)


def _mismatches(mapping: str, couplings: list[Coupling], bc_rows: dict, accounts: dict) -> int:
    """Coupled pairs whose filled fields differ between BC and Sales, by the engine's own comparison."""
    pairs = FieldMapping.objects.filter(
        table_mapping__connection__name=SOAK_CONNECTION, table_mapping__name=mapping, bc_field__in=FILLED
    ).values_list("bc_field", "dataverse_field")
    unequal = 0
    for coupling in couplings:
        record, row = bc_rows.get(coupling.bc_system_id), accounts.get(coupling.dataverse_id)
        if record is None or row is None or not all(same_value(record.get(b), row.get(d)) for b, d in pairs):
            unequal += 1
    return unequal


def _table_figures(mapping: str, bc_table: str, accounts: dict) -> dict:
    bc_rows = {row.row_id: row.data for row in store.find("bc", bc_table)}
    couplings = list(Coupling.objects.filter(connection__name=SOAK_CONNECTION, bc_table=bc_table))
    coupled = Counter(c.bc_system_id for c in couplings)
    return {
        "bc_records": len(bc_rows),
        "couplings": len(couplings),
        "uncoupled_bc_records": sum(1 for row_id in bc_rows if row_id not in coupled),
        "coupled_more_than_once": sum(1 for count in coupled.values() if count > 1),
        "pending_or_failed": sum(1 for c in couplings if c.pending or "failure" in (c.last_result_to or "").lower()),
        "duplicate_bc_names": _duplicates([row.get("Name", "") for row in bc_rows.values()]),
        "field_mismatches": _mismatches(mapping, couplings, bc_rows, accounts),
    }


def audit() -> dict:
    """The soak's figures, read from both emulated systems, the couplings and the synchronization log."""
    accounts = {row.row_id: row.data for row in store.find("dataverse", "account")}
    tables = {mapping: _table_figures(mapping, bc_table, accounts) for mapping, bc_table in TABLES.items()}
    coupled_rows = Counter(c.dataverse_id for c in Coupling.objects.filter(connection__name=SOAK_CONNECTION))
    jobs = SyncJob.objects.filter(connection__name=SOAK_CONNECTION)
    return {
        "tables": tables,
        "accounts": len(accounts),
        "uncoupled_accounts": sum(1 for row_id in accounts if row_id not in coupled_rows),
        "accounts_coupled_more_than_once": sum(1 for count in coupled_rows.values() if count > 1),
        "duplicate_account_names": _duplicates([row.get("name", "") for row in accounts.values()]),
        "sync_jobs": jobs.count(),
        "failed_records_logged": jobs.aggregate(total=Sum("failed"))["total"] or 0,
        "retries_in_sync_log": sum(
            int(n) for m in jobs.values_list("message", flat=True) for n in RETRY_NOTE.findall(m)
        ),
    }


def problems(figures: dict) -> list[str]:
    """What the audit found wrong, in words; empty when nothing was lost, doubled or left unequal."""
    found = [
        f"{mapping}: {name.replace('_', ' ')} = {value}"
        for mapping, values in figures["tables"].items()
        for name, value in values.items()
        if name not in ("bc_records", "couplings") and value
    ]
    found += [
        f"{name.replace('_', ' ')} = {figures[name]}"
        for name in ("uncoupled_accounts", "accounts_coupled_more_than_once", "duplicate_account_names")
        if figures[name]
    ]
    return found
