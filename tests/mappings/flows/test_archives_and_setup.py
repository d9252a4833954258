"""Sales & Receivables Setup in the flows and the archives BC keeps (sales_flows §0, §2.7, §3.2, §3.4, §1.9)."""

import pytest

from mappings.flows.archived_orders import update_archived_orders
from mappings.flows.legacy_orders import create_in_business_central
from mappings.flows.legacy_push import push_legacy_orders
from mappings.flows.quotes import process_sales_quotes
from mappings.models import Coupling
from sandbox.bc import service as bc_service
from tests.mappings.flows.test_quotes import _quote
from tests.mappings.flows.world import (
    bc_rows,
    bind,
    build_sales_world,
    later,
    sales_row,
    sales_setup,
    sales_update,
    store_insert,
    synchronize,
)

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def bidirectional(in_process_sandbox):
    return build_sales_world(bidirectional_sales_order_integration=True)


def _archives(number: str) -> list[dict]:
    return bc_rows("Sales Header Archive", **{"No.": number})


def test_first_bidirectional_run_switches_archive_orders_on(bidirectional):
    setup_id = sales_setup(**{"Archive Orders": False})

    result = synchronize(bidirectional.connection)

    assert bc_service.get("Sales & Receivables Setup", setup_id).data["Archive Orders"] is True
    assert result.counters.failed == 0


def test_changed_sales_order_archives_the_bc_order_before_rewriting_it(bidirectional):
    sales_setup(**{"Archive Orders": True})
    order_id = bidirectional.order(ordernumber="ARC-1", lines=(("1000", 2, 100.0),))
    synchronize(bidirectional.connection)
    later()
    sales_update("salesorder", order_id, {"statecode": 0})
    sales_update("salesorder", order_id, {"statecode": 1, "name": "Changed order"})

    synchronize(bidirectional.connection)

    header = bc_rows("Sales Header", **{"Your Reference": "ARC-1"})[0]
    assert header["Status"] == "Released" and header["External Document No."] == "CHANGED ORDER"
    assert [(a["Version No."], a["External Document No."]) for a in _archives(header["No."])] == [(1, "WEB ORDER")]


def test_deleted_order_is_archived_and_its_sales_order_updated_but_not_invoiced(bidirectional):
    sales_setup(**{"Archive Orders": True})
    order_id = bidirectional.order(ordernumber="ARC-2", lines=(("1000", 2, 100.0),))
    synchronize(bidirectional.connection)
    header = bc_rows("Sales Header", **{"Your Reference": "ARC-2"})[0]
    bc_service.update("Sales Header", header["id"], {"Status": "Open"})
    bc_service.delete("Sales Header", header["id"])

    result = update_archived_orders(bidirectional.connection)

    assert result.counters.modified == 1 and len(_archives(header["No."])) == 1
    order = sales_row("salesorder", order_id)
    assert order["statecode"] == 1 and Coupling.objects.get(dataverse_id=order_id).archived_sales_order_updated


def test_write_in_product_coupled_to_a_product_is_refused(world):
    sales_setup(**{"Write-in Product Type": "Item", "Write-in Product No.": "1000"})
    order_id = world.order(lines=((None, 1, 250.0),))

    outcome = create_in_business_central(world.connection, order_id)

    assert outcome.message == (
        "The sales order cannot be created. You must choose a record that is not coupled to a product in Dynamics "
        "365 Sales."
    )


def test_revised_quote_archives_the_bc_quote_and_stays_open(world):
    first = _quote(world, "QUO-R")
    process_sales_quotes(world.connection)
    store_insert("quote", {**sales_row("quote", first), "statecode": 3, "statuscode": 7}, row_id=first)
    _quote(world, "QUO-R", revision=1)

    process_sales_quotes(world.connection)

    quote = bc_rows("Sales Header", **{"Document Type": "Quote"})[0]
    assert quote["Status"] == "Open" and len(_archives(quote["No."])) == 1


def test_won_quote_whose_order_is_not_submitted_releases_the_bc_quote(world):
    quote_id = _quote(world, "QUO-W", state=2)
    world.order(ordernumber="ORD-W", state=0, **bind("quoteid", "quotes", quote_id))

    result = process_sales_quotes(world.connection)

    quote = bc_rows("Sales Header", **{"Document Type": "Quote"})[0]
    assert quote["Status"] == "Released" and result.counters.failed == 0
    assert bc_rows("Sales Header", **{"Document Type": "Order"}) == []


def test_legacy_push_writes_the_released_order_and_resubmits_the_sales_order(world):
    order_id = world.order(ordernumber="LEG-1", lines=(("1000", 2, 100.0),))
    header = create_in_business_central(world.connection, order_id).header
    later()
    bc_service.update("Sales Header", header["id"], {"Ship-to City": "Redmond", "Status": "Released"})

    (result,) = push_legacy_orders(world.connection)

    order = sales_row("salesorder", order_id)
    assert result.counters.modified == 1 and (order["statecode"], order["shipto_city"]) == (1, "Redmond")
