"""The table registry: which endpoint serves each BC table and each Dataverse table, and what their fields are called.

Mapping code speaks BC's table and field names ("Customer", "No.") and Dataverse logical names ("account");
only this module knows entity sets, API groups and API property names. The BC tables the mappings use are served
by the companion extension's custom API group (``api/bcsales/integration/v1.0``), which exposes every field of a
table under its camelCase name, because API v2.0 lacks tables (salespeople, resources, price lists) and fields
(Customer "Fax No.", Currency "ISO Code") the default mappings need. The catalogues are in ``registry_data.py``.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

__all__ = [
    "BC_CUSTOM_API",
    "BC_STANDARD_API",
    "BcTable",
    "DataverseTable",
    "UnknownFieldError",
    "UnknownTableError",
    "bc_api_name",
    "bc_table",
    "bc_tables",
    "dataverse_table",
    "dataverse_tables",
]

BC_STANDARD_API = "v2.0"
BC_CUSTOM_API = "bcsales/integration/v1.0"
# Record properties every BC API entity has besides the table's own fields.
BC_SYSTEM_PROPERTIES = ("id", "lastModifiedDateTime", "@odata.etag")


class UnknownTableError(KeyError):
    """The registry has no such table: a mapping names a table the integration does not serve."""

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownFieldError(KeyError):
    """A BC table has no such field."""

    def __str__(self) -> str:
        return str(self.args[0])


def bc_api_name(bc_field: str) -> str:
    """The camelCase API property BC's API pages give a field: "Credit Limit (LCY)" → "creditLimitLCY"."""
    words = re.findall(r"[A-Za-z0-9]+", bc_field.replace("%", " Percent "))
    if not words:
        raise ValueError(f"The BC field name {bc_field!r} has no letters or digits.")
    head, *tail = words
    # An all-capitals first word is an acronym ("GTIN", "URL1") and is lowered whole.
    head = head.lower() if head.isupper() else head[:1].lower() + head[1:]
    return head + "".join(word if word.isupper() else word[:1].upper() + word[1:] for word in tail)


@dataclass(frozen=True)
class BcTable:
    """A BC table as the API serves it: endpoint, SystemId key, modified-on property and field → API names."""

    name: str
    entity_set: str
    fields: Mapping[str, str]
    api: str = BC_CUSTOM_API
    key: str = "id"
    modified_field: str = "lastModifiedDateTime"
    read_only: bool = False

    def api_name(self, name: str) -> str:
        """The API property for a BC field name; API names and system properties are accepted unchanged."""
        if name in self.fields:
            return self.fields[name]
        if name in BC_SYSTEM_PROPERTIES or name in self._bc_names:
            return name
        raise UnknownFieldError(f"The BC table {self.name} has no field {name!r}.")

    def to_api(self, record: Mapping[str, object]) -> dict[str, object]:
        """A record keyed by BC field names, keyed by API names for a write."""
        return {self.api_name(name): value for name, value in record.items()}

    def to_bc(self, row: Mapping[str, object]) -> dict[str, object]:
        """A row as the API returned it, keyed by BC field names (system properties and unknowns unchanged)."""
        names = self._bc_names.get
        return {names(name, name): value for name, value in row.items()}

    @cached_property
    def _bc_names(self) -> dict[str, str]:
        return {api: bc for bc, api in self.fields.items()}


@dataclass(frozen=True)
class DataverseTable:
    """A Dataverse table: entity set, primary id and name columns, modified-on column, change tracking."""

    logical_name: str
    entity_set: str
    primary_id: str
    primary_name: str
    modified_field: str = "modifiedon"
    change_tracking: bool = False


def _catalogue(name: str) -> dict:
    """A catalogue from ``registry_data``, imported late because that module builds on the classes above."""
    from connection_setup.clients import registry_data

    return getattr(registry_data, name)


def _find(catalogue: str, key: str, service: str) -> Any:
    try:
        return _catalogue(catalogue)[key]
    except KeyError:
        raise UnknownTableError(f"The integration does not serve a {service} table called {key!r}.") from None


def bc_table(name: str) -> BcTable:
    """The BC table called ``name`` ("Customer", "Salesperson/Purchaser")."""
    return _find("BC_TABLES", name, "BC")


def bc_tables() -> list[BcTable]:
    return list(_catalogue("BC_TABLES").values())


def dataverse_table(logical_name: str) -> DataverseTable:
    """The Dataverse table with the logical name ``logical_name`` ("account", "salesorderdetail")."""
    return _find("DATAVERSE_TABLES", logical_name, "Dataverse")


def dataverse_tables() -> list[DataverseTable]:
    return list(_catalogue("DATAVERSE_TABLES").values())
