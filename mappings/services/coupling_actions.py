"""Couple, Create New and Synchronize Now on chosen records of a mapping (sync_engine §4.1, §4.4, §4.5).

Each action checks both services first and refuses with BC's message when the chosen row is gone, outside the
mapping's filters, or coupled to another record; nothing is written then. Work that writes to a service runs
as a queued job; only the coupling row itself is written in the foreground.
"""

import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from mappings.engine.plan import raw_filter
from mappings.locks import MappingLockBusy, mapping_lock
from mappings.models import Coupling, PendingCreate, TableMapping
from mappings.services.sync_actions import SidesFactory, service_sides, synchronize_records
from synclog.choices import PassDirection
from synclog.models import SyncJob

__all__ = ["CouplingRefused", "SelectionReport", "couple_record", "create_new", "synchronize_selected"]

TO = PassDirection.TO_INTEGRATION.value
FROM = PassDirection.FROM_INTEGRATION.value


class CouplingRefused(Exception):
    """The action cannot be done as asked; the message says why, in BC's words."""


@dataclass
class SelectionReport:
    """What Synchronize Now makes of a selection: scheduled, skipped (with reasons), and overwrites to confirm."""

    total: int
    scheduled: list[Coupling] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    overwrites: list[Coupling] = field(default_factory=list)
    job: SyncJob | None = None

    @property
    def message(self) -> str:
        if self.job is None and self.overwrites:
            return f"{len(self.overwrites)} record(s) would overwrite newer data. Confirm to synchronize them anyway."
        if self.job is None:
            return (
                f"The synchronization has been skipped. None of the {self.total} selected records can be synchronized."
            )
        return (
            f"The synchronization has been scheduled for {len(self.scheduled)} of {self.total} records. "
            f"{len(self.skipped)} records were skipped."
        )


def _couplings(mapping: TableMapping):
    return Coupling.objects.filter(connection_id=mapping.connection_id, bc_table=mapping.bc_table)


def _check_couple(mapping: TableMapping, bc_id: uuid.UUID, dataverse_id: uuid.UUID, sides) -> None:
    """Refuse, in BC's words, a pair whose record or row is gone, outside the filters, or coupled elsewhere."""
    if not sides.bc(mapping.bc_table).read([bc_id]):
        raise CouplingRefused(f"The {mapping.bc_table} record {bc_id} no longer exists in Business Central.")
    dataverse = sides.dataverse(mapping.dataverse_table)
    if not dataverse.read([dataverse_id]):
        raise CouplingRefused(
            f"The {mapping.dataverse_table} row {dataverse_id} no longer exists in Dynamics 365 Sales."
        )
    inside = dataverse.pages(since=None, table_filter=raw_filter(mapping.dataverse_table_filter), ids=[dataverse_id])
    if not any(inside):
        raise CouplingRefused(
            f"The filters applied to table mapping {mapping.name} are preventing {mapping.dataverse_table} record "
            f"{dataverse_id}, from displaying."
        )
    other = _couplings(mapping).filter(dataverse_table=mapping.dataverse_table, dataverse_id=dataverse_id, pending="")
    other = other.exclude(bc_system_id=bc_id).first()
    if other is not None:
        raise CouplingRefused(
            f"The {mapping.dataverse_table} row {dataverse_id} is already coupled to {mapping.bc_table} record "
            f"{other.bc_system_id}. Uncouple that record first."
        )


def couple_record(
    mapping: TableMapping,
    *,
    bc_id: uuid.UUID,
    dataverse_id: uuid.UUID,
    synchronize: str = "",
    user=None,
    sides_factory: SidesFactory = service_sides,
) -> tuple[Coupling, SyncJob | None]:
    """Couple one BC record to a chosen row, replacing its previous coupling; then synchronize if asked."""
    with sides_factory(mapping.connection) as sides:
        _check_couple(mapping, bc_id, dataverse_id, sides)
        coupling = _replace_coupling(mapping, bc_id, dataverse_id, sides)
    job = None
    if synchronize:
        job = synchronize_records(
            mapping, direction=synchronize, bc_ids=[bc_id], dataverse_ids=[dataverse_id], user=user
        )
    return coupling, job


def _created_meanwhile(mapping: TableMapping, pending: Coupling, sides) -> str:
    """Why a pending coupling may not be replaced: its create happened after all (read from the service), or ""."""
    if pending.pending == PendingCreate.IN_DATAVERSE:
        if sides.dataverse(mapping.dataverse_table).read([pending.dataverse_id]):
            return (
                f"The {mapping.bc_table} record {pending.bc_system_id} was created in Dynamics 365 Sales as "
                f"{mapping.dataverse_table} row {pending.dataverse_id} by a synchronization that has not finished "
                "recording it. Synchronize the mapping, then couple again."
            )
        return ""
    found = pending.pending_since and sides.bc(mapping.bc_table).find_created(
        pending.pending_match, pending.pending_since
    )
    if found:
        return (
            f"The {mapping.dataverse_table} row {pending.dataverse_id} was created in Business Central as "
            f"{mapping.bc_table} record {found.record_id} by a synchronization that has not finished recording it. "
            "Synchronize the mapping, then couple again."
        )
    return ""


def _replace_coupling(mapping: TableMapping, bc_id: uuid.UUID, dataverse_id: uuid.UUID, sides) -> Coupling:
    """Write the chosen coupling in place of the record's previous one.

    The engine records a pending coupling before it creates a counterpart. Such a coupling of the BC record or of
    the chosen row is replaced only while no run of the mapping holds its lock (so no create is in flight) and
    when the service confirms that its create never happened; otherwise Couple refuses and says why.
    """
    try:
        with mapping_lock(mapping.connection_id, mapping.name):
            pending = list(
                _couplings(mapping)
                .exclude(pending="")
                .filter(Q(bc_system_id=bc_id) | Q(dataverse_table=mapping.dataverse_table, dataverse_id=dataverse_id))
            )
            for coupling in pending:
                reason = _created_meanwhile(mapping, coupling, sides)
                if reason:
                    raise CouplingRefused(reason)
            with transaction.atomic():
                Coupling.objects.filter(pk__in=[c.pk for c in pending]).delete()
                _couplings(mapping).filter(bc_system_id=bc_id).delete()
                return Coupling.objects.create(
                    connection_id=mapping.connection_id,
                    mapping_name=mapping.name,
                    bc_table=mapping.bc_table,
                    bc_system_id=bc_id,
                    dataverse_table=mapping.dataverse_table,
                    dataverse_id=dataverse_id,
                )
    except MappingLockBusy as busy:
        raise CouplingRefused(f"{busy} Couple the record when that job has finished.") from busy


def create_new(
    mapping: TableMapping, *, bc_ids: list[uuid.UUID], user=None, sides_factory: SidesFactory = service_sides
) -> SyncJob:
    """Create Dataverse rows for uncoupled records; a coupling whose row is gone is removed first (§4.5)."""
    couplings = {c.bc_system_id: c for c in _couplings(mapping).filter(bc_system_id__in=bc_ids)}
    with sides_factory(mapping.connection) as sides:
        existing = sides.dataverse(mapping.dataverse_table).read([c.dataverse_id for c in couplings.values()])
    broken = [c.pk for c in couplings.values() if c.dataverse_id not in existing]
    Coupling.objects.filter(pk__in=broken).delete()
    wanted = [i for i in bc_ids if i not in couplings or couplings[i].pk in broken]
    if not wanted:
        text = (
            "The record is already coupled." if len(bc_ids) == 1 else "All of the selected records are already coupled."
        )
        raise CouplingRefused(text)
    return synchronize_records(mapping, direction=TO, bc_ids=wanted, user=user)


def _target_is_newer(coupling: Coupling, direction: str, records: dict) -> bool:
    """Whether sending would overwrite data changed on the target side since the last synchronization."""
    target_id, stored = (
        (coupling.dataverse_id, coupling.dataverse_modified_on)
        if direction == TO
        else (coupling.bc_system_id, coupling.bc_modified_on)
    )
    target = records.get(target_id)
    return bool(target and target.modified_on and (stored is None or target.modified_on > stored))


def synchronize_selected(
    mapping: TableMapping,
    *,
    bc_ids: list[uuid.UUID],
    direction: str,
    confirmed: bool = False,
    user=None,
    sides_factory: SidesFactory = service_sides,
) -> SelectionReport:
    """Synchronize Now for a selection: uncoupled and skipped records are left out; overwrites need confirming."""
    report = SelectionReport(total=len(bc_ids))
    couplings = {c.bc_system_id: c for c in _couplings(mapping).filter(bc_system_id__in=bc_ids)}
    for bc_id in bc_ids:
        coupling = couplings.get(bc_id)
        if coupling is None:
            report.skipped[str(bc_id)] = "The record is not coupled."
        elif coupling.skipped:
            report.skipped[str(bc_id)] = "The record is skipped after a repeated failure; restore it first."
        else:
            report.scheduled.append(coupling)
    with sides_factory(mapping.connection) as sides:
        target = sides.dataverse(mapping.dataverse_table) if direction == TO else sides.bc(mapping.bc_table)
        records = target.read([c.dataverse_id if direction == TO else c.bc_system_id for c in report.scheduled])
    report.overwrites = [c for c in report.scheduled if _target_is_newer(c, direction, records)]
    if (report.overwrites and not confirmed) or not report.scheduled:
        return report
    report.job = synchronize_records(
        mapping,
        direction=direction,
        bc_ids=[c.bc_system_id for c in report.scheduled],
        dataverse_ids=[c.dataverse_id for c in report.scheduled],
        user=user,
    )
    return report
