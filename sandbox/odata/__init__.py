"""OData query options shared by the Dataverse and BC emulators: $filter, $orderby, $select, $top, $expand."""

from sandbox.odata.errors import ODataQueryError
from sandbox.odata.filters import Condition, FilterExpression, parse_filter
from sandbox.odata.options import ExpandItem, OrderKey, parse_expand, parse_orderby, parse_select, parse_top

__all__ = [
    "Condition",
    "ExpandItem",
    "FilterExpression",
    "ODataQueryError",
    "OrderKey",
    "parse_expand",
    "parse_filter",
    "parse_orderby",
    "parse_select",
    "parse_top",
]
