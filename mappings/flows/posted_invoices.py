"""Posted sales invoices → Dataverse invoices with their lines, customer, price list and state (sales_flows §4).

The Dataverse id of each invoice and line is derived from the BC SystemId, so a retry after a crash upserts the
same rows. An invoice that came from a Sales order takes that order's customer, opportunity, price list and name;
a paid or canceled invoice is read-only in Sales and is left alone, except by the payment status.
"""

import uuid

from connection_setup.clients import odata
from connection_setup.models import Connection
from mappings.flows.base import TO_DATAVERSE, FlowError, FlowOptions, FlowResult, FlowRun, RecordRef, last_success
from mappings.flows.couplings import couple, coupled_bc_id, coupled_dataverse_id
from mappings.flows.dataverse_rows import bind, lookup, lookup_table, set_state
from mappings.flows.invoice_lines import invoice_line_writes, line_row_id, rounding_line
from mappings.flows.order_lines import PRODUCT_LINE_TYPES, products_of
from mappings.flows.order_values import References, address_values
from mappings.flows.price_lists import ensure_price_list_items, price_list_for_currency
from mappings.flows.sales_setup import write_in_number
from mappings.models import Coupling

__all__ = ["INVOICE_JOB", "apply_invoice_state", "invoice_state", "synchronize_posted_invoices"]

INVOICE_JOB = "POSTEDSALESINV-INV"
INVOICE_ACTIVE, INVOICE_PAID, INVOICE_CANCELED = 0, 2, 3
BILLED, COMPLETE, PARTIAL, CANCELED = 4, 100001, 100002, 100003


def invoice_state(invoice: dict) -> tuple[int, int]:
    """(statecode, statuscode) from the invoice's payment (table 4.6)."""
    if invoice.get("Cancelled"):
        return INVOICE_CANCELED, CANCELED
    remaining, amount = invoice.get("Remaining Amount") or 0, invoice.get("Amount Including VAT") or 0
    if remaining == 0:
        return INVOICE_PAID, COMPLETE
    if remaining != amount:
        return INVOICE_PAID, PARTIAL
    return INVOICE_ACTIVE, BILLED


def apply_invoice_state(run: FlowRun, invoice: dict, row: dict) -> bool:
    """Write the state when it differs; a closed invoice is reactivated (Active, Billed) first."""
    state, status = invoice_state(invoice)
    if (row.get("statecode"), row.get("statuscode")) == (state, status):
        return False
    if row.get("statecode") not in (None, INVOICE_ACTIVE):
        set_state(run.dataverse, "invoice", row["invoiceid"], INVOICE_ACTIVE, BILLED)
    set_state(run.dataverse, "invoice", row["invoiceid"], state, status)
    return True


def _order_fields(run: FlowRun, invoice: dict, order: dict) -> dict:
    """An invoice of a Sales order takes its customer, owner, opportunity, price list and name (§4.3)."""
    reference = invoice.get("Your Reference") or ""
    account_id = lookup(order, "customerid")
    if lookup_table(order, "customerid") == "contact":
        account_id = lookup(run.dataverse.get("contact", account_id), "parentcustomerid")
    customer_id = coupled_bc_id(run.connection, "Customer", "account", account_id) if account_id else None
    if customer_id is None or customer_id != _customer_system_id(run, invoice["Sell-to Customer No."]):
        raise FlowError(
            "Cannot create the invoice in Dynamics 365 Sales. The customer from the original Dynamics 365 Sales sales "
            f"order {reference} was changed or is no longer coupled."
        )
    fields = {"name": order.get("name") or invoice["No."]} | bind("customerid_account", "account", account_id)
    fields |= bind("salesorderid", "salesorder", order["salesorderid"])
    for column, table in (("opportunityid", "opportunity"), ("pricelevelid", "pricelevel")):
        if lookup(order, column):
            fields |= bind(column, table, lookup(order, column))
    owner = lookup(order, "ownerid")
    if owner:
        fields |= bind("ownerid", lookup_table(order, "ownerid") or "systemuser", owner)
    return fields


def _customer_fields(run: FlowRun, refs: References, invoice: dict) -> dict:
    """Customer, owner, price list and name: from the originating Sales order when there is one."""
    reference = invoice.get("Your Reference") or ""
    where = odata.eq("ordernumber", reference)
    orders = [r for p in run.dataverse.iter_pages("salesorder", filter=where) for r in p] if reference else []
    if orders:
        return _order_fields(run, invoice, orders[0])
    customer_id = _customer_system_id(run, invoice["Sell-to Customer No."])
    account_id = coupled_dataverse_id(run.connection, "Customer", customer_id) if customer_id else None
    if account_id is None:
        raise FlowError(
            f"Customer {invoice['Sell-to Customer No.']} must be coupled to a record in Dynamics 365 Sales."
        )
    code = invoice.get("Currency Code") or ""
    price_list = price_list_for_currency(run, code, refs.currency(code))
    fields = {"name": invoice["No."]} | bind("customerid_account", "account", account_id)
    return fields | bind("pricelevelid", "pricelevel", price_list) | refs.owner(invoice.get("Salesperson Code") or "")


def _customer_system_id(run: FlowRun, number: str) -> uuid.UUID | None:
    rows = [r for p in run.bc.iter_pages("Customer", filter=odata.eq("No.", number), select=["No."]) for r in p]
    return uuid.UUID(rows[0]["id"]) if rows else None


def _header(refs: References, invoice: dict) -> dict:
    values = {
        "invoicenumber": invoice["No."],
        "duedate": invoice.get("Due Date") or None,
        "datedelivered": invoice.get("Shipment Date") or None,
        "discountamount": invoice.get("Invoice Discount Amount") or 0,
        "description": invoice.get("Work Description") or "",
    }
    values |= bind("transactioncurrencyid", "transactioncurrency", refs.currency(invoice.get("Currency Code") or ""))
    with_names = address_values(invoice, "Ship", with_name=True) | address_values(invoice, "Bill", with_name=True)
    return values | with_names | refs.company


def _products(run: FlowRun, lines: list[dict], *, new: bool) -> dict:
    """(Type, No.) → ("product", id) or ("write-in", None); a blocked item or resource refuses a new invoice."""
    write_in = write_in_number(run)
    coupled = products_of(run, lines)
    found = {}
    for kind in PRODUCT_LINE_TYPES:
        numbers = sorted({line["No."] for line in lines if line["Type"] == kind})
        if not numbers or not new:
            continue
        for page in run.bc.iter_pages(kind, filter=odata.in_("No.", numbers), select=["No.", "Blocked"]):
            blocked = next((record for record in page if record.get("Blocked")), None)
            if blocked is not None:
                raise FlowError(
                    f"Blocked must be equal to 'No' in {kind}: No.={blocked['No.']}. Current value is 'Yes'."
                )
    for key, product_id in coupled.items():
        found[key] = ("write-in", None) if key == write_in or product_id is None else ("product", product_id)
    return found


def _write_lines(run: FlowRun, invoice: dict, row_id: uuid.UUID, lines: list[dict], products: dict) -> None:
    writes = invoice_line_writes(invoice, lines, row_id, products)
    rounding = rounding_line(invoice, writes, lines, row_id)
    results = run.dataverse.write_batch([*writes, *([rounding] if rounding else [])])
    failed = next((result for result in results if not result.ok), None)
    if failed is not None:
        raise FlowError(failed.error.message)


def _synchronize(run: FlowRun, refs: References, invoice: dict) -> None:
    coupling = Coupling.objects.filter(
        connection=run.connection, bc_table="Sales Invoice Header", bc_system_id=invoice["id"]
    ).first()
    row_id = coupling.dataverse_id if coupling else line_row_id("invoice", invoice["id"])
    current = run.dataverse.get("invoice", row_id) if coupling else None
    if current is not None and current.get("statecode") != INVOICE_ACTIVE:
        run.count(skipped=1)
        return
    where = odata.eq("Document No.", invoice["No."])
    lines = [line for page in run.bc.iter_pages("Sales Invoice Line", filter=where) for line in page if line.get("No.")]
    products = _products(run, lines, new=coupling is None)
    body = _header(refs, invoice) | (_customer_fields(run, refs, invoice) if coupling is None else {})
    run.dataverse.upsert("invoice", row_id, body)
    price_list = lookup(run.dataverse.get("invoice", row_id), "pricelevelid")
    if price_list:
        ensure_price_list_items(run, price_list, [p for kind, p in products.values() if kind == "product"])
    _write_lines(run, invoice, row_id, lines, products)
    couple(run.connection, "Sales Invoice Header", invoice["id"], "invoice", row_id, mapping=INVOICE_JOB)
    apply_invoice_state(run, invoice, run.dataverse.get("invoice", row_id))
    run.count(inserted=1 if coupling is None else 0, modified=0 if coupling is None else 1)


def synchronize_posted_invoices(connection: Connection, *, options: FlowOptions | None = None) -> list[FlowResult]:
    """The POSTEDSALESINV-INV run with its line mapping: posted invoices changed since the last successful run."""
    options = options or FlowOptions()
    since = None if options.full else last_success(connection, INVOICE_JOB)
    with FlowRun(connection, INVOICE_JOB, direction=TO_DATAVERSE, options=options) as run:
        where = odata.gt("lastModifiedDateTime", since) if since else None
        if options.bc_ids is not None:
            where = odata.in_("id", list(options.bc_ids))
        refs = References(run)
        for page in run.bc.iter_pages("Sales Invoice Header", filter=where):
            for invoice in page:
                ref = RecordRef("Sales Invoice Header", invoice["id"], "invoice", None)
                run.guarded(ref, _synchronize, run, refs, invoice)
    return [run.result]
