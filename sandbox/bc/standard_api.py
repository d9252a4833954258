"""The standard API v2.0 entities the mappings use, with Microsoft's documented property names.

Each property names the BC field it stands for; ``…Id`` properties show the SystemId of the related record
(a lookup through the code field), enumerations are translated (BC's blank option is ``_x0020_``).
"""

from sandbox.bc import records as store
from sandbox.bc.schema import STANDARD_API, ApiField, Endpoint, Lines, Lookup, table

__all__ = ["STANDARD_ENDPOINTS"]


def f(name: str, source: str, table_name: str, **options) -> ApiField:
    """An API property over a BC field, typed and sized from the table catalogue."""
    bc_field = table(table_name).field(source)
    read_only = options.pop("read_only", bc_field.read_only)
    return ApiField(name, source, bc_field.edm_type, bc_field.length, read_only=read_only, **options)


def lookup_id(name: str, source: str, target: str, key: str = "No.") -> ApiField:
    """``customerId`` style property: the SystemId of the ``target`` record whose ``key`` equals ``source``."""
    return ApiField(name, source, "Edm.Guid", lookup=Lookup(target, ((key, source),)))


def fields(table_name: str, pairs: dict[str, str], **per_field) -> tuple[ApiField, ...]:
    """Properties from {api name: BC field}; ``per_field`` passes options ({api name: {...}})."""
    return tuple(f(name, source, table_name, **per_field.get(name, {})) for name, source in pairs.items())


BLANK = (("", "_x0020_"), (" ", "_x0020_"))
ADDRESS = {"addressLine1": "Address", "addressLine2": "Address 2", "city": "City", "state": "County"}
ADDRESS |= {"country": "Country/Region Code", "postalCode": "Post Code"}
CONTACT = {"phoneNumber": "Phone No.", "email": "E-Mail", "website": "Home Page"}


def party(table_name: str, extra: dict[str, str]) -> tuple[ApiField, ...]:
    """Common properties of customers and vendors."""
    return (
        *fields(table_name, {"number": "No.", "displayName": "Name", **ADDRESS, **CONTACT, **extra}),
        lookup_id("currencyId", "Currency Code", "Currency", "Code"),
        lookup_id("paymentTermsId", "Payment Terms Code", "Payment Terms", "Code"),
        *fields(table_name, {"currencyCode": "Currency Code", "blocked": "Blocked"}, blocked={"values": BLANK}),
    )


def _lcy_code(record: dict) -> str:
    """companyInformation's currencyCode is General Ledger Setup's LCY Code, as on BC's API page."""
    setup = store.find("bc", "General Ledger Setup")
    return setup[0].data.get("LCY Code", "") if setup else ""


def code_list(entity_set: str, entity_type: str, table_name: str, pairs: dict[str, str]) -> Endpoint:
    return Endpoint(STANDARD_API, entity_set, entity_type, table_name, fields(table_name, pairs))


def document_address(table_name: str) -> tuple[ApiField, ...]:
    pairs = {}
    for prefix, bc in (("sellTo", "Sell-to "), ("billTo", "Bill-to "), ("shipTo", "Ship-to ")):
        pairs |= {f"{prefix}AddressLine1": f"{bc}Address", f"{prefix}AddressLine2": f"{bc}Address 2"}
        pairs |= {f"{prefix}City": f"{bc}City", f"{prefix}Country": f"{bc}Country/Region Code"}
        pairs |= {f"{prefix}State": f"{bc}County", f"{prefix}PostCode": f"{bc}Post Code"}
    return fields(table_name, pairs)


def document(table_name: str, dates: dict[str, str], extra: tuple[ApiField, ...] = ()) -> tuple[ApiField, ...]:
    """Header properties shared by salesOrders, salesQuotes and salesInvoices."""
    return (
        *fields(table_name, {"number": "No.", "externalDocumentNumber": "External Document No.", **dates}),
        lookup_id("customerId", "Sell-to Customer No.", "Customer"),
        *fields(table_name, {"customerNumber": "Sell-to Customer No.", "customerName": "Sell-to Customer Name"}),
        lookup_id("billToCustomerId", "Bill-to Customer No.", "Customer"),
        *fields(table_name, {"billToCustomerNumber": "Bill-to Customer No.", "billToName": "Bill-to Name"}),
        *fields(table_name, {"shipToName": "Ship-to Name", "shipToContact": "Ship-to Contact"}),
        *document_address(table_name),
        lookup_id("currencyId", "Currency Code", "Currency", "Code"),
        *fields(table_name, {"currencyCode": "Currency Code", "pricesIncludeTax": "Prices Including VAT"}),
        lookup_id("paymentTermsId", "Payment Terms Code", "Payment Terms", "Code"),
        lookup_id("shipmentMethodId", "Shipment Method Code", "Shipment Method", "Code"),
        *fields(table_name, {"salesperson": "Salesperson Code", "discountAmount": "Invoice Discount Amount"}),
        *fields(table_name, {"totalAmountExcludingTax": "Amount", "totalAmountIncludingTax": "Amount Including VAT"}),
        ApiField("totalTaxAmount", None, "Edm.Decimal", read_only=True, compute=_tax),
        *fields(table_name, {"phoneNumber": "Sell-to Phone No.", "email": "Sell-to E-Mail"}),
        *extra,
    )


def _tax(record: dict) -> float:
    return round(float(record.get("Amount Including VAT") or 0) - float(record.get("Amount") or 0), 2)


LINE_TYPES = (
    (" ", "Comment"),
    ("G/L Account", "Account"),
    ("Item", "Item"),
    ("Resource", "Resource"),
    ("Fixed Asset", "Fixed Asset"),
    ("Charge (Item)", "Charge"),
)


def line(entity_set: str, entity_type: str, table_name: str, header: str, extra: dict[str, str], fixed=()) -> Endpoint:
    """A document line entity; lines are reached through their header (``salesOrders({id})/salesOrderLines``)."""
    pairs = {"sequence": "Line No.", "lineType": "Type", "lineObjectNumber": "No.", "description": "Description"}
    pairs |= {"description2": "Description 2", "unitOfMeasureCode": "Unit of Measure Code", "quantity": "Quantity"}
    pairs |= {"unitPrice": "Unit Price", "discountAmount": "Line Discount Amount", "discountPercent": "Line Discount %"}
    pairs |= {"taxPercent": "VAT %", "amountExcludingTax": "Amount", "amountIncludingTax": "Amount Including VAT"}
    pairs |= {"invoiceDiscountAllocation": "Inv. Discount Amount", "shipmentDate": "Shipment Date", **extra}
    header_key = tuple(("No." if bc == "Document No." else bc, bc) for bc in table(table_name).key if bc != "Line No.")
    document_id = ApiField("documentId", None, "Edm.Guid", read_only=True, lookup=Lookup(header, header_key))
    return Endpoint(
        STANDARD_API,
        entity_set,
        entity_type,
        table_name,
        (
            document_id,
            lookup_id("itemId", "No.", "Item"),
            *fields(table_name, pairs, lineType={"values": LINE_TYPES}),
        ),
        fixed=fixed,
    )


ORDER_LINES = line(
    "salesOrderLines",
    "salesOrderLine",
    "Sales Line",
    "Sales Header",
    {"shippedQuantity": "Quantity Shipped", "invoicedQuantity": "Quantity Invoiced"},
    fixed=(("Document Type", "Order"),),
)
QUOTE_LINES = line("salesQuoteLines", "salesQuoteLine", "Sales Line", "Sales Header", {}, (("Document Type", "Quote"),))
INVOICE_LINES = line("salesInvoiceLines", "salesInvoiceLine", "Sales Invoice Line", "Sales Invoice Header", {})
LINES_OF_HEADER = (("Document Type", "Document Type"), ("Document No.", "No."))


def _invoice_status(record: dict) -> str:
    if record.get("Cancelled"):
        return "Canceled"
    return "Paid" if float(record.get("Remaining Amount") or 0) == 0 else "Open"


STANDARD_ENDPOINTS: dict[str, Endpoint] = {
    e.entity_set: e
    for e in (
        Endpoint(
            STANDARD_API,
            "companyInformation",
            "companyInformation",
            "Company Information",
            (
                *fields("Company Information", {"displayName": "Name", **ADDRESS, **CONTACT}),
                ApiField("currencyCode", None, read_only=True, compute=_lcy_code),
            ),
            read_only=True,
        ),
        Endpoint(
            STANDARD_API,
            "customers",
            "customer",
            "Customer",
            (
                *party("Customer", {"type": "Contact Type", "salespersonCode": "Salesperson Code"}),
                *fields("Customer", {"creditLimit": "Credit Limit (LCY)", "balanceDue": "Balance Due (LCY)"}),
                *fields("Customer", {"taxLiable": "Tax Liable", "taxRegistrationNumber": "VAT Registration No."}),
                lookup_id("shipmentMethodId", "Shipment Method Code", "Shipment Method", "Code"),
            ),
        ),
        Endpoint(
            STANDARD_API,
            "vendors",
            "vendor",
            "Vendor",
            (
                *party("Vendor", {"taxRegistrationNumber": "VAT Registration No."}),
                *fields("Vendor", {"taxLiable": "Tax Liable", "balance": "Balance (LCY)"}),
            ),
        ),
        Endpoint(
            STANDARD_API,
            "contacts",
            "contact",
            "Contact",
            fields(
                "Contact",
                {
                    "number": "No.",
                    "type": "Type",
                    "displayName": "Name",
                    "companyNumber": "Company No.",
                    "companyName": "Company Name",
                    "contactBusinessRelation": "Contact Business Relation",
                    **ADDRESS,
                    **CONTACT,
                    "mobilePhoneNumber": "Mobile Phone No.",
                    "privacyBlocked": "Privacy Blocked",
                },
            ),
        ),
        Endpoint(
            STANDARD_API,
            "items",
            "item",
            "Item",
            (
                *fields("Item", {"number": "No.", "displayName": "Description", "displayName2": "Description 2"}),
                *fields("Item", {"type": "Type", "itemCategoryCode": "Item Category Code", "blocked": "Blocked"}),
                lookup_id("itemCategoryId", "Item Category Code", "Item Category", "Code"),
                *fields("Item", {"gtin": "GTIN", "inventory": "Inventory", "unitPrice": "Unit Price"}),
                *fields("Item", {"priceIncludesTax": "Price Includes VAT", "unitCost": "Unit Cost"}),
                *fields("Item", {"taxGroupCode": "Tax Group Code", "baseUnitOfMeasureCode": "Base Unit of Measure"}),
                lookup_id("baseUnitOfMeasureId", "Base Unit of Measure", "Unit of Measure", "Code"),
                *fields("Item", {"generalProductPostingGroupCode": "Gen. Prod. Posting Group"}),
                *fields("Item", {"inventoryPostingGroupCode": "Inventory Posting Group"}),
            ),
        ),
        code_list("itemCategories", "itemCategory", "Item Category", {"code": "Code", "displayName": "Description"}),
        code_list(
            "unitsOfMeasure",
            "unitOfMeasure",
            "Unit of Measure",
            {
                "code": "Code",
                "displayName": "Description",
                "internationalStandardCode": "International Standard Code",
                "symbol": "Symbol",
            },
        ),
        code_list(
            "currencies",
            "currency",
            "Currency",
            {
                "code": "Code",
                "displayName": "Description",
                "symbol": "Symbol",
                "amountDecimalPlaces": "Amount Decimal Places",
                "amountRoundingPrecision": "Amount Rounding Precision",
            },
        ),
        code_list(
            "paymentTerms",
            "paymentTerm",
            "Payment Terms",
            {
                "code": "Code",
                "displayName": "Description",
                "dueDateCalculation": "Due Date Calculation",
                "discountDateCalculation": "Discount Date Calculation",
                "discountPercent": "Discount %",
            },
        ),
        code_list(
            "shipmentMethods", "shipmentMethod", "Shipment Method", {"code": "Code", "displayName": "Description"}
        ),
        Endpoint(
            STANDARD_API,
            "salesOrders",
            "salesOrder",
            "Sales Header",
            document(
                "Sales Header",
                {"orderDate": "Order Date", "postingDate": "Posting Date"},
                (
                    *fields("Sales Header", {"requestedDeliveryDate": "Requested Delivery Date", "status": "Status"}),
                    *fields("Sales Header", {"fullyShipped": "Completely Shipped"}),
                ),
            ),
            fixed=(("Document Type", "Order"),),
            lines=Lines("salesOrderLines", "salesOrderLines", LINES_OF_HEADER),
            actions=("release", "reopen", "shipAndInvoice"),
        ),
        Endpoint(
            STANDARD_API,
            "salesQuotes",
            "salesQuote",
            "Sales Header",
            document(
                "Sales Header",
                {"documentDate": "Document Date", "postingDate": "Posting Date", "dueDate": "Due Date"},
                fields("Sales Header", {"validUntilDate": "Quote Valid Until Date", "status": "Status"}),
            ),
            fixed=(("Document Type", "Quote"),),
            lines=Lines("salesQuoteLines", "salesQuoteLines", LINES_OF_HEADER),
            actions=("makeOrder",),
        ),
        Endpoint(
            STANDARD_API,
            "salesInvoices",
            "salesInvoice",
            "Sales Invoice Header",
            document(
                "Sales Invoice Header",
                {"invoiceDate": "Document Date", "postingDate": "Posting Date", "dueDate": "Due Date"},
                (
                    *fields(
                        "Sales Invoice Header", {"orderNumber": "Order No.", "remainingAmount": "Remaining Amount"}
                    ),
                    ApiField("status", None, read_only=True, compute=_invoice_status),
                ),
            ),
            lines=Lines("salesInvoiceLines", "salesInvoiceLines", (("Document No.", "No."),)),
            read_only=True,
        ),
        ORDER_LINES,
        QUOTE_LINES,
        INVOICE_LINES,
    )
}
