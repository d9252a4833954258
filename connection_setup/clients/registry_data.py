"""The registry's catalogues: the BC tables of the custom API group and the Dataverse tables the integration uses.

BC field lists follow the base application's field names; the API names are derived with ``bc_api_name``, as the
companion extension's API pages spell them. A test reads the service's ``$metadata`` and ``EntityDefinitions``
and checks every entry, so a field that an endpoint does not expose is found before a mapping uses it.
"""

from connection_setup.clients.registry import BcTable, DataverseTable, bc_api_name

__all__ = ["BC_TABLES", "DATAVERSE_TABLES"]


def _address(prefix: str = "") -> tuple[str, ...]:
    parts = ("Address", "Address 2", "City", "County", "Post Code", "Country/Region Code")
    return tuple(prefix + part for part in parts)


CONTACT_POINTS = ("Phone No.", "Mobile Phone No.", "Fax No.", "E-Mail", "Home Page")
TERMS = ("Currency Code", "Payment Terms Code", "Shipment Method Code", "Shipping Agent Code")
SELL_TO = ("Sell-to Customer No.", "Sell-to Customer Name", "Sell-to Contact", "Sell-to Phone No.", "Sell-to E-Mail")
DOCUMENT_HEADER = (
    *SELL_TO,
    *_address("Sell-to "),
    "Bill-to Customer No.",
    "Bill-to Name",
    *_address("Bill-to "),
    "Ship-to Name",
    "Ship-to Contact",
    *_address("Ship-to "),
    *("Posting Date", "Document Date", "Due Date", "Shipment Date", "Requested Delivery Date"),
    *TERMS,
    *("Currency Factor", "Prices Including VAT", "Payment Discount %", "Salesperson Code", "External Document No."),
    *("Your Reference", "Opportunity No.", "Work Description", "Amount", "Amount Including VAT"),
    "Invoice Discount Amount",
)
ORDER_STATE = (
    *("Order Date", "Quote Valid Until Date", "Quote No.", "Status", "Last Shipment Date", "Doc. No. Occurrence"),
    *("Completely Shipped", "Ship", "Invoice"),
)
DOCUMENT_LINE = (
    *("Line No.", "Type", "No.", "Description", "Description 2", "Unit of Measure Code", "Quantity", "Unit Price"),
    *("Line Discount %", "Line Discount Amount", "VAT %", "Amount", "Amount Including VAT", "Inv. Discount Amount"),
    *("Shipment Date", "Currency Code", "Sell-to Customer No.", "Attached to Line No."),
)
SHIPPED = ("Quantity Shipped", "Quantity Invoiced")
CUSTOMER_TOTALS = (
    *("Balance (LCY)", "Balance Due (LCY)", "Outstanding Orders (LCY)", "Shipped Not Invoiced (LCY)"),
    *("Outstanding Invoices (LCY)", "Sales (LCY)", "Overdue Amounts (LCY)", "Inv. Prepayment Amount (LCY)"),
)


def _bc(name: str, entity_set: str, fields: tuple[str, ...], **options) -> BcTable:
    return BcTable(name, entity_set, {field: bc_api_name(field) for field in fields}, **options)


_BC_CATALOGUE = (
    _bc(
        "Salesperson/Purchaser",
        "salespeople",
        ("Code", "Name", "E-Mail", "Phone No.", "Job Title", "Commission %", "Blocked"),
    ),
    _bc(
        "Currency",
        "currencies",
        ("Code", "Description", "Symbol", "ISO Code", "Amount Rounding Precision", "Amount Decimal Places"),
    ),
    _bc(
        "Currency Exchange Rate",
        "currencyExchangeRates",
        (
            "Currency Code",
            "Starting Date",
            "Exchange Rate Amount",
            "Relational Exch. Rate Amount",
            "Relational Currency Code",
        ),
    ),
    _bc(
        "Payment Terms",
        "paymentTerms",
        ("Code", "Description", "Due Date Calculation", "Discount Date Calculation", "Discount %"),
    ),
    _bc("Shipment Method", "shipmentMethods", ("Code", "Description")),
    _bc("Shipping Agent", "shippingAgents", ("Code", "Name", "Internet Address", "Account No.")),
    _bc("Unit of Measure", "unitsOfMeasure", ("Code", "Description", "International Standard Code", "Symbol")),
    _bc("Item Category", "itemCategories", ("Code", "Description", "Parent Category")),
    _bc(
        "Customer Price Group",
        "customerPriceGroups",
        ("Code", "Description", "Price Includes VAT", "Allow Invoice Disc.", "Allow Line Disc."),
    ),
    _bc(
        "Customer",
        "customers",
        (
            *("No.", "Name", "Name 2", "Search Name", *_address(), "Contact", *CONTACT_POINTS, "Salesperson Code"),
            *(*TERMS, "Customer Price Group", "Credit Limit (LCY)", "Blocked", "Primary Contact No.", "Contact Type"),
            *("Tax Liable", "Tax Area Code", "VAT Registration No.", "VAT Bus. Posting Group", *CUSTOMER_TOTALS),
        ),
    ),
    _bc(
        "Vendor",
        "vendors",
        (
            *("No.", "Name", *_address(), "Contact", *CONTACT_POINTS, "Purchaser Code", *TERMS, "Blocked"),
            *("Primary Contact No.", "Tax Liable", "VAT Registration No.", "Balance (LCY)"),
        ),
    ),
    _bc(
        "Contact",
        "contacts",
        (
            *("No.", "Type", "Company No.", "Company Name", "Name", "First Name", "Middle Name", "Surname"),
            *("Job Title", *_address(), *CONTACT_POINTS, "Pager", "Salesperson Code", "Currency Code"),
            *("Contact Business Relation", "Privacy Blocked"),
        ),
    ),
    _bc(
        "Contact Business Relation",
        "contactBusinessRelations",
        ("Contact No.", "Business Relation Code", "Link to Table", "No."),
    ),
    _bc(
        "Item",
        "items",
        (
            *("No.", "Description", "Description 2", "Type", "Base Unit of Measure", "Sales Unit of Measure"),
            *("Item Category Code", "Unit Price", "Unit Cost", "Standard Cost", "Unit Volume", "Gross Weight"),
            *("Net Weight", "Vendor No.", "Vendor Item No.", "Inventory", "Blocked", "Sales Blocked", "GTIN"),
            *("Price Includes VAT", "Tax Group Code", "Gen. Prod. Posting Group", "Inventory Posting Group"),
            *("VAT Bus. Posting Gr. (Price)", "VAT Prod. Posting Group"),
        ),
    ),
    _bc("Item Unit of Measure", "itemUnitsOfMeasure", ("Item No.", "Code", "Qty. per Unit of Measure")),
    _bc(
        "Resource",
        "resources",
        (
            *("No.", "Name", "Type", "Base Unit of Measure", "Unit Price", "Unit Cost", "Direct Unit Cost"),
            *("Capacity", "Resource Group No.", "Vendor No.", "Blocked"),
        ),
    ),
    _bc(
        "Resource Unit of Measure",
        "resourceUnitsOfMeasure",
        ("Resource No.", "Code", "Qty. per Unit of Measure", "Related to Base Unit of Meas."),
    ),
    _bc("Unit Group", "unitGroups", ("Source Type", "Source No.", "Code", "Source Name")),
    _bc(
        "Sales Price",
        "salesPrices",
        (
            *("Item No.", "Sales Type", "Sales Code", "Starting Date", "Ending Date", "Currency Code"),
            *("Unit of Measure Code", "Minimum Quantity", "Unit Price", "Price Includes VAT"),
        ),
    ),
    _bc(
        "Price List Header",
        "priceListHeaders",
        (
            *("Code", "Description", "Source Type", "Source No.", "Price Type", "Amount Type", "Currency Code"),
            *("Starting Date", "Ending Date", "Status", "Allow Updating Defaults"),
        ),
    ),
    _bc(
        "Price List Line",
        "priceListLines",
        (
            *("Price List Code", "Line No.", "Source Type", "Source No.", "Asset Type", "Asset No.", "Description"),
            *("Unit of Measure Code", "Currency Code", "Starting Date", "Ending Date", "Minimum Quantity"),
            *("Unit Price", "Price Type", "Amount Type", "Status"),
        ),
    ),
    _bc(
        "Opportunity",
        "opportunities",
        (
            *("No.", "Description", "Contact No.", "Contact Company No.", "Salesperson Code", "Status"),
            *("Sales Cycle Code", "Creation Date", "Estimated Value (LCY)", "Estimated Closing Date"),
            *("Chances of Success %", "Closed", "Date Closed"),
        ),
    ),
    _bc("Sales Header", "salesHeaders", ("Document Type", "No.", *DOCUMENT_HEADER, *ORDER_STATE)),
    _bc("Sales Line", "salesLines", ("Document Type", "Document No.", *DOCUMENT_LINE, *SHIPPED)),
    _bc(
        "Sales Header Archive",
        "salesOrderArchives",
        ("Document Type", "No.", "Version No.", "Date Archived", *DOCUMENT_HEADER, *ORDER_STATE),
        read_only=True,
    ),
    _bc(
        "Sales Line Archive",
        "salesOrderArchiveLines",
        ("Document Type", "Document No.", "Doc. No. Occurrence", "Version No.", *DOCUMENT_LINE, *SHIPPED),
        read_only=True,
    ),
    _bc(
        "Sales Invoice Header",
        "salesInvoiceHeaders",
        ("No.", *DOCUMENT_HEADER, "Order No.", "Quote No.", "Remaining Amount", "Closed", "Cancelled"),
        read_only=True,
    ),
    _bc("Sales Invoice Line", "salesInvoiceLines", ("Document No.", *DOCUMENT_LINE), read_only=True),
    _bc(
        "Record Link",
        "recordLinks",
        ("Link ID", "Record ID", "URL1", "Description", "Type", "Note", "User ID", "Company", "Notify"),
    ),
    _bc(
        "Sales & Receivables Setup",
        "salesReceivablesSetups",
        (
            *("Primary Key", "Write-in Product Type", "Write-in Product No.", "Archive Orders", "Archive Quotes"),
            "Freight G/L Acc. No.",
        ),
    ),
    _bc("General Ledger Setup", "generalLedgerSetups", ("Primary Key", "LCY Code", "Unit-Amount Rounding Precision")),
    _bc(
        "VAT Posting Setup",
        "vatPostingSetups",
        ("VAT Bus. Posting Group", "VAT Prod. Posting Group", "VAT Calculation Type", "VAT %"),
    ),
)
BC_TABLES: dict[str, BcTable] = {table.name: table for table in _BC_CATALOGUE}


def _dv(logical_name: str, primary_name: str, entity_set: str = "", **options) -> DataverseTable:
    """A Dataverse table; the entity set defaults to the logical name plus "s", as Dataverse plurals mostly are."""
    return DataverseTable(logical_name, entity_set or logical_name + "s", logical_name + "id", primary_name, **options)


_DATAVERSE_CATALOGUE = (
    _dv("systemuser", "fullname", change_tracking=True),
    _dv("team", "name"),
    _dv("businessunit", "name"),
    _dv("organization", "name"),
    _dv("role", "name"),
    _dv("solution", "friendlyname"),
    _dv("transactioncurrency", "currencyname", "transactioncurrencies", change_tracking=True),
    _dv("account", "name", change_tracking=True),
    _dv("contact", "fullname", change_tracking=True),
    _dv("uomschedule", "name"),
    _dv("uom", "name"),
    _dv("product", "name", change_tracking=True),
    _dv("pricelevel", "name"),
    _dv("productpricelevel", "productidname"),
    _dv("opportunity", "name", "opportunities", change_tracking=True),
    _dv("quote", "name", change_tracking=True),
    _dv("quotedetail", "productdescription"),
    _dv("salesorder", "name", change_tracking=True),
    _dv("salesorderdetail", "productdescription"),
    _dv("invoice", "name", change_tracking=True),
    _dv("invoicedetail", "productdescription"),
    _dv("annotation", "subject", change_tracking=True),
    _dv("post", "text"),
    _dv("nav_connection", "nav_name"),
    _dv("nav_accountstatistics", "nav_name", "nav_accountstatisticses"),
    _dv("cdm_company", "cdm_name", "cdm_companies"),
)
DATAVERSE_TABLES: dict[str, DataverseTable] = {table.logical_name: table for table in _DATAVERSE_CATALOGUE}
