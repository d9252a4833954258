"""Whether the currencies, units, owners and option values that mapped records use exist on the other side.

A record whose currency, unit, owner or option value has no counterpart fails during synchronization with
"must be coupled"; the preflight checklist finds those values beforehand. Per mapping it reads the records of each
side once, selecting only the referring fields, then asks the other side about the distinct values in one query
per field (currencies and units by their codes; owners and option values through couplings and option mappings).
"""

from dataclasses import dataclass

from connection_setup.clients import odata
from connection_setup.services.report import CheckFailed
from mappings.engine.context import MappingPlan
from mappings.engine.types import FieldRule
from mappings.models import Coupling
from synclog.choices import PassDirection

__all__ = ["Reference", "ReferenceReader", "references_of"]

LOOKUP_KINDS = {"transactioncurrency": "currency", "uom": "unit", "uomschedule": "unit", "systemuser": "owner"}
SALESPERSON = "Salesperson/Purchaser"
CHUNK = 50
SHOWN = 10


@dataclass(frozen=True)
class Reference:
    """A field of a mapping that refers to a currency, a unit, an owner or an option value, and its direction."""

    kind: str
    rule: FieldRule
    direction: PassDirection

    @property
    def column(self) -> str:
        """The column as Dataverse returns it: a lookup as ``_name_value``, an option column by its name."""
        return self.rule.dataverse_field if self.kind == "option" else f"_{self.rule.dataverse_field}_value"

    @property
    def label(self) -> str:
        arrow = "→" if self.direction == PassDirection.TO_INTEGRATION else "←"
        return f"{self.rule.bc_field} {arrow} {self.rule.dataverse_field}"


def _kind(rule: FieldRule) -> str | None:
    if rule.constant is not None or not rule.bc_field or not rule.dataverse_field:
        return None
    if rule.is_option:
        return "option"
    return LOOKUP_KINDS.get(rule.lookup.dataverse_table) if rule.lookup else None


def references_of(plan: MappingPlan) -> list[Reference]:
    """Every referring field in every direction the mapping runs."""
    found = []
    for direction in plan.passes:
        for rule in plan.rules_for(direction):
            kind = _kind(rule)
            if kind:
                found.append(Reference(kind, rule, direction))
    return found


def _listed(values: set[str]) -> str:
    shown = sorted(values)[:SHOWN]
    more = len(values) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _chunks(values: set[str]):
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


class ReferenceReader:
    """Reads the values one mapping's records use and checks them; ``bc`` and ``dataverse`` are the clients."""

    def __init__(self, connection, bc, dataverse, *, local_currency: str) -> None:
        self.connection, self.bc, self.dataverse = connection, bc, dataverse
        self.local_currency = local_currency

    def values_used(self, plan: MappingPlan, refs: list[Reference]) -> dict[Reference, set[str]]:
        """One paged read per side, selecting only the referring fields; blanks are no reference."""
        used: dict[Reference, set[str]] = {ref: set() for ref in refs}
        to_bc = [r for r in refs if r.direction == PassDirection.TO_INTEGRATION]
        from_dv = [r for r in refs if r.direction == PassDirection.FROM_INTEGRATION]
        if to_bc:
            fields = sorted({r.rule.bc_field for r in to_bc})
            self._collect(self.bc.iter_pages(plan.bc_table, select=fields, filter=plan.bc_filter), to_bc, used)
        if from_dv:
            columns = sorted({r.column for r in from_dv})
            pages = self.dataverse.iter_pages(plan.dataverse_table, select=columns, filter=plan.dataverse_filter)
            self._collect(pages, from_dv, used)
        return used

    @staticmethod
    def _collect(pages, refs: list[Reference], used: dict[Reference, set[str]]) -> None:
        for page in pages:
            for row in page:
                for ref in refs:
                    key = ref.rule.bc_field if ref.direction == PassDirection.TO_INTEGRATION else ref.column
                    value = row.get(key)
                    if value not in (None, ""):
                        used[ref].add(str(value))

    def check(self, plan: MappingPlan, ref: Reference, values: set[str]) -> str:
        """Raise CheckFailed naming the values without a counterpart and the fix; else say what was checked."""
        if not values:
            return "No record uses a value here."
        missing = getattr(self, f"_missing_{ref.kind}")(ref, values)
        if missing:
            raise CheckFailed(*self._problem(plan, ref, missing))
        return f"All {len(values)} value(s) used exist on the other side."

    def _in_dataverse(self, table: str, column: str, values: set[str]) -> set[str]:
        found = set()
        for chunk in _chunks(values):
            for page in self.dataverse.iter_pages(table, select=[column], filter=odata.in_(column, chunk)):
                found |= {str(row.get(column)) for row in page}
        return found

    def _in_bc(self, table: str, field: str, values: set[str]) -> dict[str, str]:
        """``value → SystemId`` of the BC records whose ``field`` holds one of the values."""
        found = {}
        for chunk in _chunks(values):
            for page in self.bc.iter_pages(table, select=[field], filter=odata.in_(field, chunk)):
                found |= {str(row.get(field)): str(row["id"]) for row in page}
        return found

    def _missing_currency(self, ref: Reference, values: set[str]) -> set[str]:
        if ref.direction == PassDirection.TO_INTEGRATION:
            return values - self._in_dataverse("transactioncurrency", "isocurrencycode", values)
        codes: set[str] = set()
        for chunk in _chunks(values):
            filter = odata.in_("transactioncurrencyid", [odata.guid(value) for value in chunk])
            for page in self.dataverse.iter_pages("transactioncurrency", select=["isocurrencycode"], filter=filter):
                codes |= {row["isocurrencycode"] for row in page}
        in_bc = set(self._in_bc("Currency", "Code", codes - {self.local_currency})) | {self.local_currency}
        return {code for code in codes if code not in in_bc}

    def _missing_unit(self, ref: Reference, values: set[str]) -> set[str]:
        table = ref.rule.lookup.dataverse_table
        return values - self._in_dataverse(table, "name" if table == "uom" else "baseuomname", values)

    def _missing_owner(self, ref: Reference, values: set[str]) -> set[str]:
        couplings = Coupling.objects.filter(connection=self.connection, bc_table=SALESPERSON, pending="")
        if ref.direction == PassDirection.FROM_INTEGRATION:
            coupled = {str(v) for v in couplings.filter(dataverse_id__in=values).values_list("dataverse_id", flat=True)}
            return values - coupled
        ids = self._in_bc(SALESPERSON, "Code", values)
        coupled = {
            str(v) for v in couplings.filter(bc_system_id__in=ids.values()).values_list("bc_system_id", flat=True)
        }
        return {code for code in values if ids.get(code) not in coupled}

    @staticmethod
    def _missing_option(ref: Reference, values: set[str]) -> set[str]:
        side = 0 if ref.direction == PassDirection.TO_INTEGRATION else 1
        return values - {str(pair[side]) for pair in ref.rule.options}

    def _problem(self, plan: MappingPlan, ref: Reference, missing: set[str]) -> tuple[str, str]:
        to_dataverse = ref.direction == PassDirection.TO_INTEGRATION
        source, other = (
            (plan.bc_table, "Dynamics 365 Sales") if to_dataverse else (plan.dataverse_table, "Business Central")
        )
        detail = f"{source} records use {ref.rule.bc_field} values {_listed(missing)} that do not exist in {other}."
        return detail, FIXES[(ref.kind, to_dataverse)].format(
            unit_mappings="UNIT GROUP, ITEM UOM and RESOURCE UOM"
            if self.connection.unit_group_mapping_enabled
            else "UNIT OF MEASURE",
            option_mapping=_option_mapping_name(self.connection, ref.rule.dataverse_field),
        )


def _option_mapping_name(connection, column: str) -> str:
    mapping = connection.table_mappings.filter(dataverse_option_field=column, parent_name="").first()
    return mapping.name if mapping else f"option mapping of {column}"


FIXES = {
    ("currency", True): "Create the currencies in Dynamics 365 Sales, or synchronize the CURRENCY mapping first: "
    "it creates currencies that have no match.",
    ("currency", False): "Create these currencies in Business Central with their exchange rates, or change the "
    "currency of the rows in Dynamics 365 Sales.",
    ("unit", True): "Synchronize the {unit_mappings} mapping(s) first: they create the units in Dynamics 365 Sales.",
    ("unit", False): "Create these units of measure in Business Central.",
    ("owner", True): "Couple these salespeople with Dynamics 365 Sales users (Couple Salespersons), or use the "
    "Team ownership model.",
    ("owner", False): "Couple these Dynamics 365 Sales users with salespeople (Couple Salespersons), or use the "
    "Team ownership model.",
    ("option", True): "Synchronize the {option_mapping} mapping: it couples the codes with options in Dynamics 365 "
    "Sales and creates the missing ones.",
    ("option", False): "Couple these option values with Business Central codes in the {option_mapping} mapping, or "
    "create the codes in Business Central and synchronize {option_mapping}.",
}
