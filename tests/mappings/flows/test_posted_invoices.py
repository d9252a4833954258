"""Posted sales invoices into Dataverse invoices (sales_flows §4) and their payment state (§4.6, §6.3)."""

import uuid

import pytest

from mappings.flows.invoice_lines import invoice_line_writes, rounding_line
from mappings.flows.posted_invoices import invoice_state, synchronize_posted_invoices
from mappings.flows.statistics import run_statistics_job
from mappings.models import Coupling
from sandbox import store
from sandbox.bc import service as bc_service
from sandbox.bc.actions import ship_and_invoice
from tests.mappings.flows.world import sales_row, sales_rows

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _post_order(customer: str = "C00010") -> dict:
    header = bc_service.create("Sales Header", {"Document Type": "Order", "Sell-to Customer No.": customer})
    bc_service.create(
        "Sales Line",
        {
            "Document Type": "Order",
            "Document No.": header.data["No."],
            "No.": "1000",
            "Quantity": 3,
            "Unit Price": 40.0,
            "VAT %": 25,
        },
    )
    return ship_and_invoice(store.get("bc", "Sales Header", header.row_id)).data


def test_posted_invoice_becomes_billed_invoice_with_lines_and_price_list(world):
    posted = _post_order()

    (result,) = synchronize_posted_invoices(world.connection)

    assert result.counters.inserted == 1
    invoice_id = Coupling.objects.get(bc_table="Sales Invoice Header").dataverse_id
    invoice = sales_row("invoice", invoice_id)
    assert invoice["invoicenumber"] == posted["No."] and (invoice["statecode"], invoice["statuscode"]) == (0, 4)
    assert invoice["_customerid_value"] == str(world.accounts["C00010"]) and invoice["_pricelevelid_value"]
    lines = [r for r in sales_rows("invoicedetail") if r["_invoiceid_value"] == str(invoice_id)]
    assert [(ln["quantity"], ln["priceperunit"], ln["tax"], ln["_productid_value"]) for ln in lines] == [
        (3, 40.0, 30.0, str(world.products["1000"]))
    ]


def test_retry_upserts_the_same_invoice(world):
    _post_order()
    synchronize_posted_invoices(world.connection)
    Coupling.objects.all().filter(bc_table="Sales Invoice Header").delete()

    synchronize_posted_invoices(world.connection)

    assert len(sales_rows("invoice")) == 1 and len(sales_rows("invoicedetail")) == 1


def test_customer_not_coupled_fails(world):
    _post_order("C00030")

    (result,) = synchronize_posted_invoices(world.connection)

    assert result.counters.failed == 1 and sales_rows("invoice") == []


def test_payment_moves_the_invoice_to_paid_then_closed_invoices_are_skipped(world):
    posted = _post_order()
    synchronize_posted_invoices(world.connection)
    row = store.find("bc", "Sales Invoice Header", **{"No.": posted["No."]})[0]
    store.update("bc", "Sales Invoice Header", row.row_id, {**row.data, "Remaining Amount": 0})

    run_statistics_job(world.connection)

    invoice = sales_row("invoice", Coupling.objects.get(bc_table="Sales Invoice Header").dataverse_id)
    assert (invoice["statecode"], invoice["statuscode"]) == (2, 100001)
    assert synchronize_posted_invoices(world.connection)[0].counters.modified == 0


@pytest.mark.parametrize(
    ("invoice", "state"),
    [
        ({"Remaining Amount": 0, "Amount Including VAT": 100}, (2, 100001)),
        ({"Remaining Amount": 40, "Amount Including VAT": 100}, (2, 100002)),
        ({"Remaining Amount": 100, "Amount Including VAT": 100}, (0, 4)),
        ({"Remaining Amount": 100, "Amount Including VAT": 100, "Cancelled": True}, (3, 100003)),
    ],
)
def test_invoice_state_follows_the_payment(invoice, state):
    assert invoice_state(invoice) == state


def test_prices_including_vat_send_net_prices_and_a_rounding_line():
    invoice = {"Prices Including VAT": True}
    line = {"id": "1", "Line No.": 10000, "Type": "Item", "No.": "1000", "Quantity": 3, "Unit Price": 9.99}
    line |= {"Amount": 23.98, "Amount Including VAT": 29.97, "Line Discount Amount": 0}
    invoice_id = uuid.uuid4()

    writes = invoice_line_writes(invoice, [line], invoice_id, {("Item", "1000"): ("product", uuid.uuid4())})
    rounding = rounding_line(invoice, writes, [line], invoice_id)

    assert (writes[0].data["priceperunit"], writes[0].data["tax"]) == (7.99, 5.99)
    assert (rounding.data["productdescription"], rounding.data["priceperunit"]) == ("Rounding", 0.01)
    assert rounding_line({"Prices Including VAT": False}, writes, [line], invoice_id) is None
