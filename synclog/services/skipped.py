"""Skipped Records ("Coupled Data Synchronization Errors", sync_engine §3.3): list, retry, synchronize, repair.

Rows are couplings and option mappings with ``skipped`` set. Whether each side's record of a coupling still exists
is read from both services for the rows on screen only (one batched read per table and side), as BC loads at most
100 rows at a time. Option values are few and need no reads: they are listed with their code, value and caption.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from connection_setup.clients.errors import ServiceError
from mappings.models import Coupling, OptionMapping, TableMapping
from mappings.services.coupling_jobs import uncouple_records
from mappings.services.sync_actions import SidesFactory, service_sides, synchronize_now, synchronize_records
from synclog.models import SyncJob

__all__ = [
    "SkippedRow",
    "find_for_deleted",
    "mapping_of",
    "remove_couplings",
    "remove_option_mappings",
    "retry",
    "retry_all",
    "skipped_options",
    "skipped_rows",
    "skipped_tables",
    "synchronize",
    "synchronize_options",
]

PAGE_SIZE = 100


@dataclass
class SkippedRow:
    coupling: Coupling
    mapping: TableMapping | None
    record_exists: bool | None = None  # None: could not be read
    coupled_record_exists: bool | None = None

    @property
    def last_error(self) -> str:
        return self.coupling.last_error

    @property
    def failed_job(self):
        return self.coupling.failed_job


def mapping_of(coupling: Coupling) -> TableMapping | None:
    """The real mapping that couples this pair: by name when recorded, else by the two tables."""
    mappings = TableMapping.objects.filter(connection_id=coupling.connection_id, parent_name="")
    if coupling.mapping_name:
        found = mappings.filter(name=coupling.mapping_name).first()
        if found is not None:
            return found
    return mappings.filter(bc_table=coupling.bc_table, dataverse_table=coupling.dataverse_table).first()


def _by_mapping(couplings: Iterable[Coupling]) -> dict[TableMapping | None, list[Coupling]]:
    groups: dict = defaultdict(list)
    for coupling in couplings:
        groups[mapping_of(coupling)].append(coupling)
    return groups


def _existence(rows: list[SkippedRow], sides_factory: SidesFactory) -> None:
    for mapping, group in _by_mapping(row.coupling for row in rows).items():
        if mapping is None:
            continue
        try:
            with sides_factory(mapping.connection) as sides:
                in_bc = sides.bc(mapping.bc_table).read([c.bc_system_id for c in group if c.bc_system_id])
                in_dataverse = sides.dataverse(mapping.dataverse_table).read([c.dataverse_id for c in group])
        except ServiceError:
            continue
        for row in rows:
            if row.coupling in group:
                row.record_exists = row.coupling.bc_system_id in in_bc
                row.coupled_record_exists = row.coupling.dataverse_id in in_dataverse


def skipped_rows(couplings: list[Coupling], *, sides_factory: SidesFactory = service_sides) -> list[SkippedRow]:
    rows = [SkippedRow(coupling, mapping_of(coupling)) for coupling in couplings]
    _existence(rows, sides_factory)
    return rows


def skipped_options(table: str = "") -> QuerySet[OptionMapping]:
    """Skipped option values (payment terms, shipment methods, shipping agents), optionally of one BC table."""
    found = OptionMapping.objects.filter(skipped=True).select_related(
        "table_mapping__connection", "last_job_to", "last_job_from"
    )
    found = found.filter(table_mapping__bc_table=table) if table else found
    return found.order_by("table_mapping__bc_table", "bc_code")


def skipped_tables() -> list[str]:
    """The BC tables that have skipped couplings or option values: the choices of the page's table filter."""
    couplings = Coupling.objects.filter(skipped=True).values_list("bc_table", flat=True)
    options = OptionMapping.objects.filter(skipped=True).values_list("table_mapping__bc_table", flat=True)
    return sorted({*couplings, *options})


def retry(rows: Iterable[Coupling | OptionMapping]) -> int:
    """Un-skip only: the next scheduled run retries them, because their last result is still Failure."""
    count = 0
    for row in rows:
        row.restore()
        count += 1
    return count


def retry_all() -> int:
    """Retry All: every skipped coupling and option value."""
    return retry(Coupling.objects.filter(skipped=True)) + retry(OptionMapping.objects.filter(skipped=True))


def synchronize(couplings: Iterable[Coupling], *, direction: str, user=None) -> list:
    """Un-skip and schedule one job per mapping; unidirectional mappings keep their own direction (§4.4)."""
    jobs = []
    for mapping, group in _by_mapping(couplings).items():
        if mapping is None:
            continue
        retry(group)
        chosen = direction if mapping.direction == "Bidirectional" else mapping.direction
        jobs.append(
            synchronize_records(
                mapping,
                direction=chosen,
                bc_ids=[c.bc_system_id for c in group if c.bc_system_id],
                dataverse_ids=[c.dataverse_id for c in group],
                user=user,
            )
        )
    return jobs


def synchronize_options(rows: Iterable[OptionMapping], *, user=None) -> list[SyncJob]:
    """Un-skip and queue Synchronize Now of each option mapping, in its own direction (an option mapping is one-way)."""
    rows = list(rows)
    retry(rows)
    mappings = {row.table_mapping_id: row.table_mapping for row in rows}
    return [synchronize_now(mapping, user=user) for mapping in mappings.values()]


def remove_option_mappings(rows: Iterable[OptionMapping]) -> int:
    """Delete Couplings of option values: the rows go; the next run maps the codes again, as for a new code."""
    deleted, _ = OptionMapping.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return deleted


def remove_couplings(couplings: Iterable[Coupling], *, user=None) -> list:
    """Uncouple the pairs in background Uncoupling jobs, one per mapping."""
    return [
        uncouple_records(mapping, bc_ids=[c.bc_system_id for c in group if c.bc_system_id], user=user)
        for mapping, group in _by_mapping(couplings).items()
        if mapping is not None
    ]


def find_for_deleted(mapping: TableMapping, *, sides_factory: SidesFactory = service_sides) -> int:
    """Mark couplings whose BC record or Dataverse row is gone as skipped, so that they show up here (§1.4)."""
    couplings = list(
        Coupling.objects.filter(connection_id=mapping.connection_id, bc_table=mapping.bc_table, skipped=False)
    )
    with sides_factory(mapping.connection) as sides:
        in_bc = sides.bc(mapping.bc_table).read([c.bc_system_id for c in couplings if c.bc_system_id])
        in_dataverse = sides.dataverse(mapping.dataverse_table).read([c.dataverse_id for c in couplings])
    gone_in_bc = [c.pk for c in couplings if c.bc_system_id and c.bc_system_id not in in_bc]
    gone_in_dataverse = [c.pk for c in couplings if c.dataverse_id not in in_dataverse and c.pk not in gone_in_bc]
    Coupling.objects.filter(pk__in=gone_in_bc).update(
        skipped=True, last_error_from=f"The {mapping.bc_table} record no longer exists in Business Central."
    )
    Coupling.objects.filter(pk__in=gone_in_dataverse).update(
        skipped=True, last_error_to=f"The {mapping.dataverse_table} row no longer exists in Dynamics 365 Sales."
    )
    return len(gone_in_bc) + len(gone_in_dataverse)
