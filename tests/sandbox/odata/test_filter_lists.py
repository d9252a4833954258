"""A list of values of one column is read by one pattern, into exactly the tree the general parser builds; every
other filter (and every near-miss) still goes to the parser."""

import pytest

from sandbox.odata.filter_lists import value_list_tree
from sandbox.odata.filter_parser import _Parser, parse_tree

G1, G2 = "5F0E3A2B-1111-4222-8333-444455556666", "5f0e3a2b-1111-4222-8333-444455556667"


@pytest.mark.parametrize(
    "source",
    [
        "(productid eq 'a' or productid eq 'b' or productid eq 'c')",
        f"(_uomscheduleid_value eq {G1} or _uomscheduleid_value eq {G2})",
        "no eq 'O''Brien'",
        "(code eq 'a or code eq ''b''' or code eq ' eq ')",
        f"  ( id   EQ {G1}   Or id eq 'x' )  ",
        "(itemNo eq '')",
        "number in ('a','b')",
        f"id in ({G1}, {G2})",
        "  no IN ( 'O''Brien' , 'x,y', ' in (' )  ",
        "(name eq 'walk in' or name eq 'b')",
    ],
)
def test_a_list_of_values_of_one_column_is_the_tree_the_parser_builds(source):
    assert value_list_tree(source) is not None
    assert value_list_tree(source) == _Parser(source).parse()


@pytest.mark.parametrize(
    "source",
    [
        "(a eq 'x' or b eq 'y')",
        "(a eq 'x' or A eq 'y')",
        "a eq 1",
        "a ne 'x'",
        "(a eq 'x' and a eq 'y')",
        "(a eq 'x'",
        "a eq 'x')",
        "((a eq 'x'))",
        "not eq 'x'",
        "a.b eq 'x'",
        "a eq 'x' or a eq 'y' or a gt 'z'",
        f"a eq {G1}x",
        "a in ('x', 1)",
        "not in ('x')",
        "a in ()",
        "a in ('x') and b eq 'y'",
        "(a in ('x'))",
    ],
)
def test_anything_else_is_left_to_the_parser(source):
    assert value_list_tree(source) is None


def test_a_broken_list_still_fails_with_the_parsers_message():
    with pytest.raises(Exception, match="position"):
        parse_tree("(a eq 'x' or a eq )")
