"""Skipped Records, broken couplings group: Restore Records and Delete Records (sync_engine §3.3).

Both act only on a pair of which exactly one side still exists, as read from both services for the rows shown.
Restore Records drops the broken coupling and queues the creation of a new counterpart on the missing side;
Delete Records deletes the surviving record (BC with the ETag it was read with, so a record changed meanwhile is
not deleted blind) and then the coupling. ``describe`` says in one sentence what either action would do to a row,
for the confirmation step.
"""

from contextlib import ExitStack
from dataclasses import dataclass, field

from connection_setup.clients.errors import ServiceError
from mappings.services.sync_actions import SidesFactory, service_sides, synchronize_records
from synclog.choices import PassDirection
from synclog.services.skipped import SkippedRow

__all__ = ["NO_DATAVERSE_PERMISSION", "DeleteReport", "delete_records", "describe", "restore_records"]

NO_DATAVERSE_PERMISSION = "You do not have permission to delete entities in Dynamics 365 Sales."
FORBIDDEN = 403
ONE_SIDE_ONLY = "{action} needs exactly one of the two records to exist."


def _one_side_left(row: SkippedRow) -> bool:
    return row.mapping is not None and row.record_exists is not None and row.record_exists != row.coupled_record_exists


def _bc_label(row: SkippedRow) -> str:
    return f"{row.coupling.bc_table} record {row.coupling.bc_system_id}"


def _dataverse_label(row: SkippedRow) -> str:
    return f"{row.coupling.dataverse_table} row {row.coupling.dataverse_id}"


def describe(row: SkippedRow, action: str) -> str:
    """What Restore Records or Delete Records would do to this pair."""
    if not _one_side_left(row):
        return "Left alone: " + ONE_SIDE_ONLY.format(action=action)
    if action == "Delete Records":
        if row.record_exists:
            return f"{_bc_label(row)} is deleted in Business Central, and its coupling with it."
        return f"{_dataverse_label(row)} is deleted in Dynamics 365 Sales, and its coupling with it."
    if row.record_exists:
        return f"The broken coupling is deleted and {_bc_label(row)} gets a new row in Dynamics 365 Sales."
    return f"The broken coupling is deleted and {_dataverse_label(row)} gets a new record in Business Central."


def restore_records(rows: list[SkippedRow], *, user=None) -> tuple[int, int]:
    """For pairs with exactly one side left: drop the broken coupling and create the missing counterpart."""
    restored = refused = 0
    for row in rows:
        if not _one_side_left(row):
            refused += 1
            continue
        coupling, mapping = row.coupling, row.mapping
        coupling.delete()
        if row.record_exists:
            direction, ids = PassDirection.TO_INTEGRATION, {"bc_ids": [coupling.bc_system_id]}
        else:
            direction, ids = PassDirection.FROM_INTEGRATION, {"dataverse_ids": [coupling.dataverse_id]}
        synchronize_records(mapping, direction=direction.value, user=user, **ids)
        restored += 1
    return restored, refused


@dataclass
class DeleteReport:
    deleted: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    refused: int = 0


def _delete_survivor(row: SkippedRow, sides) -> str:
    """Delete the record that is left and return its label; ``ServiceError`` when the service refuses."""
    coupling, mapping = row.coupling, row.mapping
    if row.record_exists:
        current = sides.bc_client.get(mapping.bc_table, coupling.bc_system_id)
        sides.bc_client.delete(mapping.bc_table, coupling.bc_system_id, etag=current.get("@odata.etag") or "*")
        return _bc_label(row)
    sides.dataverse_client.delete(mapping.dataverse_table, coupling.dataverse_id)
    return _dataverse_label(row)


def _failure(row: SkippedRow, error: ServiceError) -> str:
    if not row.record_exists:
        if error.status == FORBIDDEN:
            return NO_DATAVERSE_PERMISSION
        return f"{_dataverse_label(row)} could not be deleted in Dynamics 365 Sales: {error}"
    return f"{_bc_label(row)} could not be deleted in Business Central: {error}"


def delete_records(rows: list[SkippedRow], *, sides_factory: SidesFactory = service_sides) -> DeleteReport:
    """For pairs with exactly one side left: delete the surviving record, then the coupling; failures keep both."""
    report, sides_of = DeleteReport(), {}
    with ExitStack() as opened:
        for row in rows:
            if not _one_side_left(row):
                report.refused += 1
                continue
            connection = row.mapping.connection
            if connection.pk not in sides_of:
                sides_of[connection.pk] = opened.enter_context(sides_factory(connection))
            try:
                label = _delete_survivor(row, sides_of[connection.pk])
            except ServiceError as error:
                report.failures.append(_failure(row, error))
                continue
            row.coupling.delete()
            report.deleted.append(label)
    return report
