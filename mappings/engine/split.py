"""A full synchronization split into page-range tasks that several workers run side by side (DESIGN "Scale-out").

The planner runs under the mapping's lock: it reads only the source's keys, in the service's own key order, and
cuts them into ranges of ``part_size`` records; it records one ``SyncJobPart`` per range and the number of open
parts on the job, queues one ``mappings.tasks.run_full_sync_part`` task per range once that is committed, and
lets the lock go. From then on the open parts hold the mapping (``mappings.locks.full_sync_in_progress``): no
ordinary run starts until the last part has closed the job.

Each part reads its range with a key filter and transforms and writes exactly as an ordinary pass, adding its
counters to the one job with ``F()`` updates. A part the broker hands out again (its worker timed out or died)
first takes its predecessor's counters back off the job, then re-does its range: the pending couplings and the
upsert by our own id make the second write of a record land on the same row. The part that closes the last range
terminates the job, and advances the watermark only when every part succeeded; otherwise the next run reads
everything again. Records created after planning whose keys fall between ranges are newer than the planning
time, which caps the watermark, so the next incremental run picks them up.
"""

import os
import socket
import traceback
import uuid

from django.db import transaction
from django.utils import timezone

from mappings.engine.context import MappingPlan, PassState
from mappings.engine.pipeline import run_pages
from mappings.engine.run import advance_watermark, pass_context
from mappings.engine.types import PassResult
from mappings.locks import mapping_lock
from synclog.choices import JobStatus, PassDirection
from synclog.models import SyncJob, SyncJobPart

__all__ = ["PART_SIZE", "plan_full_sync", "run_full_sync_part"]

PART_SIZE = 5000
PART_TASK = "mappings.tasks.run_full_sync_part"


def _ranges(keys, part_size: int) -> list[tuple[uuid.UUID, uuid.UUID, int]]:
    """(first, last, count) of each run of ``part_size`` keys, streaming: the keys are never all in memory."""
    ranges, first, last, count = [], None, None, 0
    for key in keys:
        first, last, count = first or key, key, count + 1
        if count == part_size:
            ranges.append((first, last, count))
            first, count = None, 0
    if count:
        ranges.append((first, last, count))
    return ranges


def plan_full_sync(job: SyncJob, plan: MappingPlan, sides, *, part_size: int = PART_SIZE) -> PassResult:
    """Plan and queue the parts of a one-direction full synchronization; the queued job becomes their job."""
    from django_q.tasks import async_task

    direction = plan.passes[0]
    with mapping_lock(plan.connection_id, plan.name):
        job.direction = direction
        job.save(update_fields=["direction"])
        job.start()
        source = sides.bc(plan.bc_table) if direction == PassDirection.TO_INTEGRATION else None
        source = source or sides.dataverse(plan.dataverse_table)
        table_filter = plan.bc_filter if direction == PassDirection.TO_INTEGRATION else plan.dataverse_filter
        ranges = _ranges(source.keys(table_filter), part_size)
        with transaction.atomic():
            SyncJobPart.objects.bulk_create(
                SyncJobPart(job=job, part_no=no, first_key=str(first), last_key=str(last), records=count)
                for no, (first, last, count) in enumerate(ranges, start=1)
            )
            SyncJob.objects.filter(pk=job.pk).update(
                parts_pending=len(ranges), progress_total=sum(count for *_, count in ranges)
            )
            for no, (first, last, _) in enumerate(ranges, start=1):
                transaction.on_commit(lambda a=(job.pk, no, str(first), str(last)): async_task(PART_TASK, *a))
    if not ranges:
        job.terminate(message="There are no records to synchronize.")
    result = PassResult(plan.name, direction, job_id=job.pk)
    result.message = f"Split into {len(ranges)} part(s) of up to {part_size} records."
    return result


def _worker() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}"


def _begin(part: SyncJobPart) -> None:
    """Claim the part for this attempt; an earlier attempt's counters come off the job first."""
    if part.counters:
        part.job.add(**{name: -value for name, value in part.counters.items()})
    part.status, part.worker, part.attempts = JobStatus.IN_PROCESS, _worker(), part.attempts + 1
    part.counters, part.touched_at, part.message = {}, timezone.now(), ""
    part.save(update_fields=["status", "worker", "attempts", "counters", "touched_at", "message"])


def _record(part: SyncJobPart, state: PassState, read: int) -> None:
    part.counters = {**state.counters.as_dict(), "progress_done": read}
    part.latest_stamp, part.touched_at = state.latest_stamp, timezone.now()
    part.save(update_fields=["counters", "latest_stamp", "touched_at"])


def _close(part: SyncJobPart, status: JobStatus, message: str = "") -> bool:
    """End the attempt once: True for the attempt that ended the job's last open part."""
    ended = SyncJobPart.objects.filter(pk=part.pk, status=JobStatus.IN_PROCESS).update(status=status, message=message)
    return bool(ended) and part.job.finish_part()


def _finish_job(job: SyncJob, plan: MappingPlan) -> None:
    """The last part closes the job; the watermark moves only when every part succeeded."""
    parts = list(job.parts.all())
    failed = [p for p in parts if p.status == JobStatus.ABORTED]
    if failed:
        note = f"{len(failed)} of {len(parts)} part(s) failed; the watermark stays, so the next run reads them again."
        job.terminate(JobStatus.ABORTED, message=f"{note} Part {failed[0].part_no}: {failed[0].message}"[:2000])
        return
    job.terminate(message=f"Synchronized in {len(parts)} part(s) by {len({p.worker for p in parts})} worker(s).")
    state = PassState(PassDirection(job.direction), job.started_at, job.pk)
    for stamp in (p.latest_stamp for p in parts):
        state.saw(stamp)
    advance_watermark(plan, state)


def run_full_sync_part(
    job_id: int, part_no: int, first_key: str, last_key: str, *, plan: MappingPlan, sides
) -> SyncJobPart:
    """Synchronize one key range of a split full synchronization; a finished part is left as it is."""
    part = SyncJobPart.objects.select_related("job").get(job_id=job_id, part_no=part_no)
    if part.status in JobStatus.terminal() or part.job.finished_at is not None:
        return part
    _begin(part)
    direction = PassDirection(part.job.direction)
    state = PassState(direction, part.job.started_at, job_id)
    read = 0

    def after_page(count: int) -> None:
        nonlocal read
        read += count
        _record(part, state, read)

    try:
        ctx = pass_context(plan, direction, sides, part.job, state)
        key_filter = ctx.source.key_range(uuid.UUID(first_key), uuid.UUID(last_key))
        table_filter = plan.bc_filter if ctx.to_dataverse else plan.dataverse_filter
        pages = ctx.source.pages(table_filter=key_filter if table_filter is None else table_filter & key_filter)
        run_pages(ctx, pages, after_page)
    except Exception as error:
        if _close(part, JobStatus.ABORTED, f"{error}\n\n{traceback.format_exc()}"[:4000]):
            _finish_job(part.job, plan)
        raise
    if _close(part, JobStatus.SUCCESS):
        _finish_job(part.job, plan)
    return part
