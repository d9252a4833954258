"""The coupling step: read the couplings of a page in one query, write them back in batches (sync_engine §1).

Creates are made idempotent here, so that a run killed between a write and the commit of its coupling never
creates a second counterpart. A Dataverse row is created under an id derived from its BC record and the table
pair (``created_row_id``), with an upsert: the run after a crash upserts the same row and couples it. A BC record
gets its SystemId from the service, so its *pending* coupling, carrying the values about to be sent, is committed
before the write: a retry first looks for the record it may already have created.
"""

import hashlib
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction

from mappings.engine.coupling_rows import (
    coupling_values_among,
    couplings_among,
    insert_couplings,
    remember_saved,
    save_couplings,
)
from mappings.engine.instances import instance_factory
from mappings.models import Coupling, PendingCreate, SynchResult
from synclog.choices import PassDirection

__all__ = [
    "BOTH_MODIFIED_ADJUSTMENT",
    "CouplingScope",
    "begin_creates",
    "hold_for_retry",
    "mark_failed",
    "mark_succeeded",
    "pending_coupling",
    "save_couplings",
]

# Namespace of the Dataverse row ids that first creates derive from their BC record (``created_row_id``).
CREATED_ROW_NAMESPACE = uuid.UUID("b1179f1a-85c2-4e05-b501-4defb0998f5a")

# The stored stamp of the other side is lowered after a both-modified write, so that it still flows back.
BOTH_MODIFIED_ADJUSTMENT = {
    PassDirection.TO_INTEGRATION: timedelta(milliseconds=999),
    PassDirection.FROM_INTEGRATION: timedelta(milliseconds=10),
}


class CouplingScope:
    """The couplings of one mapping's table pair on one connection, looked up a page at a time."""

    def __init__(self, connection_id: int, bc_table: str, dataverse_table: str, mapping_name: str) -> None:
        self.connection_id = connection_id
        self.bc_table = bc_table
        self.dataverse_table = dataverse_table
        self.mapping_name = mapping_name
        self.new = instance_factory(  # a new coupling of this table pair: new(bc_system_id=…, dataverse_id=…)
            Coupling,
            connection_id=connection_id,
            bc_table=bc_table,
            dataverse_table=dataverse_table,
            mapping_name=mapping_name,
        )
        # uuid5's hash of the namespace and this scope's part of every name, continued per record by created_row_id
        prefix = f"{connection_id}/{bc_table}/{dataverse_table}/".encode()
        self._created_names = hashlib.sha1(CREATED_ROW_NAMESPACE.bytes + prefix, usedforsecurity=False)

    def queryset(self):
        return Coupling.objects.filter(
            connection_id=self.connection_id, bc_table=self.bc_table, dataverse_table=self.dataverse_table
        )

    def _where(self) -> dict[str, object]:
        return {"connection_id": self.connection_id, "bc_table": self.bc_table, "dataverse_table": self.dataverse_table}

    def for_sources(self, direction: PassDirection, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Coupling]:
        """Couplings keyed by the source side's id, for one page, in one query."""
        key = "bc_system_id" if direction == PassDirection.TO_INTEGRATION else "dataverse_id"
        found = {getattr(c, key): c for c in couplings_among(self._where(), key, list(ids))}
        remember_saved(found.values())
        return found

    def created_row_id(self, bc_system_id: uuid.UUID) -> uuid.UUID:
        """The Dataverse row id of a BC record's first create, the same on every try: a create repeated after a
        crash that came before its coupling was recorded upserts that row again instead of making a second."""
        names = self._created_names.copy()  # uuid.uuid5(CREATED_ROW_NAMESPACE, "<connection>/<tables>/<id>")
        names.update(str(bc_system_id).encode())
        return uuid.UUID(bytes=names.digest()[:16], version=5)

    def uncoupled_row_ids(self, row_ids: list[uuid.UUID]) -> set[uuid.UUID]:
        """The Dataverse row ids among ``row_ids`` that no coupling of this table pair holds, in one query."""
        taken = coupling_values_among(self._where(), "dataverse_id", row_ids, ["dataverse_id"])
        return set(row_ids) - {row_id for (row_id,) in taken}

    def retry_ids(self, direction: PassDirection) -> list[uuid.UUID]:
        """Source ids of failed, not skipped pairs: retried on every run even when unchanged (§2.3, §2.4)."""
        if direction == PassDirection.TO_INTEGRATION:
            rows = self.queryset().filter(skipped=False, last_result_to=SynchResult.FAILURE, bc_system_id__isnull=False)
            return list(rows.values_list("bc_system_id", flat=True))
        rows = self.queryset().filter(skipped=False, last_result_from=SynchResult.FAILURE)
        return list(rows.values_list("dataverse_id", flat=True))


def begin_creates(couplings: list[Coupling], resumed: list[Coupling] = ()) -> None:
    """Commit the pending couplings of a page's creates before anything is written to the other service; held
    couplings whose create is tried again are marked in flight the same way (``pending_since``)."""
    with transaction.atomic():
        insert_couplings(couplings)
        save_couplings(list(resumed))


def hold_for_retry(coupling: Coupling) -> None:
    """A pending coupling whose create failed: nothing is in flight, so a retry need not look for a created record."""
    coupling.pending_since, coupling.pending_match = None, {}


def pending_coupling(
    scope: CouplingScope,
    direction: PassDirection,
    source_id: uuid.UUID,
    now: datetime,
    match: dict,
    dataverse_id: uuid.UUID | None = None,
):
    """The pending coupling for a create on the other side; a Dataverse id is chosen here, once."""
    if direction == PassDirection.TO_INTEGRATION:
        return scope.new(
            bc_system_id=source_id,
            dataverse_id=dataverse_id or uuid.uuid4(),
            pending=PendingCreate.IN_DATAVERSE,
            pending_since=now,
        )
    return scope.new(
        bc_system_id=None, dataverse_id=source_id, pending=PendingCreate.IN_BC, pending_since=now, pending_match=match
    )


def mark_succeeded(
    coupling: Coupling,
    direction: PassDirection,
    job_id: int,
    bc_stamp: datetime | None,
    dataverse_stamp: datetime | None,
    *,
    both_modified: bool = False,
    dataverse_version: int | None = None,
) -> None:
    """Record a successful insert/modify/unchanged outcome: result, job, and the stamps only ever increase (§1.5).

    After a both-modified write to Dataverse its row must still look changed to the From pass: the stamp is
    lowered and the version forgotten, so the comparison falls back to the lowered stamp."""
    if dataverse_version is not None:
        coupling.dataverse_version = max(coupling.dataverse_version or 0, dataverse_version)
    if both_modified and direction == PassDirection.TO_INTEGRATION:
        coupling.dataverse_version = None
    if both_modified and direction == PassDirection.TO_INTEGRATION and dataverse_stamp:
        dataverse_stamp -= BOTH_MODIFIED_ADJUSTMENT[direction]
    if both_modified and direction == PassDirection.FROM_INTEGRATION and bc_stamp:
        bc_stamp -= BOTH_MODIFIED_ADJUSTMENT[direction]
    coupling.bc_modified_on = _later(coupling.bc_modified_on, bc_stamp)
    coupling.dataverse_modified_on = _later(coupling.dataverse_modified_on, dataverse_stamp)
    coupling.pending, coupling.pending_since, coupling.pending_match = PendingCreate.NONE, None, {}
    if direction == PassDirection.TO_INTEGRATION:
        coupling.last_result_to, coupling.last_job_to_id, coupling.last_error_to = SynchResult.SUCCESS, job_id, ""
    else:
        coupling.last_result_from, coupling.last_job_from_id, coupling.last_error_from = SynchResult.SUCCESS, job_id, ""


def mark_failed(coupling: Coupling, direction: PassDirection, job_id: int, message: str) -> None:
    """Mark the pair failed; the same message twice in a row marks it Skipped (sync_engine §3.2)."""
    message = message[:2048]
    if direction == PassDirection.TO_INTEGRATION:
        repeated = coupling.last_result_to == SynchResult.FAILURE and coupling.last_error_to == message
        coupling.last_result_to, coupling.last_job_to_id, coupling.last_error_to = SynchResult.FAILURE, job_id, message
    else:
        repeated = coupling.last_result_from == SynchResult.FAILURE and coupling.last_error_from == message
        coupling.last_result_from, coupling.last_job_from_id = SynchResult.FAILURE, job_id
        coupling.last_error_from = message
    coupling.skipped = coupling.skipped or (repeated and bool(message))


def _later(stored: datetime | None, current: datetime | None) -> datetime | None:
    if current is None:
        return stored
    return current if stored is None or current > stored else stored
