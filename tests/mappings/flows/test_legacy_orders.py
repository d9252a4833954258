"""Legacy sales order integration (sales_flows §1): eligibility, creation, re-entry and the errors."""

import uuid

import pytest

from mappings.flows.legacy_orders import auto_create_sales_orders, create_in_business_central
from mappings.flows.order_status import update_order_status
from mappings.models import Coupling
from sandbox import store
from sandbox.bc import service as bc_service
from sandbox.bc.actions import ship_and_invoice
from synclog.models import SyncError
from tests.mappings.flows.world import bc_rows, sales_row, sales_setup


def store_update(table: str, row_id: uuid.UUID, values: dict) -> None:
    row = store.get("dataverse", table, row_id)
    store.update("dataverse", table, row_id, {**row.data, **values})


pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_submitted_order_becomes_open_bc_order_with_lines_and_stamp(world):
    order_id = world.order(lines=(("1000", 2, 100.0), ("LINDA", 3, 80.0)), ordernumber="ORD-1")

    outcome = create_in_business_central(world.connection, order_id)

    assert outcome.created, outcome.message
    header = bc_rows("Sales Header", **{"Your Reference": "ORD-1"})
    assert len(header) == 1 and header[0]["Status"] == "Open" and header[0]["Sell-to Customer No."] == "C00010"
    lines = bc_rows("Sales Line", **{"Document No.": header[0]["No."]})
    assert sorted((line["Type"], line["No."], line["Quantity"]) for line in lines) == [
        ("Item", "1000", 2),
        ("Resource", "LINDA", 3),
    ]
    order = sales_row("salesorder", order_id)
    assert order["statecode"] == 1 and order["lastbackofficesubmit"]
    assert Coupling.objects.get(dataverse_id=order_id).bc_system_id == header[0]["id"]


def test_account_without_coupled_customer_fails_with_both_ids(world):
    order_id = world.order("C00030", ordernumber="ORD-2")

    outcome = create_in_business_central(world.connection, order_id)

    assert outcome.header is None
    assert outcome.message == (
        "The sales order cannot be created. There is no customer coupled to Dynamics 365 Sales account Fabrikam."
    )
    error = SyncError.objects.get()
    assert error.dataverse_row_id == order_id and error.dataverse_table == "salesorder"
    assert bc_rows("Sales Header") == []
    assert sales_row("salesorder", order_id).get("lastbackofficesubmit") is None


def test_write_in_line_without_setup_fails_and_writes_nothing(world):
    order_id = world.order(lines=(("1000", 1, 10.0), (None, 1, 250.0)))

    outcome = create_in_business_central(world.connection, order_id)

    assert "contains a write-in product. You must choose the default write-in product" in outcome.message
    assert bc_rows("Sales Header") == [] and not Coupling.objects.filter(dataverse_id=order_id).exists()


def test_write_in_line_uses_the_write_in_product_with_its_text(world):
    bc_service.create("Resource", {"No.": "INSTALL", "Name": "Installation", "Base Unit of Measure": "HOUR"})
    order_id = world.order(lines=((None, 1, 250.0),))

    sales_setup(**{"Write-in Product Type": "Resource", "Write-in Product No.": "INSTALL"})

    outcome = create_in_business_central(world.connection, order_id)

    line = bc_rows("Sales Line", **{"Document No.": outcome.header["No."]})[0]
    assert (line["Type"], line["No."], line["Description"], line["Unit Price"]) == (
        "Resource",
        "INSTALL",
        "Installation on site",
        250.0,
    )


def test_product_not_coupled_fails(world):
    Coupling.objects.filter(bc_table="Item", dataverse_id=world.products["1100"]).delete()
    order_id = world.order(lines=(("1100", 1, 10.0),))

    outcome = create_in_business_central(world.connection, order_id)

    assert outcome.message == (
        "The sales order cannot be created. The Dynamics 365 Sales product Front Wheel is not coupled to an item."
    )


def test_order_not_submitted_is_refused(world):
    order_id = world.order(state=0, ordernumber="ORD-ACTIVE")

    outcome = create_in_business_central(world.connection, order_id)

    assert "must be Submitted" in outcome.message and bc_rows("Sales Header") == []


def test_already_coupled_order_creates_nothing(world):
    order_id = world.order(ordernumber="ORD-3")
    first = create_in_business_central(world.connection, order_id)

    second = create_in_business_central(world.connection, order_id)

    assert not second.created
    assert second.message == f"This Dynamics 365 Sales order is already coupled to sales order {first.header['No.']}."
    assert len(bc_rows("Sales Header")) == 1


def test_retry_after_crash_finishes_the_half_made_order(world):
    order_id = world.order(ordernumber="ORD-4", lines=(("1000", 2, 100.0),))
    Coupling.objects.create(
        connection=world.connection,
        bc_table="Sales Header",
        dataverse_table="salesorder",
        dataverse_id=order_id,
        pending="bc",
    )
    header = bc_service.create(
        "Sales Header", {"Document Type": "Order", "Sell-to Customer No.": "C00010", "Your Reference": "ORD-4"}
    )
    bc_service.create(
        "Sales Line",
        {
            "Document Type": "Order",
            "Document No.": header.data["No."],
            "No.": "1000",
            "Quantity": 2,
            "Unit Price": 100.0,
        },
    )

    outcome = create_in_business_central(world.connection, order_id)

    assert outcome.created and outcome.header["No."] == header.data["No."]
    assert len(bc_rows("Sales Header")) == 1 and len(bc_rows("Sales Line")) == 1
    assert Coupling.objects.get(dataverse_id=order_id).pending == ""


def test_auto_create_job_creates_eligible_orders_and_logs_the_failing_one(world):
    good = world.order(ordernumber="ORD-5")
    bad = world.order("C00030", ordernumber="ORD-6")
    world.order(ordernumber="ORD-7", lastbackofficesubmit="2024-05-01T00:00:00Z")

    result = auto_create_sales_orders(world.connection)

    assert (result.counters.inserted, result.counters.failed) == (1, 1)
    assert [h["Your Reference"] for h in bc_rows("Sales Header")] == ["ORD-5"]
    assert SyncError.objects.get().dataverse_row_id == bad
    assert sales_row("salesorder", good)["lastbackofficesubmit"]
    assert sales_row("salesorder", bad).get("lastbackofficesubmit") is None


def test_order_discount_becomes_invoice_discount_amount(world):
    order_id = world.order(ordernumber="ORD-8", lines=(("1000", 2, 100.0),))
    store_update(
        "salesorder", order_id, {"discountamount": 20, "totallineitemamount": 200, "totalamountlessfreight": 180}
    )

    create_in_business_central(world.connection, order_id)

    assert bc_rows("Sales Header")[0]["Invoice Discount Amount"] == 20


def test_deleted_bc_order_reopens_the_sales_order(world):
    order_id = world.order(ordernumber="ORD-9")
    header = create_in_business_central(world.connection, order_id).header
    bc_service.delete("Sales Header", header["id"])

    result = update_order_status(world.connection)

    order = sales_row("salesorder", order_id)
    assert (order["statecode"], order["statuscode"], order.get("lastbackofficesubmit")) == (0, 2, None)
    assert result.counters.uncoupled == 1 and not Coupling.objects.filter(dataverse_id=order_id).exists()


def test_fully_posted_order_sets_the_sales_order_invoiced(world):
    order_id = world.order(ordernumber="ORD-10")
    header = create_in_business_central(world.connection, order_id).header
    ship_and_invoice(store.get("bc", "Sales Header", header["id"]))

    update_order_status(world.connection)

    order = sales_row("salesorder", order_id)
    assert (order["statecode"], order["statuscode"]) == (4, 100003)
