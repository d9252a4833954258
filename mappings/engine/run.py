"""One run of one mapping: the lock, the passes (BC → Dataverse first), the jobs and the watermarks (§2.2, §2.7).

A pass reads the retry list first (failed, not skipped couplings), then the records changed since the watermark
minus a one-second overlap, page by page. The watermark advances only when the pass has committed everything it
read, to the latest stamp it saw (never past the pass's start, never backwards); an aborted pass leaves it as it
was, so the next run reads the same records again and the per-coupling stamps make the re-read harmless.
"""

import traceback
import uuid
from collections.abc import Iterator
from datetime import timedelta
from itertools import chain

from django.utils import timezone

from connection_setup.clients import odata
from connection_setup.clients.errors import ServiceError
from mappings.engine.apply import PassContext
from mappings.engine.context import MappingPlan, PassState
from mappings.engine.couplings import CouplingScope
from mappings.engine.errors import RetryableSyncError, SyncConfigurationError
from mappings.engine.local_currency import LocalCurrency
from mappings.engine.lookups import CouplingLookups
from mappings.engine.pipeline import run_pages
from mappings.engine.subscribers import subscribers_for
from mappings.engine.types import PassResult, SourceRecord
from mappings.locks import MappingLock, mapping_lock
from synclog.choices import JobStatus, PassDirection
from synclog.models import SyncJob

__all__ = ["FETCH_OVERLAP", "RunOptions", "advance_watermark", "pass_context", "retry_note", "run_plan"]

FETCH_OVERLAP = timedelta(milliseconds=999)
# A record stamped this long before a pass began was committed before the pass read (DESIGN: "now minus a few seconds").
WATERMARK_SETTLE = timedelta(seconds=5)


class RunOptions:
    """Who and what a run belongs to: the job queue entry, the user, the run id that groups its passes."""

    def __init__(
        self, *, job_queue_entry_id: int | None = None, user_id: int | None = None, run_id=None, queued_job_id=None
    ) -> None:
        self.job_queue_entry_id = job_queue_entry_id
        self.user_id = user_id
        self.run_id = run_id or uuid.uuid4()
        self.queued_job_id = queued_job_id  # a job created when the run was queued becomes its first pass


def _source_pages(ctx: PassContext) -> Iterator[list[SourceRecord]]:
    """The retry list first, then the changed records; a targeted one-off run reads only its own records.

    The database is asked here, at once; the pages that follow are requests only (they are read ahead)."""
    plan, direction = ctx.plan, ctx.direction
    to_dataverse = direction == PassDirection.TO_INTEGRATION
    pinned = plan.bc_ids if to_dataverse else plan.dataverse_ids
    if pinned is not None:
        return chain(*(ctx.source.pages(since=None, ids=chunk) for chunk in ctx.source.id_chunks(pinned)))
    retry_ids = ctx.scope.retry_ids(direction)
    retries = [ctx.source.pages(since=None, ids=chunk) for chunk in ctx.source.id_chunks(retry_ids)]
    watermark = None if plan.full else (plan.bc_watermark if to_dataverse else plan.dataverse_watermark)
    exclude = plan.integration_user_id if not to_dataverse and plan.uses_modified_by_filter() else None
    table_filter = plan.bc_filter if to_dataverse else plan.dataverse_filter
    own = None if to_dataverse else _not_written_in_this_run(ctx)
    if own is not None:
        table_filter = own if table_filter is None else table_filter & own
        if ctx.state.run_wrote_to_dataverse:
            ctx.state.notes.append(
                f"The {ctx.state.run_wrote_to_dataverse} row(s) this run wrote to Dataverse were not read back"
                " (unless changed by someone else since)."
            )
    changed = ctx.source.pages(
        since=watermark - FETCH_OVERLAP if watermark else None, table_filter=table_filter, exclude_modified_by=exclude
    )
    return chain(*retries, changed)


def _not_written_in_this_run(ctx: PassContext) -> odata.Filter | None:
    """A forced From pass after this run's To pass leaves out the rows the integration user wrote since the run
    began: what our own To pass just wrote (anyone else's later change makes someone else the modifier), which a
    recurring run never reads either. A full synchronization then reads back only what Sales holds beyond it."""
    user, started = ctx.plan.integration_user_id, ctx.state.run_started
    if not ctx.plan.force or user is None or started is None:
        return None
    # Dataverse's modifiedon has whole seconds: the integration user's rows stamped in the run's first second are
    # left out too, so nothing this run wrote is read back however soon it wrote it. Such a row written just before
    # the run began is the integration user's own write all the same, which a recurring run never reads either.
    since = started.replace(microsecond=0)
    return odata.or_(odata.ne("_modifiedby_value", odata.guid(user)), odata.lt(ctx.source.modified_field, since))


def advance_watermark(plan: MappingPlan, state: PassState) -> None:
    """Watermarks never move backwards; targeted one-off runs (record lists) leave them alone.

    The watermark becomes the latest stamp the pass saw or, when later, the pass's start less ``WATERMARK_SETTLE``:
    else records that share one old stamp (a bulk import, a scale seed) would sit in the overlap window forever and
    every incremental run would read them all again. A pass that read nothing still moves it to its start less
    ``WATERMARK_SETTLE``: nothing inside its filters changed before then (a full synchronization's From pass, which
    leaves out the rows its own To pass wrote, may read nothing at all)."""
    from mappings.models import TableMapping

    if plan.bc_ids is not None or plan.dataverse_ids is not None:
        return
    settled = state.started_at - WATERMARK_SETTLE
    stamp = settled if state.latest_stamp is None else max(state.latest_stamp, settled)
    field = "bc_watermark" if state.direction == PassDirection.TO_INTEGRATION else "dataverse_watermark"
    mapping = TableMapping.objects.filter(pk=plan.mapping_id).only(field).first()
    if mapping is not None and (getattr(mapping, field) is None or getattr(mapping, field) < stamp):
        TableMapping.objects.filter(pk=plan.mapping_id).update(**{field: stamp})


def _open_job(plan: MappingPlan, direction: PassDirection, options: RunOptions) -> SyncJob:
    if options.queued_job_id:
        job = SyncJob.objects.get(pk=options.queued_job_id)
        options.queued_job_id = None
        job.direction = direction
        job.save(update_fields=["direction"])
        job.start()
        return job
    job = SyncJob.objects.create(
        connection_id=plan.connection_id,
        mapping_id=plan.mapping_id,
        mapping_name=plan.name,
        direction=direction,
        full=plan.full,
        run_id=options.run_id,
        job_queue_entry_id=options.job_queue_entry_id,
        user_id=options.user_id,
    )
    job.start()
    return job


def _retries(sides) -> int:
    """Requests the run's clients had to send again: throttling, outages and dropped connections they outlasted."""
    return sides.bc_client.stats.retries + sides.dataverse_client.stats.retries


def retry_note(retries: int) -> str:
    """The synchronization log's line about the requests a job had to send again (none: no line)."""
    return f"{retries} request(s) retried after throttling or transient faults." if retries else ""


def pass_context(plan: MappingPlan, direction: PassDirection, sides, job: SyncJob, state: PassState) -> PassContext:
    """Everything one pass (or one page-range part of it) needs; refuses a direction without field mappings."""
    rules = plan.rules_for(direction)
    earlier = list(
        SyncJob.objects.filter(run_id=job.run_id, mapping_id=plan.mapping_id)
        .exclude(pk=job.pk)
        .values_list("pk", "started_at", "direction", "inserted", "modified")
    )
    state.run_jobs = frozenset(row[0] for row in earlier)
    state.run_started = min((row[1] for row in earlier if row[1]), default=None)
    state.run_wrote_to_dataverse = sum(row[3] + row[4] for row in earlier if row[2] == PassDirection.TO_INTEGRATION)
    if not rules:
        raise SyncConfigurationError(
            f"There are no field mapping rows for the {plan.name} mapping in the {direction.label} direction."
        )
    bc_side, dataverse_side = sides.bc(plan.bc_table), sides.dataverse(plan.dataverse_table)
    source, destination = (
        (bc_side, dataverse_side) if direction == PassDirection.TO_INTEGRATION else (dataverse_side, bc_side)
    )
    scope = CouplingScope(plan.connection_id, plan.bc_table, plan.dataverse_table, plan.name)
    lookups = CouplingLookups(plan.connection_id, sides.bc, LocalCurrency(plan.connection_id, sides))
    subscribers = subscribers_for(
        plan.bc_table,
        plan.dataverse_table,
        direction,
        sides,
        lambda: plan.base_currency or sides.base_currency(),
        plan.connection_id,
    )
    return PassContext(plan, direction, source, destination, scope, lookups, state, rules, job, subscribers)


def run_pass(plan: MappingPlan, direction: PassDirection, sides, lock: MappingLock, options: RunOptions) -> PassResult:
    """One direction of one mapping as its own job; record failures are counted, anything else aborts it."""
    job = _open_job(plan, direction, options)
    result = PassResult(plan.name, direction, job_id=job.pk)
    state = PassState(direction, timezone.now(), job.pk)
    retries_before = _retries(sides)
    try:
        ctx = pass_context(plan, direction, sides, job, state)
        run_pages(ctx, _source_pages(ctx), lambda read: lock.refresh())
    except Exception as error:
        job.terminate(JobStatus.ABORTED, message=str(error)[:2000], details=traceback.format_exc())
        if getattr(error, "retryable", False):
            raise RetryableSyncError(str(error)) from error
        if not isinstance(error, SyncConfigurationError | ServiceError):
            raise
        # The mapping cannot run as set up (no field mappings, a filter or field the service refuses): this
        # pass is aborted with the service's words, and the other passes and mappings still run.
        result.message = str(error)
        result.counters = state.counters
        return result
    job.terminate(message=" ".join(filter(None, [*state.notes, retry_note(_retries(sides) - retries_before)])))
    advance_watermark(plan, state)
    result.counters = state.counters
    return result


def run_plan(plan: MappingPlan, sides, options: RunOptions | None = None) -> list[PassResult]:
    """All passes of a mapping under its lock; ``MappingLockBusy`` when another worker is running it."""
    from mappings.flows.dispatch import after_mapping, flow_passes

    options = options or RunOptions()
    with mapping_lock(plan.connection_id, plan.name) as lock:
        # Sales orders and posted invoices run as flows with their lines (mappings/flows); product rules follow.
        flow = flow_passes(plan, options)
        if flow is not None:
            return flow
        results = [run_pass(plan, direction, sides, lock, options) for direction in plan.passes]
        after_mapping(plan, options)
        return results
