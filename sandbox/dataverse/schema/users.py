"""Users, teams, business units and security roles: who owns rows and what they may do."""

from sandbox.dataverse.schema.common import table

__all__ = ["BUSINESSUNIT", "ROLE", "SYSTEMUSER", "SYSTEMUSERROLES", "TEAM", "TEAMROLES"]


def _address(number: int, *, place: int, code: int, phone: int, region: int | None = None) -> str:
    """Address ``number`` of a user or business unit: city and country hold ``place`` characters, state and county
    ``region`` (the same unless given), post office box and postal code ``code``, the first telephone ``phone``."""
    region = region or place
    lengths = {
        "name": 100,
        "line1": 250,
        "line2": 250,
        "line3": 250,
        "city": place,
        "stateorprovince": region,
        "county": region,
        "country": place,
        "postofficebox": code,
        "postalcode": code,
        "upszone": 4,
        "telephone1": phone,
        "telephone2": 50,
        "telephone3": 50,
        "fax": phone,
    }
    other = "addressid Uniqueidentifier\naddresstypecode Picklist\nshippingmethodcode Picklist\nutcoffset Integer\n"
    other += "latitude Double\nlongitude Double\n"
    strings = "".join(f"{name} String {length}\n" for name, length in lengths.items())
    return "".join(f"address{number}_{line}\n" for line in (other + strings).splitlines())


SYSTEMUSER = table(
    "systemuser",
    "systemusers",
    "fullname",
    _address(1, place=128, code=40, phone=64)
    + _address(2, place=128, code=40, phone=50)
    + """
businessunitid Lookup businessunit !!
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
address1_line1 String 1024
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
salutation String 20
mobilealertemail String 100
preferredemailcode Picklist
homephone String 50
preferredphonecode Picklist
preferredaddresscode Picklist
photourl String 200
passportlo Integer
passporthi Integer
disabledreason String 250 ro
governmentid String 100
skills String 100
displayinserviceviews Boolean
setupuser Boolean
windowsliveid String 250
incomingemaildeliverymethod Picklist
outgoingemaildeliverymethod Picklist
yomifullname String 200 ro
yomilastname String 64
yomimiddlename String 50
yomifirstname String 64
defaultfilterspopulated Boolean ro
emailrouteraccessapproval Picklist
exchangerate Decimal ro
issyncwithdirectory Boolean
yammeremailaddress String 200
yammeruserid String 128
userlicensetype Integer
entityimageid Uniqueidentifier ro
address1_composite Memo ro
address2_composite Memo ro
processid Uniqueidentifier
stageid Uniqueidentifier
isemailaddressapprovedbyo365admin Boolean ro
traversedpath String 250
sharepointemailaddress String 250
""",
    owned=False,
    object_type_code=8,
)

TEAM = table(
    "team",
    "teams",
    "name",
    """
name String 160 !!
businessunitid Lookup businessunit !!
administratorid Lookup systemuser
teamtype Picklist
isdefault Boolean ro
description Memo
emailaddress String 100
azureactivedirectoryobjectid Uniqueidentifier
teamtemplateid Uniqueidentifier
organizationid Uniqueidentifier ro
yominame String 160
traversedpath String 250
transactioncurrencyid Lookup transactioncurrency
exchangerate Decimal ro
regardingobjectid Lookup opportunity
regardingobjecttypecode EntityName
systemmanaged Boolean ro
processid Uniqueidentifier
stageid Uniqueidentifier
""",
    owned=False,
    object_type_code=9,
)

BUSINESSUNIT = table(
    "businessunit",
    "businessunits",
    "name",
    _address(1, place=80, region=50, code=20, phone=50)
    + _address(2, place=80, region=50, code=20, phone=50)
    + """
name String 160 !!
parentbusinessunitid Lookup businessunit
divisionname String 100
emailaddress String 100
websiteurl String 200
isdisabled Boolean
description Memo
organizationid Lookup organization ro
fileasname String 100
tickersymbol String 10
stockexchange String 20
utcoffset Integer
creditlimit Double
costcenter String 100
ftpsiteurl String 200
inheritancemask Integer
workflowsuspended Boolean
disabledreason String 250 ro
transactioncurrencyid Lookup transactioncurrency
exchangerate Decimal ro
""",
    owned=False,
    object_type_code=10,
)

ROLE = table(
    "role",
    "roles",
    "name",
    """
name String 100 !!
businessunitid Lookup businessunit !!
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
