"""Customer, currency, product and unit resolution from Dataverse rows to BC records (sales_flows §1.5, §1.6).

The messages are BC's, so an administrator who knows BC's integration recognises each failure; every one names
the Dataverse record that needs attention.
"""

import uuid
from dataclasses import dataclass

from connection_setup.clients import odata
from connection_setup.clients.business_central import BusinessCentralClient
from connection_setup.clients.dataverse import DataverseClient
from connection_setup.clients.errors import NotFoundError
from connection_setup.models import Connection
from mappings.flows.base import FlowError
from mappings.flows.couplings import coupled_bc_id
from mappings.flows.dataverse_rows import lookup, lookup_table

__all__ = ["LineProduct", "Resolver", "WriteIn"]

CUSTOMER_TYPE = 3
SALES_INVENTORY, SERVICES = 1, 3
PRODUCT_TABLES = {SALES_INVENTORY: "Item", SERVICES: "Resource"}


@dataclass(frozen=True)
class WriteIn:
    """Sales & Receivables Setup's write-in product: used for Dataverse lines without a product."""

    type: str  # "Item" or "Resource"
    number: str
    problem: str = ""  # why the chosen record cannot be used (BC's validation of the setup field)


@dataclass(frozen=True)
class LineProduct:
    """The BC item or resource of a Dataverse line; ``vat_price_groups`` is (VAT Bus. Posting Gr. (Price), VAT Prod.
    Posting Group) of an item whose price includes VAT, whose Sales price therefore includes VAT too."""

    type: str
    number: str
    description: str
    unit: str | None
    write_in: bool = False
    own_description: str = ""
    vat_price_groups: tuple[str, str] | None = None


def _vat_groups(record: dict) -> tuple[str, str] | None:
    if record.get("Price Includes VAT") and record.get("VAT Bus. Posting Gr. (Price)"):
        return record["VAT Bus. Posting Gr. (Price)"], record.get("VAT Prod. Posting Group") or ""
    return None


class Resolver:
    """Resolves one document's references; caches what it read for the rest of the run."""

    def __init__(
        self, connection: Connection, bc: BusinessCentralClient, dataverse: DataverseClient, *, prefix: str
    ) -> None:
        self.connection, self.bc, self.dataverse, self.prefix = connection, bc, dataverse, prefix
        self._bc_cache: dict[tuple[str, uuid.UUID], dict | None] = {}
        self._dv_cache: dict[tuple[str, uuid.UUID], dict | None] = {}

    def bc_record(self, table: str, record_id: uuid.UUID) -> dict | None:
        key = (table, record_id)
        if key not in self._bc_cache:
            try:
                self._bc_cache[key] = self.bc.get(table, record_id)
            except NotFoundError:
                self._bc_cache[key] = None
        return self._bc_cache[key]

    def row(self, table: str, row_id: uuid.UUID) -> dict | None:
        key = (table, row_id)
        if key not in self._dv_cache:
            try:
                self._dv_cache[key] = self.dataverse.get(table, row_id)
            except NotFoundError:
                self._dv_cache[key] = None
        return self._dv_cache[key]

    # Customer

    def account_of(self, document: dict, label: str) -> dict:
        """The Dataverse account a document is for: the customer, or the parent account of a contact customer."""
        customer_id = lookup(document, "customerid")
        if customer_id is None:
            raise FlowError(f"{self.prefix} There is no potential customer defined on the Dynamics 365 Sales {label}.")
        if lookup_table(document, "customerid") == "contact":
            contact = self.row("contact", customer_id) or {}
            parent = lookup(contact, "parentcustomerid")
            account = self.row("account", parent) if parent else None
            if account is None:
                raise FlowError(
                    f"{label[:1].upper()}{label[1:]} is created for contact {contact.get('fullname') or customer_id}, "
                    "which doesn't correspond to an account in Dynamics 365 Sales."
                )
            return account
        account = self.row("account", customer_id)
        if account is None:
            raise FlowError(f"{self.prefix} The Dynamics 365 Sales account for {label} does not exist.")
        if account.get("customertypecode") not in (None, CUSTOMER_TYPE):
            raise FlowError(
                f"{self.prefix} The selected type of the {account.get('name')} Dynamics 365 Sales account is not "
                "customer."
            )
        return account

    def customer_for(self, document: dict, label: str) -> dict:
        """The BC customer coupled to the document's account."""
        account = self.account_of(document, label)
        customer_id = coupled_bc_id(self.connection, "Customer", "account", account["accountid"])
        customer = self.bc_record("Customer", customer_id) if customer_id else None
        if customer is None:
            raise FlowError(
                f"{self.prefix} There is no customer coupled to Dynamics 365 Sales account {account.get('name')}."
            )
        return customer

    # Currency

    def currency_code(self, document: dict) -> str:
        """Blank for the local currency (the Dataverse base currency equals BC's LCY), else the BC currency code."""
        currency_id = lookup(document, "transactioncurrencyid")
        if currency_id is None:
            return ""
        currency = self.row("transactioncurrency", currency_id)
        if currency is None:
            raise FlowError(f"Cannot find the currency with the value '{currency_id}' in Dataverse.")
        iso = currency.get("isocurrencycode") or ""
        if iso.upper() == (self.connection.base_currency_code or "").upper():
            return ""
        pages = self.bc.iter_pages("Currency", filter=odata.eq("Code", iso))
        if not any(page for page in pages):
            raise FlowError(f"{self.prefix} The currency {iso} does not exist in Business Central.")
        return iso

    # Products and units

    def line_product(self, line: dict, write_in: WriteIn | None, label: str, unit_groups: bool) -> LineProduct:
        """The BC item or resource of a Dataverse line, or the write-in product for a line without one."""
        text = (line.get("description") or line.get("productdescription") or "").strip()
        product_id = lookup(line, "productid")
        if product_id is None:
            if write_in is None or not write_in.number:
                raise FlowError(
                    f"{self.prefix} Dynamics 365 Sales {label} contains a write-in product. You must choose the "
                    "default write-in product in Sales & Receivables Setup window."
                )
            if write_in.problem:
                raise FlowError(f"{self.prefix} {write_in.problem}")
            return LineProduct(write_in.type, write_in.number, text, None, write_in=True)
        product = self.row("product", product_id) or {}
        name = product.get("name") or product_id
        if product.get("statecode", 0) != 0:
            raise FlowError(f"{self.prefix} The Dynamics 365 Sales product {name} is not active.")
        kind = PRODUCT_TABLES.get(product.get("producttypecode"))
        if kind is None:
            raise FlowError(
                f"{self.prefix} Unexpected value of product type code for product {name}. The supported values are: "
                "sales inventory, services."
            )
        record_id = coupled_bc_id(self.connection, kind, "product", product_id)
        if record_id is None:
            article = "an item" if kind == "Item" else "a resource"
            raise FlowError(f"{self.prefix} The Dynamics 365 Sales product {name} is not coupled to {article}.")
        record = self.bc_record(kind, record_id)
        if record is None:
            raise FlowError(f"{self.prefix} The {kind.lower()} {name} does not exist.")
        unit = self.unit_code(line, kind) if unit_groups else None
        own = record.get("Description") or record.get("Name") or ""
        return LineProduct(kind, record["No."], text, unit, own_description=own, vat_price_groups=_vat_groups(record))

    def unit_code(self, line: dict, kind: str) -> str | None:
        uom_id = lookup(line, "uomid")
        if uom_id is None:
            return None
        unit_table = f"{kind} Unit of Measure"
        unit_id = coupled_bc_id(self.connection, unit_table, "uom", uom_id)
        if unit_id is None:
            raise FlowError(f"{self.prefix} The Dynamics 365 Sales unit {uom_id} is not coupled to a unit of measure.")
        unit = self.bc_record(unit_table, unit_id)
        if unit is None:
            raise FlowError(f"{self.prefix} The {kind.lower()} unit of measure {uom_id} does not exist.")
        return unit["Code"]
