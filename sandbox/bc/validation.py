"""Field values as BC validates them: types, lengths, option values, upper-case codes, related codes.

Messages follow BC's wording, so that what an administrator reads in the Integration Errors page is what the
real service would have said.
"""

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from sandbox.bc import records as store
from sandbox.bc.errors import FieldValidation
from sandbox.bc.schema import Field, Table, table

__all__ = ["SERVICE", "check_relations", "check_required", "coerce"]

SERVICE = "bc"
_TEXT_TYPES = frozenset({"Code", "Text"})


def coerce(source: Table, name: str, value: Any) -> Any:
    """``value`` as stored for field ``name``: typed, trimmed, upper-cased for codes, within length."""
    spec = source.by_name.get(name)
    if spec is None:
        raise FieldValidation(f"The field {name} does not exist in table {source.name}.")
    if value.__class__ is str and spec.type in _TEXT_TYPES:
        converted = value.strip().upper() if spec.type == "Code" else value
    else:
        converted = _converted(source, spec, value)
    if spec.length is not None and converted.__class__ is str and len(converted) > spec.length:
        raise FieldValidation(
            f"The length of the string is {len(converted)}, but it must be less than or equal to {spec.length} "
            f"characters. Value: {converted}"
        )
    return converted


def _converted(source: Table, spec: Field, value: Any) -> Any:
    try:
        return _CONVERTERS[spec.type](spec, value)
    except (TypeError, ValueError, InvalidOperation):
        raise FieldValidation(
            f'The value "{value}" can\'t be evaluated into type {spec.type} for the field {spec.name} in table '
            f"{source.name}."
        ) from None


def _text(spec: Field, value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, dict | list | bool):
        raise TypeError(value)
    return str(value)


def _code(spec: Field, value: Any) -> str:
    return value.strip().upper() if isinstance(value, str) else _text(spec, value).strip().upper()


def _option(spec: Field, value: Any) -> str:
    text = " " if value in (None, "", "_x0020_") and " " in spec.options else _text(spec, value)
    for option in spec.options:
        if option.lower() == text.lower():
            return option
    valid = ", ".join(repr(option) for option in spec.options)
    raise FieldValidation(f'The value "{text}" is not a valid option for the field {spec.name}. Valid values: {valid}.')


def _decimal(spec: Field, value: Any) -> float:
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int | float):
        return float(value)
    return float(Decimal(str(0 if value in (None, "") else value)))


def _integer(spec: Field, value: Any) -> int:
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise TypeError(value)
    return int(0 if value in (None, "") else value)


def _boolean(spec: Field, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in (None, ""):
        return False
    raise TypeError(value)


def _date(spec: Field, value: Any) -> str | None:
    if value in (None, "", "0001-01-01"):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    return dt.date.fromisoformat(str(value)).isoformat()


def _datetime(spec: Field, value: Any) -> str | None:
    if value in (None, ""):
        return None
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).isoformat()


def _guid(spec: Field, value: Any) -> str | None:
    return None if value in (None, "") else str(uuid.UUID(str(value)))


_CONVERTERS = {
    "Code": _code,
    "Text": _text,
    "Option": _option,
    "Decimal": _decimal,
    "Integer": _integer,
    "Boolean": _boolean,
    "Date": _date,
    "DateTime": _datetime,
    "Guid": _guid,
}


def check_relations(source: Table, data: dict, names: list[str]) -> None:
    """Every non-blank code among ``names`` must exist in its related table (BC's TableRelation check)."""
    for name in names:
        spec = source.field(name)
        value = data.get(name)
        if not spec.relation or not value:
            continue
        related = table(spec.relation)
        if not store.find(SERVICE, related.name, **{related.key[-1]: value}):
            raise FieldValidation(
                f"The field {name} of table {source.name} contains a value ({value}) that cannot be found in the "
                f"related table ({related.name})."
            )


def check_required(source: Table, data: dict) -> None:
    for spec in source.fields:
        if spec.required and data.get(spec.name) in (None, ""):
            raise FieldValidation(f"{spec.name} must have a value in {source.name}. It cannot be zero or empty.")
