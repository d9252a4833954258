"""Writing a BC sales document from a Dataverse order or quote: header, lines, discount, coupling (§1.4, §3.3).

Idempotent by construction: a pending coupling is recorded before the header is created, and a retry after a
crash finds the half-made header by its Your Reference instead of creating a second one, replaces its lines and
completes the coupling. Lines go to BC in one batch.
"""

import uuid
from dataclasses import dataclass

from django.utils import timezone

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from connection_setup.clients.business_central import BusinessCentralClient
from connection_setup.clients.dataverse import DataverseClient
from connection_setup.models import Connection
from mappings.flows.base import FlowError
from mappings.flows.couplings import couple
from mappings.flows.document_mapping import HeaderSource, attached_lines, header_values, invoice_discount, line_values
from mappings.flows.resolution import LineProduct, Resolver, WriteIn
from mappings.models import Coupling, OptionMapping
from mappings.models.coupling import PendingCreate

__all__ = [
    "DocumentPlan",
    "bc_lines",
    "dataverse_lines",
    "find_headers",
    "option_codes",
    "plan_document",
    "replace_lines",
    "write_document",
]

LINE_STEP = 10000
LINE_TABLES = {"salesorder": ("salesorderdetail", "salesorderid"), "quote": ("quotedetail", "quoteid")}


@dataclass
class DocumentPlan:
    """Everything a BC document needs, resolved before anything is written (a bad line writes nothing)."""

    header: dict
    lines: list[tuple[dict, LineProduct]]
    discount: float | None
    freight: dict | None = None


def option_codes(connection: Connection) -> dict[str, dict]:
    """Dataverse choice column → {option value: BC code}, from the connection's option mappings."""
    tables = {"shippingmethodcode": "Shipping Agent", "paymenttermscode": "Payment Terms"}
    tables["freighttermscode"] = "Shipment Method"
    codes: dict[str, dict] = {column: {} for column in tables}
    rows = OptionMapping.objects.filter(
        table_mapping__connection=connection, table_mapping__bc_table__in=tables.values()
    )
    for option in rows.select_related("table_mapping"):
        for column, bc_table in tables.items():
            if option.table_mapping.bc_table == bc_table:
                codes[column][option.option_value] = option.bc_code
    return codes


def dataverse_lines(client: DataverseClient, table: str, row_id: object) -> list[dict]:
    line_table, parent = LINE_TABLES[table]
    where = odata.eq(f"_{parent}_value", uuid.UUID(str(row_id)))
    return [row for page in client.iter_pages(line_table, filter=where, orderby=["sequencenumber"]) for row in page]


def find_headers(bc: BusinessCentralClient, document_type: str, your_reference: str) -> list[dict]:
    where = odata.eq("Document Type", document_type) & odata.eq("Your Reference", your_reference)
    return [row for page in bc.iter_pages("Sales Header", filter=where) for row in page]


def plan_document(
    resolver: Resolver,
    row: dict,
    lines: list[dict],
    *,
    document_type: str,
    label: str,
    write_in: WriteIn | None,
    quote_no: str = "",
    freight: dict | None = None,
) -> DocumentPlan:
    customer = resolver.customer_for(row, label)
    source = HeaderSource(
        document_type, customer["No."], resolver.currency_code(row), option_codes(resolver.connection), quote_no
    )
    unit_groups = resolver.connection.unit_group_mapping_enabled
    resolved = [(line, resolver.line_product(line, write_in, label, unit_groups)) for line in lines]
    return DocumentPlan(header_values(row, source), resolved, invoice_discount(row), freight)


def _line_key(header: dict, number: int) -> dict:
    return {"Document Type": header["Document Type"], "Document No.": header["No."], "Line No.": number}


def _line_writes(plan: DocumentPlan, header: dict, *, quote: bool) -> tuple[list[Write], list[dict | None]]:
    """The BC line writes and, in step with them, the Dataverse line each product line comes from."""
    writes, sources, number = [], [], 0
    for line, product in plan.lines:
        number += LINE_STEP
        values = line_values(line, product, document=header, line_no=number)
        writes.append(Write("create", "Sales Line", None, values))
        sources.append(line)
        attached_to = number
        for text in attached_lines(product, quote=quote):
            number += LINE_STEP
            attached = _line_key(header, number) | {
                "Type": " ",
                "Description": text,
                "Attached to Line No.": attached_to,
            }
            writes.append(Write("create", "Sales Line", None, attached))
            sources.append(None)
    if plan.freight is not None:
        writes.append(Write("create", "Sales Line", None, _line_key(header, number + LINE_STEP) | plan.freight))
        sources.append(None)
    return writes, sources


def _first_failure(results) -> str:
    failed = next((result for result in results if not result.ok), None)
    return failed.error.message if failed is not None and failed.error else ""


def bc_lines(bc: BusinessCentralClient, header: dict) -> list[dict]:
    where = odata.eq("Document Type", header["Document Type"]) & odata.eq("Document No.", header["No."])
    return [row for page in bc.iter_pages("Sales Line", filter=where) for row in page]


def replace_lines(
    bc: BusinessCentralClient, header: dict, plan: DocumentPlan, *, quote: bool
) -> list[tuple[dict, dict]]:
    """Delete the document's lines and write the planned ones, one batch each; (Dataverse line, BC line) pairs."""
    old = [row["id"] for row in bc_lines(bc, header)]
    if old:
        bc.write_batch([Write("delete", "Sales Line", line_id) for line_id in old])
    writes, sources = _line_writes(plan, header, quote=quote)
    results = bc.write_batch(writes)
    failure = _first_failure(results)
    if failure:
        raise FlowError(failure)
    if plan.discount is not None:
        bc.update("Sales Header", header["id"], {"Invoice Discount Amount": plan.discount})
    return [(source, result.body or {}) for source, result in zip(sources, results, strict=True) if source is not None]


def write_document(
    connection: Connection, bc: BusinessCentralClient, plan: DocumentPlan, *, dataverse_table: str, row_id: object
) -> tuple[dict, list[tuple[dict, dict]]]:
    """Create the BC document (or finish a half-made one), couple it; the BC header and its line pairs."""
    reference = plan.header["Your Reference"]
    pending, _ = Coupling.objects.get_or_create(
        connection=connection,
        bc_table="Sales Header",
        dataverse_table=dataverse_table,
        dataverse_id=row_id,
        defaults={"pending": PendingCreate.IN_BC, "pending_since": timezone.now(), "pending_match": {"ref": reference}},
    )
    found = find_headers(bc, plan.header["Document Type"], reference) if pending.bc_system_id is None else []
    header = found[-1] if found else bc.create("Sales Header", plan.header).body
    pairs = replace_lines(bc, header, plan, quote=plan.header["Document Type"] == "Quote")
    couple(connection, "Sales Header", header["id"], dataverse_table, row_id)
    return bc.get("Sales Header", header["id"]), pairs
