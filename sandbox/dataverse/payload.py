"""Turn a Web API request body into column changes, checking names, types, lengths and `@odata.bind` targets.

Look-ups are stored as ``_x_value`` (lower-case GUID) beside ``_x_value@type`` (the target table), which is
also the shape the Web API returns them in; everything else is stored under its logical name.
"""

import re
import uuid
from collections.abc import Callable
from functools import cache, lru_cache

from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.schema import Column, Table, table_for_entity_set
from sandbox.dataverse.typed_values import converter, kept_type, typed

__all__ = ["bind_target", "column_changes", "parse_reference", "row_id_from_key"]

_REFERENCE = re.compile(r"(?:^|/)([A-Za-z_][A-Za-z0-9_]*)\(([0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})\)$")


def row_id_from_key(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise DataverseError.bad_request(
            f"Bad Request - Error in query syntax: '{text}' is not a valid GUID key."
        ) from None


def parse_reference(value: object) -> tuple[Table, uuid.UUID]:
    """``/accounts(guid)`` (or a full URL) → the table and row id it names."""
    table, id_text = bind_target(value)
    return table, uuid.UUID(id_text)


def bind_target(value: object) -> tuple[Table, str]:
    """The table and the id text (lower-case, as look-ups store it) a reference names, without a ``uuid.UUID``:
    the bulk messages check thousands of references a request, and building and printing a UUID cost several
    times what finding the reference does."""
    found = _reference(value) if isinstance(value, str) else None
    if found is None:
        raise DataverseError.bad_request(f"The entity reference '{value}' is not valid; use /entityset(guid).")
    return found


@lru_cache(maxsize=16384)
def _reference(value: str) -> tuple[Table, str] | None:
    """The table and id a reference names, remembered: bulk messages and `$batch` runs read each bind twice (to
    fetch the targets at once, then to store the look-up), and the rows of a run often bind to the same few rows.
    A key is a GUID in its 8-4-4-4-12 form, as OData writes a GUID literal."""
    match = _REFERENCE.search(value.strip())
    table = table_for_entity_set(match.group(1)) if match else None
    if table is None:
        return None
    return table, match.group(2).lower()


def column_changes(table: Table, body: dict) -> dict:
    """The internal data changes that ``body`` asks for; raises DataverseError for anything invalid."""
    if not isinstance(body, dict):
        raise DataverseError.bad_request("The request body must be a JSON object.")
    changes: dict = {}
    converters, kept = _converters(table), _kept_as_given(table)
    for name, value in body.items():
        plain = kept.get(name)  # most values: text that fits its column, whole numbers, booleans
        if plain is not None and type(value) is plain[0] and (plain[1] is None or len(value) <= plain[1]):
            changes[name] = value
            continue
        found = converters.get(name)
        if found is not None:
            if found is not _READ_ONLY:
                changes[name] = None if value is None else typed(table, *found, value)
            continue
        if name.startswith("@odata.") or (name.startswith("@") and "." in name):
            continue
        if name.endswith("@odata.bind"):
            _bind(table, name[: -len("@odata.bind")], value, changes)
            continue
        raise DataverseError.bad_property(table.logical_name, name)
    return changes


_READ_ONLY = object()


@cache
def _converters(table: Table) -> dict[str, tuple[Column, Callable[[Column, object], object]]]:
    """Each column a body may name (not look-ups), with the function that checks and converts its value, or
    ``_READ_ONLY`` for a column the service sets itself (its value is ignored): a bulk message converts a dozen
    values a row, so each column's type is resolved once per table rather than once per value."""
    return {
        name: (column, converter(column)) if not column.read_only or name == table.primary_id else _READ_ONLY
        for name, column in table.columns.items()
        if not column.is_lookup
    }


@cache
def _kept_as_given(table: Table) -> dict[str, tuple[type, int | None]]:
    """The writable columns whose converter keeps a value of one type as it is: the type, and the length a text
    must fit. Such a value is stored with no converter call; any other goes through ``typed``."""
    kept = {}
    for name, found in _converters(table).items():
        given = None if found is _READ_ONLY else kept_type(found[0])
        if given is not None:
            kept[name] = (given, found[0].length if given is str else None)
    return kept


def _bind(table: Table, navigation: str, value: object, changes: dict) -> None:
    """Store the look-up that ``navigation@odata.bind`` sets (or clears) in ``changes``."""
    column, target_hint = _navigation(table, navigation)
    if value is None:
        changes[f"_{column.name}_value"] = changes[f"_{column.name}_value@type"] = None
        return
    target, id_text = bind_target(value)
    if target.logical_name not in column.targets or (target_hint and target_hint != target.logical_name):
        raise DataverseError.bad_request(
            f"A reference to {target.logical_name} cannot be bound to '{navigation}' of {table.logical_name}; "
            f"it accepts {', '.join(column.targets)}."
        )
    changes[f"_{column.name}_value"], changes[f"_{column.name}_value@type"] = id_text, target.logical_name


@lru_cache(maxsize=1024)
def _navigation(table: Table, navigation: str) -> tuple[Column, str | None]:
    """The look-up column a navigation property names, and the target table its suffix names (a polymorphic
    look-up's ``parentcustomerid_account``); every row of a bulk message names the same few."""
    column = table.column(navigation.lower())
    target_hint = None
    if column is None and "_" in navigation:
        base, _, target_hint = navigation.lower().rpartition("_")
        column = table.column(base)
    if column is None or not column.is_lookup:
        raise DataverseError.bad_property(table.logical_name, navigation)
    return column, target_hint
