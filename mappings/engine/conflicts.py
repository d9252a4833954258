"""Change detection and the two kinds of conflict, as the reference decides them (sync_engine §2.6, §2.8).

Only the scheduled incremental run asks these questions: one-off runs on a temporary copy force the write.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from mappings.choices import DeletionConflictResolution, UpdateConflictResolution
from mappings.engine.types import Action, FieldRule
from synclog.choices import PassDirection

__all__ = ["Decision", "compare_stamps", "deletion_conflict", "update_conflict", "was_modified"]

STAMP_TOLERANCE = timedelta(milliseconds=10)


@dataclass(frozen=True)
class Decision:
    action: Action
    message: str = ""


def compare_stamps(current: datetime | None, stored: datetime | None) -> int:
    """BC's CompareDateTime: empty sorts first, differences under 10 ms are equal."""
    if current == stored:
        return 0
    if current is None:
        return -1
    if stored is None:
        return 1
    if abs(current - stored) < STAMP_TOLERANCE:
        return 0
    return 1 if current > stored else -1


def was_modified(current: datetime | None, stored: datetime | None, *, failed: bool) -> bool:
    """A failed (not skipped) pair counts as modified, so it is retried even when nothing changed."""
    return failed or compare_stamps(current, stored) > 0


def update_conflict(
    resolution: str, direction: PassDirection, rule: FieldRule, bc_table: str, dataverse_table: str
) -> Decision:
    """Both sides changed and a bidirectional field differs: fail, or let the chosen side win and the other skip."""
    winner = {
        UpdateConflictResolution.SEND_UPDATE: PassDirection.TO_INTEGRATION,
        UpdateConflictResolution.GET_UPDATE: PassDirection.FROM_INTEGRATION,
    }.get(resolution)
    if winner is None:
        return Decision(
            Action.FAIL,
            f"Cannot update a record in the {dataverse_table if direction == PassDirection.TO_INTEGRATION else bc_table}"
            f" table. The mapping between {rule.bc_field} field on the {bc_table} table and the {rule.dataverse_field}"
            f" field on the {dataverse_table} table is bi-directional, and one or both values have changed since the"
            " last synchronization.",
        )
    return Decision(Action.MODIFY if winner == direction else Action.SKIP)


def deletion_conflict(resolution: str) -> Decision:
    """The coupled counterpart is gone: fail, insert it again (Restore Records) or drop the coupling."""
    if resolution == DeletionConflictResolution.RESTORE_RECORDS:
        return Decision(Action.INSERT)
    if resolution == DeletionConflictResolution.REMOVE_COUPLING:
        return Decision(Action.NONE)
    return Decision(Action.FAIL, "The record cannot be updated because it is coupled to a deleted record.")
