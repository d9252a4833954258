"""Users, teams, business units, roles, organization, solutions, currencies and the integration solution's tables."""

from sandbox.dataverse.schema.common import table

__all__ = [
    "BUSINESSUNIT",
    "CDM_COMPANY",
    "NAV_ACCOUNTSTATISTICS",
    "NAV_CONNECTION",
    "ORGANIZATION",
    "ROLE",
    "SOLUTION",
    "SYSTEMUSER",
    "SYSTEMUSERROLES",
    "TEAM",
    "TEAMROLES",
    "TRANSACTIONCURRENCY",
]

SYSTEMUSER = table(
    "systemuser",
    "systemusers",
    "fullname",
    """
businessunitid Lookup businessunit !
firstname String 64
lastname String 64
fullname String 200 ro
middlename String 50
nickname String 50
title String 128
jobtitle String 100
domainname String 1024
internalemailaddress String 100
personalemailaddress String 100
mobilephone String 64
address1_telephone1 String 64
address1_line1 String 1024
address1_city String 128
address1_postalcode String 40
address1_country String 128
isdisabled Boolean
islicensed Boolean
isintegrationuser Boolean
accessmode Picklist
caltype Picklist
azureactivedirectoryobjectid Uniqueidentifier
applicationid Uniqueidentifier
invitestatuscode Picklist
parentsystemuserid Lookup systemuser
transactioncurrencyid Lookup transactioncurrency
employeeid String 100
organizationid Uniqueidentifier ro
defaultmailbox Uniqueidentifier ro
""",
    owned=False,
    object_type_code=8,
)

TEAM = table(
    "team",
    "teams",
    "name",
    """
name String 160 !
businessunitid Lookup businessunit !
administratorid Lookup systemuser
teamtype Picklist
isdefault Boolean ro
description Memo
emailaddress String 100
azureactivedirectoryobjectid Uniqueidentifier
teamtemplateid Uniqueidentifier
organizationid Uniqueidentifier ro
""",
    owned=False,
    object_type_code=9,
)

BUSINESSUNIT = table(
    "businessunit",
    "businessunits",
    "name",
    """
name String 160 !
parentbusinessunitid Lookup businessunit
divisionname String 100
emailaddress String 100
websiteurl String 200
isdisabled Boolean
description Memo
organizationid Uniqueidentifier ro
""",
    owned=False,
    object_type_code=10,
)

ROLE = table(
    "role",
    "roles",
    "name",
    """
name String 100 !
businessunitid Lookup businessunit !
parentroleid Lookup role ro
parentrootroleid Lookup role ro
roletemplateid Uniqueidentifier
ismanaged Boolean ro
organizationid Uniqueidentifier ro
""",
    owned=False,
    object_type_code=1036,
)

SYSTEMUSERROLES = table(
    "systemuserroles",
    "systemuserrolescollection",
    "systemuserroleid",
    "systemuserid Uniqueidentifier ro\nroleid Uniqueidentifier ro",
    owned=False,
    primary_id="systemuserroleid",
)

TEAMROLES = table(
    "teamroles",
    "teamrolescollection",
    "teamroleid",
    "teamid Uniqueidentifier ro\nroleid Uniqueidentifier ro",
    owned=False,
    primary_id="teamroleid",
)

ORGANIZATION = table(
    "organization",
    "organizations",
    "name",
    """
name String 160
basecurrencyid Lookup transactioncurrency
basecurrencysymbol String 5 ro
basecurrencyprecision Integer ro
pricingdecimalprecision Integer
currencydecimalprecision Integer
isvintegrationcode Picklist
issopintegrationenabled Boolean
ispricelistmandatory Boolean
isautosaveenabled Boolean
maximumtrackingnumber Integer
defaultcountrycode String 30
languagecode Integer
""",
    owned=False,
    object_type_code=1019,
)

SOLUTION = table(
    "solution",
    "solutions",
    "friendlyname",
    """
uniquename String 65 !
friendlyname String 256 !
version String 256 !
ismanaged Boolean ro
installedon DateTime ro
publisherid Uniqueidentifier
description Memo
isvisible Boolean ro
""",
    owned=False,
    object_type_code=7100,
)

TRANSACTIONCURRENCY = table(
    "transactioncurrency",
    "transactioncurrencies",
    "currencyname",
    """
isocurrencycode String 5 !
currencyname String 100 !
currencysymbol String 10 !
exchangerate Decimal !
currencyprecision Integer
entityimageid Uniqueidentifier ro
organizationid Uniqueidentifier ro
""",
    owned=False,
    states={0: (1,), 1: (2,)},
    alternate_keys=("isocurrencycode",),
    object_type_code=9105,
)

NAV_CONNECTION = table(
    "nav_connection",
    "nav_connections",
    "nav_name",
    """
nav_name String 100 !
nav_dynamicsnavurl String 250
nav_dynamicsnavodataurl String 250
nav_dynamicsnavodatausername String 250
nav_dynamicsnavodataaccesskey String 250
""",
    states={0: (1,), 1: (2,)},
)

NAV_ACCOUNTSTATISTICS = table(
    "nav_accountstatistics",
    "nav_accountstatisticses",
    "nav_name",
    """
nav_name String 160 !
nav_customerno String 20
nav_balancelcy Money
nav_balancelcy_base Money ro
nav_outstandingorderslcy Money
nav_outstandingorderslcy_base Money ro
nav_shippednotinvoicedlcy Money
nav_shippednotinvoicedlcy_base Money ro
nav_outstandinginvoiceslcy Money
nav_outstandinginvoiceslcy_base Money ro
nav_outstandingserviceorderslcy Money
nav_outstandingserviceorderslcy_base Money ro
nav_servshippednotinvoicedlcy Money
nav_servshippednotinvoicedlcy_base Money ro
nav_outstandingservinvoiceslcy Money
nav_outstandingservinvoiceslcy_base Money ro
nav_totallcy Money
nav_totallcy_base Money ro
nav_creditlimitlcy Money
nav_creditlimitlcy_base Money ro
nav_overdueamountslcy Money
nav_overdueamountslcy_base Money ro
nav_overdueamountsasof DateTime
nav_totalsaleslcy Money
nav_totalsaleslcy_base Money ro
nav_invoicedprepaymentamountlcy Money
nav_invoicedprepaymentamountlcy_base Money ro
transactioncurrencyid Lookup transactioncurrency
exchangerate Decimal ro
""",
    states={0: (1,), 1: (2,)},
)

CDM_COMPANY = table(
    "cdm_company",
    "cdm_companies",
    "cdm_name",
    """
cdm_name String 100 !
cdm_companycode String 6
bcbi_externalid String 36
defaultowningteam Lookup team
""",
    states={0: (1,), 1: (2,)},
)
