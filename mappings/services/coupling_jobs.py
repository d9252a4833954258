"""The background coupling jobs: match-based coupling and the uncoupling of chosen records (sync_engine §4.2, §4.3).

Each job is a SyncJob of type Coupling or Uncoupling, created when it is queued (so the log shows it at once) and
run by django-q2 with ids only. Every record that cannot be coupled or uncoupled becomes one SyncError with both
ids, and never stops the job.
"""

import traceback
import uuid

from django.db import IntegrityError, transaction

from mappings.choices import Direction, UpdateConflictResolution
from mappings.models import Coupling, TableMapping
from mappings.services.match_coupling import MatchOutcome, MatchPlan, criteria_of, plan_match_coupling
from mappings.services.sync_actions import SidesFactory, queue_job, service_sides, synchronize_records
from mappings.services.uncoupling import record_error, uncouple
from synclog.choices import JobStatus, JobType, PassDirection
from synclog.models import SyncJob

__all__ = [
    "execute_match_coupling",
    "execute_uncouple_records",
    "log_record_error",
    "match_based_coupling",
    "queue_job",
    "uncouple_records",
]

NO_CRITERIA = "You must specify which fields on the table mapping '{name}' should be used for match-based coupling."


def match_based_coupling(
    mapping: TableMapping,
    *,
    create_new: bool = False,
    synch_after: bool = False,
    bc_ids: list[uuid.UUID] | None = None,
    user=None,
) -> SyncJob:
    """Queue a Coupling job that uses the criteria stored on the field mappings."""
    return queue_job(
        mapping,
        JobType.COUPLING,
        "mappings.tasks.run_match_coupling",
        user=user,
        create_new=create_new,
        synch_after=synch_after,
        bc_ids=[str(i) for i in bc_ids or []],
    )


def uncouple_records(mapping: TableMapping, *, bc_ids: list[uuid.UUID], user=None) -> SyncJob:
    """Queue an Uncoupling job for chosen BC records of the mapping (BC's Delete Coupling on a selection)."""
    return queue_job(
        mapping,
        JobType.UNCOUPLING,
        "mappings.tasks.run_uncouple_records",
        user=user,
        bc_ids=[str(i) for i in bc_ids],
    )


def execute_uncouple_records(job_id: int, *, bc_ids: list[str], sides_factory: SidesFactory = service_sides) -> SyncJob:
    """Uncouple the chosen records (company cleared first); a record that is not coupled is counted as skipped."""
    job = SyncJob.objects.select_related("mapping", "connection").get(pk=job_id)
    if job.mapping is None or job.status != JobStatus.QUEUED:
        return job
    job.start()
    wanted = {uuid.UUID(i) for i in bc_ids}
    couplings = list(
        Coupling.objects.filter(connection_id=job.connection_id, bc_table=job.mapping.bc_table, bc_system_id__in=wanted)
    )
    not_coupled = len(wanted) - len(couplings)
    try:
        with sides_factory(job.connection) as sides:
            uncouple(job, job.mapping, couplings, sides)
    except Exception as error:
        job.terminate(JobStatus.ABORTED, message=str(error)[:2000], details=traceback.format_exc())
        return job
    job.add(skipped=not_coupled, progress_done=len(wanted))
    job.terminate(message=f"{job.uncoupled} record(s) uncoupled; {not_coupled} were not coupled.")
    return job


def log_record_error(job: SyncJob, message: str, bc_id=None, dataverse_id=None) -> None:
    record_error(job, job.mapping, message, bc_id, dataverse_id)


def _couple(job: SyncJob, outcomes: list[MatchOutcome]) -> list[MatchOutcome]:
    """Write the couplings one by one, so that a pair coupled meanwhile by another job fails alone."""
    mapping, done = job.mapping, []
    for outcome in outcomes:
        try:
            with transaction.atomic():
                Coupling.objects.create(
                    connection_id=mapping.connection_id,
                    mapping_name=mapping.name,
                    bc_table=mapping.bc_table,
                    bc_system_id=outcome.bc_id,
                    dataverse_table=mapping.dataverse_table,
                    dataverse_id=outcome.dataverse_id,
                )
        except IntegrityError as error:
            log_record_error(
                job, f"Coupling {outcome.label} failed because of the following error: {error}.", outcome.bc_id
            )
            job.add(failed=1)
        else:
            done.append(outcome)
    job.add(coupled=len(done), progress_done=len(outcomes))
    return done


def _direction_after_coupling(mapping: TableMapping) -> str:
    """Bidirectional mappings follow the update-conflict setting (sync_engine §4.2), others their direction."""
    if mapping.direction != Direction.BIDIRECTIONAL:
        return mapping.direction
    return {
        UpdateConflictResolution.SEND_UPDATE: PassDirection.TO_INTEGRATION.value,
        UpdateConflictResolution.GET_UPDATE: PassDirection.FROM_INTEGRATION.value,
    }.get(mapping.update_conflict_resolution, Direction.BIDIRECTIONAL.value)


def _follow_up(job: SyncJob, plan: MatchPlan, coupled: list[MatchOutcome], options: dict) -> list[str]:
    mapping, notes = job.mapping, [f"{len(coupled)} record(s) coupled."]
    if options.get("create_new") and plan.having("create"):
        created = synchronize_records(
            mapping,
            direction=PassDirection.TO_INTEGRATION,
            bc_ids=[o.bc_id for o in plan.having("create")],
            user=job.user,
            run_id=job.run_id,
        )
        notes.append(f"{len(plan.having('create'))} record(s) without a match are created by job {created.pk}.")
    unmatched = plan.having("no match", "ambiguous")
    for outcome in unmatched:
        reason = outcome.detail or "no row matches the criteria"
        log_record_error(
            job, f"No unique uncoupled matching row was found in {mapping.dataverse_table} ({reason}).", outcome.bc_id
        )
    if unmatched:
        job.add(failed=len(unmatched))
        notes.append(
            f"Failed to couple {len(unmatched)} record(s), because no unique uncoupled matching entity was found in "
            f"{mapping.connection.server_address} with the specified matching criteria."
        )
    if options.get("synch_after") and coupled:
        synced = synchronize_records(
            mapping,
            direction=_direction_after_coupling(mapping),
            bc_ids=[o.bc_id for o in coupled],
            dataverse_ids=[o.dataverse_id for o in coupled],
            user=job.user,
            run_id=job.run_id,
        )
        notes.append(f"The coupled records are synchronized by job {synced.pk}.")
    return notes


def execute_match_coupling(job_id: int, *, sides_factory: SidesFactory = service_sides, **options) -> SyncJob:
    """What the task runs: plan, couple, then schedule creation and synchronization as the options ask."""
    job = SyncJob.objects.select_related("mapping", "connection").get(pk=job_id)
    if job.mapping is None or job.status != JobStatus.QUEUED:
        return job
    job.start()
    criteria = criteria_of(job.mapping)
    if not criteria:
        message = NO_CRITERIA.format(name=job.mapping.name)
        log_record_error(job, message)
        job.terminate(JobStatus.ERROR, message=message)
        return job
    try:
        bc_ids = [uuid.UUID(i) for i in options.get("bc_ids") or []]
        with sides_factory(job.connection) as sides:
            plan = plan_match_coupling(
                job.mapping, criteria, sides, create_new=options.get("create_new", False), bc_ids=bc_ids
            )
        SyncJob.objects.filter(pk=job.pk).update(progress_total=len(plan.outcomes))
        coupled = _couple(job, plan.having("couple"))
        notes = _follow_up(job, plan, coupled, options)
    except Exception as error:
        job.terminate(JobStatus.ABORTED, message=str(error)[:2000], details=traceback.format_exc())
        return job
    job.terminate(message=" ".join(notes))
    return job
