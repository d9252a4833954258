"""Dynamics 365 Sales mappings for posted invoices, opportunities and sales orders (legacy and bidirectional).

Read off BC's ``CRMSetupDefaults`` codeunit (Integration/D365Sales). Line mappings have no job of their own: their
header's run carries them (sales_flows §2.2, §4.1).
"""

from mappings.choices import DeletionConflictResolution, Direction
from mappings.defaults.spec import BOTH, FROM, TO, FieldSpec, JobSpec, MappingSpec, field_spec, owner_fields

__all__ = [
    "BIDIRECTIONAL_SALES_ORDER_MAPPINGS",
    "INVOICE_MAPPINGS",
    "LEGACY_SALES_ORDER_MAPPINGS",
    "OPPORTUNITY_MAPPING",
]

# Postal-address parts: BC field suffix, Dataverse column suffix.
NAME, LINE1, LINE2, CITY, COUNTRY, POST_CODE, COUNTY = (
    ("Name", "name"),
    ("Address", "line1"),
    ("Address 2", "line2"),
    ("City", "city"),
    ("Country/Region Code", "country"),
    ("Post Code", "postalcode"),
    ("County", "stateorprovince"),
)
POSTED_ORDER = (NAME, LINE1, LINE2, CITY, COUNTRY, POST_CODE, COUNTY)
SHIP_TO_ORDER = (NAME, LINE1, LINE2, POST_CODE, CITY, COUNTRY, COUNTY)
BILL_TO_ORDER = (LINE1, LINE2, POST_CODE, CITY, COUNTRY, COUNTY)
DOCUMENT_TYPE_ORDER = field_spec("Document Type", "", FROM, "Order")


def _postal(side: str, parts: tuple[tuple[str, str], ...], direction: Direction) -> tuple[FieldSpec, ...]:
    """Ship-to or bill-to address fields, in the order BC's setup code inserts them."""
    return tuple(field_spec(f"{side}-to {bc}", f"{side.lower()}to_{dv}", direction) for bc, dv in parts)


def _document_header(
    number_column: str, shipped: FieldSpec, after_currency: tuple[FieldSpec, ...], tail: tuple[FieldSpec, ...]
) -> tuple[FieldSpec, ...]:
    """The To-only header of a posted invoice or a legacy order: number, owner, addresses, amounts, codes."""
    return (
        field_spec("No.", number_column, TO),
        *owner_fields("Salesperson Code"),
        field_spec("Currency Code", "transactioncurrencyid", TO),
        *after_currency,
        *_postal("Ship", POSTED_ORDER, TO),
        shipped,
        *_postal("Bill", POSTED_ORDER, TO),
        field_spec("Amount", "totalamountlessfreight", TO),
        field_spec("Amount Including VAT", "totalamount", TO),
        field_spec("Invoice Discount Amount", "discountamount", TO),
        field_spec("Shipping Agent Code", "shippingmethodcode", TO),
        field_spec("Payment Terms Code", "paymenttermscode", TO),
        *tail,
    )


INVOICE_MAPPINGS: tuple[MappingSpec, ...] = (
    MappingSpec(
        name="POSTEDSALESINV-INV",
        bc_table="Sales Invoice Header",
        dataverse_table="invoice",
        direction=Direction.TO_INTEGRATION,
        filter_by_company=True,
        dependency_filter="ITEM-PRODUCT|RESOURCE-PRODUCT|OPPORTUNITY",
        fields=_document_header(
            "invoicenumber",
            field_spec("Shipment Date", "datedelivered", TO),
            (field_spec("Due Date", "duedate", TO),),
            (field_spec("Work Description", "description", TO, validate_field=False),),
        ),
        job=JobSpec(30, 1440),
        source="CRMSetupDefaults.ResetSalesInvoiceHeaderInvoiceMapping",
    ),
    MappingSpec(
        name="POSTEDSALESLINE-INV",
        bc_table="Sales Invoice Line",
        dataverse_table="invoicedetail",
        direction=Direction.TO_INTEGRATION,
        synch_only_coupled_records=False,
        dependency_filter="POSTEDSALESINV-INV",
        child_of="POSTEDSALESINV-INV",
        fields=(
            field_spec("Quantity", "quantity", TO),
            field_spec("Line Discount Amount", "manualdiscountamount", TO),
            field_spec("Unit Price", "priceperunit", TO),
            field_spec("", "ispriceoverridden", TO, "1"),
            field_spec("Amount", "baseamount", TO),
            field_spec("Amount Including VAT", "extendedamount", TO),
        ),
        source="CRMSetupDefaults.ResetSalesInvoiceLineInvoiceMapping",
    ),
)

OPPORTUNITY_MAPPING = MappingSpec(
    name="OPPORTUNITY",
    bc_table="Opportunity",
    dataverse_table="opportunity",
    direction=Direction.BIDIRECTIONAL,
    bc_table_filter="status eq 'Not Started' or status eq 'In Progress'",
    filter_by_company=True,
    synch_only_coupled_records=False,
    dependency_filter="CONTACT",
    fields=(
        field_spec("Description", "name", BOTH),
        field_spec("Contact No.", "parentcontactid", TO),
        field_spec("Contact Company No.", "parentaccountid", TO),
        *owner_fields("Salesperson Code"),
        field_spec("Estimated Value (LCY)", "estimatedvalue", TO),
        field_spec("Estimated Closing Date", "estimatedclosedate", TO),
    ),
    source="CRMSetupDefaults.ResetOpportunityMapping",
)

RELEASED_ORDERS = "documentType eq 'Order' and status eq 'Released'"
ORDER_JOB = JobSpec(30, 720)

LEGACY_SALES_ORDER_MAPPINGS: tuple[MappingSpec, ...] = (
    MappingSpec(
        name="SALESORDER-ORDER",
        bc_table="Sales Header",
        dataverse_table="salesorder",
        direction=Direction.TO_INTEGRATION,
        bc_table_filter=RELEASED_ORDERS,
        filter_by_company=True,
        dependency_filter="ITEM-PRODUCT|RESOURCE-PRODUCT|OPPORTUNITY",
        fields=_document_header(
            "ordernumber",
            field_spec("Last Shipment Date", "datefulfilled", TO),
            (),
            (field_spec("Requested Delivery Date", "requestdeliveryby", TO),),
        ),
        job=ORDER_JOB,
        source="CRMSetupDefaults.ResetSalesOrderMapping",
    ),
)

BIDIRECTIONAL_SALES_ORDER_MAPPINGS: tuple[MappingSpec, ...] = (
    MappingSpec(
        name="SALESORDER-ORDER",
        bc_table="Sales Header",
        dataverse_table="salesorder",
        direction=Direction.BIDIRECTIONAL,
        bc_table_filter=RELEASED_ORDERS,
        dataverse_table_filter="statecode eq 1",
        filter_by_company=True,
        dependency_filter="CUSTOMER|ITEM-PRODUCT|RESOURCE-PRODUCT|OPPORTUNITY",
        fields=(
            *owner_fields("Salesperson Code"),
            DOCUMENT_TYPE_ORDER,
            field_spec("No.", "bcbi_businesscentralordernumber", TO),
            field_spec("Your Reference", "ordernumber", FROM),
            field_spec("", "customeridtype", TO, "account", validate_field=False),
            field_spec("Sell-to Customer No.", "customerid", BOTH),
            field_spec("Currency Code", "transactioncurrencyid", BOTH),
            *_postal("Ship", SHIP_TO_ORDER, BOTH),
            field_spec("Last Shipment Date", "datefulfilled", TO),
            *_postal("Bill", BILL_TO_ORDER, BOTH),
            field_spec("Invoice Discount Amount", "discountamount", TO),
            field_spec("Shipping Agent Code", "shippingmethodcode", BOTH),
            field_spec("Payment Terms Code", "paymenttermscode", BOTH),
            field_spec("Shipment Method Code", "freighttermscode", BOTH),
            field_spec("Requested Delivery Date", "requestdeliveryby", BOTH),
            field_spec("Payment Discount %", "discountpercentage", BOTH),
            field_spec("Work Description", "description", BOTH, validate_field=False),
        ),
        job=ORDER_JOB,
        source="CRMSetupDefaults.ResetBidirectionalSalesOrderMapping",
    ),
    MappingSpec(
        name="SOLINE-ORDERDETAIL",
        bc_table="Sales Line",
        dataverse_table="salesorderdetail",
        direction=Direction.BIDIRECTIONAL,
        bc_table_filter="(type eq 'Item' or type eq 'Resource') and documentType eq 'Order'",
        synch_only_coupled_records=False,
        dependency_filter="SALESORDER-ORDER",
        child_of="SALESORDER-ORDER",
        deletion_conflict_resolution=DeletionConflictResolution.REMOVE_COUPLING,
        fields=(
            DOCUMENT_TYPE_ORDER,
            field_spec("", "producttypecode", TO, "Product", validate_field=False),
            field_spec("No.", "productid", BOTH),
            field_spec("Line No.", "bcbi_businesscentrallinenumber", BOTH),
            field_spec("Quantity", "quantity", BOTH),
            field_spec("Quantity Shipped", "quantityshipped", BOTH),
            field_spec("", "ispriceoverridden", TO, "1"),
            field_spec("Unit Price", "priceperunit", BOTH),
            field_spec("Currency Code", "transactioncurrencyid", BOTH),
            field_spec("Amount", "baseamount", BOTH),
            field_spec("Amount Including VAT", "extendedamount", BOTH),
            field_spec("Requested Delivery Date", "requestdeliveryby", BOTH),
        ),
        source="CRMSetupDefaults.ResetBidirectionalSalesOrderLineMapping",
    ),
)
