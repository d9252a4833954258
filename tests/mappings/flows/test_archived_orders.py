"""The archived-orders job (sales_flows §2.7): posted orders update their Sales order and set it Invoiced."""

import pytest

from mappings.flows.archived_orders import update_archived_orders
from mappings.flows.base import FlowError
from mappings.flows.bidirectional_orders import synchronize_sales_orders
from mappings.models import Coupling
from sandbox import store
from sandbox.bc.actions import ship_and_invoice
from tests.mappings.flows.world import bc_rows, build_sales_world, sales_row, sales_rows

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def world(in_process_sandbox):
    return build_sales_world(bidirectional_sales_order_integration=True)


def test_posted_order_updates_lines_from_the_archive_and_sets_invoiced(world):
    order_id = world.order(ordernumber="SO-A", lines=(("1000", 2, 100.0),))
    synchronize_sales_orders(world.connection)
    header = bc_rows("Sales Header", **{"Your Reference": "SO-A"})[0]
    ship_and_invoice(store.get("bc", "Sales Header", header["id"]))

    result = update_archived_orders(world.connection)

    assert result.counters.modified == 1
    order = sales_row("salesorder", order_id)
    assert (order["statecode"], order["statuscode"]) == (4, 100003) and order["datefulfilled"]
    detail = [r for r in sales_rows("salesorderdetail") if r.get("_salesorderid_value") == str(order_id)]
    assert [(d["quantity"], d["quantityshipped"]) for d in detail] == [(2, 2)]
    coupling = Coupling.objects.get(dataverse_id=order_id)
    assert coupling.archived_sales_order and coupling.archived_sales_order_updated


def test_a_second_run_leaves_updated_archives_alone(world):
    world.order(ordernumber="SO-B")
    synchronize_sales_orders(world.connection)
    ship_and_invoice(store.get("bc", "Sales Header", bc_rows("Sales Header")[0]["id"]))
    update_archived_orders(world.connection)

    again = update_archived_orders(world.connection)

    assert again.counters.modified == 0 and again.counters.failed == 0


def test_job_refuses_to_run_without_bidirectional_synchronization(world):
    world.connection.bidirectional_sales_order_integration = False

    with pytest.raises(FlowError, match=r"Bidirectional sales order synchronization is not enabled\."):
        update_archived_orders(world.connection)
