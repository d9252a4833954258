"""The administrator's synchronization actions, each one service function that views, tasks and the command call.

Queued actions create their SyncJob first (status Queued, so the page shows it at once) and hand only ids to
django-q2 after the transaction commits; the task re-reads everything. One-off runs (Synchronize Now, after
coupling, full synchronization) run a temporary copy of the mapping that forces the write (sync_engine §2.1).
"""

import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import transaction

from connection_setup.clients.policy import DEFAULT_POLICY
from mappings.choices import MappingStatus
from mappings.engine import split
from mappings.engine.context import MappingPlan
from mappings.engine.endpoints import ServiceSides
from mappings.engine.plan import load_plan
from mappings.engine.run import FETCH_OVERLAP, RunOptions, run_plan
from mappings.engine.split import PART_SIZE
from mappings.engine.types import PassResult
from mappings.models import Coupling, TableMapping
from synclog.choices import JobStatus, JobType, PassDirection
from synclog.models import SyncJob, SyncJobPart

__all__ = [
    "abandon_queued_job",
    "execute_full_sync_part",
    "execute_queued_sync",
    "execute_uncoupling",
    "mapping_has_changes",
    "queue_job",
    "run_mapping_in_entry",
    "run_mapping_now",
    "service_sides",
    "synchronize_now",
    "synchronize_records",
    "uncouple_all",
    "with_children",
]


SYNC_POLICY = DEFAULT_POLICY  # the engine waits out throttling and outages; interactive pages do not
# Pages of 2,000 records, not the largest the services allow (BC 20,000, Dataverse 5,000): the engine reads the next
# page while it decides this one and writes behind, so a smaller page costs no time, starts the work sooner and keeps
# the memory of a run flat however large the table.
SYNC_PAGE_SIZE = 2000


def service_sides(connection) -> ServiceSides:
    """Both service clients of a connection with the patient retry policy: a run outlasts a throttling spell."""
    from connection_setup.services.factory import business_central_client, dataverse_client

    return ServiceSides(
        business_central_client(connection, policy=SYNC_POLICY, page_size=SYNC_PAGE_SIZE),
        dataverse_client(connection, policy=SYNC_POLICY, page_size=SYNC_PAGE_SIZE),
    )


SidesFactory = Callable[[object], ServiceSides]


def one_off_plan(mapping: TableMapping, *, full: bool = False, direction: str | None = None, **ids) -> MappingPlan:
    """The temporary copy: forced writes, empty watermarks; a full one also inserts uncoupled records."""
    return load_plan(mapping).temporary_copy(direction=direction, full=full, only_coupled=False, **ids)


def with_children(mapping: TableMapping) -> list[TableMapping]:
    """A mapping and its enabled child mappings (lines): children run with their parent, never alone."""
    return [mapping, *mapping.child_mappings.filter(status=MappingStatus.ENABLED).order_by("pk")]


def run_mapping_now(
    mapping: TableMapping, *, full: bool = False, sides_factory: SidesFactory = service_sides
) -> list[PassResult]:
    """Run a mapping in the foreground, as ``manage.py sync`` does; ``full`` reads every record."""
    results = []
    with sides_factory(mapping.connection) as sides:
        for each in with_children(mapping):
            plan = one_off_plan(each, full=True) if full else load_plan(each)
            results += run_plan(plan, sides)
    return results


def run_mapping_in_entry(entry, *, sides_factory: SidesFactory = service_sides) -> tuple[list, bool]:
    """The recurring run of a job queue entry; also says whether it was active (for the inactivity timeout).

    A mapping whose run is a flow (bidirectional sales orders, posted invoices) runs that flow instead, and a
    flow registered to follow a mapping (product rules after ITEM-PRODUCT) runs after it.
    """
    run_id = uuid.uuid4()
    results = []
    with sides_factory(entry.connection) as sides:
        for mapping in with_children(entry.mapping):
            # run_plan hands flow mappings to their flow and runs the rules that follow (mappings.flows.dispatch).
            results += run_plan(load_plan(mapping), sides, RunOptions(job_queue_entry_id=entry.pk, run_id=run_id))
    active = any(job.is_active for job in SyncJob.objects.filter(run_id=run_id))
    return results, active


def mapping_has_changes(mapping: TableMapping, *, sides_factory: SidesFactory = service_sides) -> bool:
    """The cheap probe of an idle entry: one row of each side that a run would read, ``$top=1``."""
    plan = load_plan(mapping)
    with sides_factory(mapping.connection) as sides:
        checks = []
        if PassDirection.TO_INTEGRATION in plan.passes:
            since = plan.bc_watermark - FETCH_OVERLAP if plan.bc_watermark else None
            checks.append(lambda: sides.bc(plan.bc_table).has_changes(since=since, table_filter=plan.bc_filter))
        if PassDirection.FROM_INTEGRATION in plan.passes:
            since = plan.dataverse_watermark - FETCH_OVERLAP if plan.dataverse_watermark else None
            excluded = plan.integration_user_id if plan.uses_modified_by_filter() else None
            checks.append(
                lambda: sides.dataverse(plan.dataverse_table).has_changes(
                    since=since, table_filter=plan.dataverse_filter, exclude_modified_by=excluded
                )
            )
        return any(check() for check in checks)


def queue_job(
    mapping: TableMapping, job_type: JobType, task: str, *, user=None, run_id: uuid.UUID | None = None, **options
) -> SyncJob:
    """Create the job now (status Queued, so the log shows it at once) and hand its id to django-q2 on commit;
    ``run_id`` makes it part of an earlier job's run (the follow-ups of a coupling job)."""
    from django_q.tasks import async_task

    job = SyncJob.objects.create(
        connection=mapping.connection,
        mapping=mapping,
        mapping_name=mapping.name,
        job_type=job_type,
        full=options.get("full", False),
        user=user if getattr(user, "is_authenticated", False) else None,
        **({"run_id": run_id} if run_id else {}),
    )
    transaction.on_commit(lambda: async_task(task, job.pk, **options))
    return job


def synchronize_now(
    mapping: TableMapping,
    *,
    full: bool = False,
    direction: str | None = None,
    user=None,
    split: bool | None = None,
    part_size: int = PART_SIZE,
) -> SyncJob:
    """Queue a one-off run of the mapping (Synchronize Now / Run Full Synchronization).

    A full run of one direction is split into page-range tasks of ``part_size`` records when ``split`` says so,
    or by default when a Redis broker is configured (several workers can then share it; see ``engine.split``).
    """
    options = {"split": split, "part_size": part_size} if full else {}
    return queue_job(
        mapping,
        JobType.SYNCHRONIZATION,
        "mappings.tasks.run_queued_sync",
        user=user,
        full=full,
        direction=direction,
        **options,
    )


def _splits(mapping: TableMapping, plan: MappingPlan, requested: bool | None) -> bool:
    """Split only what can run in parts: one direction, no flow, no child mappings that follow the parent."""
    from mappings.flows.jobs import CARRIED_BY_PARENT, MAPPING_FLOWS

    wanted = bool(settings.REDIS_URL) if requested is None else requested
    plain = plan.name not in MAPPING_FLOWS and plan.name not in CARRIED_BY_PARENT and not plan.option_field
    return wanted and plain and len(plan.passes) == 1 and len(with_children(mapping)) == 1


def synchronize_records(
    mapping: TableMapping, *, direction: str, bc_ids=None, dataverse_ids=None, user=None, run_id=None
) -> SyncJob:
    """Queue a one-off run for chosen records, e.g. after coupling them ("Synchronize After Coupling")."""
    return queue_job(
        mapping,
        JobType.SYNCHRONIZATION,
        "mappings.tasks.run_queued_sync",
        user=user,
        run_id=run_id,
        direction=direction,
        bc_ids=[str(i) for i in bc_ids or []] or None,
        dataverse_ids=[str(i) for i in dataverse_ids or []] or None,
    )


def execute_queued_sync(job_id: int, *, sides_factory: SidesFactory = service_sides, **options) -> list[PassResult]:
    """What the task runs: the queued job becomes the first pass of the one-off run; child mappings (lines) run
    after their parent unless the run is pinned to chosen records."""
    job = SyncJob.objects.select_related("mapping", "connection").get(pk=job_id)
    if job.mapping is None or job.status != JobStatus.QUEUED:
        return []
    ids = {k: tuple(uuid.UUID(i) for i in options[k]) for k in ("bc_ids", "dataverse_ids") if options.get(k)}
    full, direction = options.get("full", False), options.get("direction")
    plan = one_off_plan(job.mapping, full=full, direction=direction, **ids)
    with sides_factory(job.connection) as sides:
        if full and not ids and _splits(job.mapping, plan, options.get("split")):
            return [split.plan_full_sync(job, plan, sides, part_size=options.get("part_size") or PART_SIZE)]
        run = RunOptions(run_id=job.run_id, user_id=job.user_id, queued_job_id=job.pk)
        results = run_plan(plan, sides, run)
        for child in with_children(job.mapping)[1:] if not ids else []:
            results += run_plan(one_off_plan(child, full=full, direction=direction), sides, run)
    return results


def abandon_queued_job(job_id: int, message: str) -> None:
    """A queued job that could not start (its mapping stayed busy) ends Aborted with the reason, never Queued."""
    job = SyncJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).first()
    if job is not None:
        job.terminate(JobStatus.ABORTED, message=message[:2000])


def execute_full_sync_part(
    job_id: int, part_no: int, first_key: str, last_key: str, *, sides_factory: SidesFactory = service_sides
) -> SyncJobPart:
    """What a page-range task runs: its range of the split full synchronization, as planned."""
    job = SyncJob.objects.select_related("mapping", "connection").get(pk=job_id)
    plan = one_off_plan(job.mapping, full=True, direction=job.direction)
    with sides_factory(job.connection) as sides:
        return split.run_full_sync_part(job_id, part_no, first_key, last_key, plan=plan, sides=sides)


def uncouple_all(mapping: TableMapping, *, user=None) -> SyncJob:
    """Queue the removal of every coupling of the mapping's tables (an Uncoupling job)."""
    return queue_job(mapping, JobType.UNCOUPLING, "mappings.tasks.run_uncoupling", user=user)


def execute_uncoupling(job_id: int, *, sides_factory: SidesFactory = service_sides) -> SyncJob:
    """Uncouple every pair of the mapping, clearing each Dataverse row's company first (sync_engine §4.3)."""
    from mappings.services.uncoupling import uncouple_all_pairs

    job = SyncJob.objects.select_related("mapping", "connection").get(pk=job_id)
    job.start()
    if job.mapping is not None:
        couplings = Coupling.objects.filter(
            connection_id=job.connection_id, bc_table=job.mapping.bc_table, dataverse_table=job.mapping.dataverse_table
        )
        with sides_factory(job.connection) as sides:
            uncouple_all_pairs(job, job.mapping, list(couplings), sides)
    job.terminate()
    return job
