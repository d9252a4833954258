"""The BC company's row in Dataverse and the CompanyId column that says which rows belong to it (sync_engine §4.3).

Several BC companies can share one Dataverse environment. A row of a company-scoped table carries the company it
belongs to in ``bcbi_companyid``, a lookup to the ``cdm_company`` row whose ``bcbi_externalid`` is the BC
company's id. BC creates that company row when the connection is set up; we create it the first time we need it,
so that a connection made without it still stamps new rows, and uncoupling clears the stamp again so that the row
is free for another company.
"""

import uuid

from connection_setup.clients import odata

__all__ = [
    "COMPANY_BIND",
    "COMPANY_TABLES",
    "COMPANY_VALUE",
    "company_bind",
    "company_row_id",
    "has_company_column",
]

COMPANY_TABLE = "cdm_company"
COMPANY_ENTITY_SET = "cdm_companies"
COMPANY_VALUE = "_bcbi_companyid_value"
COMPANY_BIND = "bcbi_companyid@odata.bind"
# Tables of the integration solution that carry bcbi_companyid. The reference also names product; our Dataverse
# schema does not give it the column yet, so it is left out until it does.
COMPANY_TABLES = frozenset({"account", "contact", "opportunity", "pricelevel", "quote", "salesorder", "invoice"})


def has_company_column(dataverse_table: str) -> bool:
    return dataverse_table in COMPANY_TABLES


def company_bind(row_id: uuid.UUID | None) -> dict[str, str | None]:
    """The Web API property that sets (or, with None, clears) a row's company."""
    return {COMPANY_BIND: f"/{COMPANY_ENTITY_SET}({row_id})" if row_id else None}


def _company_name(bc_client, company_id: uuid.UUID) -> str:
    for company in bc_client.companies():
        if str(company.get("id")) == str(company_id):
            return company.get("name") or company.get("displayName") or str(company_id)
    return str(company_id)


def company_row_id(dataverse_client, bc_client, *, create: bool = True) -> uuid.UUID | None:
    """The ``cdm_company`` row of the BC client's company, created as BC's setup does when it is missing.

    None when the BC client is not bound to a company, or when the row is missing and ``create`` is false.
    """
    company_id = bc_client.company_id
    if company_id is None:
        return None
    where = odata.eq("bcbi_externalid", str(company_id))
    for page in dataverse_client.iter_pages(COMPANY_TABLE, select=["cdm_companyid"], filter=where, top=1):
        for row in page:
            return uuid.UUID(str(row["cdm_companyid"]))
    if not create:
        return None
    body = {"cdm_name": _company_name(bc_client, company_id)[:100], "bcbi_externalid": str(company_id)}
    return uuid.UUID(str(dataverse_client.create(COMPANY_TABLE, body).id))
