"""`$select`, `$orderby`, `$top` and `$expand`: small grammars parsed by hand with clear messages."""

import re
from dataclasses import dataclass

from sandbox.odata.errors import ODataQueryError

__all__ = ["ExpandItem", "OrderKey", "parse_expand", "parse_orderby", "parse_select", "parse_top"]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_@.]*$")
_EXPAND = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?\s*$")


@dataclass(frozen=True)
class OrderKey:
    column: str
    descending: bool = False


@dataclass(frozen=True)
class ExpandItem:
    """One `$expand` entry: a navigation property and the nested `$select` (empty = all columns)."""

    navigation: str
    select: tuple[str, ...] = ()


def _names(value: str, option: str) -> list[str]:
    names = [part.strip() for part in value.split(",")]
    for name in names:
        if not _NAME.match(name):
            raise ODataQueryError(f"The {option} query option contains an invalid name: '{name}'.")
    return names


def parse_select(value: str | None) -> tuple[str, ...]:
    """Column names; empty means "all columns"."""
    if value is None or not value.strip():
        return ()
    return tuple(_names(value, "$select"))


def parse_orderby(value: str | None) -> tuple[OrderKey, ...]:
    if value is None or not value.strip():
        return ()
    keys = []
    for part in value.split(","):
        words = part.split()
        if not words or len(words) > 2 or (len(words) == 2 and words[1].lower() not in ("asc", "desc")):
            raise ODataQueryError(f"The $orderby query option is malformed near '{part.strip()}'.")
        _names(words[0], "$orderby")
        keys.append(OrderKey(words[0], len(words) == 2 and words[1].lower() == "desc"))
    return tuple(keys)


def parse_top(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    if not value.strip().isdigit():
        raise ODataQueryError(f"The $top query option must be a non-negative whole number, not '{value}'.")
    return int(value)


def parse_expand(value: str | None) -> tuple[ExpandItem, ...]:
    """Single-level `$expand`, e.g. ``primarycontactid($select=fullname),ownerid``."""
    if value is None or not value.strip():
        return ()
    items = []
    for part in _split_top_level(value):
        match = _EXPAND.match(part)
        if not match:
            raise ODataQueryError(f"The $expand query option is malformed near '{part.strip()}'.")
        select: tuple[str, ...] = ()
        for option in (match.group(2) or "").split(";"):
            name, _, option_value = option.partition("=")
            if name.strip() == "$select":
                select = parse_select(option_value)
            elif name.strip():
                raise ODataQueryError(f"Only $select is supported inside $expand, not '{name.strip()}'.")
        items.append(ExpandItem(match.group(1), select))
    return tuple(items)


def _split_top_level(value: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in value:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts
