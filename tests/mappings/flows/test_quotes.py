"""Automatically process sales quotes (sales_flows §3): active quotes, revisions and won quotes."""

import uuid

import pytest

from mappings.flows.quotes import WON_MARKER, process_sales_quotes
from mappings.models import Coupling
from synclog.models import SyncError
from tests.mappings.flows.world import bc_rows, bind, sales_row, store_insert

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _quote(
    world, number: str, *, revision: int = 0, state: int = 1, status: int | None = None, lines=(("1000", 1, 99.0),)
) -> uuid.UUID:
    body = {"name": "Quote", "quotenumber": number, "revisionnumber": revision, "statecode": 0, "statuscode": 1}
    body |= {"_customerid_value": str(world.accounts["C00010"]), "_customerid_value@type": "account"}
    quote_id = store_insert("quote", body)
    world.add_lines("quotedetail", "quoteid", "quotes", quote_id, lines)
    store_insert(
        "quote", {**body, "statecode": state, "statuscode": status or {1: 2, 2: 4, 3: 7}[state]}, row_id=quote_id
    )
    return quote_id


def test_active_quote_becomes_open_bc_quote(world):
    quote_id = _quote(world, "QUO-1")

    result = process_sales_quotes(world.connection)

    quote = bc_rows("Sales Header", **{"Document Type": "Quote"})
    assert result.counters.inserted == 1 and quote[0]["Your Reference"] == "QUO-1" and quote[0]["Status"] == "Open"
    assert Coupling.objects.get(dataverse_id=quote_id).bc_system_id == quote[0]["id"]


def test_revision_rebuilds_the_same_bc_quote(world):
    first = _quote(world, "QUO-2")
    process_sales_quotes(world.connection)
    store_insert("quote", {**sales_row("quote", first), "statecode": 3, "statuscode": 7}, row_id=first)
    second = _quote(world, "QUO-2", revision=1, lines=(("1100", 4, 25.0),))

    result = process_sales_quotes(world.connection)

    quotes = bc_rows("Sales Header", **{"Document Type": "Quote"})
    assert result.counters.modified == 1 and len(quotes) == 1
    assert [(ln["No."], ln["Quantity"]) for ln in bc_rows("Sales Line", **{"Document No.": quotes[0]["No."]})] == [
        ("1100", 4)
    ]
    assert Coupling.objects.get(bc_system_id=quotes[0]["id"]).dataverse_id == second


def test_won_quote_without_an_order_fails_and_is_retried(world):
    _quote(world, "QUO-3", state=2)

    result = process_sales_quotes(world.connection)

    assert result.counters.failed == 1
    assert SyncError.objects.get().message == "Unable to find Dynamics 365 Sales order that corresponds to this quote."
    assert not Coupling.objects.filter(dataverse_table=WON_MARKER).exists()


def test_won_quote_with_submitted_order_creates_the_order_once(world):
    quote_id = _quote(world, "QUO-4", state=2)
    order_id = world.order(ordernumber="ORD-Q4", **bind("quoteid", "quotes", quote_id))

    process_sales_quotes(world.connection)
    again = process_sales_quotes(world.connection)

    quote = bc_rows("Sales Header", **{"Document Type": "Quote"})[0]
    order = bc_rows("Sales Header", **{"Document Type": "Order"})
    assert len(order) == 1 and order[0]["Quote No."] == quote["No."] and order[0]["Your Reference"] == "ORD-Q4"
    assert Coupling.objects.filter(dataverse_table=WON_MARKER, dataverse_id=quote_id).count() == 1
    assert again.counters.unchanged == 1 and Coupling.objects.filter(dataverse_id=order_id).exists()
