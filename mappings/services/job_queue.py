"""Synch. Job Queue Entries: create, remove, wake, and run them (sync_engine §6).

After a run with nothing inserted, modified, deleted or failed, a recurring entry goes On Hold with Inactivity
Timeout. Its schedule keeps firing every interval, but then only a cheap probe of both services runs (one row
modified since the watermarks); a change found there, a change made through this app (``wake_entries``) or the
timeout elapsing runs the mapping again. So a change made in Sales is picked up within one interval.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mappings.locks import MappingLockBusy, abort_interrupted_jobs, mapping_lock
from mappings.models import JobQueueEntry, JobQueueStatus
from synclog.models import SyncJob

__all__ = ["WAKE_DELAY", "after_run", "ensure_entry", "remove_entry", "run_entry", "wake_entries"]

WAKE_DELAY = timedelta(seconds=30)


def ensure_entry(
    connection,
    *,
    code: str,
    description: str,
    mapping=None,
    interval_minutes: int = 30,
    inactivity_timeout_minutes: int = 0,
    category: str = "",
) -> JobQueueEntry:
    """Create or update the entry and upsert its django-q2 schedule (deterministic name, so never twice)."""
    with transaction.atomic():
        entry, _ = JobQueueEntry.objects.update_or_create(
            connection=connection,
            code=code,
            defaults={
                "description": description,
                "mapping": mapping,
                "interval_minutes": interval_minutes,
                "inactivity_timeout_minutes": inactivity_timeout_minutes,
                "category": category,
            },
        )
        entry.reschedule()
    return entry


def remove_entry(connection, *, code: str) -> None:
    from django_q.models import Schedule

    for entry in JobQueueEntry.objects.filter(connection=connection, code=code):
        Schedule.objects.filter(name=entry.schedule_name).delete()
        entry.delete()


def wake_entries(connection, *, bc_table: str | None = None, dataverse_table: str | None = None) -> int:
    """A change made through this app: idle or ready entries of that table run within ~30 s (sync_engine §6.3)."""
    entries = JobQueueEntry.objects.filter(
        connection=connection,
        status__in=[JobQueueStatus.READY, JobQueueStatus.ON_HOLD_INACTIVITY],
        mapping__disable_event_job_rescheduling=False,
    )
    if bc_table:
        entries = entries.filter(mapping__bc_table=bc_table)
    if dataverse_table:
        entries = entries.filter(mapping__dataverse_table=dataverse_table)
    soon = timezone.now() + 2 * WAKE_DELAY
    woken = 0
    for entry in entries:
        if entry.next_run_at is None or entry.next_run_at > soon or entry.status != JobQueueStatus.READY:
            entry.set_ready(delay=WAKE_DELAY)
            woken += 1
    return woken


def after_run(entry: JobQueueEntry, results: list, *, active: bool) -> None:
    """Ready after a run that did something; an idle run puts the entry On Hold with Inactivity Timeout."""
    now = timezone.now()
    entry.last_run_at = now
    entry.last_result = "; ".join(r.line() for r in results)[:500] or "No passes ran."
    if active or not entry.inactivity_timeout_minutes:
        entry.status, entry.hold_until = JobQueueStatus.READY, None
    else:
        entry.status = JobQueueStatus.ON_HOLD_INACTIVITY
        entry.hold_until = now + timedelta(minutes=entry.inactivity_timeout_minutes)
    entry.save(update_fields=["last_run_at", "last_result", "status", "hold_until"])
    entry.reschedule()


def _claim(entry_id: int) -> JobQueueEntry | None:
    """The entry unless it is On Hold (the schedule of a held entry is gone, but a task may race)."""
    entry = JobQueueEntry.objects.select_related("mapping", "connection").filter(pk=entry_id).first()
    if entry is None or entry.status == JobQueueStatus.ON_HOLD:
        return None
    return entry


def _run_codeunit(entry: JobQueueEntry) -> tuple[list, bool]:
    """An entry without a mapping runs the flow registered for its code, under the same one-run-at-a-time lock."""
    from mappings.flows.jobs import run_job

    with mapping_lock(entry.connection_id, entry.code):
        result = run_job(entry.connection, entry.code)
    # A one-off entry (the unit group data upgrade) removes itself when done; its job then keeps no entry.
    SyncJob.objects.filter(pk=result.job_id).update(job_queue_entry=JobQueueEntry.objects.filter(pk=entry.pk).first())
    counters = result.counters
    return [result], bool(counters.inserted or counters.modified or counters.deleted or counters.failed)


def _run(entry: JobQueueEntry) -> tuple[list, bool]:
    from mappings.services.sync_actions import run_mapping_in_entry

    return run_mapping_in_entry(entry) if entry.mapping_id else _run_codeunit(entry)


def _has_changes(entry: JobQueueEntry) -> bool:
    """The wake-up probe; a codeunit entry has no table to probe, so it waits for its timeout or a wake-up."""
    from mappings.services.sync_actions import mapping_has_changes

    return entry.mapping_id is not None and mapping_has_changes(entry.mapping)


def run_entry(entry_id: int) -> str:
    """Run one entry's mapping or flow now (or only probe it while idle); returns the entry's last result."""
    entry = _claim(entry_id)
    if entry is None:
        return "The job queue entry is on hold or no longer exists."
    abort_interrupted_jobs(entry.connection_id)  # the periodic clean-up of passes a killed run left In Process
    idle = entry.status == JobQueueStatus.ON_HOLD_INACTIVITY
    if idle and entry.hold_until and timezone.now() < entry.hold_until and not _has_changes(entry):
        return "On Hold with Inactivity Timeout: no changes found by the probe."
    previous = entry.status
    JobQueueEntry.objects.filter(pk=entry.pk).update(status=JobQueueStatus.IN_PROCESS)
    try:
        results, active = _run(entry)
    except MappingLockBusy as busy:
        JobQueueEntry.objects.filter(pk=entry.pk).update(status=previous)
        return str(busy)
    except Exception as error:
        JobQueueEntry.objects.filter(pk=entry.pk).update(status=JobQueueStatus.ERROR, last_result=str(error)[:500])
        raise
    if not JobQueueEntry.objects.filter(pk=entry.pk).exists():  # a one-off entry its job removed when done
        return "; ".join(result.line() for result in results)
    after_run(entry, results, active=active)
    return entry.last_result
