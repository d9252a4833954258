"""`$filter`: parsed by odata-query's grammar, evaluated here against one record (a dict of column values).

Parsing happens once per request and fails early with the parser's message; evaluation is a small tree walk.
String comparisons follow the service: Dataverse compares case-insensitively (SQL Server collation), so the
caller chooses. ``conditions()`` exposes the top-level ``and`` terms of the form ``column op literal`` so the
store can push them down to SQL before evaluating the whole expression in Python.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from odata_query import ast
from odata_query.exceptions import ODataException
from odata_query.grammar import ODataLexer, ODataParser

from sandbox.odata.errors import ODataQueryError
from sandbox.odata.values import compare_values, text

__all__ = ["Condition", "FilterExpression", "parse_filter"]

_COMPARATORS = {ast.Eq: "eq", ast.NotEq: "ne", ast.Gt: "gt", ast.GtE: "ge", ast.Lt: "lt", ast.LtE: "le"}
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


@dataclass(frozen=True)
class Condition:
    """A pushable term: ``column op value`` with op one of eq ne gt ge lt le, or ``in`` with a list of values."""

    column: str
    op: str
    value: Any


class FilterExpression:
    """A parsed `$filter`, ready to test records and to hand simple terms to the store."""

    def __init__(self, source: str, tree: ast._Node, *, case_insensitive: bool) -> None:
        self.source = source
        self.tree = tree
        self.case_insensitive = case_insensitive
        self.columns = frozenset(_identifiers(tree))
        self._text_lists = _text_lists(tree, case_insensitive)

    def matches(self, record: dict) -> bool:
        return bool(self._eval(self.tree, record))

    def conditions(self) -> list[Condition]:
        """The top-level ``and`` terms that compare a column with a literal; any row must satisfy all of them.
        A list of values for one column (``c in (…)``, or ``c eq x or c eq y …`` as clients send id lists) is one
        ``in`` term, so that reading records by id is a key look-up, not a scan."""
        found = []
        for term in _conjuncts(self.tree):
            listed = _value_list(term)
            if listed is not None:
                found.append(listed)
                continue
            if not isinstance(term, ast.Compare) or type(term.comparator) not in _COMPARATORS:
                continue
            op = _COMPARATORS[type(term.comparator)]
            if isinstance(term.left, ast.Identifier) and isinstance(term.right, ast._Literal):
                found.append(Condition(term.left.name, op, _literal(term.right)))
            elif isinstance(term.right, ast.Identifier) and isinstance(term.left, ast._Literal):
                found.append(Condition(term.right.name, _FLIPPED[op], _literal(term.left)))
        return found

    def only_conditions(self) -> bool:
        """True when the filter is nothing but the ``and`` of the terms ``conditions()`` returns."""
        return len(self.conditions()) == len(_conjuncts(self.tree))

    def _eval(self, node: ast._Node, record: dict) -> Any:
        listed = self._text_lists.get(id(node))
        if listed is not None and isinstance(record.get(listed[0]), str):
            return text(record[listed[0]], self.case_insensitive) in listed[1]
        if isinstance(node, ast.Identifier):
            return record.get(node.name)
        if isinstance(node, ast._Literal):
            return _literal(node)
        if isinstance(node, ast.BoolOp):
            left = self._eval(node.left, record)
            if isinstance(node.op, ast.And):
                return bool(left) and bool(self._eval(node.right, record))
            return bool(left) or bool(self._eval(node.right, record))
        if isinstance(node, ast.UnaryOp):
            value = self._eval(node.operand, record)
            return (not value) if isinstance(node.op, ast.Not) else -value
        if isinstance(node, ast.Compare):
            return self._compare(node, record)
        return self._call(node, record)

    def _compare(self, node: ast.Compare, record: dict) -> bool:
        left = self._eval(node.left, record)
        if isinstance(node.comparator, ast.In):
            return any(compare_values("eq", left, _literal(item), self.case_insensitive) for item in node.right.val)
        right = self._eval(node.right, record)
        return compare_values(_COMPARATORS[type(node.comparator)], left, right, self.case_insensitive)

    def _call(self, node: ast.Call, record: dict) -> Any:
        args = [self._eval(arg, record) for arg in node.args]
        return _FUNCTIONS[node.func.name](*args, self.case_insensitive)


def _tokens(source: str):
    """odata-query's lexer reads the ``any``/``all`` at the start of a name (``allowUpdatingDefaults``) as the
    lambda operator; such a keyword glued to the identifier that follows it is put back together as one name."""
    held = None
    for token in ODataLexer().tokenize(source):
        if held is not None and token.type == "ODATA_IDENTIFIER" and token.index == held.index + len("any"):
            token.value = ast.Identifier(source[held.index : token.index] + token.value.name, token.value.namespace)
            token.index, held = held.index, None
        elif held is not None:
            yield held
            held = None
        if token.type in ("ANY", "ALL"):
            held = token
        else:
            yield token
    if held is not None:
        yield held


def parse_filter(source: str, *, case_insensitive: bool = True) -> FilterExpression:
    """Parse a `$filter` value; raise ODataQueryError with the position that failed."""
    try:
        tree = ODataParser().parse(_tokens(source))
    except ODataException as failure:
        raise ODataQueryError(f"Syntax error in $filter '{source}': {failure}") from None
    if tree is None:
        raise ODataQueryError("The $filter query option is empty.")
    _check_supported(tree)
    return FilterExpression(source, tree, case_insensitive=case_insensitive)


def _check_supported(node: ast._Node) -> None:
    if isinstance(node, ast.Call):
        name = node.func.full_name()
        if node.func.namespace or name not in _FUNCTIONS:
            raise ODataQueryError(f"The function '{name}' is not supported in $filter.")
    elif isinstance(node, ast.Attribute):
        raise ODataQueryError(f"Navigation property paths such as '{node.attr}' are not supported in $filter.")
    elif isinstance(node, ast.CollectionLambda | ast.BinOp | ast.Geography | ast.Duration | ast.Time):
        raise ODataQueryError(f"{type(node).__name__} expressions are not supported in $filter.")
    for child in _children(node):
        _check_supported(child)


def _children(node: ast._Node) -> list[ast._Node]:
    if isinstance(node, ast.BoolOp | ast.Compare):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Call):
        return list(node.args)
    return []


def _identifiers(node: ast._Node) -> list[str]:
    if isinstance(node, ast.Identifier):
        return [node.name]
    return [name for child in _children(node) for name in _identifiers(child)]


def _value_list(node: ast._Node) -> Condition | None:
    """``column in (literals)``, or an ``or`` of ``column eq literal`` on one column, as ``Condition(column, "in")``."""
    if isinstance(node, ast.Compare) and isinstance(node.comparator, ast.In) and isinstance(node.left, ast.Identifier):
        if isinstance(node.right, ast.List) and all(isinstance(item, ast._Literal) for item in node.right.val):
            return Condition(node.left.name, "in", [_literal(item) for item in node.right.val])
        return None
    if not (isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or)):
        return None
    terms = _disjuncts(node)
    simple = all(
        isinstance(t, ast.Compare)
        and isinstance(t.comparator, ast.Eq)
        and isinstance(t.left, ast.Identifier)
        and isinstance(t.right, ast._Literal)
        for t in terms
    )
    if not simple or len({t.left.name for t in terms}) != 1:
        return None
    return Condition(terms[0].left.name, "in", [_literal(t.right) for t in terms])


def _text_lists(node: ast._Node, fold: bool) -> dict[int, tuple[str, frozenset[str]]]:
    """The value lists of text literals in the tree (by node id), as sets: a record's text value is then tested
    once against the set instead of against each of the (often 100) terms, with the same comparison."""
    listed = _value_list(node)
    if listed is not None and all(isinstance(value, str) for value in listed.value):
        return {id(node): (listed.column, frozenset(text(value, fold) for value in listed.value))}
    return {key: found for child in _children(node) for key, found in _text_lists(child, fold).items()}


def _disjuncts(node: ast._Node) -> list[ast._Node]:
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        return _disjuncts(node.left) + _disjuncts(node.right)
    return [node]


def _conjuncts(node: ast._Node) -> list[ast._Node]:
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return _conjuncts(node.left) + _conjuncts(node.right)
    return [node]


def _literal(node: ast._Node) -> Any:
    if isinstance(node, ast.GUID):
        return node.val.lower()
    if isinstance(node, ast.DateTime):
        value = dt.datetime.fromisoformat(node.val.replace("Z", "+00:00"))
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(node, ast.List):
        return [_literal(item) for item in node.val]
    if isinstance(node, ast.Float):
        return float(node.val)
    return node.py_val
