"""The `$filter` grammar through ``parse_filter``: precedence, literals, escapes, and errors that name the position."""

import datetime as dt

import pytest

from sandbox.odata import Condition, ODataQueryError, parse_filter
from sandbox.odata.filter_tree import Call, Compare, GuidText, Literal, Logical, Name, Negate, Not, ValueList

GUID = "5f0e3a2b-1111-4222-8333-444455556666"


def _error(source: str) -> str:
    with pytest.raises(ODataQueryError) as caught:
        parse_filter(source)
    return str(caught.value)


def test_and_binds_tighter_than_or():
    tree = parse_filter("a eq 1 or b eq 2 and c eq 3").tree

    assert tree == Logical(
        "or",
        (
            Compare("eq", Name("a"), Literal(1)),
            Logical("and", (Compare("eq", Name("b"), Literal(2)), Compare("eq", Name("c"), Literal(3)))),
        ),
    )
    assert parse_filter("a eq 1 or b eq 2 and c eq 3").matches({"a": 1, "b": 0, "c": 0})
    assert not parse_filter("(a eq 1 or b eq 2) and c eq 3").matches({"a": 1, "b": 0, "c": 0})


def test_relational_operators_bind_tighter_than_equality_and_not_tighter_than_both():
    assert parse_filter("a eq b gt c").tree == Compare("eq", Name("a"), Compare("gt", Name("b"), Name("c")))
    assert parse_filter("not a eq true").tree == Compare("eq", Not(Name("a")), Literal(True))
    assert parse_filter("not (a eq 1)").tree == Not(Compare("eq", Name("a"), Literal(1)))


def test_in_binds_tighter_than_not_and_a_single_value_is_a_list():
    assert parse_filter("not x in ('a')").tree == Not(Compare("in", Name("x"), ValueList((Literal("a"),))))
    assert parse_filter("x in ('a')").matches({"x": "A"})


def test_chains_of_one_operator_are_one_flat_node_whatever_the_parentheses():
    tree = parse_filter("a eq 1 or (b eq 2 or c eq 3) or d eq 4").tree

    assert isinstance(tree, Logical) and [term.left.name for term in tree.terms] == ["a", "b", "c", "d"]


def test_a_thousand_term_id_list_is_one_key_list_condition():
    ids = [f"{n:08x}-1111-4222-8333-444455556666" for n in range(1000)]

    where = parse_filter(" or ".join(f"id eq {value}" for value in ids))

    assert where.conditions() == [Condition("id", "in", ids)] and where.only_conditions()
    assert where.matches({"id": ids[-1]}) and not where.matches({"id": GUID})


@pytest.mark.parametrize(
    "literal, value",
    [
        ("'it''s'", "it's"),
        ("''", ""),
        ("42", 42),
        ("-7", -7),
        ("2.5", 2.5),
        ("1e3", 1000.0),
        ("true", True),
        ("False", False),
        ("null", None),
        (GUID.upper(), GuidText(GUID)),  # lower case, and known from a string (a quoted GUID stays a str)
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("2024-02-29T10:30:00Z", dt.datetime(2024, 2, 29, 10, 30, tzinfo=dt.UTC)),
        ("2024-02-29T10:30:00.5+02:00", dt.datetime(2024, 2, 29, 8, 30, 0, 500000, tzinfo=dt.UTC)),
        ("2024-02-29T10:30", dt.datetime(2024, 2, 29, 10, 30, tzinfo=dt.UTC)),
    ],
)
def test_every_literal_type_arrives_as_its_python_value(literal, value):
    (condition,) = parse_filter(f"c eq {literal}").conditions()

    assert condition == Condition("c", "eq", value) and type(condition.value) is type(value)


def test_lookup_columns_names_with_keyword_prefixes_and_upper_case_keywords_are_read_as_written():
    where = parse_filter("_parentcustomerid_value eq null AND allowUpdating EQ true And nullable Ne 1")

    assert where.columns == {"_parentcustomerid_value", "allowUpdating", "nullable"}
    assert where.conditions()[2] == Condition("nullable", "ne", 1)


def test_a_literal_on_the_left_is_flipped_into_a_column_condition():
    assert parse_filter("5 lt n").conditions() == [Condition("n", "gt", 5)]


def test_functions_and_negation_are_evaluated():
    where = parse_filter("contains(tolower(name),'o''b') and length(trim(code)) eq 2 and -n lt 0")

    assert isinstance(where.tree.terms[0], Call) and isinstance(where.tree.terms[2].left, Negate)
    assert where.matches({"name": "O'Brien", "code": " ab ", "n": 3})
    assert not where.matches({"name": "Smith", "code": "ab", "n": 3})


@pytest.mark.parametrize("case_insensitive", [True, False])
def test_a_text_literal_compares_texts_with_the_services_case_rule_and_anything_else_as_odata_does(case_insensitive):
    """The shortcut for ``column op 'text'`` answers as the general comparison: texts by the service's case rule
    (BC ignores case, Dataverse's emulation here compares as given), null equal only to null, numbers refused."""
    where = parse_filter("code eq 'AB' and name ne '' and city gt 'M'", case_insensitive=case_insensitive)

    assert where.matches({"code": "AB", "name": "x", "city": "Paris"})
    assert where.matches({"code": "ab", "name": "x", "city": "paris"}) is case_insensitive
    assert not where.matches({"code": "AB", "name": "", "city": "Paris"})
    assert where.matches({"code": "AB", "name": None, "city": "Paris"})  # null ne '' holds
    assert not where.matches({"code": None, "name": "x", "city": "Paris"})
    assert not where.matches({"code": "AB", "name": "x", "city": None})  # null is never greater
    with pytest.raises(ODataQueryError):
        parse_filter("qty gt 'M'").matches({"qty": 3})


@pytest.mark.parametrize(
    "source, message",
    [
        ("name eq", "expected an expression at position 7, but the expression ends"),
        ("(name eq)", "expected an expression at position 8, found ')'"),
        ("(a eq 1", "expected ')' at position 7, but the expression ends"),
        ("a eq 1 b", "expected an operator or the end of the expression at position 7, found 'b'"),
        ("name eq 'abc", "the string that starts at position 8 is not closed"),
        ("a eq #", "unexpected character '#' at position 5"),
        ("a in (b)", "expected a literal value in the list after 'in' at position 6, found 'b'"),
        ("a in 'x'", "expected '(' opening the list of values after 'in' at position 5, found ''x''"),
        ("d eq 2024-02-30", "'2024-02-30' at position 5 is not a valid date"),
        ("contains(a)", "the function 'contains' at position 0 takes 2 arguments, not 1"),
    ],
)
def test_a_syntax_error_names_the_filter_and_the_position(source, message):
    assert _error(source) == f"Syntax error in $filter '{source}': {message}."


@pytest.mark.parametrize(
    "source, message",
    [
        ("", "The $filter query option is empty."),
        ("year(d) eq 2024", "The function 'year' is not supported in $filter."),
        ("a add 1 eq 2", "Arithmetic operators such as 'add' are not supported in $filter."),
        ("primarycontactid/fullname eq 'x'", "Navigation property paths such as 'primarycontactid/fullname' are"),
        ("lines/any(l: l/qty gt 1)", "Lambda operators such as 'lines/any' are not supported in $filter."),
        ("t eq duration'P1D'", "Duration literals such as duration'P1D' are not supported in $filter."),
        ("t eq 12:30:00", "Time-of-day literals such as 12:30:00 are not supported in $filter."),
    ],
)
def test_what_the_emulators_do_not_support_is_refused_by_name(source, message):
    assert _error(source).startswith(message)
