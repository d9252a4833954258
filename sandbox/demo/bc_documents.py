"""Seed the demo company's prices, opportunities and sales documents: open quotes, open and released orders,
posted invoices (with their order archives) and notes on orders, all through BC's rules and actions."""

import datetime as dt
import random

from sandbox.bc import actions, service
from sandbox.demo import bc_data as data
from sandbox.demo.bc_seed import demo_id

__all__ = ["seed_documents"]

PRICE_FACTORS = {"RETAIL": 1.0, "WHOLESALE": 0.85, "EXPORT": 0.9}


def _prices() -> None:
    """Legacy Sales Prices and the new experience's price lists, per customer price group (CUSTPRCGRP-PRICE,
    SALESPRC-PRODPRICE, PLHEADER-PRICE, PLLINE-PRODPRICE)."""
    for index, (group, description) in enumerate(data.CUSTOMER_PRICE_GROUPS, start=1):
        code = f"S{index:05d}"
        header = {"Code": code, "Description": f"{description} price list", "Source Type": "Customer Price Group"}
        header |= {"Source No.": group, "Price Type": "Sale", "Amount Type": "Price", "Status": "Active"}
        service.create("Price List Header", header, row_id=demo_id("bc", "Price List Header", code))
        for line_no, (number, name, _, price, *_rest) in enumerate(data.ITEMS[:12], start=1):
            unit_price = round(price * PRICE_FACTORS[group], 2)
            sales_price = {"Item No.": number, "Sales Type": "Customer Price Group", "Sales Code": group}
            sales_price |= {"Unit of Measure Code": "PCS", "Unit Price": unit_price, "Starting Date": "2024-01-01"}
            service.create("Sales Price", sales_price, row_id=demo_id("bc", "Sales Price", f"{group} {number}"))
            line = {"Price List Code": code, "Line No.": line_no * 10000, "Source Type": "Customer Price Group"}
            line |= {"Source No.": group, "Asset Type": "Item", "Asset No.": number, "Description": name}
            line |= {"Unit of Measure Code": "PCS", "Unit Price": unit_price, "Price Type": "Sale"}
            line |= {"Amount Type": "Price", "Status": "Active"}
            service.create("Price List Line", line, row_id=demo_id("bc", "Price List Line", f"{code} {line_no}"))


def _opportunities(rng: random.Random) -> None:
    people = sorted(service.find("Contact", Type="Person"), key=lambda row: row.data["No."])
    topics = ("Office refurbishment", "Conference room", "New branch office", "Reception area", "Home office program")
    for index in range(10):
        contact = people[index * 3 % len(people)].data
        values = {"Description": f"{topics[index % len(topics)]} - {contact['Company Name']}"[:100]}
        values |= {"Contact No.": contact["No."], "Salesperson Code": contact["Salesperson Code"] or "PS"}
        values |= {
            "Status": ("Not Started", "In Progress")[index % 2],
            "Estimated Value (LCY)": rng.randint(5, 80) * 1000,
        }
        values |= {"Estimated Closing Date": (dt.date(2025, 1, 15) + dt.timedelta(days=30 * index)).isoformat()}
        values["Chances of Success %"] = rng.choice((25, 50, 75))
        service.create("Opportunity", values, row_id=demo_id("bc", "Opportunity", str(index)))


def _document(kind: str, key: str, customer: dict, rng: random.Random) -> dict:
    header = {"Document Type": kind, "Sell-to Customer No.": customer["No."], "Your Reference": ""}
    header |= {"External Document No.": f"PO-{rng.randint(10000, 99999)}", "Requested Delivery Date": "2025-03-01"}
    row = service.create("Sales Header", header, row_id=demo_id("bc", "Sales Header", key))
    sellable = [item for item in data.ITEMS if item[1]]
    for line_index in range(rng.randint(1, 4)):
        number = rng.choice(sellable)[0]
        line = {"Document Type": kind, "Document No.": row.data["No."], "No.": number, "Quantity": rng.randint(1, 12)}
        line |= {"VAT %": 8.0, "Line Discount %": rng.choice((0, 0, 5, 10))}
        service.create("Sales Line", line, row_id=demo_id("bc", "Sales Line", f"{key} {line_index}"))
    if rng.random() < 0.4:
        line = {"Document Type": kind, "Document No.": row.data["No."], "Type": "Resource", "No.": "INSTALL"}
        service.create(
            "Sales Line",
            {**line, "Quantity": rng.randint(2, 8), "VAT %": 8.0},
            row_id=demo_id("bc", "Sales Line", f"{key} resource"),
        )
    return service.get("Sales Header", row.row_id).data


def _note(order: dict, index: int) -> None:
    text = ("Customer asked for delivery before noon.", "Call the buyer before shipping.")[index % 2]
    values = {"Record ID": f"Sales Header: Order,{order['No.']}", "Type": "Note", "Description": text[:30]}
    values |= {"Note": text, "User ID": "ADMIN", "Company": "CRONUS USA, Inc."}
    service.create("Record Link", values, row_id=demo_id("bc", "Record Link", order["No."]))


def seed_documents() -> None:
    """Prices, opportunities, 6 open quotes, 10 orders (4 released), 8 posted invoices (2 paid)."""
    rng = random.Random(7)
    _prices()
    _opportunities(rng)
    customers = sorted((row.data for row in service.find("Customer")), key=lambda customer: customer["No."])
    for index in range(6):
        _document("Quote", f"quote {index}", customers[index * 5 % len(customers)], rng)
    for index in range(10):
        order = _document("Order", f"order {index}", customers[(index * 7 + 1) % len(customers)], rng)
        if index % 3 == 0:
            _note(order, index)
        if index < 4:
            actions.release(service.find_one("Sales Header", **{"Document Type": "Order", "No.": order["No."]}))
    for index in range(8):
        order = _document("Order", f"posted order {index}", customers[(index * 11 + 2) % len(customers)], rng)
        posted = actions.ship_and_invoice(
            service.find_one("Sales Header", **{"Document Type": "Order", "No.": order["No."]})
        )
        if index < 2:
            service.update("Sales Invoice Header", posted.row_id, {"Remaining Amount": 0, "Closed": True})
