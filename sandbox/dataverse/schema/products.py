"""Unit groups, units, products and price lists (BC's items, resources, units and prices)."""

from sandbox.dataverse.schema.common import table

__all__ = ["PRICELEVEL", "PRODUCT", "PRODUCTPRICELEVEL", "UOM", "UOMSCHEDULE"]

UOMSCHEDULE = table(
    "uomschedule",
    "uomschedules",
    "name",
    """
name String 200 !!
baseuomname String 100
description Memo
organizationid Lookup organization ro
""",
    states={0: (1,), 1: (2,)},
    object_type_code=1056,
)

UOM = table(
    "uom",
    "uoms",
    "name",
    """
baseuom Lookup uom !
name String 100 !!
uomscheduleid Lookup uomschedule !!
quantity Decimal .5 !
isschedulebaseuom Boolean ro
organizationid Uniqueidentifier ro
""",
    owned=False,
    object_type_code=1055,
)

PRODUCT = table(
    "product",
    "products",
    "name",
    """
defaultuomscheduleid Lookup uomschedule !
subjectid Uniqueidentifier
organizationid Lookup organization ro
name String 100 !
defaultuomid Lookup uom !
pricelevelid Lookup pricelevel ~
description Memo
producttypecode Picklist
producturl String 250
price Money
iskit Boolean
productnumber String 100 !!
size String 200
currentcost Money
stockvolume Decimal
standardcost Money
stockweight Decimal
quantitydecimal Integer !
quantityonhand Decimal
isstockitem Boolean
suppliername String 100
vendorname String 100
vendorpartnumber String 100
transactioncurrencyid Lookup transactioncurrency
exchangerate Decimal ro
price_base Money ro
currentcost_base Money ro
standardcost_base Money ro
productstructure Picklist !! =1
parentproductid Lookup product
validfromdate DateTime
validtodate DateTime
vendorid String 100
""",
    owned=False,
    states={0: (1,), 1: (2,), 2: (0,), 3: (3,)},
    alternate_keys=("productnumber",),
    object_type_code=1024,
)

PRICELEVEL = table(
    "pricelevel",
    "pricelevels",
    "name",
    """
name String 100 !!
description Memo
shippingmethodcode Picklist
paymentmethodcode Picklist
freighttermscode Picklist
begindate DateTime
enddate DateTime
transactioncurrencyid Lookup transactioncurrency !
exchangerate Decimal ro
organizationid Lookup organization ro
bcbi_companyid Lookup cdm_company
""",
    owned=False,
    states={0: (100001,), 1: (100002,)},
    object_type_code=1022,
)

PRODUCTPRICELEVEL = table(
    "productpricelevel",
    "productpricelevels",
    "productidname",
    """
pricelevelid Lookup pricelevel !!
productid Lookup product !!
uomid Lookup uom !
uomscheduleid Lookup uomschedule ro
discounttypeid Uniqueidentifier
amount Money
percentage Decimal
roundingpolicycode Picklist
roundingoptioncode Picklist
roundingoptionamount Money
pricingmethodcode Picklist !
quantitysellingcode Picklist
productnumber String 100 ro
productidname String 100 ro
transactioncurrencyid Lookup transactioncurrency
exchangerate Decimal ro
amount_base Money ro
roundingoptionamount_base Money ro
organizationid Uniqueidentifier ro
processid Uniqueidentifier
stageid Uniqueidentifier
traversedpath String 250
""",
    owned=False,
    primary_id="productpricelevelid",
    object_type_code=1026,
)
