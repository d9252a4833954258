"""Turn a Web API request body into column changes, checking names, types, lengths and `@odata.bind` targets.

Look-ups are stored as ``_x_value`` (lower-case GUID) beside ``_x_value@type`` (the target table), which is
also the shape the Web API returns them in; everything else is stored under its logical name.
"""

import datetime as dt
import re
import uuid
from collections.abc import Callable
from functools import cache, lru_cache

from sandbox.dataverse import errors
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.schema import Column, Table, table_for_entity_set
from sandbox.dataverse.schema.types import ROUNDED_TYPES

__all__ = ["column_changes", "parse_bind", "parse_reference", "row_id_from_key"]

_CANONICAL_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_REFERENCE = re.compile(r"(?:^|/)([A-Za-z_][A-Za-z0-9_]*)\(([0-9a-fA-F-]{36})\)$")


def row_id_from_key(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise DataverseError.bad_request(
            f"Bad Request - Error in query syntax: '{text}' is not a valid GUID key."
        ) from None


def parse_reference(value: object) -> tuple[Table, uuid.UUID]:
    """``/accounts(guid)`` (or a full URL) → the table and row id it names."""
    table, row_id, _ = parse_bind(value)
    return table, row_id


def parse_bind(value: object) -> tuple[Table, uuid.UUID, str]:
    """The table, row id and id text (as look-ups store it) a reference names."""
    found = _reference(value) if isinstance(value, str) else None
    if found is None:
        raise DataverseError.bad_request(f"The entity reference '{value}' is not valid; use /entityset(guid).")
    return found


@lru_cache(maxsize=16384)
def _reference(value: str) -> tuple[Table, uuid.UUID, str] | None:
    """The table and id a reference names, remembered: bulk messages and `$batch` runs read each bind twice (to
    fetch the targets at once, then to store the look-up), and the rows of a run often bind to the same few rows.
    The id's text is kept too, as writing a GUID as text costs more than looking it up."""
    match = _REFERENCE.search(value.strip())
    table = table_for_entity_set(match.group(1)) if match else None
    if table is None:
        return None
    row_id = uuid.UUID(match.group(2))
    return table, row_id, str(row_id)


def column_changes(table: Table, body: dict) -> dict:
    """The internal data changes that ``body`` asks for; raises DataverseError for anything invalid."""
    if not isinstance(body, dict):
        raise DataverseError.bad_request("The request body must be a JSON object.")
    changes: dict = {}
    converters = _converters(table)
    for name, value in body.items():
        found = converters.get(name)
        if found is not None:
            if found is not _READ_ONLY:
                changes[name] = None if value is None else _typed(table, *found, value)
            continue
        if name.startswith("@odata.") or (name.startswith("@") and "." in name):
            continue
        if name.endswith("@odata.bind"):
            _bind(table, name[: -len("@odata.bind")], value, changes)
            continue
        raise DataverseError.bad_property(table.logical_name, name)
    return changes


@cache
def _converters(table: Table) -> dict[str, tuple[Column, Callable[[Column, object], object]]]:
    """Each column a body may name (not look-ups), with the function that checks and converts its value, or
    ``_READ_ONLY`` for a column the service sets itself (its value is ignored): a bulk message converts a dozen
    values a row, so each column's type is resolved once per table rather than once per value."""
    return {
        name: (column, _CONVERTERS.get(column.type, _text))
        if not column.read_only or name == table.primary_id
        else _READ_ONLY
        for name, column in table.columns.items()
        if not column.is_lookup
    }


def _bind(table: Table, navigation: str, value: object, changes: dict) -> None:
    """Store the look-up that ``navigation@odata.bind`` sets (or clears) in ``changes``."""
    column, target_hint = _navigation(table, navigation)
    if value is None:
        changes[f"_{column.name}_value"] = changes[f"_{column.name}_value@type"] = None
        return
    target, _, id_text = parse_bind(value)
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


def _typed(table: Table, column: Column, convert: Callable[[Column, object], object], value: object) -> object:
    try:
        return convert(column, value)
    except (TypeError, ValueError):
        raise DataverseError.bad_request(
            f"Error identified in Payload provided by the user for Entity :'{table.entity_set}', For more information "
            "on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  "
            f"InnerException : Microsoft.OData.ODataException: Cannot convert the literal '{value}' to the expected "
            f"type '{column.edm_type}'."
        ) from None
    except _TooLong:
        raise DataverseError(
            400,
            errors.TOO_LONG,
            f"A validation error occurred. The length of the '{column.name}' attribute of the '{table.logical_name}' "
            f"entity exceeded the maximum allowed length of '{column.length}'.",
        ) from None


class _TooLong(Exception):
    """A text value longer than its column allows (raised by ``_text``, reported by ``_typed``)."""


def _integer(column: Column, value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError
    return value


def _decimal(column: Column, value: object) -> object:
    """A number as the column stores it; a float that already has no more decimals than the column keeps is
    returned as it is (its shortest text rounds to itself), which spares most values the decimal arithmetic."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError
    if isinstance(value, float) and column.type in ROUNDED_TYPES:
        text = repr(value)
        point = text.find(".")
        if point < 0 or "e" in text or len(text) - point - 1 > column.places:
            return column.rounded(value)
    return value


def _boolean(column: Column, value: object) -> object:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _moment(column: Column, value: object) -> object:
    if not isinstance(value, str):
        raise TypeError
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _guid(column: Column, value: object) -> object:
    """A GUID in its lower-case hyphenated form; one already written so is kept (parsing a GUID and writing it
    again costs more than checking its text)."""
    if not isinstance(value, str):
        raise TypeError
    return value if _CANONICAL_GUID.fullmatch(value) else str(uuid.UUID(value))


def _text(column: Column, value: object) -> object:
    if not isinstance(value, str):
        raise TypeError
    if column.length is not None and len(value) > column.length:
        raise _TooLong
    return value


_READ_ONLY = object()
_CONVERTERS = {
    **dict.fromkeys(("Integer", "BigInt", "Picklist", "State", "Status"), _integer),
    **dict.fromkeys(("Decimal", "Money", "Double"), _decimal),
    "Boolean": _boolean,
    "DateTime": _moment,
    "Uniqueidentifier": _guid,
}
