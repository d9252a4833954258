"""Additional fields that BC's table subscribers compute after the field transfer (sync_engine §2.11).

BC's CURRENCY mapping maps only the code, symbol and name, yet Dataverse requires a transaction currency's
exchange rate: BC's subscriber fills it in from its Currency Exchange Rate table, as units of the currency per one
unit of the Dataverse base currency (the base currency itself is 1), and fails the record with "Cannot create or
update the currency … because there is no exchange rate defined for it." when BC has none. A subscriber reads what
it needs for a whole page at once, so the cost stays one request per page.

A Sales unit (``uom``) belongs to a unit group: BC's subscriber gives a new unit from an Item or Resource Unit of
Measure the Sales unit group coupled to that item's (resource's) Unit Group, and the unit fails with "must be
coupled" while that Unit Group is not coupled yet. With Unit Group Mapping on, a product's unit group
(``defaultuomscheduleid``) is likewise the one coupled to its item's (resource's) Unit Group.

An item's (resource's) product gets its type, the default price list and the local currency with the mapped fields
(``mappings.flows.product_columns``).

A salesperson made from a Sales user needs a code, which Sales has not: BC's subscriber gives the next one of the
series "SP NO. 00001", "SP NO. 00002", … after the highest such code in BC. Nothing is consumed by a failed insert,
so a retry gets the same code again.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from connection_setup.clients import odata
from connection_setup.models import Connection
from mappings.engine.coupling_rows import coupled_counterparts
from mappings.engine.errors import MappingError
from mappings.engine.relations import UNIT_SOURCES
from mappings.engine.types import SourceRecord
from synclog.choices import PassDirection

__all__ = ["ExchangeRates", "SalespersonCodes", "Subscriber", "UnitGroups", "subscribers_for"]

RATE_TABLE = "Currency Exchange Rate"
RATE_FIELDS = (
    "Currency Code",
    "Starting Date",
    "Exchange Rate Amount",
    "Relational Exch. Rate Amount",
    "Relational Currency Code",
)
RATE_PRECISION = Decimal("0.0000000001")
GROUP_TABLE = "Unit Group"
GROUP_FIELDS = ("Source Type", "Source No.", "Code")  # what a product's unit group look-up reads
PRODUCT_SOURCES = ("Item", "Resource")
SALESPEOPLE = ("Salesperson/Purchaser", "systemuser")
SALESPERSON_CODE_PREFIX = "SP NO. "
SALESPERSON_CODE_DIGITS = 5


class Subscriber(Protocol):
    insert_only: bool  # its fields are written on insert only (a code given once), never on modify

    def prepare(self, records: list[SourceRecord]) -> None:
        """Read what the page's records need, in as few requests as possible."""

    def additional(self, values: dict[str, Any]) -> dict[str, Any]:
        """Destination fields to write besides the mapped ones; ``MappingError`` fails the record."""


class ExchangeRates:
    """Currency → transactioncurrency: ``exchangerate`` from BC's latest exchange rate that has started."""

    insert_only = False

    def __init__(self, rate_side, base_currency: Callable[[], str]) -> None:
        self.rate_side = rate_side
        self.base_currency = base_currency
        self.rates: dict[str, Decimal | None] = {}

    def prepare(self, records: list[SourceRecord]) -> None:
        codes = sorted({str(r.values.get("Code") or "") for r in records} - set(self.rates) - {""})
        if not codes:
            return
        latest: dict[str, tuple[str, Decimal]] = {}
        today = date.today().isoformat()
        for row in self.rate_side.matching("Currency Code", codes, select=RATE_FIELDS):
            values = row.values
            starting = str(values.get("Starting Date") or "")
            amount, relational = values.get("Exchange Rate Amount"), values.get("Relational Exch. Rate Amount")
            if starting > today or values.get("Relational Currency Code") or not amount or not relational:
                continue
            code = values["Currency Code"]
            if code not in latest or latest[code][0] < starting:
                latest[code] = (starting, Decimal(str(amount)) / Decimal(str(relational)))
        self.rates.update({code: latest[code][1] if code in latest else None for code in codes})

    def additional(self, values: dict[str, Any]) -> dict[str, Any]:
        code = str(values.get("Code") or "")
        if code.upper() == self.base_currency().upper():
            return {"exchangerate": 1.0}
        rate = self.rates.get(code)
        if rate is None:
            raise MappingError(
                f"Cannot create or update the currency {code} in Dataverse, because there is no exchange rate "
                "defined for it."
            )
        return {"exchangerate": float(rate.quantize(RATE_PRECISION))}


class UnitGroups:
    """Item/Resource Unit of Measure → uom (``uomscheduleid``), Item/Resource → product (``defaultuomscheduleid``):
    the Sales unit group coupled to the item's (resource's) Unit Group."""

    insert_only = False

    def __init__(self, group_side, connection_id: int, source_type: str, number_field: str, column: str) -> None:
        self.group_side, self.connection_id = group_side, connection_id
        self.source_type, self.number_field, self.column = source_type, number_field, column
        self.groups: dict[str, tuple[str, Any]] = {}  # item (resource) No. → (its Unit Group's code, coupled id)

    def prepare(self, records: list[SourceRecord]) -> None:
        numbers = sorted({str(r.values.get(self.number_field) or "") for r in records} - set(self.groups) - {""})
        if not numbers:
            return
        rows = [
            g
            for g in self.group_side.matching("Source No.", numbers, select=GROUP_FIELDS)
            if g.values["Source Type"] == self.source_type
        ]
        where = {"connection_id": self.connection_id, "bc_table": GROUP_TABLE, "dataverse_table": "uomschedule"}
        where["pending"] = ""
        coupled = coupled_counterparts(where, "bc_system_id", [g.record_id for g in rows], "dataverse_id")
        found = {g.values["Source No."]: (g.values.get("Code") or "", coupled.get(g.record_id)) for g in rows}
        self.groups.update({number: found.get(number, ("", None)) for number in numbers})

    def additional(self, values: dict[str, Any]) -> dict[str, Any]:
        number = str(values.get(self.number_field) or "")
        code, group = self.groups.get(number, ("", None))
        if not code:
            raise MappingError(f"{self.source_type} {number} has no {GROUP_TABLE}.")
        if group is None:
            raise MappingError(f"{GROUP_TABLE} {code} must be coupled to a record in Dynamics 365 Sales.")
        return {self.column: group}


class SalespersonCodes:
    """systemuser → Salesperson/Purchaser: a new salesperson's ``Code``, the next of the "SP NO. 00001" series."""

    insert_only = True

    def __init__(self, salesperson_side) -> None:
        self.salesperson_side = salesperson_side
        self.last: int | None = None

    def prepare(self, records: list[SourceRecord]) -> None:
        if self.last is not None:
            return
        starts = odata.startswith(self.salesperson_side.meta.api_name("Code"), SALESPERSON_CODE_PREFIX)
        numbers = [
            int(suffix)
            for page in self.salesperson_side.pages(table_filter=starts)
            for record in page
            if (suffix := str(record.values.get("Code") or "")[len(SALESPERSON_CODE_PREFIX) :]).isdigit()
        ]
        self.last = max(numbers, default=0)

    def additional(self, values: dict[str, Any]) -> dict[str, Any]:
        self.last += 1
        return {"Code": f"{SALESPERSON_CODE_PREFIX}{self.last:0{SALESPERSON_CODE_DIGITS}d}"}


def _unit_group_mapping(connection_id: int) -> bool:
    return Connection.objects.filter(pk=connection_id, unit_group_mapping_enabled=True).exists()


def subscribers_for(
    bc_table: str,
    dataverse_table: str,
    direction: PassDirection,
    sides,
    base_currency: Callable[[], str],
    connection_id: int,
) -> list[Subscriber]:
    """The subscribers of one pass of one table pair."""
    to_dataverse = direction == PassDirection.TO_INTEGRATION
    if to_dataverse and dataverse_table == "uom" and bc_table in UNIT_SOURCES:
        return [UnitGroups(sides.bc(GROUP_TABLE), connection_id, *UNIT_SOURCES[bc_table], "uomscheduleid")]
    if to_dataverse and dataverse_table == "product" and bc_table in PRODUCT_SOURCES:
        from mappings.flows.product_columns import ProductColumns  # the flows import the engine

        product: list[Subscriber] = [ProductColumns(bc_table, connection_id, sides)]
        if _unit_group_mapping(connection_id):
            product.append(UnitGroups(sides.bc(GROUP_TABLE), connection_id, bc_table, "No.", "defaultuomscheduleid"))
        return product
    if (bc_table, dataverse_table) == SALESPEOPLE and direction == PassDirection.FROM_INTEGRATION:
        return [SalespersonCodes(sides.bc(bc_table))]
    if (bc_table, dataverse_table, direction) == ("Currency", "transactioncurrency", PassDirection.TO_INTEGRATION):
        return [ExchangeRates(sides.bc(RATE_TABLE), base_currency)]
    return []
