"""The companion extension's custom API group ``bcsales/integration/v1.0``: every emulated table, all fields.

API v2.0 lacks salespeople, resources, units, unit groups, price groups and price lists, opportunities, shipping
agents, sales order archives and posted invoice lines, and it lacks fields the default mappings need (Customer
"Fax No.", "Home Page" …). A partner installs an extension with API pages for them; this module is that
extension. Property names are BC field names in camelCase (``api_name``); entity sets are named here.
"""

from sandbox.bc.schema import CUSTOM_API, ApiField, Endpoint, Table, api_name, table

__all__ = ["CUSTOM_ENDPOINTS", "ENTITY_SETS"]

# BC table → (entity set, entity type); also the README's table of the custom API group.
ENTITY_SETS: dict[str, tuple[str, str]] = {
    "Salesperson/Purchaser": ("salespeople", "salesperson"),
    "Currency": ("currencies", "currency"),
    "Currency Exchange Rate": ("currencyExchangeRates", "currencyExchangeRate"),
    "Payment Terms": ("paymentTerms", "paymentTerm"),
    "Shipment Method": ("shipmentMethods", "shipmentMethod"),
    "Shipping Agent": ("shippingAgents", "shippingAgent"),
    "Unit of Measure": ("unitsOfMeasure", "unitOfMeasure"),
    "Item Category": ("itemCategories", "itemCategory"),
    "Customer Price Group": ("customerPriceGroups", "customerPriceGroup"),
    "Customer": ("customers", "customer"),
    "Vendor": ("vendors", "vendor"),
    "Contact": ("contacts", "contact"),
    "Contact Business Relation": ("contactBusinessRelations", "contactBusinessRelation"),
    "Item": ("items", "item"),
    "Item Unit of Measure": ("itemUnitsOfMeasure", "itemUnitOfMeasure"),
    "Resource": ("resources", "resource"),
    "Resource Unit of Measure": ("resourceUnitsOfMeasure", "resourceUnitOfMeasure"),
    "Unit Group": ("unitGroups", "unitGroup"),
    "Sales Price": ("salesPrices", "salesPrice"),
    "Price List Header": ("priceListHeaders", "priceListHeader"),
    "Price List Line": ("priceListLines", "priceListLine"),
    "Opportunity": ("opportunities", "opportunity"),
    "Sales Header": ("salesHeaders", "salesHeader"),
    "Sales Line": ("salesLines", "salesLine"),
    "Sales Header Archive": ("salesOrderArchives", "salesOrderArchive"),
    "Sales Line Archive": ("salesOrderArchiveLines", "salesOrderArchiveLine"),
    "Sales Invoice Header": ("salesInvoiceHeaders", "salesInvoiceHeader"),
    "Sales Invoice Line": ("salesInvoiceLines", "salesInvoiceLine"),
    "Record Link": ("recordLinks", "recordLink"),
    "Sales & Receivables Setup": ("salesReceivablesSetups", "salesReceivablesSetup"),
    "General Ledger Setup": ("generalLedgerSetups", "generalLedgerSetup"),
    "VAT Posting Setup": ("vatPostingSetups", "vatPostingSetup"),
}
# Bound actions of the extension's pages: release and reopen work on quotes too (API v2.0 has them for orders
# only), and "archive" is BC's Archive Document, which the sales flows run on quotes and changed orders.
ACTIONS = {"Sales Header": ("release", "reopen", "archive")}
READ_ONLY_TABLES = {"Sales Header Archive", "Sales Line Archive", "Sales Invoice Header", "Sales Invoice Line"}

# Read-only views that stand for BC pages computing values the sync reads (sales_flows §5 and §6).
CUSTOMER_STATISTICS = (
    "No.",
    "Name",
    "Balance (LCY)",
    "Outstanding Orders (LCY)",
    "Shipped Not Invoiced (LCY)",
    "Outstanding Invoices (LCY)",
    "Credit Limit (LCY)",
    "Overdue Amounts (LCY)",
    "Sales (LCY)",
    "Inv. Prepayment Amount (LCY)",
)
ITEM_AVAILABILITY = ("No.", "Description", "Base Unit of Measure", "Inventory", "Blocked")


def api_fields(source: Table, names: tuple[str, ...] | None = None, read_only: bool = False) -> tuple[ApiField, ...]:
    chosen = [source.field(name) for name in names] if names else list(source.fields)
    return tuple(
        ApiField(api_name(f.name), f.name, f.edm_type, f.length, read_only=read_only or f.read_only) for f in chosen
    )


def _endpoint(table_name: str) -> Endpoint:
    entity_set, entity_type = ENTITY_SETS[table_name]
    source = table(table_name)
    read_only = table_name in READ_ONLY_TABLES
    return Endpoint(
        CUSTOM_API,
        entity_set,
        entity_type,
        table_name,
        api_fields(source),
        read_only=read_only,
        actions=ACTIONS.get(table_name, ()),
    )


def _view(entity_set: str, entity_type: str, table_name: str, names: tuple[str, ...]) -> Endpoint:
    fields = api_fields(table(table_name), names, read_only=True)
    return Endpoint(CUSTOM_API, entity_set, entity_type, table_name, fields, read_only=True)


CUSTOM_ENDPOINTS: dict[str, Endpoint] = {
    e.entity_set: e
    for e in (
        *(_endpoint(name) for name in ENTITY_SETS),
        _view("customerStatistics", "customerStatistic", "Customer", CUSTOMER_STATISTICS),
        _view("itemAvailabilities", "itemAvailability", "Item", ITEM_AVAILABILITY),
    )
}
