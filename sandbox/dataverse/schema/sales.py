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

# The bill-to and ship-to address columns of a document (lines have the ship-to ones) and their lengths.
_ADDRESS = (
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

# The amounts every sales document (and an opportunity) carries, each with its value in the base currency.
_TOTALS = """
discountpercentage Decimal
discountamount Money
freightamount Money
totalamount Money ro
totallineitemamount Money ro
totallineitemdiscountamount Money ro
totalamountlessfreight Money ro
totaldiscountamount Money ro
totaltax Money ro
pricingerrorcode Picklist
accountid Lookup account ro
contactid Lookup contact ro
processid Uniqueidentifier
stageid Uniqueidentifier
traversedpath String 250
""" + "".join(
    f"{name}_base Money ro\n"
    for name in (
        "discountamount",
        "freightamount",
        "totalamount",
        "totallineitemamount",
        "totallineitemdiscountamount",
        "totalamountlessfreight",
        "totaldiscountamount",
        "totaltax",
    )
)

_HEADER = (
    _TOTALS
    + """
name String 300 !
customerid Customer account|contact
customeridtype EntityName ro
pricelevelid Lookup pricelevel
opportunityid Lookup opportunity
description Memo
transactioncurrencyid Lookup transactioncurrency
exchangerate Decimal ro
billto_addressid Uniqueidentifier
shipto_addressid Uniqueidentifier
billto_composite Memo ro
shipto_composite Memo ro
shipto_freighttermscode Picklist
paymenttermscode Picklist
shippingmethodcode Picklist
freighttermscode Picklist
requestdeliveryby DateTime
ispricelocked Boolean
willcall Boolean
bcbi_companyid Lookup cdm_company
"""
    + "".join(f"{prefix}_{name} String {length}\n" for prefix in ("billto", "shipto") for name, length in _ADDRESS)
)

_LINE = (
    """
productid Lookup product
productdescription String 500
isproductoverridden Boolean
ispriceoverridden Boolean
uomid Lookup uom
priceperunit Money
quantity Decimal .5 !
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
salesrepid Lookup systemuser
pricingerrorcode Picklist
requestdeliveryby DateTime
willcall Boolean
shipto_freighttermscode Picklist
shipto_addressid Uniqueidentifier
parentbundleid Uniqueidentifier
productassociationid Uniqueidentifier
propertyconfigurationstatus Picklist
owningbusinessunit Uniqueidentifier ro
owninguser Uniqueidentifier ro
"""
    + "".join(f"shipto_{name} String {length}\n" for name, length in _ADDRESS)
    + "".join(
        f"{name}_base Money ro\n"
        for name in (
            "baseamount",
            "priceperunit",
            "volumediscountamount",
            "extendedamount",
            "tax",
            "manualdiscountamount",
        )
    )
)

# Columns of the two lines that record deliveries (order and invoice products).
_DELIVERED_LINE = """
iscopied Boolean
quantityshipped Decimal
quantitybackordered Decimal
quantitycancelled Decimal
"""

OPPORTUNITY = table(
    "opportunity",
    "opportunities",
    "name",
    _TOTALS
    + """
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
budgetamount_base Money ro
isrevenuesystemcalculated Boolean
estimatedvalue_base Money ro
actualvalue_base Money ro
stepid Uniqueidentifier
participatesinworkflow Boolean
budgetstatus Picklist
need Picklist
timeline Picklist
salesstage Picklist
initialcommunication Picklist
purchaseprocess Picklist
decisionmaker Boolean
evaluatefit Boolean
confirminterest Boolean
developproposal Boolean
completeinternalreview Boolean
captureproposalfeedback Boolean
resolvefeedback Boolean
presentproposal Boolean
sendthankyounote Boolean
completefinalproposal Boolean
filedebrief Boolean
pursuitdecision Boolean
identifycustomercontacts Boolean
identifycompetitors Boolean
identifypursuitteam Boolean
presentfinalproposal Boolean
schedulefollowup_prospect DateTime
schedulefollowup_qualify DateTime
scheduleproposalmeeting DateTime
finaldecisiondate DateTime
customerpainpoints Memo
customerneed Memo
proposedsolution Memo
qualificationcomments Memo
quotecomments Memo
currentsituation Memo
bcbi_companyid Lookup cdm_company
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
entityimageid Uniqueidentifier ro
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
entityimageid Uniqueidentifier ro
""",
    states={0: (1, 2, 4, 5, 6), 1: (3,), 2: (7, 100001, 100002), 3: (100003,)},
    object_type_code=1090,
)

QUOTEDETAIL = table(
    "quotedetail",
    "quotedetails",
    "productdescription",
    _LINE + "quoteid Lookup quote !!\nquotestatecode Picklist ro\n",
    object_type_code=1085,
)

SALESORDERDETAIL = table(
    "salesorderdetail",
    "salesorderdetails",
    "productdescription",
    _LINE
    + _DELIVERED_LINE
    + """
salesorderid Lookup salesorder !!
salesorderstatecode Picklist ro
salesorderispricelocked Boolean ro
bcbi_businesscentrallinenumber Integer
""",
    object_type_code=1089,
)

INVOICEDETAIL = table(
    "invoicedetail",
    "invoicedetails",
    "productdescription",
    _LINE
    + _DELIVERED_LINE
    + """
invoiceid Lookup invoice !!
invoicestatecode Picklist ro
invoiceispricelocked Boolean ro
actualdeliveryon DateTime
shippingtrackingnumber String 100
""",
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
stepid String 32
""",
    object_type_code=5,
)
