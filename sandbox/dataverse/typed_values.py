"""Check and convert a Web API property value to what its column stores, one function per column type.

A bulk message converts a dozen values a row: ``payload`` resolves each column's function once per table, and
the functions raise the service's own errors (through ``typed``) for a value of the wrong type or length.
"""

import datetime as dt
import re
import uuid
from collections.abc import Callable

from sandbox.dataverse import errors
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.schema import Column, Table
from sandbox.dataverse.schema.types import ROUNDED_TYPES

__all__ = ["converter", "kept_type", "typed"]

_CANONICAL_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def typed(table: Table, column: Column, convert: Callable[[Column, object], object], value: object) -> object:
    """``value`` as ``column`` stores it; a wrong type or an over-long text raises the service's own error."""
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
    """A text value longer than its column allows (raised by ``_text``, reported by ``typed``)."""


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


_CONVERTERS = {
    **dict.fromkeys(("Integer", "BigInt", "Picklist", "State", "Status"), _integer),
    **dict.fromkeys(("Decimal", "Money", "Double"), _decimal),
    "Boolean": _boolean,
    "DateTime": _moment,
    "Uniqueidentifier": _guid,
}


def converter(column: Column) -> Callable[[Column, object], object]:
    """The function that checks and converts a value of the column's type."""
    return _CONVERTERS.get(column.type, _text)


# The one type of value each converter returns unchanged (a whole number needs no rounding, even in a money
# column); ``_moment`` and ``_guid`` rewrite what they are given.
_KEPT = {_text: str, _integer: int, _decimal: int, _boolean: bool}


def kept_type(column: Column) -> type | None:
    """The type of value the column stores exactly as given (a text still has to fit its length), if any."""
    return _KEPT.get(converter(column))
