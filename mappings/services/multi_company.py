"""Toggle Multi-Company Synchronization on a mapping (sync_engine §5.4, §4.3).

The company part of a mapping's Integration Table Filter decides which BC company's Dataverse rows it reads. By
default a mapping reads the rows of this connection's company and the rows of no company. With multi-company
synchronization enabled the company part goes, so rows of every company are read, as BC's
EnableMultiCompanySynchronization does; sales orders are the exception, which then read this company's rows only.
The filter text itself is changed, so that the mapping card shows what the engine applies. BC writes the default
company part when it resets the configuration (CDS Setup Defaults), so enabling the connection and Use Default
Synchronization Setup write it here too (``apply_default_company_filters``).
"""

import re
import uuid

from connection_setup.clients.errors import ServiceError
from mappings.engine.company import COMPANY_VALUE, company_row_id, has_company_column
from mappings.models import FullSyncReviewLine, TableMapping
from mappings.services.full_sync_review import recommend
from mappings.services.sync_actions import SidesFactory, service_sides

__all__ = [
    "NO_COMPANY",
    "MultiCompanyRefused",
    "apply_default_company_filters",
    "company_clause",
    "company_filter_notes",
    "toggle_multi_company",
    "without_company_clause",
]

ONLY_THIS_COMPANY = frozenset({"salesorder"})
_GUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
_CLAUSE = re.compile(rf"\(?{COMPANY_VALUE} eq {_GUID}(?: or {COMPANY_VALUE} eq null)?\)?")
_AND = re.compile(r"^\s*and\s+|\s+and\s*$")
NO_COMPANY = "Choose the Business Central company on the Connection Setup page first."
NOT_SET = "The company filter was not added to the Integration Table Filters: {reason}"


class MultiCompanyRefused(Exception):
    """The company part of a filter cannot be set: no company column, or no BC company chosen; the message says so."""


def company_clause(row_id: uuid.UUID, *, or_empty: bool = True) -> str:
    """The company part of an Integration Table Filter: this company's rows (and, by default, rows of none)."""
    this = f"{COMPANY_VALUE} eq {row_id}"
    return f"({this} or {COMPANY_VALUE} eq null)" if or_empty else f"({this})"


def without_company_clause(text: str) -> str:
    """The filter text without its company part; the other conditions stay as the administrator wrote them."""
    parts = [_AND.sub("", part).strip() for part in _CLAUSE.split(text)]
    return " and ".join(part for part in parts if part)


def _with_clause(text: str, clause: str) -> str:
    rest = without_company_clause(text)
    return f"{rest} and {clause}" if rest else clause


def _company_filter(mapping: TableMapping, enabled: bool, company: uuid.UUID) -> str:
    if not enabled:
        return _with_clause(mapping.dataverse_table_filter, company_clause(company))
    if mapping.dataverse_table in ONLY_THIS_COMPANY:
        return _with_clause(mapping.dataverse_table_filter, company_clause(company, or_empty=False))
    return without_company_clause(mapping.dataverse_table_filter)


def _message(mapping: TableMapping, enabled: bool) -> str:
    table = mapping.dataverse_table
    if not enabled:
        return "The company field filter on the Integration Table Filter is reset to default."
    if table in ONLY_THIS_COMPANY:
        return f"The synchronization will consider only {table} entities that correspond to this company."
    return (
        f"{table} entities will be synchronized regardless of their Company field value. To control which entities "
        "get synchronized to this company, set the Integration Table Filter on other fields."
    )


def toggle_multi_company(line: FullSyncReviewLine, *, sides_factory: SidesFactory = service_sides) -> str:
    """Flip the line's mapping, rewrite its company filter and recompute the line's recommendation."""
    mapping = line.mapping
    if not has_company_column(mapping.dataverse_table):
        raise MultiCompanyRefused(
            f"The {mapping.name} mapping cannot synchronize several companies: {mapping.dataverse_table} rows do not "
            "record the company they belong to."
        )
    with sides_factory(line.connection) as sides:
        company = company_row_id(sides.dataverse_client, sides.bc_client)
        if company is None:
            raise MultiCompanyRefused(NO_COMPANY)
        enabled = not mapping.multi_company_synch_enabled
        mapping.dataverse_table_filter = _company_filter(mapping, enabled, company)
        mapping.multi_company_synch_enabled = enabled
        mapping.save(update_fields=["dataverse_table_filter", "multi_company_synch_enabled", "updated_at"])
        line.recommendation, line.bc_count, line.dataverse_count = recommend(mapping, sides)
    line.save(update_fields=["recommendation", "bc_count", "dataverse_count", "updated_at"])
    return _message(mapping, enabled)


def apply_default_company_filters(connection, *, sides_factory: SidesFactory = service_sides) -> int:
    """Write the company part into the Integration Table Filter of every mapping that reads company-scoped rows.

    As BC's ResetConfiguration does: this company's rows or rows of none, or what the mapping's multi-company setting
    asks for. Re-applying replaces the part instead of adding a second one. Returns how many mappings carry it.
    """
    mappings = [
        mapping
        for mapping in TableMapping.objects.filter(
            connection=connection, filter_by_company=True, parent_name="", delete_after_synchronization=False
        ).order_by("pk")
        if has_company_column(mapping.dataverse_table)
    ]
    if not mappings:
        return 0
    with sides_factory(connection) as sides:
        company = company_row_id(sides.dataverse_client, sides.bc_client)
    if company is None:
        raise MultiCompanyRefused(NO_COMPANY)
    for mapping in mappings:
        mapping.dataverse_table_filter = _company_filter(mapping, mapping.multi_company_synch_enabled, company)
        mapping.save(update_fields=["dataverse_table_filter", "updated_at"])
    return len(mappings)


def company_filter_notes(connection, *, sides_factory: SidesFactory = service_sides) -> list[str]:
    """``apply_default_company_filters`` for a set-up page: the mappings are written already, so a failure here is
    reported next to the other results instead of undoing them."""
    try:
        apply_default_company_filters(connection, sides_factory=sides_factory)
    except MultiCompanyRefused as error:
        return [NOT_SET.format(reason=error)]
    except ServiceError as error:
        return [NOT_SET.format(reason=error.message)]
    return []
