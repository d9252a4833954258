"""Bidirectional sales order synchronization: SALESORDER-ORDER with its lines (SOLINE-ORDERDETAIL) (§2).

Dataverse → BC: a submitted Sales order becomes (or updates) a Released BC order: the BC order is reopened,
rewritten with its lines and discount, and released again. BC → Dataverse: a released, coupled BC order sends
its prices, tax, shipped quantities and shipment date back; the Sales order is reactivated to be written and
ends Submitted. Each side skips what it wrote itself: the coupling keeps both records' stamps after our writes.
"""

import uuid
from datetime import datetime

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from connection_setup.models import Connection
from mappings.engine.endpoints import parse_stamp
from mappings.flows.base import FlowError, FlowResult, FlowRun, RecordRef
from mappings.flows.bc_documents import (
    bc_lines,
    bound_action,
    dataverse_lines,
    plan_document,
    replace_lines,
    write_document,
)
from mappings.flows.couplings import couple, coupling_of_row
from mappings.flows.dataverse_rows import ORDER_SUBMITTED, bind, set_state, writable
from mappings.flows.document_mapping import line_amounts
from mappings.flows.notes import copy_order_annotations
from mappings.flows.order_status import flag_archived_orders
from mappings.flows.resolution import Resolver, WriteIn
from mappings.models import Coupling

__all__ = [
    "BIDIRECTIONAL_JOB",
    "product_of",
    "pull_submitted_orders",
    "push_released_orders",
    "synchronize_sales_orders",
]

BIDIRECTIONAL_JOB = "SALESORDER-ORDER"
PREFIX = "The sales order cannot be synchronized."
PRODUCT_LINE_TYPES = ("Item", "Resource")


def _newer(stamp: object, synchronized: datetime | None) -> bool:
    parsed = parse_stamp(stamp)
    return synchronized is None or parsed is None or parsed > synchronized


def _remember(run: FlowRun, coupling: Coupling, header_id: object, order_id: object) -> None:
    """Both stamps after our own writes, so that neither side reads our write back as a change."""
    coupling.bc_modified_on = parse_stamp(run.bc.get("Sales Header", header_id)["lastModifiedDateTime"])
    coupling.dataverse_modified_on = parse_stamp(run.dataverse.get("salesorder", order_id)["modifiedon"])
    coupling.save(update_fields=["bc_modified_on", "dataverse_modified_on"])


def _couple_lines(run: FlowRun, order: dict, pairs: list[tuple[dict, dict]]) -> None:
    """Couple each Sales order line to its BC line and give it the BC line number (Line No. → its column)."""
    numbers = []
    for line, bc_line in pairs:
        couple(run.connection, "Sales Line", bc_line["id"], "salesorderdetail", line["salesorderdetailid"])
        if line.get("bcbi_businesscentrallinenumber") != bc_line["Line No."]:
            body = {"bcbi_businesscentrallinenumber": bc_line["Line No."]}
            numbers.append(Write("update", "salesorderdetail", line["salesorderdetailid"], body))
    if numbers:
        current = run.dataverse.get("salesorder", order["salesorderid"])
        writable(run.dataverse, "salesorder", current, {}, state_after=0)
        run.dataverse.write_batch(numbers)
        set_state(run.dataverse, "salesorder", order["salesorderid"], current.get("statecode") or 0)


# Dataverse → BC


def _pull(run: FlowRun, order: dict, write_in: WriteIn | None) -> None:
    coupling = coupling_of_row(run.connection, "Sales Header", "salesorder", order["salesorderid"])
    if coupling and (
        coupling.archived_sales_order or not _newer(order.get("modifiedon"), coupling.dataverse_modified_on)
    ):
        run.count(unchanged=1)
        return
    resolver = Resolver(run.connection, run.bc, run.dataverse, prefix=PREFIX)
    lines = [line for line in dataverse_lines(run.dataverse, "salesorder", order["salesorderid"])]
    plan = plan_document(
        resolver,
        order,
        lines,
        document_type="Order",
        label=f"sales order {order.get('ordernumber')}",
        write_in=write_in,
    )
    if coupling is None or coupling.bc_system_id is None:
        header, pairs = write_document(
            run.connection, run.bc, plan, dataverse_table="salesorder", row_id=order["salesorderid"]
        )
        run.count(inserted=1, coupled=1)
        numbers = {"bcbi_businesscentralordernumber": header["No."]}
        numbers["bcbi_businesscentraldocumentoccurrencenumber"] = header.get("Doc. No. Occurrence") or 1
        writable(run.dataverse, "salesorder", order, numbers)
    else:
        header = run.bc.get("Sales Header", coupling.bc_system_id)
        bound_action(run.bc, header, "reopen")
        changes = {k: v for k, v in plan.header.items() if k != "Document Type" and header.get(k) != v}
        if changes:
            run.bc.update("Sales Header", header["id"], changes)
        pairs = replace_lines(run.bc, header, plan, quote=False)
        run.count(modified=1)
    _couple_lines(run, order, pairs)
    bound_action(run.bc, header, "release")
    copy_order_annotations(run, header, order["salesorderid"])
    _remember(
        run,
        coupling_of_row(run.connection, "Sales Header", "salesorder", order["salesorderid"]),
        header["id"],
        order["salesorderid"],
    )


def pull_submitted_orders(run: FlowRun, *, write_in: WriteIn | None = None) -> None:
    """Submitted Sales orders not written by us → Released BC orders."""
    where = odata.eq("statecode", ORDER_SUBMITTED)
    if run.connection.integration_user_id:
        where = where & odata.ne("_modifiedby_value", run.connection.integration_user_id)
    for page in run.dataverse.iter_pages("salesorder", filter=where):
        for order in page:
            ref = RecordRef("Sales Header", None, "salesorder", order["salesorderid"])
            run.guarded(ref, _pull, run, order, write_in)


# BC → Dataverse


def _line_body(line: dict) -> dict:
    """What BC sends for a line: prices, quantities, tax, amounts (read-only amounts are Dataverse's own)."""
    shipped = {"quantityshipped": line.get("Quantity Shipped") or 0}
    return line_amounts(line) | shipped | {"bcbi_businesscentrallinenumber": line["Line No."]}


def product_of(run: FlowRun, line: dict) -> uuid.UUID | None:
    records = [r for p in run.bc.iter_pages(line["Type"], filter=odata.eq("No.", line["No."])) for r in p]
    if not records:
        return None
    coupling = Coupling.objects.filter(
        connection=run.connection, bc_table=line["Type"], dataverse_table="product", bc_system_id=records[0]["id"]
    ).first()
    return coupling.dataverse_id if coupling else None


def _line_writes(run: FlowRun, header: dict, order_id: uuid.UUID) -> tuple[list[Write], list[tuple[str, uuid.UUID]]]:
    lines = [line for line in bc_lines(run.bc, header) if line["Type"] in PRODUCT_LINE_TYPES]
    coupled = {
        c.bc_system_id: c.dataverse_id
        for c in Coupling.objects.filter(
            connection=run.connection, bc_table="Sales Line", bc_system_id__in=[line["id"] for line in lines]
        )
    }
    writes, pairs = [], []
    for line in lines:
        body = _line_body(line)
        row_id = coupled.get(uuid.UUID(line["id"]))
        if row_id is None:
            row_id = uuid.uuid5(uuid.NAMESPACE_URL, f"bcsales/sales-line/{line['id']}")
            product_id = product_of(run, line)
            if product_id is None:
                raise FlowError(
                    f"{PREFIX} {line['Type']} {line['No.']} is not coupled to a Dynamics 365 Sales product."
                )
            body |= bind("productid", "product", product_id) | bind("salesorderid", "salesorder", order_id)
            body |= {"producttypecode": 1}
            pairs.append((line["id"], row_id))
        writes.append(Write("upsert", "salesorderdetail", str(row_id), body))
    return writes, pairs


def _removed_lines(run: FlowRun, order_id: uuid.UUID, present: set[uuid.UUID]) -> list[Write]:
    """Sales order lines coupled to BC lines that no longer exist."""
    gone = []
    for line in dataverse_lines(run.dataverse, "salesorder", order_id):
        coupling = coupling_of_row(run.connection, "Sales Line", "salesorderdetail", line["salesorderdetailid"])
        if coupling and coupling.bc_system_id not in present:
            coupling.delete()
            gone.append(Write("delete", "salesorderdetail", line["salesorderdetailid"]))
    return gone


def _push(run: FlowRun, header: dict, coupling: Coupling) -> None:
    if coupling.archived_sales_order or not _newer(header.get("lastModifiedDateTime"), coupling.bc_modified_on):
        run.count(unchanged=1)
        return
    order = run.dataverse.get("salesorder", coupling.dataverse_id)
    writes, pairs = _line_writes(run, header, coupling.dataverse_id)
    present = {uuid.UUID(line["id"]) for line in bc_lines(run.bc, header)}
    changes = {
        "bcbi_businesscentralordernumber": header["No."],
        "datefulfilled": header.get("Last Shipment Date") or None,
        "discountamount": header.get("Invoice Discount Amount") or 0,
        "discountpercentage": header.get("Payment Discount %") or 0,
    }
    writable(run.dataverse, "salesorder", order, changes, state_after=0)
    results = run.dataverse.write_batch([*_removed_lines(run, coupling.dataverse_id, present), *writes])
    failed = next((r for r in results if not r.ok), None)
    for bc_line_id, row_id in pairs:
        couple(run.connection, "Sales Line", bc_line_id, "salesorderdetail", row_id)
    run.dataverse.update("salesorder", coupling.dataverse_id, {"statecode": ORDER_SUBMITTED})
    if failed is not None:
        raise FlowError(failed.error.message)
    run.count(modified=1)
    _remember(run, coupling, header["id"], coupling.dataverse_id)


def push_released_orders(run: FlowRun) -> None:
    """Released, coupled BC orders → their Sales orders (only coupled records: §2.4)."""
    couplings = {
        c.bc_system_id: c
        for c in Coupling.objects.filter(
            connection=run.connection, bc_table="Sales Header", dataverse_table="salesorder", bc_system_id__isnull=False
        )
    }
    where = odata.eq("Document Type", "Order") & odata.eq("Status", "Released")
    for page in run.bc.iter_pages("Sales Header", filter=where):
        for header in page:
            coupling = couplings.get(uuid.UUID(header["id"]))
            if coupling is not None:
                ref = RecordRef("Sales Header", header["id"], "salesorder", coupling.dataverse_id)
                run.guarded(ref, _push, run, header, coupling)


def synchronize_sales_orders(connection: Connection, *, write_in: WriteIn | None = None) -> FlowResult:
    """One run of the bidirectional SALESORDER-ORDER mapping: BC → Dataverse first, then Dataverse → BC."""
    with FlowRun(connection, BIDIRECTIONAL_JOB) as run:
        flag_archived_orders(run)
        push_released_orders(run)
        pull_submitted_orders(run, write_in=write_in)
    return run.result
