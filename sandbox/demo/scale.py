"""``seed_scale(n)``: N more customers (each with a company contact and a person contact) and N more items (with
their base unit and unit group) in the BC company, for benchmarks and paging tests.

Values are realistic and deterministic (a generator seeded with N); numbers come from BC's number series;
records are validated like any other (``service.prepare``) but written in bulk through ``sandbox.store``, in
one transaction, so 20,000 customers take seconds, not the minutes that one insert per record would.
"""

import random
import uuid
from collections.abc import Iterator

from django.db import transaction

from sandbox import store
from sandbox.bc import service
from sandbox.bc.numbering import next_number
from sandbox.bc.schema import table
from sandbox.demo import bc_data as data
from sandbox.demo.bc_seed import demo_id
from sandbox.demo.credentials import COMPANY_ID
from sandbox.routers import SANDBOX_DB

__all__ = ["seed_scale"]

COMPANY_WORDS = ("Furniture", "Office", "Interiors", "Design", "Supplies", "Workspace", "Trading", "Group")
ITEM_WORDS = ("Chair", "Desk", "Table", "Cabinet", "Shelf", "Lamp", "Panel", "Drawer", "Stool", "Bench")
COLORS = ("black", "white", "blue", "green", "red", "grey", "oak", "walnut")


def _rows(table_name: str, records: list[dict]) -> list[tuple[uuid.UUID, dict]]:
    """Prepared rows whose SystemIds derive from their primary key, so the same numbers give the same ids."""
    key = table(table_name).key
    return [
        (demo_id("bc", table_name, "/".join(str(values[name]) for name in key)), service.prepare(table_name, values))
        for values in records
    ]


def _customer_batch(rng: random.Random, numbers: list[str], contacts: Iterator[str]) -> tuple[list, list, list]:
    """Customers, their company and person contacts, and the business relations that tie companies to customers."""
    customers, people, relations = [], [], []
    for number in numbers:
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        name = f"{last} {rng.choice(COMPANY_WORDS)} {rng.choice(('Inc.', 'LLC', 'Ltd.', 'Co.'))}"
        city, state, post = rng.choice(data.CITIES)
        domain = "".join(ch for ch in name.lower() if ch.isalnum())[:24] + ".com"
        address = {"Address": f"{rng.randint(10, 9899)} {rng.choice(data.STREETS)}", "City": city, "County": state}
        address |= {"Post Code": f"{post}{rng.randint(10, 99)}", "Country/Region Code": "US"}
        company_no, person_no = next(contacts), next(contacts)
        customers.append({
            "No.": number, "Name": name, "Search Name": name.upper(), **address, "E-Mail": f"info@{domain}",
            "Home Page": f"www.{domain}", "Phone No.": f"+1 {rng.randint(201, 989)} 555 {rng.randint(1000, 9999)}",
            "Salesperson Code": rng.choice(data.SALESPEOPLE)[0], "Payment Terms Code": rng.choice(data.PAYMENT_TERMS)[0],
            "Customer Price Group": rng.choice(data.CUSTOMER_PRICE_GROUPS)[0], "Primary Contact No.": person_no,
            "Contact": f"{first} {last}", "Credit Limit (LCY)": float(rng.choice((0, 5000, 10000, 25000))),
        })  # fmt: skip
        people.append(
            {"No.": company_no, "Type": "Company", "Name": name, "Company No.": "", "Company Name": name, **address}
        )
        people.append({
            "No.": person_no, "Type": "Person", "First Name": first, "Surname": last, "Name": f"{first} {last}",
            "Company No.": company_no, "Company Name": name, "E-Mail": f"{first}.{last}@{domain}".lower(), **address,
        })  # fmt: skip
        relations.append(
            {"Contact No.": company_no, "Business Relation Code": "CUST", "Link to Table": "Customer", "No.": number}
        )
    return customers, people, relations


def _item_batch(rng: random.Random, numbers: list[str]) -> tuple[list, list, list]:
    items, units, groups = [], [], []
    for number in numbers:
        description = f"{rng.choice(data.CITIES)[0].upper()} {rng.choice(ITEM_WORDS)}, {rng.choice(COLORS)}"
        price = round(rng.uniform(15, 1500), 2)
        items.append({
            "No.": number, "Description": description, "Base Unit of Measure": "PCS", "Sales Unit of Measure": "PCS",
            "Item Category Code": rng.choice(data.ITEM_CATEGORIES)[0], "Unit Price": price,
            "Unit Cost": round(price * 0.78, 2), "Inventory": float(rng.randint(0, 500)),
        })  # fmt: skip
        units.append({"Item No.": number, "Code": "PCS", "Qty. per Unit of Measure": 1})
        groups.append(
            {"Source Type": "Item", "Source No.": number, "Code": f"ITEM {number} UOM GR", "Source Name": description}
        )
    return items, units, groups


def seed_scale(n: int) -> dict[str, int]:
    """Add ``n`` customers, ``2n`` contacts and ``n`` items (plus units and unit groups) to the demo company."""
    if n <= 0:
        return {}
    if store.get("bc", "Company", uuid.UUID(COMPANY_ID)) is None:
        raise ValueError("Seed the demo company first (manage.py sandbox seed) before adding generated records.")
    rng = random.Random(n)
    written = {}
    with transaction.atomic(using=SANDBOX_DB):
        customers, people, relations = _customer_batch(rng, next_number("CUST", n), iter(next_number("CONT", 2 * n)))
        items, units, groups = _item_batch(rng, next_number("ITEM", n))
        batches = {"Customer": customers, "Contact": people, "Contact Business Relation": relations, "Item": items}
        batches |= {"Item Unit of Measure": units, "Unit Group": groups}
        for table_name, records in batches.items():
            store.write_many("bc", table_name, _rows(table_name, records))
            written[table_name] = len(records)
    return written
