"""The option mapping rows of one pass (BC's "CRM Option Mapping", the coupling table of option mappings), with
each row's result, job and Skipped state for the pass's direction.

A row is looked up by the BC record's SystemId, else by its code, else by option value. The Skipped rule is the
coupling's (sync_engine §3.2, ``couplings.mark_failed`` applied to the row's fields of the same names): a row whose
pass failed twice in a row with the same message is skipped. A skipped row is left out until an administrator
restores it on the Skipped Records page, or until its BC record changes after the failure that skipped it.
"""

import uuid
from datetime import datetime

from django.utils import timezone

from mappings.engine.couplings import mark_failed
from mappings.models import OptionMapping, TableMapping
from mappings.models.synch_state import SynchResult
from synclog.choices import PassDirection

__all__ = ["OptionBook"]


class OptionBook:
    """Every option mapping row of one mapping, indexed for the pass, and where the pass records their outcome."""

    def __init__(self, mapping: TableMapping, direction: PassDirection, job_id: int) -> None:
        self.mapping, self.job_id = mapping, job_id
        self.side = "to" if direction == PassDirection.TO_INTEGRATION else "from"
        self.direction = direction
        rows = list(OptionMapping.objects.filter(table_mapping=mapping).select_related(f"last_job_{self.side}"))
        self.by_id = {row.bc_system_id: row for row in rows if row.bc_system_id}
        self.by_code = {row.bc_code.upper(): row for row in rows}
        self.by_value = {row.option_value: row for row in rows}

    def find(self, system_id: uuid.UUID | None, code: str) -> OptionMapping | None:
        return self.by_id.get(system_id) or self.by_code.get(code.upper())

    @property
    def taken(self) -> set[int]:
        return set(self.by_value)

    def failed_before(self, row: OptionMapping) -> bool:
        """The row's last pass in this direction failed: it is retried whether or not its source changed."""
        return getattr(row, f"last_result_{self.side}") == SynchResult.FAILURE

    def skipped(self, row: OptionMapping, bc_changed_at: datetime | None = None) -> bool:
        """Skipped, and its BC record not changed since the job whose failure skipped it started."""
        if not row.skipped:
            return False
        job = getattr(row, f"last_job_{self.side}")
        failed_at = job.started_at if job else None
        return not (bc_changed_at and failed_at and bc_changed_at > failed_at)

    def add(
        self, code: str, system_id: uuid.UUID | None, value: int, caption: str, *, bc_stamp: datetime | None = None
    ) -> OptionMapping:
        row = OptionMapping(table_mapping=self.mapping, bc_code=code, bc_system_id=system_id, option_value=value)
        self._settle(row, caption, bc_stamp)
        row.save()
        self.by_code[code.upper()] = self.by_value[value] = row
        if system_id:
            self.by_id[system_id] = row
        return row

    def succeeded(
        self,
        row: OptionMapping,
        *,
        code: str,
        system_id: uuid.UUID | None,
        caption: str,
        bc_stamp: datetime | None = None,
    ) -> None:
        """Record the row's state after a successful step: code, SystemId, caption, stamps, result and job."""
        self.by_code.pop(row.bc_code.upper(), None)
        row.bc_code, row.bc_system_id = code, system_id or row.bc_system_id
        self._settle(row, caption, bc_stamp)
        fields = ["bc_code", "bc_system_id", "bc_modified_on", "option_caption", "last_synch_at", *self._fields]
        row.save(update_fields=fields)
        self.by_code[code.upper()] = row
        if row.bc_system_id:
            self.by_id[row.bc_system_id] = row

    def failed(self, row: OptionMapping, message: str) -> None:
        """Mark the row failed in this direction; the same message twice in a row marks it Skipped."""
        mark_failed(row, self.direction, self.job_id, message)
        row.save(update_fields=self._fields)

    @property
    def _fields(self) -> list[str]:
        """The fields a pass in this direction writes: the coupling's result fields."""
        return [f"last_result_{self.side}", f"last_job_{self.side}", f"last_error_{self.side}", "skipped"]

    def _settle(self, row: OptionMapping, caption: str, bc_stamp: datetime | None) -> None:
        """A success: result and job of this direction, no error, not skipped, the BC stamp only ever increasing."""
        setattr(row, f"last_result_{self.side}", SynchResult.SUCCESS)
        setattr(row, f"last_job_{self.side}_id", self.job_id)
        setattr(row, f"last_error_{self.side}", "")
        row.skipped, row.option_caption, row.last_synch_at = False, caption[:250], timezone.now()
        if bc_stamp and (row.bc_modified_on is None or bc_stamp > row.bc_modified_on):
            row.bc_modified_on = bc_stamp
