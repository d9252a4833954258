"""The organization, solutions, currencies and the integration solution's tables."""

from sandbox.dataverse.schema.common import table

__all__ = [
    "CDM_COMPANY",
    "NAV_ACCOUNTSTATISTICS",
    "NAV_CONNECTION",
    "ORGANIZATION",
    "SOLUTION",
    "TRANSACTIONCURRENCY",
]

# Every column BC's CRM Organization proxy table declares (CRMOrganization.Table.al, table 5363), in its order, plus
# ispricelistmandatory, which Dataverse has and BC does not read. ``ro`` marks what BC declares ExternalAccess = Read.
ORGANIZATION = table(
    "organization",
    "organizations",
    "name",
    """
name String 160
usergroupid Uniqueidentifier
privilegeusergroupid Uniqueidentifier
recurrenceexpansionjobbatchsize Integer
recurrenceexpansionjobbatchinterval Integer
fiscalperiodtype Integer
fiscalcalendarstart DateTime
dateformatcode Picklist
timeformatcode Picklist
currencysymbol String 13
weekstartdaycode Picklist
dateseparator String 5
fullnameconventioncode Picklist
negativeformatcode Picklist
numberformat String 2
isdisabled Boolean ro
disabledreason String 250 ro
kbprefix String 20
currentkbnumber Integer
caseprefix String 20
currentcasenumber Integer
contractprefix String 20
currentcontractnumber Integer
quoteprefix String 20
currentquotenumber Integer
orderprefix String 20
currentordernumber Integer
invoiceprefix String 20
currentinvoicenumber Integer
uniquespecifierlength Integer
fiscalyearformat String 25
fiscalperiodformat String 25
fiscalyearperiodconnect String 5
languagecode Integer
sortid Integer
dateformatstring String 250
timeformatstring String 250
pricingdecimalprecision Integer
showweeknumber Boolean
nexttrackingnumber Integer
tagmaxaggressivecycles Integer
systemuserid Uniqueidentifier
grantaccesstonetworkservice Boolean
allowoutlookscheduledsyncs Boolean
allowmarketingemailexecution Boolean
sqlaccessgroupid Uniqueidentifier
currencyformatcode Picklist
fiscalsettingsupdated Boolean ro
reportinggroupid Uniqueidentifier
tokenexpiry Integer
sharetopreviousowneronassign Boolean
integrationuserid Uniqueidentifier
trackingtokenidbase Integer
businessclosurecalendarid Uniqueidentifier
allowautounsubscribeacknowledgement Boolean
allowautounsubscribe Boolean
trackingprefix String 250
minoutlooksyncinterval Integer
bulkoperationprefix String 20
allowautoresponsecreation Boolean
maximumtrackingnumber Integer
campaignprefix String 20
sqlaccessgroupname String 250
currentcampaignnumber Integer
fiscalyeardisplaycode Integer
sitemapxml Memo
reportinggroupname String 250
currentbulkoperationnumber Integer
schemanameprefix String 8
ignoreinternalemail Boolean
tagpollingperiod Integer
trackingtokeniddigits Integer
numbergroupformat String 50
longdateformatcode Integer
currentimportsequencenumber Integer ro
parsedtableprefix String 20 ro
v3calloutconfighash String 250 ro
isfiscalperiodmonthbased Boolean
localeid Integer
parsedtablecolumnprefix String 20 ro
supportuserid Uniqueidentifier
amdesignator String 25
currencydisplayoption Picklist
minaddressbooksyncinterval Integer
isduplicatedetectionenabledforonlinecreateupdate Boolean
featureset String 250
blockedattachments String 250
isduplicatedetectionenabledforofflinesync Boolean
allowofflinescheduledsyncs Boolean
allowunresolvedpartiesonemailsend Boolean
timeseparator String 5
currentparsedtablenumber Integer ro
minofflinesyncinterval Integer
allowwebexcelexport Boolean
referencesitemapxml String 250
isduplicatedetectionenabledforimport Boolean
calendartype Integer
sqmenabled Boolean
negativecurrencyformatcode Integer
allowaddressbooksyncs Boolean
isvintegrationcode Picklist
decimalsymbol String 5
maxuploadfilesize Integer
isappmode Boolean
enablepricingoncreate Boolean
issopintegrationenabled Boolean
pmdesignator String 25
currencydecimalprecision Integer
maxappointmentdurationdays Integer
emailsendpollingperiod Integer
rendersecureiframeforemail Boolean
numberseparator String 5
privreportinggroupid Uniqueidentifier
basecurrencyid Lookup transactioncurrency
maxrecordsforexporttoexcel Integer
privreportinggroupname String 250
yearstartweekcode Integer
ispresenceenabled Boolean
isduplicatedetectionenabled Boolean
expiresubscriptionsindays Integer
isauditenabled Boolean
basecurrencyprecision Integer ro
basecurrencysymbol String 5 ro
maxrecordsforlookupfilters Integer
allowentityonlyaudit Boolean
defaultrecurrenceendrangetype Picklist
futureexpansionwindow Integer
pastexpansionwindow Integer
recurrenceexpansionsynchcreatemax Integer
recurrencedefaultnumberofoccurrences Integer
getstartedpanecontentenabled Boolean
usereadform Boolean
initialversion String 20
sampledataimportid Uniqueidentifier
reportscripterrors Picklist
requireapprovalforuseremail Boolean
requireapprovalforqueueemail Boolean
goalrollupexpirytime Integer
goalrollupfrequency Integer
autoapplydefaultoncasecreate Boolean
autoapplydefaultoncaseupdate Boolean
fiscalyearformatprefix Picklist
fiscalyearformatsuffix Picklist
fiscalyearformatyear Picklist
discountcalculationmethod Picklist
fiscalperiodformatperiod Picklist
allowclientmessagebarad Boolean
allowuserformmodepreference Boolean
hashfilterkeywords String 250
hashmaxcount Integer
hashdeltasubjectcount Integer
hashminaddresscount Integer
enablesmartmatching Boolean
pinpointlanguagecode Integer
orgdborgsettings String 250
isuseraccessauditenabled Boolean
useraccessauditinginterval Integer
quickfindrecordlimitenabled Boolean
enablebingmapsintegration Boolean
isdefaultcountrycodecheckenabled Boolean
defaultcountrycode String 30
useskypeprotocol Boolean
incomingemailexchangeemailretrievalbatchsize Integer
emailcorrelationenabled Boolean
yammeroauthaccesstokenexpired Boolean
defaultemailsettings String 250
yammergroupid Integer
yammernetworkpermalink String 100
yammerpostmethod Picklist
emailconnectionchannel Picklist
isautosaveenabled Boolean
bingmapsapikey String 250
generatealertsforerrors Boolean
generatealertsforinformation Boolean
generatealertsforwarnings Boolean
notifymailboxownerofemailserverlevelalerts Boolean
maximumactivebusinessprocessflowsallowedperentity Integer
entityimageid Uniqueidentifier ro
allowusersseeappdownloadmessage Boolean
signupoutlookdownloadfwlink String 200
cascadestatusupdate Boolean
restrictstatusupdate Boolean
suppresssla Boolean
socialinsightstermsaccepted Boolean
socialinsightsinstance String 250
disablesocialcare Boolean
maxproductsinbundle Integer
useinbuiltrulefordefaultpricelistselection Boolean
oobpricecalculationenabled Boolean
ishierarchicalsecuritymodelenabled Boolean
maximumdynamicpropertiesallowed Integer
usepositionhierarchy Boolean
maxdepthforhierarchicalsecuritymodel Integer
slapausestates String 250
socialinsightsenabled Boolean
isappointmentattachmentsyncenabled Boolean
isassignedtaskssyncenabled Boolean
iscontactmailingaddresssyncenabled Boolean
maxsupportedinternetexplorerversion Integer ro
globalhelpurl String 250
globalhelpurlenabled Boolean
globalappendurlparametersenabled Boolean
kmsettings String 250
mobileclientmashupenabled Boolean
createproductswithoutparentinactivestate Boolean
ismailboxinactivebackoffenabled Boolean
isfulltextsearchenabled Boolean
enforcereadonlyplugins Boolean
sharepointdeploymenttype Picklist
defaultthemedata Memo
isfolderbasedtrackingenabled Boolean
webresourcehash String 100
expirechangetrackingindays Integer
maxfolderbasedtrackingmappings Integer
privacystatementurl String 250
plugintracelogsetting Picklist
ismailboxforcedunlockingenabled Boolean
mailboxintermittentissueminrange Integer
mailboxpermanentissueminrange Integer
highcontrastthemedata Memo
delegatedadminuserid Uniqueidentifier
isemailserverprofilecontentfilteringenabled Boolean
isdelegateaccessenabled Boolean
displaynavigationtour Boolean
uselegacyrendering Boolean
ispricelistmandatory Boolean
""",
    owned=False,
    object_type_code=1019,
)

SOLUTION = table(
    "solution",
    "solutions",
    "friendlyname",
    """
uniquename String 65 !!
friendlyname String 256 !!
version String 256 !!
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
isocurrencycode String 5 !!
currencyname String 100 !!
currencysymbol String 10 !!
exchangerate Decimal .10 !!
currencyprecision Integer
entityimageid Uniqueidentifier ro
organizationid Lookup organization ro
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
organizationid Lookup organization ro
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
organizationid Lookup organization ro
""",
    states={0: (1,), 1: (2,)},
)

CDM_COMPANY = table(
    "cdm_company",
    "cdm_companies",
    "cdm_name",
    """
cdm_name String 100 !
cdm_companycode String 30
bcbi_externalid String 36
cdm_defaultowningteam Lookup team
cdm_isenabledfordualwrite Boolean
""",
    states={0: (1,), 1: (2,)},
)
