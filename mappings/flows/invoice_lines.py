"""Posted sales invoice lines → Sales invoice lines (POSTEDSALESLINE-INV, sales_flows §4.2, §4.4, §4.5).

Each line is upserted under an id derived from its SystemId. With prices including VAT the unit price Sales
gets is net of VAT, and the cents lost that way come back as one "Rounding" write-in line, so that the invoice
totals in Sales equal BC's.
"""

import uuid
from decimal import Decimal

from connection_setup.clients.batch import Write
from mappings.flows.dataverse_rows import bind
from mappings.flows.document_mapping import line_amounts

__all__ = ["invoice_line_writes", "line_row_id", "rounding_line"]

CENT = Decimal("0.01")


def line_row_id(kind: str, system_id: object) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"bcsales/{kind}/{system_id}")


def _net_price(line: dict) -> float:
    """Unit price without VAT, for an invoice whose prices include VAT (§4.5)."""
    quantity = Decimal(str(line.get("Quantity") or 0))
    price = Decimal(str(line.get("Unit Price") or 0))
    if not quantity:
        return float(price)
    vat = Decimal(str(line.get("Amount Including VAT") or 0)) - Decimal(str(line.get("Amount") or 0))
    return float((price - vat / quantity).quantize(CENT))


def _line_body(invoice: dict, line: dict, invoice_id: uuid.UUID, product: tuple[str, uuid.UUID | None]) -> dict:
    body = line_amounts(line) | {"lineitemnumber": line["Line No."]} | bind("invoiceid", "invoice", invoice_id)
    if invoice.get("Prices Including VAT"):
        body["priceperunit"] = _net_price(line)
    kind, product_id = product
    if kind == "product":
        return body | bind("productid", "product", product_id)
    return body | {"isproductoverridden": True, "productdescription": f"{line['No.']} {line.get('Description', '')}."}


def invoice_line_writes(invoice: dict, lines: list[dict], invoice_id: uuid.UUID, products: dict) -> list[Write]:
    """Upserts of the lines; ``products`` maps (Type, No.) to ("product", id) or ("write-in", None)."""
    return [
        Write(
            "upsert",
            "invoicedetail",
            str(line_row_id("invoice-line", line["id"])),
            _line_body(invoice, line, invoice_id, products.get((line["Type"], line["No."]), ("write-in", None))),
        )
        for line in lines
    ]


def rounding_line(invoice: dict, writes: list[Write], lines: list[dict], invoice_id: uuid.UUID) -> Write | None:
    """The "Rounding" line for the difference between BC's amounts including VAT and what Sales computes."""
    if not invoice.get("Prices Including VAT"):
        return None
    difference = Decimal(0)
    for write, line in zip(writes, lines, strict=True):
        body = write.data
        sales_total = Decimal(str(body["priceperunit"])) * Decimal(str(body["quantity"])) + Decimal(str(body["tax"]))
        sales_total -= Decimal(str(body["manualdiscountamount"]))
        difference += Decimal(str(line.get("Amount Including VAT") or 0)) - sales_total
    difference = difference.quantize(CENT)
    if not difference:
        return None
    body = {"quantity": 1, "priceperunit": float(difference), "isproductoverridden": True, "ispriceoverridden": True}
    body |= {"productdescription": "Rounding"} | bind("invoiceid", "invoice", invoice_id)
    return Write("upsert", "invoicedetail", str(line_row_id("invoice-rounding", invoice_id)), body)
