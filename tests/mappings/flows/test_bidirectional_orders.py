"""Bidirectional sales order synchronization (sales_flows §2): status rules, lines, values flowing back."""

import pytest

from mappings.models import Coupling
from sandbox.bc import service as bc_service
from synclog.models import SyncError
from tests.mappings.flows.world import (
    bc_rows,
    build_sales_world,
    later,
    sales_row,
    sales_rows,
    sales_update,
    synchronize,
)

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def world(in_process_sandbox):
    return build_sales_world(bidirectional_sales_order_integration=True)


def _header(reference: str) -> dict:
    return bc_rows("Sales Header", **{"Your Reference": reference})[0]


def test_submitted_sales_order_becomes_released_bc_order(world):
    order_id = world.order(ordernumber="SO-1", lines=(("1000", 2, 100.0),))

    result = synchronize(world.connection)

    header = _header("SO-1")
    assert header["Status"] == "Released" and result.counters.inserted == 1
    order = sales_row("salesorder", order_id)
    assert order["statecode"] == 1
    assert order["bcbi_businesscentralordernumber"] == header["No."]
    assert order["bcbi_businesscentraldocumentoccurrencenumber"] == 1


def test_a_second_run_changes_nothing(world):
    world.order(ordernumber="SO-2")
    synchronize(world.connection)

    again = synchronize(world.connection)

    assert (again.counters.inserted, again.counters.modified, again.counters.failed) == (0, 0, 0)


def test_active_sales_order_is_not_synchronized(world):
    world.order(ordernumber="SO-3", state=0)

    synchronize(world.connection)

    assert bc_rows("Sales Header") == []


def test_reopened_and_resubmitted_order_is_rewritten_and_released_again(world):
    order_id = world.order(ordernumber="SO-4", lines=(("1000", 2, 100.0),))
    synchronize(world.connection)
    later()
    sales_update("salesorder", order_id, {"statecode": 0})
    world.add_lines("salesorderdetail", "salesorderid", "salesorders", order_id, (("1100", 5, 20.0),))
    sales_update("salesorder", order_id, {"statecode": 1})

    result = synchronize(world.connection)

    header = _header("SO-4")
    assert not SyncError.objects.exists(), SyncError.objects.first().message
    assert result.counters.modified == 1 and header["Status"] == "Released"
    assert sorted(line["No."] for line in bc_rows("Sales Line", **{"Document No.": header["No."]})) == ["1000", "1100"]


def test_bc_prices_tax_and_shipment_date_flow_back_and_order_ends_submitted(world):
    order_id = world.order(ordernumber="SO-5", lines=(("1000", 2, 100.0),))
    synchronize(world.connection)
    header = _header("SO-5")
    later()
    bc_service.update("Sales Header", header["id"], {"Status": "Open"})
    line = bc_rows("Sales Line", **{"Document No.": header["No."]})[0]
    bc_service.update("Sales Line", line["id"], {"Unit Price": 120.0, "VAT %": 10})
    bc_service.update("Sales Header", header["id"], {"Status": "Released", "Last Shipment Date": "2025-03-01"})

    synchronize(world.connection)

    order = sales_row("salesorder", order_id)
    assert order["statecode"] == 1 and str(order["datefulfilled"]).startswith("2025-03-01")
    detail = next(r for r in sales_rows("salesorderdetail") if r.get("_salesorderid_value") == str(order_id))
    assert (detail["priceperunit"], detail["tax"]) == (120.0, 24.0)


def test_uncoupled_product_fails_with_both_ids(world):
    Coupling.objects.filter(bc_table="Item", dataverse_id=world.products["1100"]).delete()
    order_id = world.order(ordernumber="SO-6", lines=(("1100", 1, 10.0),))

    result = synchronize(world.connection)

    assert result.counters.failed == 1 and bc_rows("Sales Header") == []
    assert SyncError.objects.get().dataverse_row_id == order_id
