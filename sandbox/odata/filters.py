"""`$filter`: parsed by ``filter_parser`` into a small tree, compiled here into one test per record.

Parsing happens once per request and fails early with a message naming the position; the tree is then turned
into nested closures, so testing a record is a chain of direct calls rather than a walk that asks each node its
type. String comparisons follow the service: Dataverse compares case-insensitively (SQL Server collation), so the
caller chooses. ``conditions()`` exposes the top-level ``and`` terms of the form ``column op literal`` so the
store can push them down to SQL before evaluating the whole expression in Python.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.odata.errors import ODataQueryError
from sandbox.odata.filter_parser import parse_tree
from sandbox.odata.filter_tree import (
    Call,
    Compare,
    Literal,
    Logical,
    Name,
    Negate,
    Node,
    Not,
    ValueList,
    children,
    column_names,
)
from sandbox.odata.filter_types import check_guid_comparisons
from sandbox.odata.values import OPERATORS, compare_values, text

__all__ = ["Condition", "FilterExpression", "parse_filter"]

_FLIPPED = {"eq": "eq", "ne": "ne", "gt": "lt", "ge": "le", "lt": "gt", "le": "ge"}
_FUNCTIONS = {
    "contains": lambda a, b, fold: a is not None and b is not None and text(b, fold) in text(a, fold),
    "startswith": lambda a, b, fold: a is not None and b is not None and text(a, fold).startswith(text(b, fold)),
    "endswith": lambda a, b, fold: a is not None and b is not None and text(a, fold).endswith(text(b, fold)),
    "tolower": lambda a, fold: None if a is None else str(a).lower(),
    "toupper": lambda a, fold: None if a is None else str(a).upper(),
    "trim": lambda a, fold: None if a is None else str(a).strip(),
    "length": lambda a, fold: None if a is None else len(str(a)),
}
Test = Callable[[dict], Any]


@dataclass(frozen=True)
class Condition:
    """A pushable term: ``column op value`` with op one of eq ne gt ge lt le, ``in`` with a list of values, or
    ``or`` (no column) with a list of pushable terms, any of which a row may satisfy."""

    column: str
    op: str
    value: Any


class FilterExpression:
    """A parsed `$filter`, ready to test records and to hand simple terms to the store."""

    def __init__(self, source: str, tree: Node, *, case_insensitive: bool) -> None:
        self.source = source
        self.tree = tree
        self.case_insensitive = case_insensitive
        self._conjuncts = tree.terms if isinstance(tree, Logical) and tree.op == "and" else (tree,)
        listed = _value_list(tree)
        if listed is not None:  # the id list of most requests: walked once instead of once per use
            self.columns, self._test, self._conditions = (
                frozenset((listed.column,)),
                _listed(listed, case_insensitive),
                [listed],
            )
            return
        self.columns = frozenset(column_names(tree))
        self._test = _compile(tree, case_insensitive)
        self._conditions = [found for term in self._conjuncts if (found := _condition(term)) is not None]

    def matches(self, record: dict) -> bool:
        return bool(self._test(record))

    def conditions(self) -> list[Condition]:
        """The top-level ``and`` terms that compare a column with a literal; any row must satisfy all of them.
        A list of values for one column (``c in (…)``, or ``c eq x or c eq y …`` as clients send id lists) is one
        ``in`` term, so that reading records by id is a key look-up, not a scan."""
        return list(self._conditions)

    def only_conditions(self) -> bool:
        """True when the filter is nothing but the ``and`` of the terms ``conditions()`` returns."""
        return len(self._conditions) == len(self._conjuncts)


# What Dataverse answers for OData 4.01's ``in``, which its Web API does not implement (it offers the query function
# Microsoft.Dynamics.CRM.In instead). Only a filter whose text has the word is walked for it: a look-up by 400 ids
# is some 1,200 nodes.
IN_NOT_IMPLEMENTED = "The method or operation is not implemented."
_IN_WORD = re.compile(r"\bin\s*\(", re.IGNORECASE)


def parse_filter(
    source: str,
    *,
    case_insensitive: bool = True,
    property_types: Mapping[str, str] | None = None,
    value_lists: bool = True,
) -> FilterExpression:
    """Parse a `$filter` value; raise ODataQueryError with the position that failed, or, given the properties' EDM
    types, when it compares a GUID property with a string or a text property with a GUID, or, for a service without
    ``value_lists``, when it uses ``in``."""
    tree = parse_tree(source)
    if property_types:
        check_guid_comparisons(tree, property_types)
    if not value_lists and _IN_WORD.search(source) and _uses_in(tree):
        raise ODataQueryError(IN_NOT_IMPLEMENTED)
    return FilterExpression(source, tree, case_insensitive=case_insensitive)


def _uses_in(tree: Node) -> bool:
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, Compare) and node.op == "in":
            return True
        todo.extend(children(node))
    return False


def _condition(node: Node) -> Condition | None:
    listed = _value_list(node)
    if listed is None and isinstance(node, Logical) and node.op == "or":
        terms = [_condition(term) for term in node.terms]
        return Condition("", "or", terms) if all(term is not None for term in terms) else None
    if listed is not None or not isinstance(node, Compare) or node.op == "in":
        return listed
    if isinstance(node.left, Name) and isinstance(node.right, Literal):
        return Condition(node.left.name, node.op, node.right.value)
    if isinstance(node.right, Name) and isinstance(node.left, Literal):
        return Condition(node.right.name, _FLIPPED[node.op], node.left.value)
    return None


def _value_list(node: Node) -> Condition | None:
    """``column in (literals)``, or an ``or`` of ``column eq literal`` on one column, as ``Condition(column, "in")``."""
    if isinstance(node, Compare) and node.op == "in" and isinstance(node.left, Name):
        return Condition(node.left.name, "in", [item.value for item in node.right.items])
    if not (isinstance(node, Logical) and node.op == "or"):
        return None
    simple = all(
        isinstance(t, Compare) and t.op == "eq" and isinstance(t.left, Name) and isinstance(t.right, Literal)
        for t in node.terms
    )
    if not simple or len({t.left.name for t in node.terms}) != 1:
        return None
    return Condition(node.terms[0].left.name, "in", [t.right.value for t in node.terms])


def _compile(node: Node, fold: bool) -> Test:
    """The node as a function of a record; value lists of text become one set look-up (see ``_listed``)."""
    listed = _value_list(node)
    if listed is not None:
        return _listed(listed, fold)
    if isinstance(node, Name):
        return lambda record, name=node.name: record.get(name)
    if isinstance(node, Literal):
        return lambda record, value=node.value: value
    if isinstance(node, Logical):
        terms = tuple(_compile(term, fold) for term in node.terms)
        if node.op == "and":
            return lambda record: all(term(record) for term in terms)
        return lambda record: any(term(record) for term in terms)
    if isinstance(node, Not):
        operand = _compile(node.operand, fold)
        return lambda record: not operand(record)
    if isinstance(node, Negate):
        return _negation(_compile(node.operand, fold))
    if isinstance(node, Compare):
        return _comparison(node, fold)
    return _call(node, fold)


def _listed(listed: Condition, fold: bool) -> Test:
    """A record's text value is tested once against the set of the list's text values instead of against each of
    the (often 100) terms, with the same comparison; other values are compared term by term."""
    column, values = listed.column, tuple(listed.value)
    if all(isinstance(value, str) for value in values):
        folded = frozenset(text(value, fold) for value in values)
    else:
        folded = None

    def test(record: dict) -> bool:
        found = record.get(column)
        if folded is not None and isinstance(found, str):
            return text(found, fold) in folded
        return any(compare_values("eq", found, value, fold) for value in values)

    return test


def _comparison(node: Compare, fold: bool) -> Test:
    if isinstance(node.left, Name) and isinstance(node.right, Literal) and isinstance(node.right.value, str):
        return _text_comparison(node.left.name, node.op, node.right.value, fold)
    left, op = _compile(node.left, fold), node.op
    if isinstance(node.right, ValueList):
        values = tuple(item.value for item in node.right.items)
        return lambda record: any(compare_values("eq", left(record), value, fold) for value in values)
    right = _compile(node.right, fold)
    return lambda record: compare_values(op, left(record), right(record), fold)


def _text_comparison(column: str, op: str, literal: str, fold: bool) -> Test:
    """``column op 'text'``, the comparison pages are filtered by most (a type, a code, a blank): a stored text is
    compared with the literal folded once, as ``compare_values`` compares two texts; any other value goes to it."""
    folded, compare = text(literal, fold), OPERATORS[op]

    def test(record: dict) -> bool:
        found = record.get(column)
        if type(found) is str:
            return compare(found.casefold() if fold else found, folded)
        return compare_values(op, found, literal, fold)

    return test


def _negation(operand: Test) -> Test:
    def negate(record: dict) -> Any:
        value = operand(record)
        if value is None:
            return None
        try:
            return -value
        except TypeError:
            raise ODataQueryError(f"The value {value!r} cannot be negated.") from None

    return negate


def _call(node: Call, fold: bool) -> Test:
    args, function = tuple(_compile(arg, fold) for arg in node.args), _FUNCTIONS[node.function]
    return lambda record: function(*(arg(record) for arg in args), fold)
