"""The CRM Archived Sales Orders Job: posted or deleted BC orders update their Sales order from the archive (§2.7).

A coupled order that left BC keeps its coupling, flagged "Archived Sales Order". The job reads the order's latest
archive version (BC order number and occurrence stored on the Sales order) and sends its shipment date, payment
discount and lines; a fully invoiced archive sets the Sales order Invoiced. A failure leaves the flag "updated"
unset, so the order is tried again next run.
"""

import uuid

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from connection_setup.models import Connection
from mappings.flows.base import FlowError, FlowResult, FlowRun, RecordRef
from mappings.flows.bc_documents import dataverse_lines
from mappings.flows.couplings import coupling_of_row
from mappings.flows.dataverse_rows import ORDER_INVOICED, ORDER_STATUS_INVOICED, bind, set_state, writable
from mappings.flows.order_lines import products_of
from mappings.flows.order_status import flag_archived_orders
from mappings.models import Coupling

__all__ = ["ARCHIVED_JOB", "update_archived_orders"]

ARCHIVED_JOB = "ARCHIVED-ORDERS"


def _latest_archive(run: FlowRun, number: str, occurrence: int) -> dict:
    where = odata.eq("Document Type", "Order") & odata.eq("No.", number) & odata.eq("Doc. No. Occurrence", occurrence)
    versions = [row for page in run.bc.iter_pages("Sales Header Archive", filter=where) for row in page]
    if not versions:
        raise FlowError(f"There is no archived version of sales order {number} (occurrence {occurrence}).")
    return max(versions, key=lambda row: row["Version No."])


def _archived_lines(run: FlowRun, archive: dict) -> list[dict]:
    where = odata.eq("Document Type", "Order") & odata.eq("Document No.", archive["No."])
    where = where & odata.eq("Doc. No. Occurrence", archive["Doc. No. Occurrence"])
    where = where & odata.eq("Version No.", archive["Version No."])
    return [row for page in run.bc.iter_pages("Sales Line Archive", filter=where) for row in page]


def _line_writes(run: FlowRun, order_id: uuid.UUID, archived: list[dict]) -> list[Write]:
    existing = {
        line.get("bcbi_businesscentrallinenumber"): line
        for line in dataverse_lines(run.dataverse, "salesorder", order_id)
    }
    if not archived:
        return [
            Write("delete", "salesorderdetail", line["salesorderdetailid"])
            for line in existing.values()
            if coupling_of_row(run.connection, "Sales Line", "salesorderdetail", line["salesorderdetailid"])
        ]
    writes = []
    products = products_of(run, archived)
    for line in archived:
        values = {
            "quantity": line["Quantity"],
            "quantityshipped": line.get("Quantity Shipped") or 0,
            "manualdiscountamount": line.get("Line Discount Amount") or 0,
        }
        current = existing.get(line["Line No."])
        if current is not None:
            if any(current.get(k) != v for k, v in values.items()):
                writes.append(Write("update", "salesorderdetail", current["salesorderdetailid"], values))
            continue
        product_id = products.get((line["Type"], line["No."]))
        if product_id is not None:
            values |= {"priceperunit": line["Unit Price"], "ispriceoverridden": True, "producttypecode": 1}
            values |= {"bcbi_businesscentrallinenumber": line["Line No."]}
            values |= bind("productid", "product", product_id) | bind("salesorderid", "salesorder", order_id)
            row_id = uuid.uuid5(uuid.NAMESPACE_URL, f"bcsales/archive/{order_id}/{line['Line No.']}")
            writes.append(Write("upsert", "salesorderdetail", str(row_id), values))
    return writes


def _update_from_archive(run: FlowRun, coupling: Coupling) -> None:
    order = run.dataverse.get("salesorder", coupling.dataverse_id)
    number = order.get("bcbi_businesscentralordernumber")
    occurrence = order.get("bcbi_businesscentraldocumentoccurrencenumber") or 0
    if not number or not occurrence:
        raise FlowError(
            f"The Dynamics 365 Sales order {order.get('ordernumber')} has no Business Central order number or "
            "document occurrence number."
        )
    archive = _latest_archive(run, number, occurrence)
    changes = {"datefulfilled": archive.get("Last Shipment Date") or archive.get("Shipment Date") or None}
    if order.get("discountpercentage") != archive.get("Payment Discount %"):
        changes["discountpercentage"] = archive.get("Payment Discount %") or 0
    writes = _line_writes(run, coupling.dataverse_id, _archived_lines(run, archive))
    writable(run.dataverse, "salesorder", order, changes, state_after=0)
    failed = next((result for result in run.dataverse.write_batch(writes) if not result.ok), None)
    if failed is not None:
        set_state(run.dataverse, "salesorder", coupling.dataverse_id, order.get("statecode") or 0)
        raise FlowError(failed.error.message)
    if archive.get("Invoice"):
        set_state(run.dataverse, "salesorder", coupling.dataverse_id, ORDER_INVOICED, ORDER_STATUS_INVOICED)
    elif order.get("statecode"):
        set_state(run.dataverse, "salesorder", coupling.dataverse_id, order["statecode"])
    coupling.archived_sales_order_updated = True
    coupling.save(update_fields=["archived_sales_order_updated"])
    run.count(modified=1)


def update_archived_orders(connection: Connection) -> FlowResult:
    """The job; it refuses to run unless the connection and bidirectional order synchronization are enabled."""
    if not connection.is_enabled:
        raise FlowError("The Dynamics 365 Sales connection is not enabled.")
    if not connection.bidirectional_sales_order_integration:
        raise FlowError("Bidirectional sales order synchronization is not enabled.")
    with FlowRun(connection, ARCHIVED_JOB, mapping_name="SALESORDER-ORDER") as run:
        flag_archived_orders(run)
        couplings = Coupling.objects.filter(
            connection=connection,
            bc_table="Sales Header",
            archived_sales_order=True,
            archived_sales_order_updated=False,
        )
        for coupling in couplings:
            ref = RecordRef("Sales Header", coupling.bc_system_id, "salesorder", coupling.dataverse_id)
            run.guarded(ref, _update_from_archive, run, coupling)
    return run.result
