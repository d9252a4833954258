"""Opportunities, quotes, orders, invoices, their lines, and notes (annotations)."""

from sandbox.dataverse.schema.common import table

__all__ = [
    "ANNOTATION",
    "INVOICE",
    "INVOICEDETAIL",
    "OPPORTUNITY",
    "QUOTE",
    "QUOTEDETAIL",
    "SALESORDER",
    "SALESORDERDETAIL",
]

_HEADER = """
name String 300 !
customerid Customer account|contact
customeridtype EntityName ro
pricelevelid Lookup pricelevel
opportunityid Lookup opportunity
description Memo
transactioncurrencyid Lookup transactioncurrency
exchangerate Decimal ro
discountpercentage Decimal
discountamount Money
freightamount Money
totalamount Money ro
totallineitemamount Money ro
totallineitemdiscountamount Money ro
totalamountlessfreight Money ro
totaldiscountamount Money ro
totaltax Money ro
paymenttermscode Picklist
shippingmethodcode Picklist
freighttermscode Picklist
requestdeliveryby DateTime
ispricelocked Boolean
willcall Boolean
bcbi_companyid Lookup cdm_company
""" + "".join(
    f"{prefix}_{name} String {length}\n"
    for prefix in ("billto", "shipto")
    for name, length in (
        ("name", 200),
        ("line1", 250),
        ("line2", 250),
        ("line3", 250),
        ("city", 80),
        ("stateorprovince", 50),
        ("country", 80),
        ("postalcode", 20),
        ("telephone", 50),
        ("fax", 50),
        ("contactname", 150),
    )
)

_LINE = """
productid Lookup product
productdescription String 500
isproductoverridden Boolean
ispriceoverridden Boolean
uomid Lookup uom
priceperunit Money
quantity Decimal !
manualdiscountamount Money
volumediscountamount Money ro
baseamount Money ro
extendedamount Money ro
tax Money
description Memo
lineitemnumber Integer
sequencenumber Integer
producttypecode Picklist
transactioncurrencyid Lookup transactioncurrency
exchangerate Decimal ro
"""

OPPORTUNITY = table(
    "opportunity",
    "opportunities",
    "name",
    """
name String 300 !
customerid Customer account|contact
customeridtype EntityName ro
parentaccountid Lookup account
parentcontactid Lookup contact
pricelevelid Lookup pricelevel
transactioncurrencyid Lookup transactioncurrency
exchangerate Decimal ro
estimatedvalue Money
estimatedclosedate DateTime
actualvalue Money
actualclosedate DateTime
closeprobability Integer
description Memo
stepname String 200
salesstagecode Picklist
opportunityratingcode Picklist
prioritycode Picklist
purchasetimeframe Picklist
budgetamount Money
isrevenuesystemcalculated Boolean
""",
    states={0: (1, 2), 1: (3,), 2: (4, 5)},
    object_type_code=3,
)

QUOTE = table(
    "quote",
    "quotes",
    "name",
    _HEADER
    + """
quotenumber String 100
revisionnumber Integer ro
effectivefrom DateTime
effectiveto DateTime
expireson DateTime
closedon DateTime
""",
    states={0: (1,), 1: (2, 3), 2: (4,), 3: (5, 6, 7)},
    object_type_code=1084,
)

SALESORDER = table(
    "salesorder",
    "salesorders",
    "name",
    _HEADER
    + """
ordernumber String 100
quoteid Lookup quote
submitdate DateTime
submitstatus Integer
submitstatusdescription Memo
datefulfilled DateTime
lastbackofficesubmit DateTime
prioritycode Picklist
bcbi_businesscentralordernumber String 20
bcbi_businesscentraldocumentoccurrencenumber Integer
""",
    states={0: (1, 2), 1: (3,), 2: (4,), 3: (100001, 100002), 4: (100003,)},
    object_type_code=1088,
)

INVOICE = table(
    "invoice",
    "invoices",
    "name",
    _HEADER
    + """
invoicenumber String 100
salesorderid Lookup salesorder
duedate DateTime
datedelivered DateTime
lastbackofficesubmit DateTime
prioritycode Picklist
""",
    states={0: (1, 2, 4, 5, 6), 1: (3,), 2: (7, 100001, 100002), 3: (100003,)},
    object_type_code=1090,
)

QUOTEDETAIL = table(
    "quotedetail",
    "quotedetails",
    "productdescription",
    _LINE + "quoteid Lookup quote !\nquotestatecode Picklist ro\n",
    object_type_code=1085,
)

SALESORDERDETAIL = table(
    "salesorderdetail",
    "salesorderdetails",
    "productdescription",
    _LINE
    + """
salesorderid Lookup salesorder !
salesorderstatecode Picklist ro
quantityshipped Decimal
quantitybackordered Decimal
quantitycancelled Decimal
requestdeliveryby DateTime
bcbi_businesscentrallinenumber Integer
""",
    object_type_code=1089,
)

INVOICEDETAIL = table(
    "invoicedetail",
    "invoicedetails",
    "productdescription",
    _LINE + "invoiceid Lookup invoice !\ninvoicestatecode Picklist ro\nquantityshipped Decimal\n",
    object_type_code=1091,
)

ANNOTATION = table(
    "annotation",
    "annotations",
    "subject",
    """
subject String 500
notetext Memo
isdocument Boolean
filename String 255
filesize Integer ro
mimetype String 256
documentbody Memo
objectid Lookup account|contact|salesorder|quote|invoice|opportunity|product
objecttypecode EntityName
langid String 2
""",
    object_type_code=5,
)
