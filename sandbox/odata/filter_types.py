"""Typed comparisons in `$filter`: a GUID property is compared with a GUID literal, a text property with a string.

Both services parse `$filter` with Microsoft's OData library, which types the operands of each comparison before it
reads a row: ``accountid eq 5d115c9c-…`` compares two Edm.Guid values, while ``accountid eq '5d115c9c-…'`` compares
an Edm.Guid with an Edm.String and is refused with a 400 naming both types and the operator; so is a text property
compared with an unquoted GUID. (OData's ``in`` lists take GUIDs quoted or not, so they are not checked.)
"""

from collections.abc import Mapping

from sandbox.odata.errors import ODataQueryError
from sandbox.odata.filter_tree import Compare, GuidText, Literal, Name, Node, children

__all__ = ["check_guid_comparisons"]

_KINDS = {
    "eq": "Equal",
    "ne": "NotEqual",
    "gt": "GreaterThan",
    "ge": "GreaterThanOrEqual",
    "lt": "LessThan",
    "le": "LessThanOrEqual",
}


_CHECKED = frozenset(("Edm.Guid", "Edm.String"))
_LEAVES = (Name, Literal)


def _mismatch(node: Compare, property_types: Mapping[str, str]) -> str | None:
    """The operand types, in the order written, when a GUID or text property meets the other kind of literal.
    A look-up by id is an ``or`` of hundreds of comparisons, so each is told apart with as few steps as it takes."""
    left, right = node.left, node.right
    if isinstance(left, Name) and isinstance(right, Literal):
        property_type, value, property_first = property_types.get(left.name), right.value, True
    elif isinstance(right, Name) and isinstance(left, Literal):
        property_type, value, property_first = property_types.get(right.name), left.value, False
    else:
        return None
    if property_type not in _CHECKED or not isinstance(value, str):
        return None
    literal_type = "Edm.Guid" if isinstance(value, GuidText) else "Edm.String"
    if literal_type == property_type:
        return None
    first, second = (property_type, literal_type) if property_first else (literal_type, property_type)
    return f"'{first}' and '{second}'"


def check_guid_comparisons(tree: Node, property_types: Mapping[str, str]) -> None:
    """Raise ODataQueryError, in the services' words, at the first comparison of a GUID property with a string or
    of a text property with a GUID; ``property_types`` names each property's EDM type."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if not isinstance(node, Compare):
            todo.extend(children(node))
            continue
        if node.op in _KINDS and (types := _mismatch(node, property_types)) is not None:
            raise ODataQueryError(
                f"A binary operator with incompatible types was detected. Found operand types {types} for "
                f"operator kind '{_KINDS[node.op]}'."
            )
        todo.extend(operand for operand in (node.left, node.right) if not isinstance(operand, _LEAVES))
