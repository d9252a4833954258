"""Activity-feed posts of the CRM Order Status Update Job: released, shipped, invoiced (sales_flows §7.2)."""

import uuid

import pytest

from mappings.flows.legacy_orders import create_in_business_central
from mappings.flows.order_status import update_order_status
from mappings.flows.posts import INVOICED, RELEASED, SHIPPED
from sandbox import store
from sandbox.bc import service as bc_service
from tests.mappings.flows.world import bc_rows, sales_rows

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _posts(order_id) -> list[str]:
    rows = [row for row in sales_rows("post") if row.get("_regardingobjectid_value") == str(order_id)]
    return sorted(row["text"] for row in rows)


def _created_order(world, number: str) -> tuple:
    order_id = world.order(ordernumber=number)
    return order_id, create_in_business_central(world.connection, order_id).header


def test_released_order_is_posted_once_however_often_the_job_runs(world):
    order_id, header = _created_order(world, "ORD-P1")
    bc_service.update("Sales Header", header["id"], {"Status": "Released"})

    first = update_order_status(world.connection)
    second = update_order_status(world.connection)

    assert _posts(order_id) == [RELEASED]
    assert (first.counters.inserted, second.counters.inserted) == (1, 0)
    post = next(row for row in sales_rows("post") if row["text"] == RELEASED)
    assert (post["regardingobjecttypecode"], post["source"], post["type"]) == ("salesorder", 2, 1)


def test_open_order_gets_no_post(world):
    order_id, _ = _created_order(world, "ORD-P2")

    result = update_order_status(world.connection)

    assert _posts(order_id) == [] and result.counters.inserted == 0


def test_shipment_and_invoice_of_the_order_are_posted(world):
    order_id, header = _created_order(world, "ORD-P3")
    line = store.find("bc", "Sales Line", **{"Document No.": header["No."]})[0]
    store.update("bc", "Sales Line", line.row_id, line.data | {"Quantity Shipped": 1})
    invoice = {"No.": "PS-INV-9", "Sell-to Customer No.": "C00010", "Order No.": header["No."]}
    store.insert("bc", "Sales Invoice Header", uuid.uuid4(), invoice)

    update_order_status(world.connection)

    assert _posts(order_id) == sorted([SHIPPED, INVOICED])


def test_an_uncoupled_released_order_gets_no_post(world):
    header = bc_service.create("Sales Header", {"Document Type": "Order", "Sell-to Customer No.": "C00010"})
    bc_service.update("Sales Header", header.row_id, {"Status": "Released"})

    result = update_order_status(world.connection)

    assert sales_rows("post") == [] and result.counters.inserted == 0
    assert bc_rows("Sales Header", **{"No.": header.data["No."]})[0]["Status"] == "Released"
