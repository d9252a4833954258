"""Filters are built from typed values, so record data can never change the shape of a query."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from connection_setup.clients import odata


@pytest.mark.parametrize(
    "value, text",
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (42, "42"),
        (Decimal("12.50"), "12.50"),
        (1e-7, "0.0000001"),
        (uuid.UUID("6f9619ff-8b86-d011-b42d-00c04fc964ff"), "6f9619ff-8b86-d011-b42d-00c04fc964ff"),
        (dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC), "2024-05-01T12:30:00Z"),
        (dt.datetime(2024, 5, 1, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))), "2024-05-01T12:30:00Z"),
        (dt.date(2024, 5, 1), "2024-05-01"),
        ("Fabrikam", "'Fabrikam'"),
        ("O'Brien's", "'O''Brien''s'"),
    ],
)
def test_each_value_becomes_the_literal_of_its_type(value, text):
    assert odata.literal(value) == text


def test_a_quote_in_record_data_cannot_add_a_clause():
    hostile = "x' or name ne 'y"
    assert odata.eq("name", hostile).render() == "name eq 'x'' or name ne ''y'"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN"), object(), b"bytes"])
def test_values_a_filter_cannot_carry_are_refused(value):
    with pytest.raises(ValueError):
        odata.literal(value)


def test_a_date_time_without_a_time_zone_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="no time zone"):
        odata.literal(dt.datetime(2024, 1, 1))


@pytest.mark.parametrize("name", ["name eq 'x'", "a)", "", "1abc", "a/", "name;drop"])
def test_field_names_outside_the_identifier_grammar_are_refused(name):
    with pytest.raises(ValueError, match="not a valid field name"):
        odata.eq(name, 1).render()


def test_junctions_parenthesise_and_negate():
    expression = odata.and_(
        odata.ge("modifiedon", dt.datetime(2024, 1, 1, tzinfo=dt.UTC)),
        odata.or_(odata.eq("statecode", 0), odata.not_(odata.contains("name", "test"))),
    )
    assert (
        expression.render()
        == "(modifiedon ge 2024-01-01T00:00:00Z and (statecode eq 0 or not (contains(name,'test'))))"
    )
    assert (odata.eq("a", 1) & ~odata.eq("b", 2)).render() == "(a eq 1 and not (b eq 2))"


def test_junctions_take_only_filters_never_raw_text():
    with pytest.raises(TypeError):
        odata.and_(odata.eq("a", 1), "b eq 2")
    with pytest.raises(TypeError):
        odata.not_("a eq 1")


def test_in_is_an_or_of_equalities_and_refuses_an_empty_list():
    assert odata.in_("number", ["10000", "20000"]).render() == "(number eq '10000' or number eq '20000')"
    with pytest.raises(ValueError, match="empty list"):
        odata.in_("number", [])


def test_a_service_that_takes_in_gets_a_list_of_values_as_one_in_term():
    listed = odata.in_("number", ["10000", "20000"]) & odata.eq("blocked", False)

    assert listed.render(value_lists=True) == "(number in ('10000','20000') and blocked eq false)"
    assert odata.in_("number", ["10000"]).render(value_lists=True) == "number eq '10000'"


def test_field_names_are_resolved_when_rendered():
    names = {"No.": "number", "Name": "displayName"}
    expression = odata.eq("No.", "10000") | odata.startswith("Name", "Adatum")
    assert expression.render(names.__getitem__) == "(number eq '10000' or startswith(displayName,'Adatum'))"


def test_select_and_orderby_validate_and_resolve_names():
    assert odata.select(["name", "accountid", "name"]) == "name,accountid"
    assert odata.orderby(["modifiedon", ("name", "desc")]) == "modifiedon asc,name desc"
    assert odata.select(["No."], {"No.": "number"}.__getitem__) == "number"
    with pytest.raises(ValueError):
        odata.select(["name,accountid"])
    with pytest.raises(ValueError, match="asc"):
        odata.orderby([("name", "down")])


def test_in_chunks_keep_every_value_once_in_order_within_the_count_and_the_url_budget():
    values = [f"name {n}" for n in range(10)]
    assert list(odata.in_chunks("name", values, 4)) == [values[:4], values[4:8], values[8:]]
    term = len("name+eq+'name+0'+or+")
    assert list(odata.in_chunks("name", values, 100, budget=3 * term)) == [
        values[:3],
        values[3:6],
        values[6:9],
        values[9:],
    ]


def test_in_chunks_give_a_value_longer_than_the_budget_a_request_of_its_own():
    values = ["x" * 50, "y", "z"]
    assert list(odata.in_chunks("name", values, 100, budget=20)) == [[values[0]], ["y"], ["z"]]


def test_an_encoded_query_escapes_only_what_a_query_cannot_carry():
    encoded = odata.encode_query({"$filter": "a eq 'x y' and b in (1,2)", "k": "&=+#%é"})
    assert encoded == "$filter=a+eq+'x+y'+and+b+in+(1,2)&k=%26%3D%2B%23%25%C3%A9"


def test_in_chunks_of_a_value_list_count_each_value_and_its_comma_only():
    values = [f"C{n:05d}" for n in range(10)]
    term = len("'C00000',")
    assert list(odata.in_chunks("No.", values, 100, budget=4 * term, value_lists=True)) == [
        values[:4],
        values[4:8],
        values[8:],
    ]
