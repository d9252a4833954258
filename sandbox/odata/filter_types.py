"""Typed comparisons in `$filter`: a GUID property is compared with a GUID literal, never with a string.

Both services parse `$filter` with Microsoft's OData library, which types the operands of each comparison before it
reads a row: ``accountid eq 5d115c9c-…`` compares two Edm.Guid values, while ``accountid eq '5d115c9c-…'`` compares
an Edm.Guid with an Edm.String and is refused with a 400 naming both types and the operator.
"""

from collections.abc import Collection

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


def _text_against_guid(property_side: Node, literal_side: Node, guid_properties: Collection[str]) -> bool:
    return (
        isinstance(property_side, Name)
        and property_side.name in guid_properties
        and isinstance(literal_side, Literal)
        and isinstance(literal_side.value, str)
        and not isinstance(literal_side.value, GuidText)
    )


def check_guid_comparisons(tree: Node, guid_properties: Collection[str]) -> None:
    """Raise ODataQueryError, in the services' words, at the first comparison of a GUID property with a string."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, Compare) and node.op in _KINDS:
            kind = _KINDS[node.op]
            if _text_against_guid(node.left, node.right, guid_properties):
                types = "'Edm.Guid' and 'Edm.String'"
            elif _text_against_guid(node.right, node.left, guid_properties):
                types = "'Edm.String' and 'Edm.Guid'"
            else:
                todo.extend(children(node))
                continue
            raise ODataQueryError(
                f"A binary operator with incompatible types was detected. Found operand types {types} for operator "
                f"kind '{kind}'."
            )
        todo.extend(children(node))
