"""Seed the demo company's master data in the BC emulator through ``sandbox.bc.service`` (BC's own rules).

SystemIds are derived from each record's key, so the demo company is the same on every machine and tests can
refer to records by id.
"""

import random
import uuid

from sandbox.bc import service
from sandbox.bc.company_scope import in_company
from sandbox.demo import bc_data as data
from sandbox.demo.credentials import COMPANY_ID, COMPANY_NAME, SECOND_COMPANY_ID, SECOND_COMPANY_NAME

__all__ = ["demo_id", "seed_master_data"]

DEMO_NAMESPACE = uuid.UUID("2d6f0f0e-4c1b-4b8e-9a57-5b1c3e0a7d10")
RATES_START = "2024-01-01"  # the demo exchange rates apply from before any demo document


def demo_id(service_name: str, table: str, key: str) -> uuid.UUID:
    """The fixed SystemId (or Dataverse row id) of a demo record."""
    return uuid.uuid5(DEMO_NAMESPACE, f"{service_name}/{table}/{key}")


def _create(table: str, key: str, values: dict) -> dict:
    return service.create(table, values, row_id=demo_id("bc", table, key)).data


def _codes() -> None:
    for code, name, title in data.SALESPEOPLE:
        email = f"{name.split()[0].lower()}@cronus-demosite.com"
        values = {"Code": code, "Name": name, "Job Title": title, "E-Mail": email, "Commission %": 2.5}
        _create("Salesperson/Purchaser", code, {**values, "Phone No.": f"+1 425 555 01{len(code) * 7:02d}"})
    for code, name, symbol, per_hundred in data.CURRENCIES:
        values = {"Code": code, "Description": name, "Symbol": symbol, "ISO Code": code}
        _create("Currency", code, {**values, "Amount Rounding Precision": 0.01, "Amount Decimal Places": "2:2"})
        rate = {"Currency Code": code, "Starting Date": RATES_START, "Exchange Rate Amount": per_hundred}
        _create("Currency Exchange Rate", code, {**rate, "Relational Exch. Rate Amount": 100})
    for code, name, due, discount_date, discount in data.PAYMENT_TERMS:
        values = {"Code": code, "Description": name, "Due Date Calculation": due}
        _create("Payment Terms", code, {**values, "Discount Date Calculation": discount_date, "Discount %": discount})
    for code, name in data.SHIPMENT_METHODS:
        _create("Shipment Method", code, {"Code": code, "Description": name})
    for code, name, site in data.SHIPPING_AGENTS:
        _create("Shipping Agent", code, {"Code": code, "Name": name, "Internet Address": site})
    for code, name, iso in data.UNITS:
        _create("Unit of Measure", code, {"Code": code, "Description": name, "International Standard Code": iso})
    for code, name in data.ITEM_CATEGORIES:
        _create("Item Category", code, {"Code": code, "Description": name})
    for code, name in data.CUSTOMER_PRICE_GROUPS:
        _create("Customer Price Group", code, {"Code": code, "Description": name, "Allow Line Disc.": True})


def _address(rng: random.Random) -> dict:
    city, state, post = rng.choice(data.CITIES)
    return {
        "Address": f"{rng.randint(10, 9899)} {rng.choice(data.STREETS)}",
        "City": city,
        "County": state,
        "Post Code": f"{post}{rng.randint(10, 99)}",
        "Country/Region Code": "US",
        "Phone No.": f"+1 {rng.randint(201, 989)} 555 {rng.randint(1000, 9999)}",
    }


def _web(name: str) -> tuple[str, str]:
    domain = "".join(ch for ch in name.lower() if ch.isalnum())[:20] + ".com"
    return f"info@{domain}", f"www.{domain}"


def _customers(rng: random.Random) -> None:
    salespeople = [code for code, _, _ in data.SALESPEOPLE]
    terms = [code for code, *_ in data.PAYMENT_TERMS]
    for index, name in enumerate(data.CUSTOMER_NAMES):
        email, site = _web(name)
        values = {"Name": name, **_address(rng), "E-Mail": email, "Home Page": site, "Fax No.": ""}
        values |= {
            "Salesperson Code": salespeople[index % len(salespeople)],
            "Payment Terms Code": terms[index % len(terms)],
            "Shipment Method Code": data.SHIPMENT_METHODS[index % len(data.SHIPMENT_METHODS)][0],
            "Shipping Agent Code": data.SHIPPING_AGENTS[index % len(data.SHIPPING_AGENTS)][0],
            "Customer Price Group": data.CUSTOMER_PRICE_GROUPS[index % 3][0],
            "Currency Code": ("", "", "", "", "EUR", "", "GBP", "", "", "CAD")[index % 10],
            "Credit Limit (LCY)": float(rng.choice((0, 10000, 25000, 50000, 100000))),
            "Balance (LCY)": round(rng.uniform(0, 40000), 2),
        }
        if index % 4 == 1:
            values["Fax No."] = f"+1 {rng.randint(201, 989)} 555 {rng.randint(1000, 9999)}"
        values |= _statistics(rng, values["Balance (LCY)"])
        primary = _contacts(rng, values, email.split("@")[1])
        customer = _create(
            "Customer", name, {**values, "Primary Contact No.": primary["No."], "Contact": primary["Name"]}
        )
        # As BC's "Create as Customer" on a company contact does: the relation that ties the company to the customer.
        relation = {
            "Contact No.": primary["Company No."],
            "Business Relation Code": "CUST",
            "Link to Table": "Customer",
        }
        _create("Contact Business Relation", f"CUST {customer['No.']}", relation | {"No.": customer["No."]})


def _statistics(rng: random.Random, balance: float) -> dict:
    overdue = round(balance * rng.choice((0, 0, 0.1, 0.25)), 2)
    return {
        "Balance Due (LCY)": overdue,
        "Overdue Amounts (LCY)": overdue,
        "Outstanding Orders (LCY)": round(rng.uniform(0, 15000), 2),
        "Shipped Not Invoiced (LCY)": round(rng.uniform(0, 3000), 2),
        "Outstanding Invoices (LCY)": round(balance - overdue, 2),
        "Sales (LCY)": round(balance * rng.uniform(2, 6), 2),
    }


def _contacts(rng: random.Random, customer: dict, domain: str) -> dict:
    """A company contact for the customer and one or two people working there (BC's CONTACT mapping filter);
    returns the first person, the customer's primary contact."""
    address = {name: customer[name] for name in ("Address", "City", "County", "Post Code", "Country/Region Code")}
    company = _create(
        "Contact", f"company {customer['Name']}", {"Type": "Company", "Name": customer["Name"], **address}
    )
    people = []
    for _ in range(1 + rng.randint(0, 1)):
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        values = {"Type": "Person", "First Name": first, "Surname": last, "Company No.": company["No."], **address}
        values |= {
            "E-Mail": f"{first.lower()}.{last.lower()}@{domain}",
            "Job Title": rng.choice(("Buyer", "CFO", "Owner")),
        }
        values |= {"Mobile Phone No.": f"+1 {rng.randint(201, 989)} 555 {rng.randint(1000, 9999)}"}
        values["Salesperson Code"] = customer["Salesperson Code"]
        people.append(_create("Contact", f"{first} {last} {company['No.']}", values))
    return people[0]


def _vendors(rng: random.Random) -> None:
    for name in data.VENDOR_NAMES:
        email, site = _web(name)
        _create(
            "Vendor", name, {"Name": name, **_address(rng), "E-Mail": email, "Home Page": site, "Purchaser Code": "BC"}
        )


def _products() -> None:
    vendors = [row.data["No."] for row in sorted(service.find("Vendor"), key=lambda row: row.data["No."])]
    for index, (number, name, category, price, cost, inventory, extra) in enumerate(data.ITEMS):
        values = {"No.": number, "Description": name, "Item Category Code": category, "Base Unit of Measure": "PCS"}
        values |= {"Unit Price": price, "Unit Cost": cost, "Standard Cost": cost, "Inventory": inventory}
        values |= {"Vendor No.": vendors[index % len(vendors)], "Vendor Item No.": f"V-{number}"}
        values |= {"Gross Weight": round(price / 40, 1), "Unit Volume": round(price / 500, 2)}
        _create("Item", number, values)
        if extra:
            key = f"{number} {extra[0]}"
            _create(
                "Item Unit of Measure",
                key,
                {"Item No.": number, "Code": extra[0], "Qty. per Unit of Measure": extra[1]},
            )
    for number, name, kind, price, cost, capacity in data.RESOURCES:
        values = {"No.": number, "Name": name, "Type": kind, "Base Unit of Measure": "HOUR", "Unit Price": price}
        _create("Resource", number, {**values, "Unit Cost": cost, "Direct Unit Cost": cost, "Capacity": capacity})
        _create(
            "Resource Unit of Measure",
            f"{number} DAY",
            {"Resource No.": number, "Code": "DAY", "Qty. per Unit of Measure": 8},
        )


def seed_master_data() -> None:
    """Company, codes, customers with contacts, vendors, items and resources (documents: ``bc_documents``)."""
    rng = random.Random(2024)
    service.create("Company", {"Name": COMPANY_NAME[:30], "Display Name": COMPANY_NAME}, row_id=COMPANY_ID)
    _codes()
    # CRONUS archives orders and quotes; no write-in product is chosen until an administrator picks one.
    _create("Sales & Receivables Setup", "", {"Primary Key": "", "Archive Orders": True, "Archive Quotes": "Always"})
    _create("General Ledger Setup", "", {"Primary Key": "", "LCY Code": "USD"})
    _create("Company Information", "", {"Primary Key": "", "Name": COMPANY_NAME, "Address": "7122 South Ashford Street",
                                        "City": "Atlanta", "County": "GA", "Post Code": "31772",
                                        "Country/Region Code": "US", "Phone No.": "+1 425 555 0100"})  # fmt: skip
    _customers(rng)
    _vendors(rng)
    _products()
    _second_company()


def _second_company() -> None:
    """CRONUS Second: a company with its setup and no records, so that one environment holds two companies."""
    service.create(
        "Company", {"Name": SECOND_COMPANY_NAME, "Display Name": SECOND_COMPANY_NAME}, row_id=SECOND_COMPANY_ID
    )
    with in_company(SECOND_COMPANY_ID):
        service.create("General Ledger Setup", {"Primary Key": "", "LCY Code": "USD"})
        service.create(
            "Company Information", {"Primary Key": "", "Name": SECOND_COMPANY_NAME, "Country/Region Code": "US"}
        )
