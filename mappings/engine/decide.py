"""The per-record algorithm (sync_engine §2.5) as named hooks: must-skip, find the counterpart, is-up-to-date,
conflicts, map. Each hook answers with a ``Step``; nothing here reads or writes a service or the database."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from mappings.engine.conflicts import deletion_conflict, update_conflict, was_modified
from mappings.engine.context import MappingPlan
from mappings.engine.errors import RecordError
from mappings.engine.hooks import insert_defaults
from mappings.engine.templates import template_defaults
from mappings.engine.transform import Lookups, Transfer, same_value, transfer_fields
from mappings.engine.types import Action, FieldRule, SourceRecord, WritePlan
from mappings.models import Coupling, PendingCreate, SynchResult
from synclog.choices import PassDirection

__all__ = ["Extra", "RecordInput", "Step", "decide", "is_up_to_date", "no_extra"]

Extra = Callable[[dict, bool], dict]  # the subscribers' additional destination fields for a source record (inserting?)


@dataclass
class RecordInput:
    source: SourceRecord
    coupling: Coupling | None
    counterpart: SourceRecord | None
    up_to_date: bool = False  # unchanged since the last synchronization: its counterpart was not even read


@dataclass
class Step:
    action: Action
    plan: WritePlan | None = None
    message: str = ""
    drop_coupling: bool = False
    refresh_coupling: bool = False


def _changed(record: SourceRecord, coupling: Coupling, dataverse_side: bool, *, failed: bool) -> bool:
    """ "Was modified after last synch" (§2.8). A Dataverse row's version, when both are known, is exact where
    ``modifiedon`` has whole seconds: a change made in the second of our own write still counts."""
    if dataverse_side and record.version is not None and coupling.dataverse_version is not None and not failed:
        return record.version > coupling.dataverse_version
    stored = coupling.dataverse_modified_on if dataverse_side else coupling.bc_modified_on
    return was_modified(record.modified_on, stored, failed=failed)


def _source_failed(coupling: Coupling, direction: PassDirection) -> bool:
    result = coupling.last_result_to if direction == PassDirection.TO_INTEGRATION else coupling.last_result_from
    return result == SynchResult.FAILURE


def is_up_to_date(
    plan: MappingPlan,
    source: SourceRecord,
    coupling: Coupling | None,
    direction,
    run_jobs: frozenset[int] = frozenset(),
) -> bool:
    """A coupled record not modified since its last synchronization needs no write, hence no counterpart read:
    a re-read in the watermark's overlap, or a record our own write in the other pass just stamped, costs nothing.
    Forced (one-off, full) runs compare values instead, except for what an earlier job of the same run (``run_jobs``)
    wrote or confirmed: the From pass of a full synchronization does not read back every row its To pass just wrote.
    Child mappings always compare."""
    if plan.is_child or coupling is None or coupling.pending or coupling.skipped:
        return False
    if plan.force and not {coupling.last_job_to_id, coupling.last_job_from_id} & run_jobs:
        return False
    failed = _source_failed(coupling, direction)
    return not _changed(source, coupling, direction == PassDirection.FROM_INTEGRATION, failed=failed)


def _counterpart_id(coupling: Coupling, direction: PassDirection) -> uuid.UUID | None:
    return coupling.dataverse_id if direction == PassDirection.TO_INTEGRATION else coupling.bc_system_id


def _fields(rules, item: RecordInput, lookups: Lookups, direction, extra: Extra, destination: dict | None) -> Transfer:
    """The mapped fields, then the subscribers' additional ones (written only when they differ)."""
    transfer = transfer_fields(rules, item.source.values, destination, lookups, direction)
    for name, value in extra(item.source.values, destination is None).items():
        if destination is None or not same_value(destination.get(name), value):
            transfer.payload[name] = value
    return transfer


def _insert(plan: MappingPlan, rules, item: RecordInput, lookups: Lookups, direction, extra: Extra) -> Step:
    payload = insert_defaults(plan.bc_table, plan.dataverse_table, direction)
    payload.update(template_defaults(plan.templates, direction, item.source.values))
    payload.update(_fields(rules, item, lookups, direction, extra, None).payload)
    return Step(Action.INSERT, WritePlan(Action.INSERT, item.source, payload, None))


def _modify(plan: MappingPlan, rules, item: RecordInput, lookups: Lookups, direction, extra: Extra) -> Step:
    coupling, counterpart = item.coupling, item.counterpart
    target_id = _counterpart_id(coupling, direction)
    to_dataverse = direction == PassDirection.TO_INTEGRATION
    if plan.force:
        transfer = _fields(rules, item, lookups, direction, extra, counterpart.values)
        if not transfer.payload:
            return Step(Action.UNCHANGED, refresh_coupling=True)
        return Step(Action.MODIFY, _modify_plan(item, transfer.payload, target_id))
    failed = _source_failed(coupling, direction)
    if not plan.is_child and not _changed(item.source, coupling, not to_dataverse, failed=failed):
        return Step(Action.UNCHANGED)
    both = plan.bidirectional and _changed(counterpart, coupling, to_dataverse, failed=False)
    transfer = _fields(rules, item, lookups, direction, extra, counterpart.values)
    if both and transfer.changed_bidirectional is not None:
        decision = update_conflict(
            plan.update_resolution, direction, transfer.changed_bidirectional, plan.bc_table, plan.dataverse_table
        )
        if decision.action != Action.MODIFY:
            return Step(decision.action, message=decision.message)
    if not transfer.payload:
        return Step(Action.UNCHANGED, refresh_coupling=True)
    return Step(Action.MODIFY, _modify_plan(item, transfer.payload, target_id, both_modified=both))


def _modify_plan(item: RecordInput, payload: dict, target_id, *, both_modified: bool = False) -> WritePlan:
    before = {name: item.counterpart.values.get(name) for name in payload}
    return WritePlan(
        Action.MODIFY, item.source, payload, target_id, item.coupling, both_modified=both_modified, before=before
    )


def _deleted_counterpart(plan: MappingPlan, rules, item: RecordInput, lookups: Lookups, direction, extra) -> Step:
    if plan.force:
        return Step(
            Action.FAIL,
            message=f"Modifying {_destination_table(plan, direction)} failed because the coupled"
            " record no longer exists.",
        )
    decision = deletion_conflict(plan.deletion_resolution)
    if decision.action == Action.INSERT:
        step = _insert(plan, rules, RecordInput(item.source, None, None), lookups, direction, extra)
        step.drop_coupling = True
        return step
    return Step(decision.action, message=decision.message, drop_coupling=decision.action == Action.NONE)


def _destination_table(plan: MappingPlan, direction: PassDirection) -> str:
    return plan.dataverse_table if direction == PassDirection.TO_INTEGRATION else plan.bc_table


def no_extra(values: dict, inserting: bool) -> dict:
    return {}


def decide(
    plan: MappingPlan, rules: list[FieldRule], item: RecordInput, lookups: Lookups, direction, extra: Extra = no_extra
) -> Step:
    """What to do with one source record; record-level errors become a Fail step."""
    coupling = item.coupling
    if coupling is not None and coupling.skipped:
        return Step(Action.SKIP)
    if item.up_to_date:
        return Step(Action.UNCHANGED)
    try:
        if coupling is None or coupling.pending:
            if coupling is None and plan.only_coupled:
                return Step(Action.NONE)
            if coupling is not None and item.counterpart is not None:
                return _modify(plan, rules, item, lookups, direction, extra)
            step = _insert(plan, rules, item, lookups, direction, extra)
            step.plan.coupling = coupling
            if coupling is not None and coupling.pending == PendingCreate.IN_DATAVERSE:
                step.plan.target_id = coupling.dataverse_id
            return step
        if item.counterpart is None:
            return _deleted_counterpart(plan, rules, item, lookups, direction, extra)
        return _modify(plan, rules, item, lookups, direction, extra)
    except RecordError as error:
        return Step(Action.FAIL, message=str(error))
