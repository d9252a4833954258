"""account and contact: the customer tables BC's CUSTOMER, VENDOR and CONTACT mappings use."""

from sandbox.dataverse.schema.common import table

__all__ = ["ACCOUNT", "CONTACT"]

_ADDRESS = """
address{n}_addressid Uniqueidentifier
address{n}_addresstypecode Picklist
address{n}_name String 200
address{n}_primarycontactname String 100
address{n}_line1 String 250
address{n}_line2 String 250
address{n}_line3 String 250
address{n}_city String 80
address{n}_stateorprovince String 50
address{n}_county String 50
address{n}_country String 80
address{n}_postofficebox String 20
address{n}_postalcode String 20
address{n}_utcoffset Integer
address{n}_upszone String 4
address{n}_latitude Double
address{n}_longitude Double
address{n}_telephone1 String 50
address{n}_telephone2 String 50
address{n}_telephone3 String 50
address{n}_fax String 50
address{n}_freighttermscode Picklist
address{n}_shippingmethodcode Picklist
address{n}_composite Memo ro
"""
ADDRESSES = _ADDRESS.format(n=1) + _ADDRESS.format(n=2)

ACCOUNT = table(
    "account",
    "accounts",
    "name",
    ADDRESSES
    + """
accountcategorycode Picklist
defaultpricelevelid Lookup pricelevel
customersizecode Picklist
preferredcontactmethodcode Picklist
customertypecode Picklist
accountratingcode Picklist
industrycode Picklist
territorycode Picklist
accountclassificationcode Picklist
businesstypecode Picklist
traversedpath String 250
shippingmethodcode Picklist
primarycontactid Lookup contact
participatesinworkflow Boolean
name String 160 !
accountnumber String 20
revenue Money
numberofemployees Integer
description Memo
sic String 20
ownershipcode Picklist
marketcap Money
sharesoutstanding Integer
tickersymbol String 10
stockexchange String 20
websiteurl String 200
ftpsiteurl String 200
emailaddress1 String 100
emailaddress2 String 100
emailaddress3 String 100
donotphone Boolean
donotfax Boolean
telephone1 String 50
donotemail Boolean
telephone2 String 50
fax String 50
telephone3 String 50
donotpostalmail Boolean
donotbulkemail Boolean
donotbulkpostalmail Boolean
creditlimit Money
creditonhold Boolean
parentaccountid Lookup account
aging30 Money ro
aging60 Money ro
aging90 Money ro
preferredappointmentdaycode Picklist
preferredsystemuserid Lookup systemuser
preferredappointmenttimecode Picklist
merged Boolean ro
donotsendmm Boolean
masterid Lookup account ro
lastusedincampaign DateTime
exchangerate Decimal ro
transactioncurrencyid Lookup transactioncurrency
creditlimit_base Money ro
aging30_base Money ro
aging60_base Money ro
aging90_base Money ro
revenue_base Money ro
marketcap_base Money ro
yominame String 160
stageid Uniqueidentifier
processid Uniqueidentifier
entityimageid Uniqueidentifier ro
opendeals Integer ro
opendeals_date DateTime ro
opendeals_state Integer ro
openrevenue Money ro
openrevenue_base Money ro
openrevenue_date DateTime ro
openrevenue_state Integer ro
nav_accountstatisticsid Lookup nav_accountstatistics
bcbi_companyid Lookup cdm_company
paymenttermscode Picklist
""",
    states={0: (1,), 1: (2,)},
    alternate_keys=("accountnumber",),
    object_type_code=1,
)

CONTACT = table(
    "contact",
    "contacts",
    "fullname",
    ADDRESSES
    + """
parentcustomerid Customer account|contact
parentcustomeridtype EntityName ro
accountid Lookup account ro
defaultpricelevelid Lookup pricelevel
isbackofficecustomer Boolean
leadsourcecode Picklist
participatesinworkflow Boolean
customertypecode Picklist
preferredcontactmethodcode Picklist
salutation String 100
jobtitle String 100
firstname String 50
department String 100
nickname String 50
middlename String 50
lastname String 50 !
suffix String 10
yomifirstname String 150
fullname String 160 ro
yomimiddlename String 150
yomilastname String 150
anniversary DateTime
birthdate DateTime
governmentid String 50
yomifullname String 250 ro
description Memo
employeeid String 50
gendercode Picklist
annualincome Money
haschildrencode Picklist
educationcode Picklist
websiteurl String 200
familystatuscode Picklist
ftpsiteurl String 200
emailaddress1 String 100
spousesname String 100
assistantname String 100
emailaddress2 String 100
assistantphone String 50
emailaddress3 String 100
donotphone Boolean
managername String 100
managerphone String 50
donotfax Boolean
donotemail Boolean
donotpostalmail Boolean
donotbulkemail Boolean
donotbulkpostalmail Boolean
accountrolecode Picklist
territorycode Picklist
creditlimit Money
creditonhold Boolean
numberofchildren Integer
childrensnames String 255
mobilephone String 50
pager String 50
telephone1 String 50
telephone2 String 50
telephone3 String 50
fax String 50
aging30 Money ro
aging60 Money ro
aging90 Money ro
preferredsystemuserid Lookup systemuser
merged Boolean ro
donotsendmm Boolean
masterid Lookup contact ro
lastusedincampaign DateTime
transactioncurrencyid Lookup transactioncurrency
exchangerate Decimal ro
company String 50
callback String 50
externaluseridentifier String 50
parentcontactid Lookup contact
bcbi_companyid Lookup cdm_company
""",
    states={0: (1,), 1: (2,)},
    object_type_code=2,
)
