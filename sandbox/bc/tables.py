"""Catalogue of the emulated BC tables: every table and field the default mappings and the sales flows use.

Field names, types and lengths follow BC's base application (Customer is table 18, "Name" is Text[100] …);
FlowFields that BC calculates (balances, inventory) are stored and read-only through the APIs.
"""

from sandbox.bc.schema import Field, Table

__all__ = ["TABLES"]


def code(name: str, length: int = 20, relation: str | None = None, **flags) -> Field:
    return Field(name, "Code", length, relation=relation, **flags)


def text(name: str, length: int = 100, **flags) -> Field:
    return Field(name, "Text", length, **flags)


def decimal(name: str, **flags) -> Field:
    return Field(name, "Decimal", **flags)


def integer(name: str, **flags) -> Field:
    return Field(name, "Integer", **flags)


def boolean(name: str, **flags) -> Field:
    return Field(name, "Boolean", **flags)


def date(name: str, **flags) -> Field:
    return Field(name, "Date", **flags)


def option(name: str, *values: str, **flags) -> Field:
    return Field(name, "Option", options=values, **flags)


def address(prefix: str = "") -> tuple[Field, ...]:
    """BC's address block; documents prefix it ("Bill-to Address", "Ship-to City")."""
    return (
        text(f"{prefix}Address", 100),
        text(f"{prefix}Address 2", 50),
        text(f"{prefix}City", 30),
        text(f"{prefix}County", 30),
        code(f"{prefix}Post Code", 20),
        code(f"{prefix}Country/Region Code", 10),
    )


def units_of(owner: str) -> tuple[Field, ...]:
    """The units of measure of an item or resource: its number, the unit and how many base units it holds."""
    return (
        code(f"{owner} No.", 20, owner, required=True),
        code("Code", 10, "Unit of Measure", required=True),
        decimal("Qty. per Unit of Measure"),
    )


CONTACT_POINTS = (
    text("Phone No.", 30),
    text("Mobile Phone No.", 30),
    text("Fax No.", 30),
    text("E-Mail", 80),
    text("Home Page", 80),
)
TERMS = (
    code("Currency Code", 10, "Currency"),
    code("Payment Terms Code", 10, "Payment Terms"),
    code("Shipment Method Code", 10, "Shipment Method"),
    code("Shipping Agent Code", 10, "Shipping Agent"),
)
LINE_TYPES = (" ", "G/L Account", "Item", "Resource", "Fixed Asset", "Charge (Item)")
DOCUMENT_TYPES = ("Quote", "Order", "Invoice", "Credit Memo", "Blanket Order", "Return Order")

DOCUMENT_HEADER = (
    code("Sell-to Customer No.", 20, "Customer", required=True),
    text("Sell-to Customer Name", 100),
    text("Sell-to Contact", 100),
    text("Sell-to Phone No.", 30),
    text("Sell-to E-Mail", 80),
    *address("Sell-to "),
    code("Bill-to Customer No.", 20, "Customer"),
    text("Bill-to Name", 100),
    *address("Bill-to "),
    text("Ship-to Name", 100),
    text("Ship-to Contact", 100),
    *address("Ship-to "),
    date("Posting Date"),
    date("Document Date"),
    date("Due Date"),
    date("Shipment Date"),
    date("Requested Delivery Date"),
    *TERMS,
    decimal("Currency Factor"),
    boolean("Prices Including VAT"),
    decimal("Payment Discount %"),
    code("Salesperson Code", 20, "Salesperson/Purchaser"),
    code("External Document No.", 35),
    text("Your Reference", 35),
    code("Opportunity No.", 20, "Opportunity"),
    text("Work Description", 2048),
    decimal("Amount", read_only=True),
    decimal("Amount Including VAT", read_only=True),
    decimal("Invoice Discount Amount"),
)
ORDER_STATE = (
    date("Order Date"),
    date("Quote Valid Until Date"),
    code("Quote No.", 20),
    option("Status", "Open", "Released", "Pending Approval", "Pending Prepayment", read_only=True),
    date("Last Shipment Date", read_only=True),
    integer("Doc. No. Occurrence", read_only=True),
    boolean("Completely Shipped", read_only=True),
    boolean("Ship"),
    boolean("Invoice"),
)
DOCUMENT_LINE = (
    integer("Line No."),
    option("Type", *LINE_TYPES),
    code("No.", 20),
    text("Description", 100),
    text("Description 2", 50),
    code("Unit of Measure Code", 10, "Unit of Measure"),
    decimal("Quantity"),
    decimal("Unit Price"),
    decimal("Line Discount %"),
    decimal("Line Discount Amount"),
    decimal("VAT %"),
    decimal("Amount", read_only=True),
    decimal("Amount Including VAT", read_only=True),
    decimal("Inv. Discount Amount", read_only=True),
    date("Shipment Date"),
    code("Currency Code", 10, "Currency"),
    code("Sell-to Customer No.", 20, "Customer"),
    integer("Attached to Line No."),
)
SHIPPED = (
    decimal("Quantity Shipped", read_only=True),
    decimal("Quantity Invoiced", read_only=True),
)


def _tables(*items: Table) -> dict[str, Table]:
    return {item.name: item for item in items}


TABLES: dict[str, Table] = _tables(
    Table("Company", 2000000006, ("Name",), (text("Name", 30, required=True), text("Display Name", 250))),
    Table(
        "Company Information",
        79,
        ("Primary Key",),
        (
            code("Primary Key", 10),
            text("Name", 100),
            *address(),
            text("Phone No.", 30),
            text("E-Mail", 80),
            text("Home Page", 80),
        ),
    ),
    Table(
        "General Ledger Setup",
        98,
        ("Primary Key",),
        (code("Primary Key", 10), code("LCY Code", 10), decimal("Unit-Amount Rounding Precision")),
    ),
    Table(
        "VAT Posting Setup",
        325,
        ("VAT Bus. Posting Group", "VAT Prod. Posting Group"),
        (
            code("VAT Bus. Posting Group", 20),
            code("VAT Prod. Posting Group", 20),
            option("VAT Calculation Type", "Normal VAT", "Reverse Charge VAT", "Full VAT", "Sales Tax"),
            decimal("VAT %"),
        ),
    ),
    Table(
        "Salesperson/Purchaser",
        13,
        ("Code",),
        (
            code("Code", 20, required=True),
            text("Name", 50),
            text("E-Mail", 80),
            text("Phone No.", 30),
            text("Job Title", 30),
            decimal("Commission %"),
            boolean("Blocked"),
        ),
    ),
    Table(
        "Currency",
        4,
        ("Code",),
        (
            code("Code", 10, required=True),
            text("Description", 30),
            text("Symbol", 10),
            code("ISO Code", 3),
            decimal("Amount Rounding Precision"),
            text("Amount Decimal Places", 5),
        ),
    ),
    Table(
        "Currency Exchange Rate",
        330,
        ("Currency Code", "Starting Date"),
        (
            code("Currency Code", 10, "Currency", required=True),
            date("Starting Date", required=True),
            decimal("Exchange Rate Amount"),
            decimal("Relational Exch. Rate Amount"),
            code("Relational Currency Code", 10, "Currency"),
        ),
    ),
    Table(
        "Payment Terms",
        3,
        ("Code",),
        (
            code("Code", 10, required=True),
            text("Description", 100),
            text("Due Date Calculation", 32),
            text("Discount Date Calculation", 32),
            decimal("Discount %"),
        ),
    ),
    Table("Shipment Method", 10, ("Code",), (code("Code", 10, required=True), text("Description", 100))),
    Table(
        "Shipping Agent",
        291,
        ("Code",),
        (
            code("Code", 10, required=True),
            text("Name", 50),
            text("Internet Address", 250),
            text("Account No.", 30),
        ),
    ),
    Table(
        "Unit of Measure",
        204,
        ("Code",),
        (
            code("Code", 10, required=True),
            text("Description", 50),
            code("International Standard Code", 10),
            text("Symbol", 10),
        ),
    ),
    Table(
        "Item Category",
        5722,
        ("Code",),
        (
            code("Code", 20, required=True),
            text("Description", 100),
            code("Parent Category", 20, "Item Category"),
        ),
    ),
    Table(
        "Customer Price Group",
        6,
        ("Code",),
        (
            code("Code", 10, required=True),
            text("Description", 100),
            boolean("Price Includes VAT"),
            boolean("Allow Invoice Disc."),
            boolean("Allow Line Disc."),
        ),
    ),
    Table(
        "Customer",
        18,
        ("No.",),
        (
            code("No.", 20),
            text("Name", 100),
            text("Name 2", 50),
            text("Search Name", 100),
            *address(),
            text("Contact", 100),
            *CONTACT_POINTS,
            code("Salesperson Code", 20, "Salesperson/Purchaser"),
            *TERMS,
            code("Customer Price Group", 10, "Customer Price Group"),
            decimal("Credit Limit (LCY)"),
            option("Blocked", " ", "Ship", "Invoice", "All"),
            code("Primary Contact No.", 20, "Contact"),
            option("Contact Type", "Company", "Person"),
            boolean("Tax Liable"),
            code("Tax Area Code", 20),
            text("VAT Registration No.", 20),
            code("VAT Bus. Posting Group", 20),
            decimal("Balance (LCY)", read_only=True),
            decimal("Balance Due (LCY)", read_only=True),
            decimal("Outstanding Orders (LCY)", read_only=True),
            decimal("Shipped Not Invoiced (LCY)", read_only=True),
            decimal("Outstanding Invoices (LCY)", read_only=True),
            decimal("Sales (LCY)", read_only=True),
            decimal("Overdue Amounts (LCY)", read_only=True),
            decimal("Inv. Prepayment Amount (LCY)", read_only=True),
        ),
        number_series="CUST",
    ),
    Table(
        "Vendor",
        23,
        ("No.",),
        (
            code("No.", 20),
            text("Name", 100),
            *address(),
            text("Contact", 100),
            *CONTACT_POINTS,
            code("Purchaser Code", 20, "Salesperson/Purchaser"),
            *TERMS,
            option("Blocked", " ", "Payment", "All"),
            code("Primary Contact No.", 20, "Contact"),
            boolean("Tax Liable"),
            text("VAT Registration No.", 20),
            decimal("Balance (LCY)", read_only=True),
        ),
        number_series="VEND",
    ),
    Table(
        "Contact",
        5050,
        ("No.",),
        (
            code("No.", 20),
            option("Type", "Company", "Person"),
            code("Company No.", 20, "Contact"),
            text("Company Name", 100),
            text("Name", 100),
            text("First Name", 30),
            text("Middle Name", 30),
            text("Surname", 30),
            text("Job Title", 30),
            *address(),
            *CONTACT_POINTS,
            text("Pager", 30),
            code("Salesperson Code", 20, "Salesperson/Purchaser"),
            code("Currency Code", 10, "Currency"),
            option(
                "Contact Business Relation",
                "None",
                "Customer",
                "Vendor",
                "Bank Account",
                "Employee",
                "Multiple",
                "Other",
                read_only=True,
            ),
            boolean("Privacy Blocked"),
        ),
        number_series="CONT",
    ),
    Table(
        "Contact Business Relation",
        5054,
        ("Contact No.", "Business Relation Code"),
        (
            code("Contact No.", 20, "Contact", required=True),
            code("Business Relation Code", 10, required=True),
            option("Link to Table", " ", "Customer", "Vendor", "Bank Account", "Employee"),
            code("No.", 20),
        ),
    ),
    Table(
        "Item",
        27,
        ("No.",),
        (
            code("No.", 20),
            text("Description", 100),
            text("Description 2", 50),
            option("Type", "Inventory", "Service", "Non-Inventory"),
            code("Base Unit of Measure", 10, "Unit of Measure"),
            code("Sales Unit of Measure", 10, "Unit of Measure"),
            code("Item Category Code", 20, "Item Category"),
            decimal("Unit Price"),
            decimal("Unit Cost"),
            decimal("Standard Cost"),
            decimal("Unit Volume"),
            decimal("Gross Weight"),
            decimal("Net Weight"),
            code("Vendor No.", 20, "Vendor"),
            text("Vendor Item No.", 50),
            decimal("Inventory", read_only=True),
            boolean("Blocked"),
            boolean("Sales Blocked"),
            code("GTIN", 14),
            boolean("Price Includes VAT"),
            code("VAT Bus. Posting Gr. (Price)", 20),
            code("VAT Prod. Posting Group", 20),
            code("Tax Group Code", 20),
            code("Gen. Prod. Posting Group", 20),
            code("Inventory Posting Group", 20),
        ),
        number_series="ITEM",
    ),
    Table(
        "Item Unit of Measure",
        5404,
        ("Item No.", "Code"),
        units_of("Item"),
    ),
    Table(
        "Resource",
        156,
        ("No.",),
        (
            code("No.", 20),
            text("Name", 100),
            option("Type", "Person", "Machine"),
            code("Base Unit of Measure", 10, "Unit of Measure"),
            decimal("Unit Price"),
            decimal("Unit Cost"),
            decimal("Direct Unit Cost"),
            decimal("Capacity", read_only=True),
            code("Resource Group No.", 20),
            code("Vendor No.", 20, "Vendor"),
            boolean("Blocked"),
        ),
        number_series="RES",
    ),
    Table(
        "Resource Unit of Measure",
        205,
        ("Resource No.", "Code"),
        (*units_of("Resource"), boolean("Related to Base Unit of Meas.")),
    ),
    Table(
        "Unit Group",
        5400,
        ("Source Type", "Source No."),
        (
            option("Source Type", "Item", "Resource"),
            code("Source No.", 20, required=True),
            code("Code", 50, read_only=True),
            text("Source Name", 100, read_only=True),
        ),
    ),
    Table(
        "Sales Price",
        7002,
        ("Item No.", "Sales Type", "Sales Code", "Starting Date", "Currency Code", "Unit of Measure Code"),
        (
            code("Item No.", 20, "Item", required=True),
            option("Sales Type", "Customer", "Customer Price Group", "All Customers", "Campaign"),
            code("Sales Code", 20),
            date("Starting Date"),
            date("Ending Date"),
            code("Currency Code", 10, "Currency"),
            code("Unit of Measure Code", 10, "Unit of Measure"),
            decimal("Minimum Quantity"),
            decimal("Unit Price"),
            boolean("Price Includes VAT"),
        ),
    ),
    Table(
        "Price List Header",
        7000,
        ("Code",),
        (
            code("Code", 20, required=True),
            text("Description", 250),
            option("Source Type", "All Customers", "Customer", "Customer Price Group", "Campaign", "Contact"),
            code("Source No.", 20),
            option("Price Type", "Any", "Sale", "Purchase"),
            option("Amount Type", "Any", "Price", "Discount"),
            code("Currency Code", 10, "Currency"),
            date("Starting Date"),
            date("Ending Date"),
            option("Status", "Draft", "Active", "Inactive"),
            boolean("Allow Updating Defaults"),
        ),
    ),
    Table(
        "Price List Line",
        7001,
        ("Price List Code", "Line No."),
        (
            code("Price List Code", 20, "Price List Header", required=True),
            integer("Line No."),
            option("Source Type", "All Customers", "Customer", "Customer Price Group", "Campaign", "Contact"),
            code("Source No.", 20),
            option("Asset Type", " ", "Item", "Item Discount Group", "Resource", "Resource Group", "G/L Account"),
            code("Asset No.", 20),
            text("Description", 100),
            code("Unit of Measure Code", 10, "Unit of Measure"),
            code("Currency Code", 10, "Currency"),
            date("Starting Date"),
            date("Ending Date"),
            decimal("Minimum Quantity"),
            decimal("Unit Price"),
            option("Price Type", "Any", "Sale", "Purchase"),
            option("Amount Type", "Any", "Price", "Discount"),
            option("Status", "Draft", "Active", "Inactive"),
        ),
    ),
    Table(
        "Opportunity",
        5092,
        ("No.",),
        (
            code("No.", 20),
            text("Description", 100),
            code("Contact No.", 20, "Contact"),
            code("Contact Company No.", 20, "Contact"),
            code("Salesperson Code", 20, "Salesperson/Purchaser"),
            option("Status", "Not Started", "In Progress", "Won", "Lost"),
            code("Sales Cycle Code", 10),
            date("Creation Date"),
            decimal("Estimated Value (LCY)"),
            date("Estimated Closing Date"),
            decimal("Chances of Success %"),
            boolean("Closed"),
            date("Date Closed"),
        ),
        number_series="OPP",
    ),
    Table(
        "Sales Header",
        36,
        ("Document Type", "No."),
        (option("Document Type", *DOCUMENT_TYPES), code("No.", 20), *DOCUMENT_HEADER, *ORDER_STATE),
        number_series="S-DOC",
    ),
    Table(
        "Sales Line",
        37,
        ("Document Type", "Document No.", "Line No."),
        (option("Document Type", *DOCUMENT_TYPES), code("Document No.", 20, required=True), *DOCUMENT_LINE, *SHIPPED),
    ),
    Table(
        "Sales Header Archive",
        5107,
        ("Document Type", "No.", "Doc. No. Occurrence", "Version No."),
        (
            option("Document Type", *DOCUMENT_TYPES),
            code("No.", 20),
            integer("Version No."),
            date("Date Archived"),
            *DOCUMENT_HEADER,
            *ORDER_STATE,
        ),
    ),
    Table(
        "Sales Line Archive",
        5108,
        ("Document Type", "Document No.", "Doc. No. Occurrence", "Version No.", "Line No."),
        (
            option("Document Type", *DOCUMENT_TYPES),
            code("Document No.", 20),
            integer("Doc. No. Occurrence"),
            integer("Version No."),
            *DOCUMENT_LINE,
            *SHIPPED,
        ),
    ),
    Table(
        "Sales Invoice Header",
        112,
        ("No.",),
        (
            code("No.", 20),
            *DOCUMENT_HEADER,
            code("Order No.", 20),
            code("Quote No.", 20),
            decimal("Remaining Amount", read_only=True),
            boolean("Closed", read_only=True),
            boolean("Cancelled", read_only=True),
        ),
        number_series="S-INV",
    ),
    Table(
        "Sales Invoice Line",
        113,
        ("Document No.", "Line No."),
        (code("Document No.", 20, "Sales Invoice Header"), *DOCUMENT_LINE),
    ),
    Table(
        "Sales & Receivables Setup",
        311,
        ("Primary Key",),
        (
            code("Primary Key", 10),
            option("Write-in Product Type", "Item", "Resource"),
            code("Write-in Product No.", 20),
            boolean("Archive Orders"),
            option("Archive Quotes", "Never", "Question", "Always"),
            code("Freight G/L Acc. No.", 20),
        ),
    ),
    Table(
        "No. Series Line",
        309,
        ("Series Code", "Line No."),
        (
            code("Series Code", 20, required=True),
            integer("Line No."),
            code("Starting No.", 20),
            code("Last No. Used", 20),
            integer("Increment-by No."),
        ),
    ),
    Table(
        "Record Link",
        2000000068,
        ("Link ID",),
        (
            integer("Link ID"),
            text("Record ID", 250, required=True),
            text("URL1", 2048),
            text("Description", 250),
            option("Type", "Link", "Note"),
            text("Note", 2048),
            text("User ID", 132),
            text("Company", 30),
            boolean("Notify"),
        ),
    ),
)
