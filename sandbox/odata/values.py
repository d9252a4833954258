"""Comparing and ordering JSON column values the way OData services do.

Records keep dates as ISO strings and GUIDs as lower-case strings; literals arrive typed from the parser. The
helpers coerce the stored side to the literal's type before comparing, treat null as smaller than everything
(SQL Server's order) and fold case when the service compares strings case-insensitively.
"""

import datetime as dt
from functools import total_ordering
from typing import Any

from sandbox.odata.errors import ODataQueryError

__all__ = ["OPERATORS", "compare_values", "parse_datetime", "sort_key", "text"]

OPERATORS = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
}


def text(value: Any, fold: bool) -> str:
    value = str(value)
    return value.casefold() if fold else value


def parse_datetime(value: str) -> dt.datetime:
    """An ISO 8601 timestamp as an aware datetime (UTC when the text has no offset)."""
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _coerce(stored: Any, literal: Any) -> Any:
    if isinstance(stored, str) and isinstance(literal, dt.datetime):
        return parse_datetime(stored)
    if isinstance(stored, str) and isinstance(literal, dt.date) and not isinstance(literal, dt.datetime):
        return dt.date.fromisoformat(stored[:10])
    return stored


def compare_values(op: str, left: Any, right: Any, fold: bool) -> bool:
    """``left op right`` with OData's null rules: only eq/ne are true against null."""
    if left is None or right is None:
        return OPERATORS[op](left, right) if op in ("eq", "ne") else False
    if type(left) is not type(right) or isinstance(left, str):  # numbers, flags, dates of one type need neither
        left, right = _coerce(left, right), _coerce(right, left)
        if isinstance(left, str) and isinstance(right, str):
            left, right = text(left, fold), text(right, fold)
    try:
        return OPERATORS[op](left, right)
    except (TypeError, ValueError):
        raise ODataQueryError(f"A value of type {type(left).__name__} cannot be compared with {right!r}.") from None


@total_ordering
class _Descending:
    """Wraps a sort value so that ascending tuple comparison orders it descending."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and self.value == other.value

    def __lt__(self, other: "_Descending") -> bool:
        return other.value < self.value

    def __hash__(self) -> int:
        return hash(self.value)


def sort_key(values: list[Any], descending: list[bool], fold: bool) -> tuple:
    """A tuple that sorts records by ``values`` in the given directions, nulls first when ascending."""
    parts = []
    for value, desc in zip(values, descending, strict=True):
        if isinstance(value, str) and fold:
            value = value.casefold()
        part = (0, 0) if value is None else (1, value)
        parts.append(_Descending(part) if desc else part)
    return tuple(parts)
