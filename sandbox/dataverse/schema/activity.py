"""The activity feed: posts on a record's wall (Dataverse ``post``), which BC writes about sales orders and accounts.

Columns as Microsoft Learn's Post table reference lists them: organization-owned, primary name ``text``, a
polymorphic ``regardingobjectid`` with its type code, and the ``source`` and ``type`` choices (BC's CRM Post table
keeps their defaults: source Manual Post (2), type Check-in (1)).
"""

from sandbox.dataverse.schema.common import table

__all__ = ["POST"]

POST = table(
    "post",
    "posts",
    "text",
    """
text String 1000 !
largetext Memo !
regardingobjectid Lookup salesorder|account|contact|opportunity|quote|invoice|systemuser|post|transactioncurrency|pricelevel|productpricelevel|product|quotedetail|salesorderdetail|invoicedetail|team|uom|uomschedule|organization|businessunit !!
regardingobjecttypecode EntityName
regardingobjectownerid Owner systemuser|team !! ro
regardingobjectowneridtype EntityName ro
regardingobjectowningbusinessunit Lookup businessunit ro
source Picklist !
type Picklist !
organizationid Lookup organization ro
yammerpoststate Picklist ro
yammerretrycount Integer ro
""",
    owned=False,
    object_type_code=8000,
)
