"""A small sales world for the flow tests: a BC company with customers, items and a resource, Sales rows coupled
to them, and a connection to both emulators reached in-process.

Records are made through the emulators' own services so that their rules and stamps apply; couplings are made
directly, as a previous synchronization would have left them.
"""

import uuid
from dataclasses import dataclass, field

from connection_setup.models import Connection
from mappings.flows.base import FlowResult
from mappings.flows.bidirectional_orders import synchronize_sales_orders
from mappings.flows.couplings import couple
from sandbox import store
from sandbox.bc import service as bc
from sandbox.dataverse import service as dataverse
from sandbox.dataverse.schema import table_named
from sandbox.demo import credentials as demo
from tests.connection_setup.sandbox_setup import sandbox_connection, seed_integration_user

__all__ = ["SalesWorld", "bc_rows", "build_sales_world", "sales_create", "sales_row", "sales_setup", "synchronize"]

SALES_USER = demo.ADMIN_USER_ID


def sales_create(table: str, body: dict, *, row_id: uuid.UUID | None = None) -> uuid.UUID:
    return dataverse.create(table_named(table), body, caller_id=SALES_USER, row_id=row_id).row_id


def sales_insert(table: str, data: dict) -> uuid.UUID:
    """A row as it already stands in Sales, without the create rules (required look-ups of set-up tables)."""
    return store_insert(table, data)


def store_insert(table: str, data: dict, *, row_id: uuid.UUID | None = None) -> uuid.UUID:
    """Write a row as Sales holds it, replacing it when ``row_id`` exists (read-only columns, states)."""
    row_id = row_id or uuid.uuid4()
    if store.get("dataverse", table, row_id):
        store.update("dataverse", table, row_id, data)
    else:
        store.insert("dataverse", table, row_id, data)
    return row_id


def sales_update(table: str, row_id: uuid.UUID, body: dict) -> None:
    dataverse.update(table_named(table), row_id, body, caller_id=SALES_USER)


def sales_row(table: str, row_id: object) -> dict:
    return store.get("dataverse", table, uuid.UUID(str(row_id))).data


def sales_rows(table: str) -> list[dict]:
    return [row.data | {"id": row.row_id} for row in store.find("dataverse", table)]


def bc_rows(table: str, **where) -> list[dict]:
    return [row.data | {"id": row.row_id} for row in store.find("bc", table, **where)]


def sales_setup(**values) -> uuid.UUID:
    """BC's Sales & Receivables Setup record (write-in product, Archive Orders)."""
    return bc.create("Sales & Receivables Setup", {"Primary Key": ""} | values).row_id


def synchronize(connection: Connection) -> FlowResult:
    """Both passes of the bidirectional SALESORDER-ORDER flow, their counters added up."""
    total = FlowResult("SALESORDER-ORDER")
    for result in synchronize_sales_orders(connection):
        total.counters.add(result.counters)
    return total


def bind(column: str, entity_set: str, row_id: object) -> dict:
    return {f"{column}@odata.bind": f"/{entity_set}({row_id})"}


@dataclass
class SalesWorld:
    connection: Connection
    accounts: dict[str, uuid.UUID] = field(default_factory=dict)  # customer no. → account id
    products: dict[str, uuid.UUID] = field(default_factory=dict)  # item/resource no. → product id
    currency_id: uuid.UUID | None = None

    def order(self, customer: str = "C00010", *, lines=(("1000", 2, 100.0),), state: int = 1, **values) -> uuid.UUID:
        """A Sales order with lines (product no. or None for write-in, quantity, price), then submitted."""
        body = {"name": "Web order", "ordernumber": values.pop("ordernumber", f"ORD-{uuid.uuid4().hex[:6]}")}
        body |= bind("customerid_account", "accounts", self.accounts[customer]) | values
        order_id = sales_create("salesorder", body)
        self.add_lines("salesorderdetail", "salesorderid", "salesorders", order_id, lines)
        if state:
            sales_update("salesorder", order_id, {"statecode": state})
        return order_id

    def add_lines(self, table: str, parent: str, parent_set: str, parent_id: uuid.UUID, lines) -> None:
        for number, (product, quantity, price) in enumerate(lines, start=1):
            line = {"quantity": quantity, "priceperunit": price, "sequencenumber": number}
            line |= bind(parent, parent_set, parent_id)
            if product:
                line |= bind("productid", "products", self.products[product])
            else:
                line |= {"productdescription": "Installation on site", "isproductoverridden": True}
            sales_create(table, line)


def build_sales_world(**connection_fields) -> SalesWorld:
    """Two coupled customers (one not coupled), two coupled items and a coupled resource; USD is the LCY."""
    seed_integration_user()
    bc.create("Company", {"Name": "CRONUS", "Display Name": demo.COMPANY_NAME}, row_id=demo.COMPANY_ID)
    for code in ("PCS", "HOUR"):
        bc.create("Unit of Measure", {"Code": code, "Description": code})
    bc.create("Currency", {"Code": "EUR", "Description": "Euro", "ISO Code": "EUR"})
    fields = {"bc_company_id": demo.COMPANY_ID, "integration_user_id": demo.INTEGRATION_USER_ID, "is_enabled": True}
    connection = sandbox_connection(**(fields | {"base_currency_code": "USD"} | connection_fields))
    world = SalesWorld(connection)
    world.currency_id = sales_insert("transactioncurrency", {"currencyname": "US Dollar", "isocurrencycode": "USD"})
    for number, name in (("C00010", "Adatum"), ("C00020", "Trey Research"), ("C00030", "Fabrikam")):
        customer = bc.create("Customer", {"No.": number, "Name": name, "City": "Seattle"})
        account_id = sales_create("account", {"name": name, "customertypecode": 3})
        world.accounts[number] = account_id
        if number != "C00030":
            couple(connection, "Customer", customer.row_id, "account", account_id)
    for table, number, name, unit, kind in (
        ("Item", "1000", "Bicycle", "PCS", 1),
        ("Item", "1100", "Front Wheel", "PCS", 1),
        ("Resource", "LINDA", "Linda Martin", "HOUR", 3),
    ):
        name_field = "Description" if table == "Item" else "Name"
        record = bc.create(table, {"No.": number, name_field: name, "Base Unit of Measure": unit, "Unit Price": 50})
        product = {"name": name, "productnumber": number, "producttypecode": kind, "statecode": 0, "statuscode": 1}
        product_id = sales_insert("product", product)
        world.products[number] = product_id
        couple(connection, table, record.row_id, "product", product_id)
    return world


def later() -> None:
    """An hour passes: stored stamps move back, so a change made now is newer than anything synchronized
    (Dataverse's ``modifiedon`` has whole seconds)."""
    from datetime import timedelta

    from django.db.models import F

    from mappings.models import Coupling
    from sandbox.models import SandboxRecord

    hour = timedelta(hours=1)
    SandboxRecord.objects.using("sandbox").update(
        modified_at=F("modified_at") - hour, created_at=F("created_at") - hour
    )
    Coupling.objects.update(
        bc_modified_on=F("bc_modified_on") - hour, dataverse_modified_on=F("dataverse_modified_on") - hour
    )
