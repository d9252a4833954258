"""Automatically process sales quotes: Active Sales quotes become BC sales quotes, revisions rebuild them and
won quotes lead to BC orders (sales_flows §3).

A won quote is processed once: a "won marker" coupling (the quote's id with no BC record) records it. Revision
n of a quote updates the BC quote coupled to its revised predecessor instead of adding a second quote.
"""

from connection_setup.clients import odata
from connection_setup.models import Connection
from mappings.flows.base import FlowError, FlowResult, FlowRun, RecordRef
from mappings.flows.bc_documents import dataverse_lines, find_headers, plan_document, replace_lines, write_document
from mappings.flows.couplings import couple, coupling_of_row
from mappings.flows.freight import freight_line
from mappings.flows.legacy_orders import create_sales_order
from mappings.flows.resolution import Resolver
from mappings.models import Coupling

__all__ = ["PROCESS_QUOTES_JOB", "WON_MARKER", "process_sales_quotes"]

PROCESS_QUOTES_JOB = "AUTO-PROCESS-QUOTES"
WON_MARKER = "quote-won"
QUOTE_PREFIX = "The sales quote cannot be created."
QUOTE_ACTIVE, QUOTE_WON, QUOTE_CLOSED, QUOTE_REVISED = 1, 2, 3, 7
ORDER_SUBMITTED = 1


def _plan(run: FlowRun, quote: dict):
    resolver = Resolver(run.connection, run.bc, run.dataverse, prefix=QUOTE_PREFIX)
    lines = dataverse_lines(run.dataverse, "quote", quote["quoteid"])
    label = f"sales quote {quote.get('quotenumber')}"
    freight = freight_line(run.sales_setup, quote, prefix=QUOTE_PREFIX)
    write_in = run.sales_setup.write_in
    return plan_document(resolver, quote, lines, document_type="Quote", label=label, write_in=write_in, freight=freight)


def _previous_revision(run: FlowRun, quote: dict) -> Coupling | None:
    where = odata.eq("quotenumber", quote.get("quotenumber") or "") & odata.eq("statecode", QUOTE_CLOSED)
    where = where & odata.eq("statuscode", QUOTE_REVISED)
    for page in run.dataverse.iter_pages("quote", filter=where):
        for previous in page:
            coupling = coupling_of_row(run.connection, "Sales Header", "quote", previous["quoteid"])
            if coupling is not None and coupling.bc_system_id is not None:
                return coupling
    return None


def _create_quote(run: FlowRun, quote: dict) -> dict:
    header, _ = write_document(
        run.connection, run.bc, _plan(run, quote), dataverse_table="quote", row_id=quote["quoteid"]
    )
    run.count(inserted=1, coupled=1)
    return header


def _active(run: FlowRun, quote: dict) -> None:
    if coupling_of_row(run.connection, "Sales Header", "quote", quote["quoteid"]):
        run.count(unchanged=1)
        return
    previous = _previous_revision(run, quote) if (quote.get("revisionnumber") or 0) > 0 else None
    if previous is None:
        _create_quote(run, quote)
        return
    plan = _plan(run, quote)
    header = run.bc.get("Sales Header", previous.bc_system_id)
    run.bc.bound_action("Sales Header", header["id"], "archive")
    run.bc.bound_action("Sales Header", header["id"], "reopen")
    changes = {k: v for k, v in plan.header.items() if k != "Document Type" and header.get(k) != v}
    if changes:
        run.bc.update("Sales Header", header["id"], changes)
    replace_lines(run.bc, header, plan, quote=True)
    previous.delete()
    couple(run.connection, "Sales Header", header["id"], "quote", quote["quoteid"])
    run.count(modified=1)


def _order_of_quote(run: FlowRun, quote: dict) -> dict | None:
    where = odata.eq("_quoteid_value", odata.guid(quote["quoteid"]))
    orders = [row for page in run.dataverse.iter_pages("salesorder", filter=where) for row in page]
    if not orders:
        raise FlowError("Unable to find Dynamics 365 Sales order that corresponds to this quote.")
    order = orders[0]
    coupling = coupling_of_row(run.connection, "Sales Header", "salesorder", order["salesorderid"])
    if coupling is not None and coupling.bc_system_id is not None:
        return run.bc.get("Sales Header", coupling.bc_system_id)
    if order.get("statecode") != ORDER_SUBMITTED:
        return None
    create_sales_order(run, order)
    found = find_headers(run.bc, "Order", (order.get("ordernumber") or "")[:35])
    if not found:
        raise FlowError("Converting the sales quote to a sales order failed.")
    return found[-1]


def _won(run: FlowRun, quote: dict) -> None:
    coupling = coupling_of_row(run.connection, "Sales Header", "quote", quote["quoteid"])
    header = run.bc.get("Sales Header", coupling.bc_system_id) if coupling else _create_quote(run, quote)
    if Coupling.objects.filter(
        connection=run.connection, dataverse_table=WON_MARKER, dataverse_id=quote["quoteid"]
    ).exists():
        run.count(unchanged=1)
        return
    order = _order_of_quote(run, quote)
    if order is None:
        run.bc.bound_action("Sales Header", header["id"], "release")
    else:
        if order.get("Quote No.") != header["No."]:
            run.bc.update("Sales Header", order["id"], {"Quote No.": header["No."]})
        run.bc.bound_action("Sales Header", header["id"], "archive")
    Coupling.objects.create(
        connection=run.connection, bc_table="Sales Header", dataverse_table=WON_MARKER, dataverse_id=quote["quoteid"]
    )
    run.count(modified=1)


def process_sales_quotes(connection: Connection) -> FlowResult:
    """The Auto Process Sales Quotes job: Active and Won quotes, each in its own attempt."""
    with FlowRun(connection, PROCESS_QUOTES_JOB) as run:
        if not connection.is_enabled:
            run.note("The Dynamics 365 Sales connection is not enabled; no quote was processed.")
            return run.result
        where = odata.in_("statecode", [QUOTE_ACTIVE, QUOTE_WON])
        for page in run.dataverse.iter_pages("quote", filter=where):
            for quote in page:
                handler = _won if quote.get("statecode") == QUOTE_WON else _active
                run.guarded(RecordRef("Sales Header", None, "quote", quote["quoteid"]), handler, run, quote)
    return run.result
