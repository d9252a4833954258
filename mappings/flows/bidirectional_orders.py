"""Bidirectional sales order synchronization: SALESORDER-ORDER with its lines (SOLINE-ORDERDETAIL) (§2).

BC → Dataverse first: a released, coupled BC order sends its header, prices, tax, shipped quantities and
shipment date; the Sales order is reactivated to be written and ends Submitted. Then Dataverse → BC: a submitted
Sales order becomes (or updates) a Released BC order; a changed order is archived first, reopened, rewritten with
its lines and discount, and released again. Each pass is its own job; each side skips what it wrote itself,
because the coupling keeps both records' stamps after our writes.
"""

import uuid
from datetime import datetime

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from connection_setup.models import Connection
from mappings.engine.endpoints import parse_stamp
from mappings.flows.base import FROM_DATAVERSE, TO_DATAVERSE, FlowError, FlowOptions, FlowResult, FlowRun, RecordRef
from mappings.flows.bc_documents import dataverse_lines, plan_document, replace_lines, write_document
from mappings.flows.couplings import couple, coupling_of_row
from mappings.flows.dataverse_rows import ORDER_SUBMITTED, set_state, writable
from mappings.flows.notes import copy_order_annotations
from mappings.flows.order_lines import order_line_writes
from mappings.flows.order_status import flag_archived_orders
from mappings.flows.order_values import References, header_columns
from mappings.flows.price_lists import ensure_order_price_list
from mappings.flows.resolution import Resolver
from mappings.flows.sales_setup import ensure_archive_orders
from mappings.models import Coupling

__all__ = [
    "BIDIRECTIONAL_JOB",
    "newer",
    "pull_submitted_orders",
    "push_released_orders",
    "remember",
    "synchronize_sales_orders",
]

BIDIRECTIONAL_JOB = "SALESORDER-ORDER"
PREFIX = "The sales order cannot be synchronized."


def newer(run: FlowRun, stamp: object, synchronized: datetime | None) -> bool:
    parsed = parse_stamp(stamp)
    return run.options.full or synchronized is None or parsed is None or parsed > synchronized


def remember(run: FlowRun, coupling: Coupling, header_id: object, order_id: object) -> None:
    """Both stamps after our own writes, so that neither side reads our write back as a change."""
    coupling.bc_modified_on = parse_stamp(run.bc.get("Sales Header", header_id)["lastModifiedDateTime"])
    coupling.dataverse_modified_on = parse_stamp(run.dataverse.get("salesorder", order_id)["modifiedon"])
    coupling.save(update_fields=["bc_modified_on", "dataverse_modified_on"])


def _couple_lines(run: FlowRun, order: dict, pairs: list[tuple[dict, dict]]) -> None:
    """Couple each Sales order line to its BC line and give it the BC line number (Line No. → its column)."""
    numbers = {}
    for line, bc_line in pairs:
        couple(run.connection, "Sales Line", bc_line["id"], "salesorderdetail", line["salesorderdetailid"])
        if line.get("bcbi_businesscentrallinenumber") != bc_line["Line No."]:
            numbers[line["salesorderdetailid"]] = bc_line["Line No."]
    if numbers:
        current = run.dataverse.get("salesorder", order["salesorderid"])
        writable(run.dataverse, "salesorder", current, {}, state_after=0)
        writes = [
            Write("update", "salesorderdetail", row_id, {"bcbi_businesscentrallinenumber": number})
            for row_id, number in numbers.items()
        ]
        run.dataverse.write_batch(writes)
        set_state(run.dataverse, "salesorder", order["salesorderid"], current.get("statecode") or 0)


# Dataverse → BC


def _rewrite(run: FlowRun, plan, coupling: Coupling) -> tuple[dict, list]:
    """A changed Sales order rewrites its BC order: archived first (Archive Orders), reopened, header and lines."""
    header = run.bc.get("Sales Header", coupling.bc_system_id)
    if run.sales_setup.archive_orders:
        run.bc.bound_action("Sales Header", header["id"], "archive")
    run.bc.bound_action("Sales Header", header["id"], "reopen")
    changes = {k: v for k, v in plan.header.items() if k != "Document Type" and header.get(k) != v}
    if changes:
        run.bc.update("Sales Header", header["id"], changes)
    return header, replace_lines(run.bc, header, plan, quote=False)


def _pull(run: FlowRun, order: dict) -> None:
    coupling = coupling_of_row(run.connection, "Sales Header", "salesorder", order["salesorderid"])
    if coupling and (
        coupling.archived_sales_order or not newer(run, order.get("modifiedon"), coupling.dataverse_modified_on)
    ):
        run.count(unchanged=1)
        return
    resolver = Resolver(run.connection, run.bc, run.dataverse, prefix=PREFIX)
    lines = dataverse_lines(run.dataverse, "salesorder", order["salesorderid"])
    label = f"sales order {order.get('ordernumber')}"
    plan = plan_document(resolver, order, lines, document_type="Order", label=label, write_in=run.sales_setup.write_in)
    if coupling is None or coupling.bc_system_id is None:
        header, pairs = write_document(
            run.connection, run.bc, plan, dataverse_table="salesorder", row_id=order["salesorderid"]
        )
        run.count(inserted=1, coupled=1)
        numbers = {"bcbi_businesscentralordernumber": header["No."]}
        numbers["bcbi_businesscentraldocumentoccurrencenumber"] = header.get("Doc. No. Occurrence") or 1
        writable(run.dataverse, "salesorder", order, numbers)
    else:
        header, pairs = _rewrite(run, plan, coupling)
        run.count(modified=1)
    _couple_lines(run, order, pairs)
    run.bc.bound_action("Sales Header", header["id"], "release")
    copy_order_annotations(run, header, order["salesorderid"])
    coupling = coupling_of_row(run.connection, "Sales Header", "salesorder", order["salesorderid"])
    remember(run, coupling, header["id"], order["salesorderid"])


def pull_submitted_orders(run: FlowRun) -> None:
    """Submitted Sales orders not written by us (or the ones asked for) → Released BC orders."""
    where = odata.eq("statecode", ORDER_SUBMITTED)
    if run.options.dataverse_ids is not None:
        where = where & odata.in_("salesorderid", list(run.options.dataverse_ids))
    elif run.connection.integration_user_id and not run.options.full:
        where = where & odata.ne("_modifiedby_value", odata.guid(run.connection.integration_user_id))
    for page in run.dataverse.iter_pages("salesorder", filter=where):
        for order in page:
            ref = RecordRef("Sales Header", None, "salesorder", order["salesorderid"])
            run.guarded(ref, _pull, run, order)


# BC → Dataverse


def _push(run: FlowRun, refs: References, header: dict, coupling: Coupling) -> None:
    if coupling.archived_sales_order or not newer(run, header.get("lastModifiedDateTime"), coupling.bc_modified_on):
        run.count(unchanged=1)
        return
    order = run.dataverse.get("salesorder", coupling.dataverse_id)
    writes, pairs, lines = order_line_writes(run, header, coupling.dataverse_id)
    changes = header_columns(refs, header, bill_to_name=False) | {
        "bcbi_businesscentralordernumber": header["No."],
        "discountpercentage": header.get("Payment Discount %") or 0,
        "description": header.get("Work Description") or "",
    }
    changes |= ensure_order_price_list(run, order, header, lines)
    writable(run.dataverse, "salesorder", order, changes, state_after=0)
    results = run.dataverse.write_batch(writes)
    failed = next((r for r in results if not r.ok), None)
    for bc_line_id, row_id in pairs:
        couple(run.connection, "Sales Line", bc_line_id, "salesorderdetail", row_id)
    set_state(run.dataverse, "salesorder", coupling.dataverse_id, ORDER_SUBMITTED)
    if failed is not None:
        raise FlowError(failed.error.message)
    run.count(modified=1)
    remember(run, coupling, header["id"], coupling.dataverse_id)


def push_released_orders(run: FlowRun, push=_push) -> None:
    """Released, coupled BC orders (or the ones asked for) → their Sales orders; only coupled records (§2.4)."""
    couplings = {
        c.bc_system_id: c
        for c in Coupling.objects.filter(
            connection=run.connection, bc_table="Sales Header", dataverse_table="salesorder", bc_system_id__isnull=False
        )
    }
    where = odata.eq("Document Type", "Order") & odata.eq("Status", "Released")
    if run.options.bc_ids is not None:
        where = where & odata.in_("id", list(run.options.bc_ids))
    refs = References(run)
    for page in run.bc.iter_pages("Sales Header", filter=where):
        for header in page:
            coupling = couplings.get(uuid.UUID(header["id"]))
            if coupling is not None:
                ref = RecordRef("Sales Header", header["id"], "salesorder", coupling.dataverse_id)
                run.guarded(ref, push, run, refs, header, coupling)


def synchronize_sales_orders(
    connection: Connection, *, options: FlowOptions | None = None, directions=(TO_DATAVERSE, FROM_DATAVERSE)
) -> list[FlowResult]:
    """One run of the bidirectional SALESORDER-ORDER mapping: BC → Dataverse first, then Dataverse → BC."""
    options = options or FlowOptions()
    results = []
    if TO_DATAVERSE in directions:
        with FlowRun(connection, BIDIRECTIONAL_JOB, direction=TO_DATAVERSE, options=options) as run:
            ensure_archive_orders(run)
            flag_archived_orders(run)
            push_released_orders(run)
        results.append(run.result)
    if FROM_DATAVERSE in directions:
        with FlowRun(connection, BIDIRECTIONAL_JOB, direction=FROM_DATAVERSE, options=options) as run:
            pull_submitted_orders(run)
        results.append(run.result)
    return results
