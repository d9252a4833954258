"""The tree a parsed `$filter` becomes: names, typed literals and the operators the emulators evaluate.

Literals hold Python values already (GUIDs lower case, datetimes aware), so that evaluation and the store's SQL
push-down never convert them again. ``and``/``or`` chains are one node with all their terms, which keeps a filter of
a thousand ids flat instead of a thousand levels deep.
"""

from dataclasses import dataclass
from typing import Any

__all__ = ["Call", "Compare", "Literal", "Logical", "Name", "Negate", "Node", "Not", "ValueList"]


@dataclass(slots=True)
class Name:
    """A column (property) of the record, e.g. ``name`` or the lookup column ``_parentcustomerid_value``."""

    name: str


@dataclass(slots=True)
class Literal:
    """A constant: str, int, float, bool, None, datetime.date, an aware datetime.datetime, or a GUID as text."""

    value: Any


@dataclass(slots=True)
class ValueList:
    """The parenthesised list of literals on the right of ``in``."""

    items: tuple[Literal, ...]


@dataclass(slots=True)
class Compare:
    """``left op right`` with op one of eq ne gt ge lt le, or ``in`` with a ValueList on the right."""

    op: str
    left: "Node"
    right: "Node"


@dataclass(slots=True)
class Logical:
    """``and`` or ``or`` of two or more terms, flattened: ``a or (b or c)`` has the three terms a, b, c."""

    op: str
    terms: tuple["Node", ...]


@dataclass(slots=True)
class Not:
    operand: "Node"


@dataclass(slots=True)
class Negate:
    """Unary minus applied to something other than a number literal (``-5`` is a Literal)."""

    operand: "Node"


@dataclass(slots=True)
class Call:
    """A canonical function: contains, startswith, endswith, tolower, toupper, trim or length."""

    function: str
    args: tuple["Node", ...]


Node = Name | Literal | ValueList | Compare | Logical | Not | Negate | Call
