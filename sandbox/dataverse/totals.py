"""Amounts Dataverse computes itself: a line's base and extended amounts, and its document's totals, which
follow every change of a quote, order or invoice line (create, update, delete), as on the real service.

Line: baseamount = priceperunit * quantity; extendedamount = baseamount - manualdiscountamount + tax.
Document: totallineitemamount = sum of extendedamount, totallineitemdiscountamount = sum of manualdiscountamount,
totaldiscountamount = discountamount + totallineitemamount * discountpercentage / 100,
totalamountlessfreight = totallineitemamount - totaldiscountamount, totaltax = sum of tax,
totalamount = totalamountlessfreight + freightamount + totaltax.
"""

import uuid
from collections.abc import Iterable

from sandbox import store

__all__ = ["LINE_PARENTS", "complete_line", "refresh_documents"]

SERVICE = "dataverse"
# line table → (its look-up column to the document, the document table)
LINE_PARENTS = {
    "quotedetail": ("quoteid", "quote"),
    "salesorderdetail": ("salesorderid", "salesorder"),
    "invoicedetail": ("invoiceid", "invoice"),
}


def _amount(data: dict, name: str) -> float:
    return float(data.get(name) or 0)


def complete_line(table_name: str, data: dict) -> None:
    """Set a line's computed amounts in place (no-op for other tables)."""
    if table_name not in LINE_PARENTS:
        return
    base = round(_amount(data, "priceperunit") * _amount(data, "quantity"), 2)
    data["baseamount"] = base
    data["extendedamount"] = round(base - _amount(data, "manualdiscountamount") + _amount(data, "tax"), 2)


def refresh_documents(table_name: str, lines: Iterable[dict]) -> None:
    """Recompute the totals of each document the ``lines`` belong to (after they were written or deleted)."""
    parent = LINE_PARENTS.get(table_name)
    if parent is None:
        return
    for document_id in {line.get(f"_{parent[0]}_value") for line in lines} - {None}:
        _refresh(table_name, parent, document_id)


def _refresh(table_name: str, parent: tuple[str, str], document_id: str) -> None:
    document = store.get(SERVICE, parent[1], uuid.UUID(document_id))
    if document is None:
        return
    lines = [row.data for row in store.find(SERVICE, table_name, **{f"_{parent[0]}_value": document_id})]
    data = dict(document.data)
    items = round(sum(_amount(item, "extendedamount") for item in lines), 2)
    discount = round(_amount(data, "discountamount") + items * _amount(data, "discountpercentage") / 100, 2)
    tax = round(sum(_amount(item, "tax") for item in lines), 2)
    data |= {
        "totallineitemamount": items,
        "totallineitemdiscountamount": round(sum(_amount(item, "manualdiscountamount") for item in lines), 2),
        "totaldiscountamount": discount,
        "totalamountlessfreight": round(items - discount, 2),
        "totaltax": tax,
        "totalamount": round(items - discount + _amount(data, "freightamount") + tax, 2),
    }
    store.update(SERVICE, parent[1], document.row_id, data)
