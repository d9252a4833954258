"""An OData ``$filter`` evaluated against one record in memory, for the filters of configuration templates.

BC checks a template's filter by asking its database whether the source record is inside it; we hold the source
record already, so the same question is answered here without a request. Comparisons, and/or/not, ``in`` and the
text functions contains, startswith and endswith are understood; text compares case-insensitively, as BC's filters do.
"""

import uuid
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from odata_query import ast
from odata_query.exceptions import ODataException
from odata_query.grammar import ODataLexer, ODataParser

__all__ = ["RecordFilterError", "matches", "parse_record_filter"]

COMPARE = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Gt: lambda a, b: a is not None and b is not None and a > b,
    ast.GtE: lambda a, b: a is not None and b is not None and a >= b,
    ast.Lt: lambda a, b: a is not None and b is not None and a < b,
    ast.LtE: lambda a, b: a is not None and b is not None and a <= b,
}
TEXT_FUNCTIONS = {
    "contains": lambda text, part: part in text,
    "startswith": str.startswith,
    "endswith": str.endswith,
}


class RecordFilterError(ValueError):
    """A filter that cannot be parsed, or uses something a single record cannot answer."""


def parse_record_filter(text: str) -> Any:
    """The filter's syntax tree; raises RecordFilterError with the parser's message."""
    try:
        tree = ODataParser().parse(ODataLexer().tokenize(text))
    except ODataException as error:
        raise RecordFilterError(f"The filter is not a valid OData filter: {error}") from None
    if tree is None:
        raise RecordFilterError("The filter is not a valid OData filter: it ends before the expression is complete.")
    return tree


def _comparable(value: Any) -> Any:
    """One shape for both sides: lowercase text and GUIDs, numbers as Decimal, dates as ISO text."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if isinstance(value, uuid.UUID | datetime | date):
        return str(value.isoformat() if not isinstance(value, uuid.UUID) else value).lower()
    text = str(value)
    try:
        return Decimal(text) if text.strip() and text.strip()[0] in "-0123456789" and " " not in text else text.lower()
    except InvalidOperation:
        return text.lower()


def _literal(node: Any) -> Any:
    if isinstance(node, ast.Null):
        return None
    if isinstance(node, ast.Boolean):
        return node.val.lower() == "true"
    if isinstance(node, ast.Integer | ast.Float):
        return Decimal(node.val)
    if isinstance(node, ast.String | ast.GUID | ast.Date | ast.DateTime):
        return _comparable(node.val)
    raise RecordFilterError(f"The filter uses {type(node).__name__}, which a template filter cannot compare.")


def _operand(node: Any, record: dict[str, Any]) -> Any:
    if isinstance(node, ast.Identifier):
        return _comparable(record.get(node.name))
    if isinstance(node, ast.List):
        return [_literal(item) for item in node.val]
    return _literal(node)


def _call(node: ast.Call, record: dict[str, Any]) -> bool:
    function = TEXT_FUNCTIONS.get(node.func.name.lower())
    if function is None or len(node.args) != 2:
        raise RecordFilterError(f"The filter function {node.func.name} is not supported in a template filter.")
    text, part = (_operand(arg, record) for arg in node.args)
    return text is not None and function(str(text), str(part))


def _evaluate(node: Any, record: dict[str, Any]) -> bool:
    if isinstance(node, ast.BoolOp):
        left = _evaluate(node.left, record)
        return (
            (left and _evaluate(node.right, record))
            if isinstance(node.op, ast.And)
            else (left or _evaluate(node.right, record))
        )
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return not _evaluate(node.operand, record)
    if isinstance(node, ast.Compare):
        left, right = _operand(node.left, record), _operand(node.right, record)
        if isinstance(node.comparator, ast.In):
            return left in right
        return COMPARE[type(node.comparator)](left, right)
    if isinstance(node, ast.Call):
        return _call(node, record)
    raise RecordFilterError(f"The filter uses {type(node).__name__}, which a template filter cannot evaluate.")


def matches(tree: Any, record: dict[str, Any]) -> bool:
    """Whether the record (API field names → values) is inside the parsed filter."""
    try:
        return bool(_evaluate(tree, record))
    except TypeError:
        return False  # a text compared with a number: BC's filter would not find the record either
