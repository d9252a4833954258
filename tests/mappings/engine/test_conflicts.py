"""Change detection and conflicts (sync_engine §2.6, §2.8)."""

from datetime import UTC, datetime, timedelta

from mappings.engine.conflicts import compare_stamps, deletion_conflict, update_conflict, was_modified
from mappings.engine.types import Action, FieldRule
from synclog.choices import PassDirection

T = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
NAME = FieldRule("Name", "name", "Bidirectional")


def test_stamps_within_ten_milliseconds_are_equal_and_empty_sorts_first():
    assert compare_stamps(T + timedelta(milliseconds=9), T) == 0
    assert compare_stamps(T + timedelta(milliseconds=11), T) == 1
    assert compare_stamps(None, T) == -1
    assert compare_stamps(T, None) == 1


def test_a_never_synchronized_side_counts_as_modified():
    assert was_modified(T, None, failed=False)


def test_a_failed_pair_counts_as_modified_even_when_unchanged():
    assert was_modified(T, T, failed=True)
    assert not was_modified(T, T, failed=False)


def test_update_conflict_without_resolution_fails_naming_the_field():
    decision = update_conflict("None", PassDirection.TO_INTEGRATION, NAME, "Customer", "account")
    assert decision.action == Action.FAIL
    assert (
        "mapping between Name field on the Customer table and the name field on the account table" in decision.message
    )


def test_send_update_to_integration_lets_bc_win_and_skips_the_from_pass():
    assert (
        update_conflict("SendUpdateToIntegration", PassDirection.TO_INTEGRATION, NAME, "C", "a").action == Action.MODIFY
    )
    assert (
        update_conflict("SendUpdateToIntegration", PassDirection.FROM_INTEGRATION, NAME, "C", "a").action == Action.SKIP
    )


def test_get_update_from_integration_lets_dataverse_win_and_skips_the_to_pass():
    assert (
        update_conflict("GetUpdateFromIntegration", PassDirection.FROM_INTEGRATION, NAME, "C", "a").action
        == Action.MODIFY
    )
    assert (
        update_conflict("GetUpdateFromIntegration", PassDirection.TO_INTEGRATION, NAME, "C", "a").action == Action.SKIP
    )


def test_deletion_conflict_resolutions():
    assert deletion_conflict("None").action == Action.FAIL
    assert "coupled to a deleted record" in deletion_conflict("None").message
    assert deletion_conflict("RestoreRecords").action == Action.INSERT
    assert deletion_conflict("RemoveCoupling").action == Action.NONE
