"""Sales document rules: header defaults from the customer, line defaults from the item or resource, line
amounts, header totals, and the Status test BC applies to released documents (sales_flows §10.7).

Totals are stored on the header (BC calculates them as FlowFields), so a line change also stamps the header's
lastModifiedDateTime; the sync then sees an order whose lines changed, which is what it needs to re-read them.
"""

import datetime as dt

from sandbox.bc import records as store
from sandbox.bc.errors import FieldValidation, RecordNotFound

__all__ = [
    "check_open",
    "header_of",
    "init_header",
    "init_line",
    "lines_of",
    "modify_header",
    "modify_line",
    "refresh_totals",
]

SERVICE = "bc"
ADDRESS = ("Address", "Address 2", "City", "County", "Post Code", "Country/Region Code")
# Sales Header field ← Customer field, copied when the sell-to customer is set (BC's OnValidate of the field).
FROM_CUSTOMER = {
    "Sell-to Customer Name": "Name",
    "Sell-to Contact": "Contact",
    "Sell-to Phone No.": "Phone No.",
    "Sell-to E-Mail": "E-Mail",
    **{f"Sell-to {name}": name for name in ADDRESS},
    "Bill-to Customer No.": "No.",
    "Bill-to Name": "Name",
    **{f"Bill-to {name}": name for name in ADDRESS},
    "Ship-to Name": "Name",
    "Ship-to Contact": "Contact",
    **{f"Ship-to {name}": name for name in ADDRESS},
    "Currency Code": "Currency Code",
    "Payment Terms Code": "Payment Terms Code",
    "Shipment Method Code": "Shipment Method Code",
    "Shipping Agent Code": "Shipping Agent Code",
    "Salesperson Code": "Salesperson Code",
}
EDITABLE_WHEN_RELEASED = {"Status", "Amount", "Amount Including VAT", "Last Shipment Date", "Completely Shipped"}


def _document_text(data: dict, no_field: str = "No.") -> str:
    return f"Document Type={data.get('Document Type')}, No.={data.get(no_field)}"


def _customer(number: str) -> dict:
    rows = store.find(SERVICE, "Customer", **{"No.": number})
    if not rows:
        raise FieldValidation(
            f"The field Sell-to Customer No. of table Sales Header contains a value ({number}) that cannot be found "
            "in the related table (Customer)."
        )
    customer = rows[0].data
    if customer.get("Blocked") == "All":
        raise FieldValidation(
            f"You cannot create this type of document when Customer {number} is blocked with type All."
        )
    return customer


def _copy_customer(data: dict, keep: set[str]) -> None:
    customer = _customer(data["Sell-to Customer No."])
    for header_field, customer_field in FROM_CUSTOMER.items():
        if header_field not in keep:
            data[header_field] = customer.get(customer_field, data[header_field])


def init_header(data: dict, given: set[str]) -> None:
    if data["Sell-to Customer No."]:
        _copy_customer(data, given)
    today = dt.date.today().isoformat()
    for name in ("Order Date", "Posting Date", "Document Date"):
        data[name] = data[name] or today
    data["Status"] = "Open"
    data["Doc. No. Occurrence"] = data["Doc. No. Occurrence"] or 1


def modify_header(old: dict, new: dict, changed: list[str]) -> None:
    if old.get("Status") == "Released" and set(changed) - EDITABLE_WHEN_RELEASED:
        raise FieldValidation(
            f"Status must be equal to 'Open'  in Sales Header: {_document_text(new)}. Current value is 'Released'."
        )
    if "Sell-to Customer No." in changed:
        _copy_customer(new, set(changed) - {"Sell-to Customer No."})


def header_of(line: dict) -> store.StoredRow | None:
    rows = store.find(SERVICE, "Sales Header", **{"Document Type": line["Document Type"], "No.": line["Document No."]})
    return rows[0] if rows else None


def lines_of(header: dict) -> list[store.StoredRow]:
    rows = store.find(
        SERVICE, "Sales Line", **{"Document Type": header["Document Type"], "Document No.": header["No."]}
    )
    return sorted(rows, key=lambda row: row.data["Line No."])


def check_open(header: store.StoredRow | None) -> None:
    if header is not None and header.data.get("Status") != "Open":
        raise FieldValidation(
            f"Status must be equal to 'Open'  in Sales Header: {_document_text(header.data)}. "
            f"Current value is '{header.data.get('Status')}'."
        )


def init_line(data: dict, given: set[str]) -> None:
    header = header_of(data)
    if header is None:
        raise RecordNotFound(
            f"The Sales Header does not exist. Identification fields and values: {_document_text(data, 'Document No.')}"
        )
    check_open(header)
    if not data["Line No."]:
        data["Line No."] = max((row.data["Line No."] for row in lines_of(header.data)), default=0) + 10000
    data["Sell-to Customer No."] = header.data["Sell-to Customer No."]
    data["Currency Code"] = header.data["Currency Code"]
    data["Shipment Date"] = data["Shipment Date"] or header.data.get("Shipment Date") or header.data.get("Order Date")
    if data["No."] and "Type" not in given:
        data["Type"] = "Item"
    if data["Type"] in ("Item", "Resource") and data["No."]:
        _default_from_product(data, given)
    _amounts(data, "Line Discount Amount" in given and "Line Discount %" not in given)


def _default_from_product(data: dict, given: set[str]) -> None:
    kind = data["Type"]
    rows = store.find(SERVICE, kind, **{"No.": data["No."]})
    if not rows:
        raise RecordNotFound(f"The {kind} does not exist. Identification fields and values: No.='{data['No.']}'")
    product = rows[0].data
    if product.get("Blocked"):
        raise FieldValidation(f"Blocked must be equal to 'No'  in {kind}: No.={data['No.']}. Current value is 'Yes'.")
    defaults = {
        "Description": product.get("Description") or product.get("Name", ""),
        "Unit of Measure Code": product.get("Sales Unit of Measure") or product.get("Base Unit of Measure", ""),
        "Unit Price": product.get("Unit Price", 0),
    }
    for name, value in defaults.items():
        if name not in given:
            data[name] = value
    unit_table = f"{kind} Unit of Measure"
    if data["Unit of Measure Code"] and not store.find(
        SERVICE, unit_table, **{f"{kind} No.": data["No."], "Code": data["Unit of Measure Code"]}
    ):
        raise RecordNotFound(
            f"The {unit_table} does not exist. Identification fields and values: "
            f"{kind} No.='{data['No.']}',Code='{data['Unit of Measure Code']}'"
        )


def modify_line(new: dict, changed: list[str]) -> None:
    check_open(header_of(new))
    if {"Type", "No."} & set(changed) and new["Type"] in ("Item", "Resource"):
        _default_from_product(new, set(changed))
    _amounts(new, "Line Discount Amount" in changed and "Line Discount %" not in changed)


def _amounts(data: dict, discount_amount_given: bool) -> None:
    """Line Amount = Quantity * Unit Price - Line Discount Amount; VAT on top (prices excluding VAT)."""
    if data["Type"] == " ":
        data.update({"Quantity": 0, "Unit Price": 0, "Amount": 0, "Amount Including VAT": 0})
        return
    gross = round(data["Quantity"] * data["Unit Price"], 2)
    if discount_amount_given:
        data["Line Discount %"] = round(data["Line Discount Amount"] / gross * 100, 5) if gross else 0
    else:
        data["Line Discount Amount"] = round(gross * data["Line Discount %"] / 100, 2)
    data["Amount"] = round(gross - data["Line Discount Amount"], 2)
    data["Amount Including VAT"] = round(data["Amount"] * (1 + data["VAT %"] / 100), 2)


def refresh_totals(line: dict) -> None:
    """Store the header's Amount and Amount Including VAT as the sum of its lines."""
    header = header_of(line)
    if header is None:
        return
    lines = lines_of(header.data)
    totals = {
        "Amount": round(sum(row.data["Amount"] for row in lines), 2),
        "Amount Including VAT": round(sum(row.data["Amount Including VAT"] for row in lines), 2),
    }
    if any(header.data.get(name) != value for name, value in totals.items()):
        store.update(SERVICE, "Sales Header", header.row_id, {**header.data, **totals})
