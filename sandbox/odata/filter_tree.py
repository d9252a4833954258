"""The tree a parsed `$filter` becomes: names, typed literals and the operators the emulators evaluate.

Literals hold Python values already (GUIDs lower case, datetimes aware), so that evaluation and the store's SQL
push-down never convert them again. ``and``/``or`` chains are one node with all their terms, which keeps a filter of
a thousand ids flat instead of a thousand levels deep.
"""

from dataclasses import dataclass
from typing import Any

__all__ = [
    "Call",
    "Compare",
    "GuidText",
    "Literal",
    "Logical",
    "Name",
    "Negate",
    "Node",
    "Not",
    "ValueList",
    "children",
    "column_names",
]


class GuidText(str):
    """A GUID literal as OData writes one, unquoted (lower-case text); a GUID in quotes is a plain ``str``, a string
    literal, which a service refuses to compare with a GUID property."""

    __slots__ = ()


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


def children(node: Node) -> tuple[Node, ...]:
    """The nodes directly under ``node`` (a value list's literals are not walked: they name no column)."""
    if isinstance(node, Compare):
        return (node.left, node.right)
    if isinstance(node, Logical):
        return node.terms
    if isinstance(node, Not | Negate):
        return (node.operand,)
    if isinstance(node, Call):
        return node.args
    return ()


def column_names(tree: Node) -> set[str]:
    """The columns a filter names, walked with a stack: a list of a hundred values is a hundred and one nodes."""
    names, todo = set(), [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, Name):
            names.add(node.name)
        elif isinstance(node, Compare) and isinstance(node.left, Name) and isinstance(node.right, Literal):
            names.add(node.left.name)
        else:
            todo.extend(children(node))
    return names
