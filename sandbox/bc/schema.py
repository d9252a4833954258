"""The emulated Business Central schema as data: tables and fields, and the API endpoints over them.

Records are stored once per BC table row, keyed by SystemId, with BC's own field names ("No.", "Salesperson
Code"). Endpoints are views with their own API field names: the standard API v2.0 entities
(``sandbox.bc.standard_api``) and the companion extension's custom API group (``sandbox.bc.custom_api``), which
exposes every table with camelCase BC field names so that the sync can read and write every mapped field.
The product's table registry mirrors the endpoint and field names declared here.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

__all__ = [
    "CUSTOM_API",
    "STANDARD_API",
    "ApiField",
    "Endpoint",
    "Field",
    "Lines",
    "Lookup",
    "Table",
    "api_name",
    "endpoint",
    "endpoints",
    "key_columns",
    "table",
    "tables",
]

STANDARD_API = "v2.0"
CUSTOM_API = "bcsales/integration/v1.0"

EDM_TYPES = {
    "Code": "Edm.String",
    "Text": "Edm.String",
    "Option": "Edm.String",
    "Decimal": "Edm.Decimal",
    "Integer": "Edm.Int32",
    "Boolean": "Edm.Boolean",
    "Date": "Edm.Date",
    "DateTime": "Edm.DateTimeOffset",
    "Guid": "Edm.Guid",
}


@dataclass(frozen=True)
class Field:
    """One BC table field. ``relation`` names the table whose primary key a Code field must match."""

    name: str
    type: str
    length: int | None = None
    options: tuple[str, ...] = ()
    relation: str | None = None
    read_only: bool = False
    required: bool = False

    @property
    def edm_type(self) -> str:
        return EDM_TYPES[self.type]

    def default(self) -> Any:
        """The value BC gives a field of a newly initialised record."""
        if self.type in ("Code", "Text"):
            return ""
        if self.type == "Option":
            return self.options[0]
        if self.type in ("Decimal", "Integer"):
            return 0
        if self.type == "Boolean":
            return False
        return None


@dataclass(frozen=True)
class Table:
    """A BC table: number, primary key fields, fields and the number series that numbers new records."""

    name: str
    number: int
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    number_series: str | None = None

    @cached_property
    def by_name(self) -> dict[str, Field]:
        return {candidate.name: candidate for candidate in self.fields}

    @cached_property
    def _blank(self) -> dict[str, Any]:
        return {f.name: f.default() for f in self.fields}

    def field(self, name: str) -> Field:
        try:
            return self.by_name[name]
        except KeyError:
            raise KeyError(f"The field {name} does not exist in table {self.name}.") from None

    def has_field(self, name: str) -> bool:
        return name in self.by_name

    def blank_record(self) -> dict[str, Any]:
        return dict(self._blank)


@dataclass(frozen=True)
class Lookup:
    """An API field that shows the SystemId of a related record, found by ``pairs`` of (target, source) fields."""

    table: str
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ApiField:
    """One property of an API entity: a BC field (``source``), optionally through a lookup, value map or function."""

    name: str
    source: str | None
    edm_type: str = "Edm.String"
    max_length: int | None = None
    read_only: bool = False
    lookup: Lookup | None = None
    values: tuple[tuple[str, str], ...] = ()
    compute: Callable[[dict[str, Any]], Any] | None = None

    def to_api_value(self, bc_value: Any) -> Any:
        for bc, api in self.values:
            if bc == bc_value:
                return api
        return bc_value

    def to_bc_value(self, api_value: Any) -> Any:
        for bc, api in self.values:
            if api == api_value:
                return bc
        return api_value


@dataclass(frozen=True)
class Lines:
    """The navigation property from a document to its lines: lines match the header on ``pairs`` (line, header)."""

    nav: str
    entity_set: str
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Endpoint:
    """An API entity set over one BC table, with a fixed filter (e.g. Document Type = Order) and its properties."""

    api: str
    entity_set: str
    entity_type: str
    table: str
    fields: tuple[ApiField, ...]
    fixed: tuple[tuple[str, Any], ...] = ()
    lines: Lines | None = None
    actions: tuple[str, ...] = ()
    read_only: bool = False

    def api_field(self, name: str) -> ApiField | None:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        return None


def api_name(bc_field: str) -> str:
    """BC field name → camelCase API name, as BC's API pages spell them ("Credit Limit (LCY)" → creditLimitLCY)."""
    first, *rest = re.findall(r"[A-Za-z0-9]+", bc_field.replace("%", " Percent "))
    head = first.lower() if first.isupper() else first[0].lower() + first[1:]
    return head + "".join(w if w.isupper() else w[0].upper() + w[1:] for w in rest)


def table(name: str) -> Table:
    """The BC table called ``name`` (KeyError with a readable message otherwise)."""
    from sandbox.bc.tables import TABLES

    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"The table {name} is not emulated.") from None


def key_columns(name: str) -> tuple[str, ...]:
    """The primary key fields of a table, which ``sandbox.store`` indexes (none for tables not emulated); a
    company's stored table name (``sandbox.bc.company_scope``) has the keys of its BC table."""
    from sandbox.bc.company_scope import base_table
    from sandbox.bc.tables import TABLES

    found = TABLES.get(base_table(name))
    return found.key if found else ()


# Fields (beyond the primary key, which ``lookup_key`` covers) that lists of values look rows up by, so
# ``sandbox.store`` keeps an index on their values as BC keeps secondary keys: a unit group by its item or
# resource ("Source No."), a business relation by the customer or vendor it links ("No."), a person by the company
# contact ("Company No."), an item's units by their code.
VALUE_INDEXES: dict[str, tuple[str, ...]] = {
    "Unit Group": ("Source No.",),
    "Contact Business Relation": ("No.",),
    "Contact": ("Company No.",),
    "Item Unit of Measure": ("Code",),
}


def value_index_columns(name: str) -> tuple[str, ...]:
    """The non-key fields of a table whose values are indexed (see ``VALUE_INDEXES``), for any company's copy."""
    from sandbox.bc.company_scope import base_table

    return VALUE_INDEXES.get(base_table(name), ())


def tables() -> list[Table]:
    from sandbox.bc.tables import TABLES

    return list(TABLES.values())


def endpoints(api: str) -> list[Endpoint]:
    """The entity sets of one API (``STANDARD_API`` or ``CUSTOM_API``)."""
    from sandbox.bc.custom_api import CUSTOM_ENDPOINTS
    from sandbox.bc.standard_api import STANDARD_ENDPOINTS

    return list((STANDARD_ENDPOINTS if api == STANDARD_API else CUSTOM_ENDPOINTS).values())


def endpoint(api: str, entity_set: str) -> Endpoint | None:
    for candidate in endpoints(api):
        if candidate.entity_set == entity_set:
            return candidate
    return None
