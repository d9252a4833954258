"""Turn a Web API request body into column changes, checking names, types, lengths and `@odata.bind` targets.

Look-ups are stored as ``_x_value`` (lower-case GUID) beside ``_x_value@type`` (the target table), which is
also the shape the Web API returns them in; everything else is stored under its logical name.
"""

import datetime as dt
import re
import uuid
from functools import cache, lru_cache

from sandbox.dataverse import errors
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.schema import Column, Table, table_for_entity_set

__all__ = ["column_changes", "parse_reference", "row_id_from_key"]

_REFERENCE = re.compile(r"(?:^|/)([A-Za-z_][A-Za-z0-9_]*)\(([0-9a-fA-F-]{36})\)$")
_NUMBERS = {"Integer": int, "BigInt": int, "Picklist": int, "State": int, "Status": int}
_DECIMALS = {"Decimal", "Money", "Double"}


def row_id_from_key(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise DataverseError.bad_request(
            f"Bad Request - Error in query syntax: '{text}' is not a valid GUID key."
        ) from None


def parse_reference(value: object) -> tuple[Table, uuid.UUID]:
    """``/accounts(guid)`` (or a full URL) → the table and row id it names."""
    found = _reference(value) if isinstance(value, str) else None
    if found is None:
        raise DataverseError.bad_request(f"The entity reference '{value}' is not valid; use /entityset(guid).")
    return found


@lru_cache(maxsize=16384)
def _reference(value: str) -> tuple[Table, uuid.UUID] | None:
    """The table and id a reference names, remembered: bulk messages and `$batch` runs read each bind twice (to
    fetch the targets at once, then to store the look-up), and the rows of a run often bind to the same few rows."""
    match = _REFERENCE.search(value.strip())
    table = table_for_entity_set(match.group(1)) if match else None
    return (table, uuid.UUID(match.group(2))) if table is not None else None


def column_changes(table: Table, body: dict) -> dict:
    """The internal data changes that ``body`` asks for; raises DataverseError for anything invalid."""
    if not isinstance(body, dict):
        raise DataverseError.bad_request("The request body must be a JSON object.")
    changes: dict = {}
    writable = _writable(table)
    for name, value in body.items():
        column = writable.get(name)
        if column is not None:
            changes[name] = _typed(table, column, value)
            continue
        if name.startswith("@odata.") or (name.startswith("@") and "." in name):
            continue
        if name.endswith("@odata.bind"):
            changes.update(_bind(table, name[: -len("@odata.bind")], value))
            continue
        column = table.column(name)
        if column is None or column.is_lookup:
            raise DataverseError.bad_property(table.logical_name, name)
        if column.read_only and name != table.primary_id:
            continue
        changes[name] = _typed(table, column, value)
    return changes


@cache
def _writable(table: Table) -> dict[str, Column]:
    """The columns a body may set by name (not look-ups, not read-only but the key): most of a body's properties,
    answered with one look-up each."""
    return {
        name: column
        for name, column in table.columns.items()
        if not column.is_lookup and (not column.read_only or name == table.primary_id)
    }


def _bind(table: Table, navigation: str, value: object) -> dict:
    column = table.column(navigation.lower())
    target_hint = None
    if column is None and "_" in navigation:
        base, _, target_hint = navigation.lower().rpartition("_")
        column = table.column(base)
    if column is None or not column.is_lookup:
        raise DataverseError.bad_property(table.logical_name, navigation)
    if value is None:
        return {f"_{column.name}_value": None, f"_{column.name}_value@type": None}
    target, row_id = parse_reference(value)
    if target.logical_name not in column.targets or (target_hint and target_hint != target.logical_name):
        raise DataverseError.bad_request(
            f"A reference to {target.logical_name} cannot be bound to '{navigation}' of {table.logical_name}; "
            f"it accepts {', '.join(column.targets)}."
        )
    return {f"_{column.name}_value": str(row_id), f"_{column.name}_value@type": target.logical_name}


def _typed(table: Table, column: Column, value: object) -> object:
    if value is None:
        return None
    try:
        return _convert(table, column, value)
    except (TypeError, ValueError):
        raise DataverseError.bad_request(
            f"Error identified in Payload provided by the user for Entity :'{table.entity_set}', For more information "
            "on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  "
            f"InnerException : Microsoft.OData.ODataException: Cannot convert the literal '{value}' to the expected "
            f"type '{column.edm_type}'."
        ) from None


def _convert(table: Table, column: Column, value: object) -> object:
    kind = column.type
    if kind in _NUMBERS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError
        return value
    if kind in _DECIMALS:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError
        return column.rounded(value)
    if kind == "Boolean":
        if not isinstance(value, bool):
            raise TypeError
        return value
    if not isinstance(value, str):
        raise TypeError
    if kind == "DateTime":
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
        return parsed.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if kind == "Uniqueidentifier":
        return str(uuid.UUID(value))
    if column.length is not None and len(value) > column.length:
        raise DataverseError(
            400,
            errors.TOO_LONG,
            f"A validation error occurred. The length of the '{column.name}' attribute of the '{table.logical_name}' "
            f"entity exceeded the maximum allowed length of '{column.length}'.",
        )
    return value
