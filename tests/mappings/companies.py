"""Dataverse company rows for the multi-company tests: a ``cdm_company`` row, the bind that stamps a row with it,
and the company a row carries."""

import uuid

from sandbox import store
from sandbox.dataverse import service as dataverse
from sandbox.dataverse.schema import table_named
from sandbox.demo import credentials as demo

__all__ = ["company_of", "company_row", "of_company"]


def company_row(external_id) -> uuid.UUID:
    """A ``cdm_company`` row standing for the BC company ``external_id``, as BC's setup creates it."""
    body = {"cdm_name": f"Company {external_id}"[:100], "bcbi_externalid": str(external_id)}
    return dataverse.create(table_named("cdm_company"), body, caller_id=demo.ADMIN_USER_ID).row_id


def of_company(company: uuid.UUID) -> dict:
    """The Web API property that makes a new row belong to ``company``."""
    return {"bcbi_companyid@odata.bind": f"/cdm_companies({company})"}


def company_of(table: str, row_id) -> str | None:
    return store.get("dataverse", table, row_id).data.get("_bcbi_companyid_value")
