"""The world of the fault soak (``manage.py soak`` and ``tests/reliability``): what it holds and how it is synchronized.

A CRONUS-like sandbox tenant reduced to what the chain CURRENCY → UNIT GROUP → ITEM UOM → CUSTOMER → VENDOR →
CONTACT → ITEM-PRODUCT synchronizes: N BC customers, each with a company contact, a business relation to it and one
person contact (every other customer a second one), N items with their base unit and unit group (all made by the
demo's scale generator), N/5 vendors, three foreign currencies, and N/10 customer accounts made in Sales, so that
both directions write under faults. Customers carry no salesperson or payment terms code: the soak is about
faults, not the option mappings. ``bcsales.soak_audit`` judges the world after a run.
"""

import uuid

from bcsales.bench.connection import bench_connection
from connection_setup.models import Connection
from sandbox import store
from sandbox.bc import service as bc
from sandbox.bc.numbering import next_number
from sandbox.dataverse import service as dataverse
from sandbox.dataverse.schema import table_named
from sandbox.demo import bc_data
from sandbox.demo import credentials as demo
from sandbox.demo.scale import seed_scale
from sandbox.identity.registrations import register_app

__all__ = ["CHAIN", "LOCAL_CURRENCY", "SOAK_CONNECTION", "seed_soak_world", "soak_values"]

SOAK_CONNECTION = "SOAK"
CHAIN = ("CURRENCY", "UNIT GROUP", "ITEM UOM", "CUSTOMER", "VENDOR", "CONTACT", "ITEM-PRODUCT")
LOCAL_CURRENCY = ("USD", "US Dollar", "$")
FOREIGN_CURRENCIES = 3
UNSYNCHRONIZED_CODES = ("Salesperson Code", "Payment Terms Code")


def soak_values(kind: str, number: int) -> dict:
    """A record's unique, deterministic name, address and contact data; a second row with its name is a duplicate."""
    name = f"Soak {kind} {number:05d}"
    domain = f"soak-{kind.lower()}-{number}.example.com"
    return {
        "Name": name, "Address": f"{number} Main Street", "City": "Seattle", "Post Code": f"98{number % 1000:03d}",
        "Phone No.": f"+1 425 555 {number % 10000:04d}", "E-Mail": f"info@{domain}", "Home Page": f"www.{domain}",
    }  # fmt: skip


def _seed_identities() -> None:
    """The demo app registration, and the Sales rows a connection's integration user and products need."""
    register_app(
        tenant_id=demo.TENANT_ID,
        tenant_domain=demo.TENANT_DOMAIN,
        client_id=demo.CLIENT_ID,
        display_name=demo.APP_DISPLAY_NAME,
        client_secret=demo.CLIENT_SECRET,
    )
    unit = uuid.uuid5(uuid.NAMESPACE_URL, "bcsales-soak/businessunit")
    store.insert("dataverse", "businessunit", unit, {"name": demo.TENANT_NAME})
    user = {"fullname": demo.INTEGRATION_DISPLAY_NAME, "internalemailaddress": demo.INTEGRATION_UPN}
    user |= {"applicationid": demo.CLIENT_ID.lower(), "isdisabled": False, "_businessunitid_value": str(unit)}
    store.insert("dataverse", "systemuser", uuid.UUID(demo.INTEGRATION_USER_ID), user)


def _seed_currencies() -> uuid.UUID:
    """Sales's base currency (BC's LCY) and a few foreign currencies in BC with their exchange rates."""
    for code, description, symbol, per_hundred in bc_data.CURRENCIES[:FOREIGN_CURRENCIES]:
        bc.create("Currency", {"Code": code, "Description": description, "Symbol": symbol, "ISO Code": code})
        rate = {"Currency Code": code, "Starting Date": "2024-01-01", "Exchange Rate Amount": per_hundred}
        bc.create("Currency Exchange Rate", rate | {"Relational Exch. Rate Amount": 100})
    code, name, symbol = LOCAL_CURRENCY
    body = {"isocurrencycode": code, "currencyname": name, "currencysymbol": symbol, "exchangerate": 1.0}
    row = dataverse.create(table_named("transactioncurrency"), body, caller_id=demo.ADMIN_USER_ID)
    return row.row_id


def _second_person(index: int, number: str, customer: dict, company: str) -> dict:
    name = f"Soak Person {index:05d}"
    person = {"No.": number, "Type": "Person", "First Name": "Soak", "Surname": name.removeprefix("Soak ")}
    person |= {"Name": name, "Company No.": company, "Company Name": customer["Name"], "City": customer["City"]}
    return bc.prepare("Contact", person | {"E-Mail": f"person{index}@soak.example.com"})


def _second_people() -> None:
    """A second person at every other customer (the scale generator makes one, with the business relation that
    ties the company contact to its customer)."""
    people = {row.data["No."]: row.data for row in store.find("bc", "Contact", Type="Person")}
    customers = sorted((row.data for row in store.find("bc", "Customer")), key=lambda data: data["No."])
    pairs = [(customer, people[customer["Primary Contact No."]]["Company No."]) for customer in customers]
    numbers = next_number("CONT", len(pairs[::2]))
    persons = [
        (uuid.uuid4(), _second_person(index, number, *pair))
        for index, (number, pair) in enumerate(zip(numbers, pairs[::2], strict=True), start=1)
    ]
    store.write_many("bc", "Contact", persons)


def _without_codes() -> None:
    """Clear the codes whose mappings the soak does not run (salespeople, the option mappings)."""
    rows = [(row.row_id, row.data | dict.fromkeys(UNSYNCHRONIZED_CODES, "")) for row in store.find("bc", "Customer")]
    store.write_many("bc", "Customer", rows)


def _seed_bc(table: str, series: str, kind: str, count: int) -> None:
    rows = [
        (uuid.uuid4(), bc.prepare(table, {"No.": number, **soak_values(kind, index)}))
        for index, number in enumerate(next_number(series, count), start=1)
    ]
    store.write_many("bc", table, rows)


def seed_soak_world(records: int, base: str) -> Connection:
    """Seed the sandbox and make the SOAK connection to it at ``base`` (a served sandbox's URL)."""
    _seed_identities()
    bc.create("Company", {"Name": "CRONUS", "Display Name": demo.COMPANY_NAME}, row_id=demo.COMPANY_ID)
    local_currency = _seed_currencies()
    unit, description, iso = bc_data.UNITS[0]  # the base unit of every generated item
    bc.create("Unit of Measure", {"Code": unit, "Description": description, "International Standard Code": iso})
    seed_scale(records)
    _without_codes()
    _second_people()
    _seed_bc("Vendor", "VEND", "Vendor", records // 5)
    for number in range(1, records // 10 + 1):
        values = soak_values("Account", number)
        body = {"name": values["Name"], "address1_city": values["City"], "telephone1": values["Phone No."]}
        dataverse.create(table_named("account"), body | {"customertypecode": 3}, caller_id=demo.ADMIN_USER_ID)
    connection = bench_connection(base)  # the benchmark's sandbox connection, named for the soak
    connection.name, connection.base_currency_id = SOAK_CONNECTION, local_currency
    connection.base_currency_code = LOCAL_CURRENCY[0]
    connection.save(update_fields=["name", "base_currency_id", "base_currency_code"])
    return connection
