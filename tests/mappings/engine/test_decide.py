"""The per-record algorithm (sync_engine §2.5): which action a record gets, before anything is written."""

import uuid
from datetime import UTC, datetime, timedelta

from mappings.engine.context import MappingPlan
from mappings.engine.decide import RecordInput, decide
from mappings.engine.types import Action, FieldRule, SourceRecord
from mappings.models import Coupling
from synclog.choices import PassDirection

TO = PassDirection.TO_INTEGRATION
T = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
RULES = [FieldRule("Name", "name", "Bidirectional"), FieldRule("City", "address1_city", "Bidirectional")]
BC_ID, DV_ID = uuid.uuid4(), uuid.uuid4()


class NoLookups:
    def resolve(self, rule, value, direction):
        return True, value


def plan(**overrides) -> MappingPlan:
    values = dict(
        mapping_id=1,
        name="CUSTOMER",
        connection_id=1,
        bc_table="Customer",
        dataverse_table="account",
        direction="Bidirectional",
        rules=tuple(RULES),
    )
    return MappingPlan(**(values | overrides))


def coupled(**stamps) -> Coupling:
    return Coupling(bc_table="Customer", bc_system_id=BC_ID, dataverse_table="account", dataverse_id=DV_ID, **stamps)


def source(name="Adatum", city="Oslo", stamp=T) -> SourceRecord:
    return SourceRecord(BC_ID, stamp, {"Name": name, "City": city})


def counterpart(name="Adatum", city="Oslo", stamp=T) -> SourceRecord:
    return SourceRecord(DV_ID, stamp, {"name": name, "address1_city": city})


def run(the_plan, item):
    return decide(the_plan, the_plan.rules_for(TO), item, NoLookups(), TO)


def test_uncoupled_record_is_ignored_when_synch_only_coupled_records():
    assert run(plan(only_coupled=True), RecordInput(source(), None, None)).action == Action.NONE


def test_uncoupled_record_is_inserted_otherwise_with_the_tables_insert_defaults():
    step = run(plan(only_coupled=False), RecordInput(source(), None, None))
    assert step.action == Action.INSERT
    assert step.plan.payload == {"customertypecode": 3, "name": "Adatum", "address1_city": "Oslo"}


def test_skipped_coupling_is_skipped_in_both_directions():
    item = RecordInput(source(), coupled(skipped=True), counterpart())
    assert run(plan(), item).action == Action.SKIP
    from_item = RecordInput(counterpart(), coupled(skipped=True), source())
    assert (
        decide(
            plan(),
            plan().rules_for(PassDirection.FROM_INTEGRATION),
            from_item,
            NoLookups(),
            PassDirection.FROM_INTEGRATION,
        ).action
        == Action.SKIP
    )


def test_record_not_modified_since_last_synch_is_unchanged():
    item = RecordInput(source(city="Bergen"), coupled(bc_modified_on=T, dataverse_modified_on=T), counterpart())
    assert run(plan(), item).action == Action.UNCHANGED


def test_changed_record_writes_only_the_changed_fields():
    item = RecordInput(
        source(city="Bergen", stamp=T + timedelta(minutes=1)),
        coupled(bc_modified_on=T, dataverse_modified_on=T),
        counterpart(),
    )
    step = run(plan(), item)
    assert (step.action, step.plan.payload, step.plan.target_id) == (Action.MODIFY, {"address1_city": "Bergen"}, DV_ID)


def test_changed_record_with_equal_values_is_unchanged_and_refreshes_the_coupling():
    item = RecordInput(
        source(stamp=T + timedelta(minutes=1)), coupled(bc_modified_on=T, dataverse_modified_on=T), counterpart()
    )
    step = run(plan(), item)
    assert (step.action, step.refresh_coupling) == (Action.UNCHANGED, True)


def test_both_sides_changed_on_a_bidirectional_field_is_an_update_conflict():
    later = T + timedelta(minutes=1)
    item = RecordInput(
        source(city="Bergen", stamp=later),
        coupled(bc_modified_on=T, dataverse_modified_on=T),
        counterpart(city="Oslo", stamp=later),
    )
    step = run(plan(), item)
    assert step.action == Action.FAIL and "bi-directional" in step.message
    assert run(plan(update_resolution="GetUpdateFromIntegration"), item).action == Action.SKIP
    assert run(plan(update_resolution="SendUpdateToIntegration"), item).plan.both_modified is True


def test_one_off_copy_forces_the_write_without_change_or_conflict_checks():
    later = T + timedelta(minutes=1)
    item = RecordInput(
        source(city="Bergen", stamp=T), coupled(bc_modified_on=later, dataverse_modified_on=T), counterpart(stamp=later)
    )
    step = run(plan().temporary_copy(), item)
    assert step.action == Action.MODIFY


def test_deleted_counterpart_follows_the_deletion_conflict_resolution():
    item = RecordInput(source(), coupled(bc_modified_on=T), None)
    assert "coupled to a deleted record" in run(plan(), item).message
    restore = run(plan(deletion_resolution="RestoreRecords"), item)
    assert (restore.action, restore.drop_coupling) == (Action.INSERT, True)
    remove = run(plan(deletion_resolution="RemoveCoupling"), item)
    assert (remove.action, remove.drop_coupling) == (Action.NONE, True)


def test_pending_dataverse_create_is_sent_again_under_the_same_id():
    pending = coupled(pending="dataverse")
    step = run(plan(), RecordInput(source(), pending, None))
    assert (step.action, step.plan.target_id) == (Action.INSERT, DV_ID)


def test_temporary_copy_keeps_resolutions_and_clears_watermarks():
    real = plan(update_resolution="SendUpdateToIntegration", bc_watermark=T, dataverse_watermark=T)
    copy = real.temporary_copy(direction="ToIntegrationTable", full=True)
    assert (copy.update_resolution, copy.bc_watermark, copy.dataverse_watermark) == (
        "SendUpdateToIntegration",
        None,
        None,
    )
    assert (copy.force, copy.only_coupled, copy.name, copy.passes) == (True, False, "CUSTOMER", [TO])


def test_bidirectional_mapping_runs_bc_to_dataverse_first():
    assert plan().passes == [PassDirection.TO_INTEGRATION, PassDirection.FROM_INTEGRATION]
