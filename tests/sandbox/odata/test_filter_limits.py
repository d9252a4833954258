"""The node count of BC's OData validator, as the sandbox counts it."""

import pytest

from sandbox.odata import ODataQueryError
from sandbox.odata.filter_limits import check_node_count, check_or_on_one_field, node_count
from sandbox.odata.filter_parser import parse_tree


@pytest.mark.parametrize(
    ("source", "nodes"),
    [
        ("number eq 'A'", 4),  # eq, the property and its range variable, the constant
        ("number eq 'A' or number eq 'B'", 9),
        ("number in ('A','B','C')", 1),  # the validator does not walk into an in node
        ("startswith(number,'A')", 4),
        ("not (blocked eq true)", 5),
        ("number in ('A','B') and lastModifiedDateTime gt 2026-01-01T00:00:00Z", 6),
    ],
)
def test_each_node_the_validator_visits_is_counted(source, nodes):
    assert node_count(parse_tree(source)) == nodes


def test_thirty_one_startswith_terms_exceed_the_limit_and_three_do_not():
    """The case BC's community reported: 31 ``startswith`` joined by ``or`` are refused, two ``or`` are not."""
    terms = [f"startswith(itemNo,'1{i:04d}')" for i in range(31)]

    check_node_count(parse_tree(" or ".join(terms[:3])))
    with pytest.raises(ODataQueryError, match="The node count limit of '100' has been exceeded"):
        check_node_count(parse_tree(" or ".join(terms)))


@pytest.mark.parametrize(
    "source",
    [
        "number eq 'A' or number eq 'B'",
        "(city eq 'X' or city eq 'Y') and number eq 'A'",
        "startswith(no,'1') or no eq '2'",
    ],
)
def test_an_or_over_one_field_is_accepted(source):
    check_or_on_one_field(parse_tree(source))


@pytest.mark.parametrize(
    "source",
    ["number eq 'A' or city eq 'B'", "blocked eq false and (a eq 1 or not (b eq 2))", "(a eq 1 and b eq 2) or a eq 3"],
)
def test_an_or_over_distinct_fields_is_refused_as_bc_refuses_it(source):
    with pytest.raises(ODataQueryError, match="The 'OR' operator is not supported on distinct fields"):
        check_or_on_one_field(parse_tree(source))
