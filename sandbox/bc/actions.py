"""Bound actions on sales documents: release and reopen an order, make an order from a quote, and post an
order (ship and invoice), which leaves what the sync reads afterwards: a posted invoice with its lines, an
order archive version with its lines, lower inventory and a higher customer balance (sales_flows §2.7, §4).
"""

import datetime as dt

from django.db import transaction

from sandbox.bc import documents, service
from sandbox.bc import records as store
from sandbox.bc.errors import BCError, FieldValidation
from sandbox.bc.numbering import next_number
from sandbox.bc.schema import table
from sandbox.routers import SANDBOX_DB

__all__ = ["ACTIONS", "archive", "make_order", "release", "reopen", "ship_and_invoice"]

SERVICE = "bc"


def _set_status(header: store.StoredRow, status: str) -> store.StoredRow:
    return store.update(SERVICE, "Sales Header", header.row_id, {**header.data, "Status": status})


def release(header: store.StoredRow) -> store.StoredRow:
    """Release Sales Document: refuses a document without a line that has a quantity."""
    if header.data["Status"] == "Released":
        return header
    if not any(line.data["Quantity"] for line in documents.lines_of(header.data)):
        raise FieldValidation(
            f"There is nothing to release for the document of type {header.data['Document Type']} with the number "
            f"{header.data['No.']}."
        )
    return _set_status(header, "Released")


def reopen(header: store.StoredRow) -> store.StoredRow:
    return header if header.data["Status"] == "Open" else _set_status(header, "Open")


def _copy(source: dict, target_table: str, **values) -> dict:
    """The fields of ``source`` that ``target_table`` also has, with ``values`` on top."""
    target = table(target_table)
    return {name: value for name, value in source.items() if target.has_field(name)} | values


def _archive(header: store.StoredRow, *, shipped: bool) -> None:
    """Sales Header Archive + Sales Line Archive: the next version of (Document Type, No., occurrence)."""
    data = header.data
    occurrence = data.get("Doc. No. Occurrence") or 1
    key = {"Document Type": data["Document Type"], "No.": data["No."], "Doc. No. Occurrence": occurrence}
    version = len(service.find("Sales Header Archive", **key)) + 1
    archived = _copy(data, "Sales Header Archive", **{"Version No.": version, "Date Archived": dt.date.today()})
    if shipped:
        archived |= {"Ship": True, "Invoice": True, "Last Shipment Date": dt.date.today(), "Completely Shipped": True}
    service.create("Sales Header Archive", archived)
    for line in documents.lines_of(data):
        values = {"Doc. No. Occurrence": occurrence, "Version No.": version}
        if shipped:
            values |= {"Quantity Shipped": line.data["Quantity"], "Quantity Invoiced": line.data["Quantity"]}
        service.create("Sales Line Archive", _copy(line.data, "Sales Line Archive", **values))


def archive(header: store.StoredRow) -> store.StoredRow:
    """Archive Document: the next archive version of a quote or order, which stays as it is."""
    _archive(header, shipped=False)
    return header


def make_order(quote: store.StoredRow) -> store.StoredRow:
    """Make Order: a new order with the quote's header and lines; the quote is archived and deleted."""
    with transaction.atomic(using=SANDBOX_DB):
        header = _copy(
            quote.data, "Sales Header", **{"Document Type": "Order", "No.": "", "Quote No.": quote.data["No."]}
        )
        header.pop("Status", None)
        header["Order Date"] = dt.date.today()
        order = service.create("Sales Header", header)
        for line in documents.lines_of(quote.data):
            values = _copy(line.data, "Sales Line", **{"Document Type": "Order", "Document No.": order.data["No."]})
            for computed in ("Amount", "Amount Including VAT", "Sell-to Customer No.", "Currency Code"):
                values.pop(computed, None)
            service.create("Sales Line", values)
        _archive(quote, shipped=False)
        service.delete("Sales Header", quote.row_id)
    return service.get("Sales Header", order.row_id)


def ship_and_invoice(order: store.StoredRow) -> store.StoredRow:
    """Post the order completely: posted invoice, archive, inventory and balance; the order is deleted."""
    lines = documents.lines_of(order.data)
    if not any(line.data["Quantity"] for line in lines):
        raise BCError(
            f"There is nothing to post for Sales Header: {order.data['No.']}.", code="Application_DialogException"
        )
    with transaction.atomic(using=SANDBOX_DB):
        number = next_number("PS-INV")[0]
        amount_incl = order.data["Amount Including VAT"]
        invoice = _copy(order.data, "Sales Invoice Header", **{"No.": number, "Order No.": order.data["No."]})
        invoice |= {"Posting Date": dt.date.today(), "Remaining Amount": amount_incl}
        posted = service.create("Sales Invoice Header", invoice)
        for line in lines:
            service.create("Sales Invoice Line", _copy(line.data, "Sales Invoice Line", **{"Document No.": number}))
            if line.data["Type"] == "Item":
                _add(("Item", line.data["No."]), {"Inventory": -line.data["Quantity"]})
        _add(
            ("Customer", order.data["Sell-to Customer No."]),
            {"Balance (LCY)": amount_incl, "Sales (LCY)": order.data["Amount"]},
        )
        _archive(order, shipped=True)
        # Posting deletes the order without its triggers (it is archived above, not a second time on delete).
        service.delete_all("Sales Line", lines)
        service.delete_all("Sales Header", [order])
    return posted


def _add(record: tuple[str, str], amounts: dict[str, float]) -> None:
    rows = service.find(record[0], **{"No.": record[1]})
    if rows:
        data = rows[0].data
        store.update(
            SERVICE, record[0], rows[0].row_id, {**data, **{k: round(data[k] + v, 2) for k, v in amounts.items()}}
        )


ACTIONS = {
    "release": release,
    "reopen": reopen,
    "archive": archive,
    "makeOrder": make_order,
    "shipAndInvoice": ship_and_invoice,
}
