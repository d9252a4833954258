"""Dataverse order or quote → BC Sales Header and Sales Line values (sales_flows §1.5-§1.7, §3.3).

Pure functions of the rows and the resolved references, so that the legacy, bidirectional and quote flows build
the same document the same way.
"""

from dataclasses import dataclass
from decimal import Decimal

from mappings.flows.resolution import LineProduct

__all__ = [
    "ADDRESS_PARTS",
    "DESCRIPTION_LENGTH",
    "HeaderSource",
    "attached_lines",
    "header_values",
    "invoice_discount",
    "line_amounts",
    "line_values",
]

DESCRIPTION_LENGTH = 100
REFERENCE_LENGTH = 35
# BC address field suffix ← Dataverse column suffix; line3, name and phone are not used.
ADDRESS_PARTS = (
    ("Address", "line1"),
    ("Address 2", "line2"),
    ("Post Code", "postalcode"),
    ("City", "city"),
    ("Country/Region Code", "country"),
    ("County", "stateorprovince"),
)
# Dataverse choice column → BC field, translated through the option mapping of that BC table.
OPTION_FIELDS = (
    ("shippingmethodcode", "Shipping Agent Code"),
    ("paymenttermscode", "Payment Terms Code"),
    ("freighttermscode", "Shipment Method Code"),
)


@dataclass(frozen=True)
class HeaderSource:
    """The resolved references of one document: document type, customer number, currency, option codes."""

    document_type: str
    customer_no: str
    currency_code: str
    options: dict  # Dataverse column → {option value: BC code}
    quote_no: str = ""


def _address(row: dict, side: str) -> dict:
    """Bill-to/ship-to from the row only when one of its parts is filled, else the customer's stay."""
    parts = {f"{side.title()}-to {bc}": row.get(f"{side}to_{dv}") or "" for bc, dv in ADDRESS_PARTS}
    return parts if any(parts.values()) else {}


def header_values(row: dict, source: HeaderSource) -> dict:
    """The BC Sales Header of a Dataverse salesorder or quote; Status stays Open (BC's InitInsert)."""
    is_quote = source.document_type == "Quote"
    values = {
        "Document Type": source.document_type,
        "Sell-to Customer No.": source.customer_no,
        "Your Reference": (row.get("quotenumber" if is_quote else "ordernumber") or "")[:REFERENCE_LENGTH],
        "Currency Code": source.currency_code,
        "External Document No.": (row.get("name") or "")[:REFERENCE_LENGTH],
        "Work Description": row.get("description") or "",
    }
    if row.get("requestdeliveryby"):
        values["Requested Delivery Date"] = str(row["requestdeliveryby"])[:10]
    if is_quote and row.get("effectiveto"):
        values["Quote Valid Until Date"] = str(row["effectiveto"])[:10]
    if not is_quote:
        values["Payment Discount %"] = row.get("discountpercentage") or 0
    if source.quote_no:
        values["Quote No."] = source.quote_no
    for column, bc_field in OPTION_FIELDS:
        code = source.options.get(column, {}).get(row.get(column))
        if code:
            values[bc_field] = code
    return values | _address(row, "bill") | _address(row, "ship")


def line_values(line: dict, product: LineProduct, *, document: dict, line_no: int) -> dict:
    """One BC Sales Line; the line discount is quantity * volume discount + manual discount."""
    quantity = Decimal(str(line.get("quantity") or 0))
    discount = quantity * Decimal(str(line.get("volumediscountamount") or 0)) + Decimal(
        str(line.get("manualdiscountamount") or 0)
    )
    values = {
        "Document Type": document["Document Type"],
        "Document No.": document["No."],
        "Line No.": line_no,
        "Type": product.type,
        "No.": product.number,
        "Quantity": float(quantity),
        "Unit Price": float(line.get("priceperunit") or 0),
        "Line Discount Amount": float(discount),
    }
    if product.unit:
        values["Unit of Measure Code"] = product.unit
    if product.write_in and product.description:
        values["Description"] = product.description[:DESCRIPTION_LENGTH]
    return values


def attached_lines(product: LineProduct, *, quote: bool) -> list[str]:
    """Text lines attached to a product line: the rest of a write-in text, or a Dataverse text that differs.

    Orders skip the text when it equals the item's own description; quotes always keep it (§3.3).
    """
    text = product.description
    if not text:
        return []
    if product.write_in:
        text = text[DESCRIPTION_LENGTH:]
    elif not quote and text == product.own_description:
        return []
    chunks: list[str] = []
    for paragraph in text.splitlines():
        chunks += [paragraph[i : i + DESCRIPTION_LENGTH] for i in range(0, len(paragraph), DESCRIPTION_LENGTH)]
    return [chunk for chunk in chunks if chunk.strip()]


def line_amounts(line: dict) -> dict:
    """A BC line's prices for its Dataverse line: quantity, unit price, discount, tax = VAT amount (§2.4, §4.5)."""
    return {
        "quantity": line.get("Quantity") or 0,
        "priceperunit": line.get("Unit Price") or 0,
        "manualdiscountamount": line.get("Line Discount Amount") or 0,
        "tax": round((line.get("Amount Including VAT") or 0) - (line.get("Amount") or 0), 2),
        "ispriceoverridden": True,
    }


def invoice_discount(row: dict) -> float | None:
    """BC's invoice discount amount for a discounted Dataverse document, None when it has no discount (§1.7)."""
    if not (row.get("discountamount") or row.get("discountpercentage")):
        return None
    lines_total = Decimal(str(row.get("totallineitemamount") or 0))
    less_freight = Decimal(str(row.get("totalamountlessfreight") or 0))
    return float(lines_total - less_freight)
