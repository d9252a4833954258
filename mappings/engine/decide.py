"""The per-record algorithm (sync_engine §2.5) as named hooks: must-skip, find the counterpart, is-up-to-date,
conflicts, map. Each hook answers with a ``Step``; nothing here reads or writes a service or the database."""

import uuid
from dataclasses import dataclass

from mappings.engine.conflicts import deletion_conflict, update_conflict, was_modified
from mappings.engine.context import MappingPlan
from mappings.engine.errors import RecordError
from mappings.engine.hooks import insert_defaults
from mappings.engine.transform import Lookups, transfer_fields
from mappings.engine.types import Action, FieldRule, SourceRecord, WritePlan
from mappings.models import Coupling, PendingCreate, SynchResult
from synclog.choices import PassDirection

__all__ = ["RecordInput", "Step", "decide"]


@dataclass
class RecordInput:
    source: SourceRecord
    coupling: Coupling | None
    counterpart: SourceRecord | None


@dataclass
class Step:
    action: Action
    plan: WritePlan | None = None
    message: str = ""
    drop_coupling: bool = False
    refresh_coupling: bool = False


def _stored_stamps(coupling: Coupling, direction: PassDirection):
    """(stored stamp of the source side, stored stamp of the destination side, source side failed?)."""
    if direction == PassDirection.TO_INTEGRATION:
        return coupling.bc_modified_on, coupling.dataverse_modified_on, coupling.last_result_to == SynchResult.FAILURE
    return coupling.dataverse_modified_on, coupling.bc_modified_on, coupling.last_result_from == SynchResult.FAILURE


def _counterpart_id(coupling: Coupling, direction: PassDirection) -> uuid.UUID | None:
    return coupling.dataverse_id if direction == PassDirection.TO_INTEGRATION else coupling.bc_system_id


def _insert(plan: MappingPlan, rules: list[FieldRule], item: RecordInput, lookups: Lookups, direction) -> Step:
    payload = insert_defaults(plan.bc_table, plan.dataverse_table, direction)
    payload.update(transfer_fields(rules, item.source.values, None, lookups, direction).payload)
    return Step(Action.INSERT, WritePlan(Action.INSERT, item.source, payload, None))


def _modify(plan: MappingPlan, rules: list[FieldRule], item: RecordInput, lookups: Lookups, direction) -> Step:
    coupling, counterpart = item.coupling, item.counterpart
    target_id = _counterpart_id(coupling, direction)
    if plan.force:
        transfer = transfer_fields(rules, item.source.values, counterpart.values, lookups, direction)
        if not transfer.payload:
            return Step(Action.UNCHANGED, refresh_coupling=True)
        return Step(Action.MODIFY, _modify_plan(item, transfer.payload, target_id))
    stored_source, stored_destination, failed = _stored_stamps(coupling, direction)
    if not plan.is_child and not was_modified(item.source.modified_on, stored_source, failed=failed):
        return Step(Action.UNCHANGED)
    both = plan.bidirectional and was_modified(counterpart.modified_on, stored_destination, failed=False)
    transfer = transfer_fields(rules, item.source.values, counterpart.values, lookups, direction)
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


def _deleted_counterpart(plan: MappingPlan, rules, item: RecordInput, lookups: Lookups, direction) -> Step:
    if plan.force:
        return Step(
            Action.FAIL,
            message=f"Modifying {_destination_table(plan, direction)} failed because the coupled"
            " record no longer exists.",
        )
    decision = deletion_conflict(plan.deletion_resolution)
    if decision.action == Action.INSERT:
        step = _insert(plan, rules, RecordInput(item.source, None, None), lookups, direction)
        step.drop_coupling = True
        return step
    return Step(decision.action, message=decision.message, drop_coupling=decision.action == Action.NONE)


def _destination_table(plan: MappingPlan, direction: PassDirection) -> str:
    return plan.dataverse_table if direction == PassDirection.TO_INTEGRATION else plan.bc_table


def decide(plan: MappingPlan, rules: list[FieldRule], item: RecordInput, lookups: Lookups, direction) -> Step:
    """What to do with one source record; record-level errors become a Fail step."""
    coupling = item.coupling
    if coupling is not None and coupling.skipped:
        return Step(Action.SKIP)
    try:
        if coupling is None or coupling.pending:
            if coupling is None and plan.only_coupled:
                return Step(Action.NONE)
            if coupling is not None and item.counterpart is not None:
                return _modify(plan, rules, item, lookups, direction)
            step = _insert(plan, rules, item, lookups, direction)
            step.plan.coupling = coupling
            if coupling is not None and coupling.pending == PendingCreate.IN_DATAVERSE:
                step.plan.target_id = coupling.dataverse_id
            return step
        if item.counterpart is None:
            return _deleted_counterpart(plan, rules, item, lookups, direction)
        return _modify(plan, rules, item, lookups, direction)
    except RecordError as error:
        return Step(Action.FAIL, message=str(error))
