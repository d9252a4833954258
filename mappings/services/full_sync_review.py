"""The Full Synchronization Review: lines per mapping, recommendations, Start / Sync All and the cascade (§5).

A line starts only when every line named in its Dependency Filter has finished (or found no records). Each line's
work runs as a django-q2 task (``run_review_line``) that, when done, starts whatever has become startable, so
Sync All walks the dependency order by itself without a browser open. A full synchronization is a one-off run of
a temporary copy: every record, forced writes, uncoupled records inserted on the other side; the mapping's
recurring job queue entry is On Hold while it runs.
"""

import traceback

from django.core.management.base import CommandError
from django.db import transaction

from connection_setup.clients.errors import ServiceError
from connection_setup.clients.registry import bc_table, dataverse_table
from mappings.engine.plan import load_plan, raw_filter
from mappings.management.commands.sync import dependency_order
from mappings.models import (
    FullSyncReviewLine,
    JobQueueEntry,
    JobQueueStatus,
    Recommendation,
    ReviewStatus,
    TableMapping,
)
from mappings.services.sync_actions import SidesFactory, service_sides
from synclog.choices import JobStatus, JobType
from synclog.models import SyncJob

__all__ = [
    "delete_line",
    "generate_review",
    "live_status",
    "recommend",
    "recommend_full_synchronization",
    "reset_review",
    "restart_line",
    "run_review_line",
    "settle_run_of_job",
    "start_line",
    "sync_all",
    "unmet_dependencies",
]

COUNT_CAP = 100_000
UNIT_MAPPINGS = {"UNIT OF MEASURE", "UNIT GROUP", "ITEM UOM", "RESOURCE UOM"}
# A price line is known by its price list, product and unit, all lookups: no field of its own can match it, so its
# lines are created under the price lists that the header mapping coupled, as a full synchronization does.
PRICE_LINE_TABLES = {"productpricelevel"}
TASK = "mappings.tasks.run_review_line"


def review_mappings(connection) -> list[TableMapping]:
    """The mappings BC's review shows: real, enabled, not line mappings (sync_engine §5.1)."""
    mappings = TableMapping.objects.filter(connection=connection, status="Enabled", parent_name="", parent_mapping=None)
    excluded = set()
    if connection.ownership_model == "Team":
        excluded.add("SALESPEOPLE")
    if not connection.bidirectional_sales_order_integration:
        excluded.add("SALESORDER-ORDER")
    return [m for m in mappings if m.name not in excluded]


def _count(pages, cap: int = COUNT_CAP) -> int:
    total = 0
    for page in pages:
        total += len(page)
        if total >= cap:
            break
    return total


def _rows(client, table: str, key: str, filter_text: str = "", select: tuple[str, ...] = ()) -> list[dict]:
    rows = []
    for page in client.iter_pages(table, select=[key, *select], filter=raw_filter(filter_text)):
        rows += page
        if len(rows) >= COUNT_CAP:
            break
    return rows


def recommend(mapping: TableMapping, sides) -> tuple[Recommendation, int, int]:
    """BC's Initial Synch Recommendation from both sides' contents; the BC Table Filter is ignored, as BC does."""
    bc_count = _count(sides.bc_client.iter_pages(mapping.bc_table, select=[bc_table(mapping.bc_table).key]))
    if mapping.is_option_mapping:  # PAYMENT TERMS, SHIPMENT METHOD, SHIPPING AGENT: only the BC table counts
        return (Recommendation.COUPLE_RECORDS if bc_count else Recommendation.NO_RECORDS_FOUND), bc_count, 0
    key = dataverse_table(mapping.dataverse_table).primary_id
    extra = ("exchangerate",) if mapping.name == "CURRENCY" else ()
    rows = _rows(sides.dataverse_client, mapping.dataverse_table, key, mapping.dataverse_table_filter, extra)
    full, couple, none = (
        Recommendation.FULL_SYNCHRONIZATION,
        Recommendation.COUPLE_RECORDS,
        Recommendation.NO_RECORDS_FOUND,
    )
    if mapping.name == "SALESPEOPLE":
        choice = full
    elif mapping.name == "CURRENCY":
        only_base = len(rows) == 1 and float(rows[0].get("exchangerate") or 0) == 1.0
        choice = full if only_base else couple
    elif mapping.name in UNIT_MAPPINGS:
        groups = _count(sides.dataverse_client.iter_pages("uomschedule", select=["uomscheduleid"]), cap=2)
        choice = none if not bc_count and groups <= 1 else couple if bc_count and groups > 1 else full
    else:
        choice = none if not (bc_count or rows) else couple if bc_count and rows else full
    if choice == couple and (mapping.full_sync_recommended or mapping.dataverse_table in PRICE_LINE_TABLES):
        choice = full
    return choice, bc_count, len(rows)


def _refresh(line: FullSyncReviewLine, sides) -> None:
    mapping = line.mapping
    line.dependency_filter, line.direction = mapping.dependency_filter, mapping.direction
    try:
        line.recommendation, line.bc_count, line.dataverse_count = recommend(mapping, sides)
        line.recommendation_error = ""
    except ServiceError as error:
        line.recommendation, line.recommendation_error = "", f"The records could not be counted: {error}"[:500]


def generate_review(connection, *, sides_factory: SidesFactory = service_sides) -> list[FullSyncReviewLine]:
    """Insert missing lines and refresh the lines not started yet; deleted lines stay deleted (§5.1)."""
    try:
        ordered = dependency_order(review_mappings(connection))
    except CommandError:
        ordered = sorted(review_mappings(connection), key=lambda m: m.name)
    with sides_factory(connection) as sides:
        for position, mapping in enumerate(ordered):
            line, created = FullSyncReviewLine.objects.get_or_create(connection=connection, mapping=mapping)
            line.position = position
            if created or (line.status == ReviewStatus.BLANK and not line.deleted):
                _refresh(line, sides)
            line.save()
    return list(FullSyncReviewLine.objects.filter(connection=connection, deleted=False).select_related("mapping"))


def live_status(line: FullSyncReviewLine) -> tuple[ReviewStatus, list[SyncJob]]:
    """The line's status from its jobs: In Process until every pass has ended; Error when a pass failed (§3.4)."""
    if line.run_id is None:
        return ReviewStatus(line.status), []
    jobs = list(SyncJob.objects.filter(run_id=line.run_id).order_by("pk"))
    running = any(job.status in JobStatus.enqueued() for job in jobs)
    aborted = any(job.status == JobStatus.ABORTED for job in jobs)
    if running or (len(jobs) < line.expected_passes and not aborted):
        return ReviewStatus.IN_PROCESS, jobs
    failed = aborted or any(job.status == JobStatus.ERROR for job in jobs)
    return (ReviewStatus.ERROR if failed else ReviewStatus.FINISHED), jobs


def unmet_dependencies(line: FullSyncReviewLine, lines: list[FullSyncReviewLine]) -> list[str]:
    """Dependencies whose lines have neither finished nor found no records; missing lines do not block."""
    by_name = {other.mapping.name: other for other in lines if not other.deleted}
    return [
        name
        for name in line.dependencies
        if name in by_name
        and by_name[name].status != ReviewStatus.FINISHED
        and by_name[name].recommendation != Recommendation.NO_RECORDS_FOUND
    ]


def _hold_recurring_entry(mapping: TableMapping) -> None:
    for entry in JobQueueEntry.objects.filter(mapping=mapping).exclude(status=JobQueueStatus.ON_HOLD):
        entry.set_on_hold()


def start_line(line: FullSyncReviewLine, *, user=None) -> SyncJob | None:
    """Queue the line's work: a full synchronization or a match-based coupling; None when nothing is to do."""
    if line.recommendation not in (Recommendation.FULL_SYNCHRONIZATION, Recommendation.COUPLE_RECORDS):
        return None
    full = line.recommendation == Recommendation.FULL_SYNCHRONIZATION
    blank = FullSyncReviewLine.objects.filter(pk=line.pk, status=ReviewStatus.BLANK)
    if line.status == ReviewStatus.BLANK and not blank.update(status=ReviewStatus.IN_PROCESS):
        return None  # another worker's cascade started it a moment ago
    job = SyncJob.objects.create(
        connection=line.connection,
        mapping=line.mapping,
        mapping_name=line.mapping.name,
        job_type=JobType.SYNCHRONIZATION if full else JobType.COUPLING,
        full=full,
        user=user if getattr(user, "is_authenticated", False) else None,
    )
    line.job, line.run_id, line.status = job, job.run_id, ReviewStatus.IN_PROCESS
    line.expected_passes = len(load_plan(line.mapping).passes) if full else 1
    line.save(update_fields=["job", "run_id", "status", "expected_passes", "updated_at"])
    if full:
        _hold_recurring_entry(line.mapping)
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task(TASK, line.pk))
    return job


def sync_all(connection, *, user=None) -> list[FullSyncReviewLine]:
    """Start every line not started yet whose dependencies are satisfied; returns the lines started."""
    lines = list(FullSyncReviewLine.objects.filter(connection=connection, deleted=False).select_related("mapping"))
    for line in lines:
        status, _ = live_status(line)
        if status != line.status:
            line.status = status
            line.save(update_fields=["status", "updated_at"])
    started = []
    for line in lines:
        if line.status == ReviewStatus.BLANK and not unmet_dependencies(line, lines) and start_line(line, user=user):
            started.append(line)
    return started


def run_review_line(line_id: int, *, sides_factory: SidesFactory = service_sides) -> str:
    """The task: run the line's job, record its status, restore the recurring entry, then start what can start."""
    from mappings.services.coupling_jobs import execute_match_coupling
    from mappings.services.sync_actions import execute_queued_sync

    line = FullSyncReviewLine.objects.select_related("mapping", "job", "connection").get(pk=line_id)
    if line.job is None:
        return f"{line.mapping.name}: nothing to run."
    try:
        if line.recommendation == Recommendation.FULL_SYNCHRONIZATION or line.mapping.is_option_mapping:
            # An option mapping's run couples codes to options with the same label and creates the others.
            execute_queued_sync(line.job_id, full=True, sides_factory=sides_factory)
        else:
            # BC's Couple Records creates what has no match when the mapping says so (a currency not yet in Sales).
            create_new = line.mapping.create_new_if_no_match
            execute_match_coupling(line.job_id, sides_factory=sides_factory, synch_after=True, create_new=create_new)
    except Exception as error:  # the line must end in Error, whatever stopped the run (a busy lock included)
        for job in SyncJob.objects.filter(run_id=line.run_id, finished_at__isnull=True):
            job.terminate(JobStatus.ABORTED, message=str(error)[:2000], details=traceback.format_exc())
    return _settle(line)


def _settle(line: FullSyncReviewLine) -> str:
    """Record the line's status; once its run has ended, restore the recurring entry and start what can start."""
    line.status, _ = live_status(line)
    line.save(update_fields=["status", "updated_at"])
    if line.status == ReviewStatus.IN_PROCESS:
        return f"{line.mapping.name}: In Process; its follow-up jobs settle it."
    for entry in JobQueueEntry.objects.filter(mapping=line.mapping, status=JobQueueStatus.ON_HOLD):
        entry.set_ready()
    started = sync_all(line.connection, user=line.job.user if line.job else None)
    return f"{line.mapping.name}: {line.get_status_display()}; started {', '.join(s.mapping.name for s in started) or 'nothing'}"


def settle_run_of_job(job_id: int) -> str:
    """A job of a line's run ended outside the line's own task (the creation and synchronization that follow a
    coupling job share its run): the line finishes only now, and its dependents start only now."""
    run_id = SyncJob.objects.filter(pk=job_id).values_list("run_id", flat=True).first()
    line = FullSyncReviewLine.objects.filter(run_id=run_id, status=ReviewStatus.IN_PROCESS).first() if run_id else None
    return _settle(line) if line is not None else ""


def restart_line(line: FullSyncReviewLine, *, user=None, sides_factory: SidesFactory = service_sides) -> SyncJob | None:
    """Regenerate a finished or failed line and start it again (when its dependencies allow)."""
    line.status, line.job, line.run_id = ReviewStatus.BLANK, None, None
    with sides_factory(line.connection) as sides:
        _refresh(line, sides)
    line.save()
    lines = list(FullSyncReviewLine.objects.filter(connection=line.connection, deleted=False).select_related("mapping"))
    return None if unmet_dependencies(line, lines) else start_line(line, user=user)


def recommend_full_synchronization(line: FullSyncReviewLine, *, sides_factory: SidesFactory = service_sides) -> None:
    """Override Couple Records with Full Synchronization (kept on the mapping until Reset)."""
    TableMapping.objects.filter(pk=line.mapping_id).update(full_sync_recommended=True)
    line.mapping.full_sync_recommended = True
    with sides_factory(line.connection) as sides:
        _refresh(line, sides)
    line.save()


def delete_line(line: FullSyncReviewLine) -> None:
    """Leave the mapping out of this review until Reset."""
    line.deleted = True
    line.save(update_fields=["deleted", "updated_at"])


def reset_review(connection, *, sides_factory: SidesFactory = service_sides) -> list[FullSyncReviewLine]:
    """Delete every line and every override, then generate the review afresh."""
    FullSyncReviewLine.objects.filter(connection=connection).delete()
    TableMapping.objects.filter(connection=connection).update(full_sync_recommended=False)
    return generate_review(connection, sides_factory=sides_factory)
