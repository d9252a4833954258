"""Uncoupling pairs (sync_engine §4.3): free the Dataverse row for other companies, then delete the coupling.

A row of a company-scoped table keeps the company that created it, and the default Integration Table Filters of
the other BC companies leave it out. So before a coupling goes, the row's company is cleared (a write, counted as
Modified) — for mappings that write to Dataverse, as BC sets its uncouple codeunit only on those. When that write
fails the coupling stays and the record fails with BC's message. Uncoupling an account from a customer or vendor
also uncouples the person contacts whose parent is that account. Uncouple All then frees the rows inside the
mapping's Integration Table Filter that still carry this company without a coupling (BC's ResetStuckCompanyId), so
that a row whose coupling was lost is not kept from the other companies for good.
"""

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from connection_setup.clients.errors import NotFoundError
from connection_setup.clients.registry import dataverse_table
from mappings.choices import Direction
from mappings.engine.company import COMPANY_VALUE, company_bind, company_row_id, has_company_column
from mappings.engine.plan import raw_filter
from mappings.models import Coupling, TableMapping
from mappings.services.multi_company import without_company_clause
from synclog.models import SyncError, SyncJob

__all__ = ["RESET_FAILED", "UNCOUPLE_FAILED", "record_error", "uncouple", "uncouple_all_pairs"]

UNCOUPLE_FAILED = "Uncoupling {record} failed because of the following error: {error}"
RESET_FAILED = "Clearing the company of the uncoupled {table} {row} failed because of the following error: {error}"
ACCOUNT_PARENTS = frozenset({("Customer", "account"), ("Vendor", "account")})
READ_CHUNK = 100


def record_error(job: SyncJob, mapping: TableMapping, message: str, bc_id=None, dataverse_id=None) -> None:
    """One failed record of a coupling or uncoupling job, with both ids."""
    SyncError.objects.create(
        job=job,
        mapping=mapping,
        mapping_name=mapping.name,
        bc_table=mapping.bc_table,
        bc_system_id=bc_id,
        dataverse_table=mapping.dataverse_table,
        dataverse_row_id=dataverse_id,
        message=message[:2048],
    )


def _resets_company(mapping: TableMapping) -> bool:
    return has_company_column(mapping.dataverse_table) and mapping.direction != Direction.FROM_INTEGRATION


def _failure(result) -> str:
    error = result.error
    text = getattr(error, "message", "") or str(error) or f"HTTP {result.status}"
    return text.rstrip(".") + "."


def _clear_companies(job: SyncJob, mapping: TableMapping, couplings: list[Coupling], client) -> list[Coupling]:
    """Clear the company of every coupled row; the couplings that may go: row cleared, or row already gone."""
    if not couplings or not _resets_company(mapping):
        return couplings
    writes = [Write("update", mapping.dataverse_table, str(c.dataverse_id), company_bind(None)) for c in couplings]
    free, modified = [], 0
    for coupling, result in zip(couplings, client.write_batch(writes), strict=True):
        if result.ok or isinstance(result.error, NotFoundError):
            modified += int(result.ok)
            free.append(coupling)
            continue
        label = f"{mapping.bc_table} {coupling.bc_system_id or coupling.dataverse_id}"
        message = UNCOUPLE_FAILED.format(record=label, error=_failure(result))
        record_error(job, mapping, message, coupling.bc_system_id, coupling.dataverse_id)
    job.add(modified=modified, failed=len(couplings) - len(free))
    return free


def _child_contacts(mapping: TableMapping, accounts: list, client) -> tuple[TableMapping | None, list[Coupling]]:
    """The CONTACT mapping and the couplings of the person contacts whose parent is one of ``accounts``."""
    contact_mapping = TableMapping.objects.filter(
        connection_id=mapping.connection_id, bc_table="Contact", dataverse_table="contact", parent_name=""
    ).first()
    if (mapping.bc_table, mapping.dataverse_table) not in ACCOUNT_PARENTS or not accounts or contact_mapping is None:
        return None, []
    rows = []
    for start in range(0, len(accounts), READ_CHUNK):
        where = odata.in_("_parentcustomerid_value", [odata.guid(a) for a in accounts[start : start + READ_CHUNK]])
        for page in client.iter_pages("contact", select=["contactid"], filter=where):
            rows += [row["contactid"] for row in page]
    children = Coupling.objects.filter(
        connection_id=mapping.connection_id, bc_table="Contact", dataverse_table="contact", dataverse_id__in=rows
    )
    return contact_mapping, list(children)


def uncouple(job: SyncJob, mapping: TableMapping, couplings: list[Coupling], sides) -> None:
    """Uncouple the pairs, counting Modified, Failed and Uncoupled on the job; child contacts follow their account."""
    free = _clear_companies(job, mapping, couplings, sides.dataverse_client)
    Coupling.objects.filter(pk__in=[c.pk for c in free]).delete()
    job.add(uncoupled=len(free))
    contact_mapping, children = _child_contacts(mapping, [c.dataverse_id for c in free], sides.dataverse_client)
    if children:
        uncouple(job, contact_mapping, children, sides)


def _stuck_rows(mapping: TableMapping, company, client) -> list[str]:
    """Ids of the rows inside the mapping's filter that carry this company, all read before any is cleared."""
    primary = dataverse_table(mapping.dataverse_table).primary_id
    where = odata.eq(COMPANY_VALUE, company)
    rest = raw_filter(without_company_clause(mapping.dataverse_table_filter))
    rows = []
    for page in client.iter_pages(
        mapping.dataverse_table, select=[primary], filter=odata.and_(rest, where) if rest else where
    ):
        rows += [str(row[primary]) for row in page]
    return rows


def _reset_stuck_companies(job: SyncJob, mapping: TableMapping, sides) -> None:
    """Clear this company on the rows no coupling holds any more; each cleared row counts as Modified."""
    if not _resets_company(mapping):
        return
    company = company_row_id(sides.dataverse_client, sides.bc_client, create=False)
    if company is None:
        return
    rows = _stuck_rows(mapping, company, sides.dataverse_client)
    writes = [Write("update", mapping.dataverse_table, row, company_bind(None)) for row in rows]
    results = sides.dataverse_client.write_batch(writes) if writes else []
    modified = failed = 0
    for row, result in zip(rows, results, strict=True):
        # A row deleted since it was read carries no company any more: nothing to clear, nothing failed.
        if result.ok or isinstance(result.error, NotFoundError):
            modified += int(result.ok)
            continue
        failed += 1
        message = RESET_FAILED.format(table=mapping.dataverse_table, row=row, error=_failure(result))
        record_error(job, mapping, message, None, row)
    job.add(modified=modified, failed=failed)


def uncouple_all_pairs(job: SyncJob, mapping: TableMapping, couplings: list[Coupling], sides) -> None:
    """Uncouple All (sync_engine §4.3): every pair of the mapping, then the rows still stamped with this company."""
    uncouple(job, mapping, couplings, sides)
    _reset_stuck_companies(job, mapping, sides)
