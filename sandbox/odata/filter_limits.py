"""Two rules of Business Central's OData stack that a `$filter` must keep, or BC refuses it with 400.

An ``or`` may compare only one field (BC turns a filter into per-field filters). BC answers an ``or`` over
distinct fields with "The 'OR' operator is not supported on distinct fields on an OData filter." (Microsoft's
"Known limitations with Business Central OData").

A `$filter` of more than 100 nodes is refused too. BC answers it with "The node count limit of '100' has been
exceeded", the message of ASP.NET OData's query validator, whose default ``MaxNodeCount`` is 100. The validator
counts every node it visits: an operator, a property (with the range variable it is read from: two nodes), a
constant, a function call with its arguments. An ``in`` node is not walked into, so ``No in (…)`` is one node
however long its list; an ``or`` of ``eq`` terms costs five nodes a term, and twenty of them are the most one filter
may hold.
"""

from sandbox.odata.errors import ODataQueryError
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

__all__ = ["MAX_NODE_COUNT", "check_bc_filter", "check_node_count", "check_or_on_one_field", "node_count"]

MAX_NODE_COUNT = 100


def node_count(node: Node) -> int:
    """The nodes the validator visits in ``node``."""
    if isinstance(node, Name):
        return 2
    if isinstance(node, Literal | ValueList):
        return 1
    if isinstance(node, Compare):
        return 1 if node.op == "in" else 1 + node_count(node.left) + node_count(node.right)
    if isinstance(node, Logical):
        return len(node.terms) - 1 + sum(node_count(term) for term in node.terms)
    if isinstance(node, Not | Negate):
        return 1 + node_count(node.operand)
    if isinstance(node, Call):
        return 1 + sum(node_count(argument) for argument in node.args)
    raise TypeError(f"Not a filter node: {node!r}")


def check_node_count(tree: Node, limit: int = MAX_NODE_COUNT) -> None:
    """Refuse a filter of more than ``limit`` nodes with the validator's message."""
    if node_count(tree) > limit:
        raise ODataQueryError(
            f"The node count limit of '{limit}' has been exceeded. To increase the limit, set the 'MaxNodeCount' "
            "property on EnableQueryAttribute or ODataValidationSettings."
        )


def check_or_on_one_field(tree: Node) -> None:
    """Refuse an ``or`` whose terms compare more than one field, as BC does."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, Logical) and node.op == "or" and len(column_names(node)) > 1:
            raise ODataQueryError(
                "An error occurred while processing this request. The 'OR' operator is not supported on distinct "
                "fields on an OData filter."
            )
        todo.extend(children(node))


def check_bc_filter(tree: Node) -> None:
    """Both rules, as BC checks a filter before it reads anything."""
    check_node_count(tree)
    check_or_on_one_field(tree)
