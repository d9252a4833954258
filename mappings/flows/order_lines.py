"""BC sales lines → Sales order lines (SOLINE-ORDERDETAIL, BC → Dataverse, sales_flows §2.4).

Every BC item or resource line of a coupled order is upserted under an id derived from its SystemId, so a retry
writes the same row; a Sales line coupled to a BC line that no longer exists is deleted. The write-in item or
resource becomes a line without product, with the BC description as its text.
"""

import uuid

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from mappings.flows.base import FlowError, FlowRun
from mappings.flows.bc_documents import bc_lines, dataverse_lines
from mappings.flows.couplings import coupling_of_row
from mappings.flows.dataverse_rows import bind
from mappings.flows.document_mapping import line_amounts
from mappings.flows.sales_setup import write_in_number
from mappings.models import Coupling

__all__ = ["PRODUCT_LINE_TYPES", "line_row_id", "order_line_writes", "products_of"]

PRODUCT_LINE_TYPES = ("Item", "Resource")
PREFIX = "The sales order cannot be synchronized."


def line_row_id(line: dict) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"bcsales/sales-line/{line['id']}")


def products_of(run: FlowRun, lines: list[dict]) -> dict[tuple[str, str], uuid.UUID | None]:
    """(Type, No.) → coupled product id, read with one filter per table."""
    found: dict[tuple[str, str], uuid.UUID | None] = {}
    for kind in PRODUCT_LINE_TYPES:
        numbers = sorted({line["No."] for line in lines if line.get("Type") == kind and line.get("No.")})
        if not numbers:
            continue
        records = [r for p in run.bc.iter_pages(kind, filter=odata.in_("No.", numbers), select=["No."]) for r in p]
        couplings = {
            c.bc_system_id: c.dataverse_id
            for c in Coupling.objects.filter(
                connection=run.connection,
                bc_table=kind,
                dataverse_table="product",
                bc_system_id__in=[r["id"] for r in records],
            )
        }
        found |= {(kind, r["No."]): couplings.get(uuid.UUID(r["id"])) for r in records}
    return found


def _line_body(line: dict) -> dict:
    """What BC sends for a line: prices, quantities, tax, amounts and its line number."""
    shipped = {"quantityshipped": line.get("Quantity Shipped") or 0}
    return line_amounts(line) | shipped | {"bcbi_businesscentrallinenumber": line["Line No."]}


def _new_line(run: FlowRun, line: dict, order_id: uuid.UUID, products: dict) -> dict:
    """The columns a Sales line gets when BC creates it: its order, its product or the write-in text."""
    body = bind("salesorderid", "salesorder", order_id) | {"producttypecode": 1}
    if (line["Type"], line["No."]) == write_in_number(run):
        return body | {"isproductoverridden": True, "productdescription": line.get("Description") or ""}
    product_id = products.get((line["Type"], line["No."]))
    if product_id is None:
        raise FlowError(f"{PREFIX} {line['Type']} {line['No.']} is not coupled to a Dynamics 365 Sales product.")
    return body | bind("productid", "product", product_id)


def _removed_lines(run: FlowRun, order_id: uuid.UUID, present: set[uuid.UUID]) -> list[Write]:
    """Sales order lines coupled to BC lines that no longer exist, with their couplings."""
    gone = []
    for line in dataverse_lines(run.dataverse, "salesorder", order_id):
        coupling = coupling_of_row(run.connection, "Sales Line", "salesorderdetail", line["salesorderdetailid"])
        if coupling and coupling.bc_system_id not in present:
            coupling.delete()
            gone.append(Write("delete", "salesorderdetail", line["salesorderdetailid"]))
    return gone


def order_line_writes(
    run: FlowRun, header: dict, order_id: uuid.UUID
) -> tuple[list[Write], list[tuple[str, uuid.UUID]], list[dict]]:
    """Deletes and upserts for the order's lines, the (BC line, Sales line) pairs to couple, and the BC lines."""
    every_line = bc_lines(run.bc, header)
    lines = [line for line in every_line if line["Type"] in PRODUCT_LINE_TYPES]
    coupled = {
        c.bc_system_id: c.dataverse_id
        for c in Coupling.objects.filter(
            connection=run.connection, bc_table="Sales Line", bc_system_id__in=[line["id"] for line in lines]
        )
    }
    products = products_of(run, lines)
    writes, pairs = [], []
    for line in lines:
        body = _line_body(line)
        row_id = coupled.get(uuid.UUID(line["id"]))
        if row_id is None:
            row_id = line_row_id(line)
            body |= _new_line(run, line, order_id, products)
            pairs.append((line["id"], row_id))
        writes.append(Write("upsert", "salesorderdetail", str(row_id), body))
    present = {uuid.UUID(line["id"]) for line in every_line}
    return [*_removed_lines(run, order_id, present), *writes], pairs, lines
