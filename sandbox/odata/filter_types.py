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


def _literal_type(node: Node) -> str | None:
    """The EDM type a GUID or string literal has (None for the other literals, which are not checked)."""
    if not isinstance(node, Literal) or not isinstance(node.value, str):
        return None
    return "Edm.Guid" if isinstance(node.value, GuidText) else "Edm.String"


def _property_type(node: Node, property_types: Mapping[str, str]) -> str | None:
    return property_types.get(node.name) if isinstance(node, Name) else None


def _mismatch(left: Node, right: Node, property_types: Mapping[str, str]) -> str | None:
    """The operand types, in the order written, when a GUID or text property meets the other kind of literal."""
    for prop, lit, prop_first in ((left, right, True), (right, left, False)):
        types = (_property_type(prop, property_types), _literal_type(lit))
        if types in (("Edm.Guid", "Edm.String"), ("Edm.String", "Edm.Guid")):
            ordered = types if prop_first else types[::-1]
            return f"'{ordered[0]}' and '{ordered[1]}'"
    return None


def check_guid_comparisons(tree: Node, property_types: Mapping[str, str]) -> None:
    """Raise ODataQueryError, in the services' words, at the first comparison of a GUID property with a string or
    of a text property with a GUID; ``property_types`` names each property's EDM type."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, Compare) and node.op in _KINDS:
            types = _mismatch(node.left, node.right, property_types)
            if types is not None:
                raise ODataQueryError(
                    f"A binary operator with incompatible types was detected. Found operand types {types} for "
                    f"operator kind '{_KINDS[node.op]}'."
                )
        todo.extend(children(node))
