"""django-q2 entry points: thin and idempotent. They take ids, re-read state, and call one service function.

A recurring run whose mapping is locked by another worker returns "already running" instead of waiting, so the
broker's retry can never stack two runs of one mapping (the lock, not the broker, guarantees one run at a time). A
queued one-off job (Synchronize Now, the jobs that follow a coupling) waits a bounded time for the lock instead,
because nothing would run it later: the follow-ups of one coupling job queue one after another on the same mapping.
Tasks are queued by these names only, so a service can move without breaking tasks already in the broker.
"""

import time

from mappings.locks import MappingLockBusy
from mappings.services import full_sync_review, job_queue, sync_actions

__all__ = [
    "run_full_sync_part",
    "run_job_queue_entry",
    "run_match_coupling",
    "run_queued_sync",
    "run_review_line",
    "run_uncouple_records",
    "run_uncoupling",
]


def run_job_queue_entry(entry_id: int) -> str:
    """The recurring schedule of a Synch. Job Queue Entry fires this."""
    return job_queue.run_entry(entry_id)


LOCK_WAIT_SECONDS = 600
LOCK_POLL_SECONDS = 2


def run_queued_sync(job_id: int, **options) -> str:
    """A queued one-off run (Synchronize Now, after coupling, full synchronization); then the review line whose
    run it belongs to, if any, is settled and its dependents start."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            results = sync_actions.execute_queued_sync(job_id, **options)
            break
        except MappingLockBusy as busy:
            if time.monotonic() >= deadline:
                sync_actions.abandon_queued_job(
                    job_id, f"{busy} The job waited {LOCK_WAIT_SECONDS} seconds; run it again."
                )
                results = []
                break
            time.sleep(LOCK_POLL_SECONDS)
    full_sync_review.settle_run_of_job(job_id)
    return "\n".join(result.line() for result in results)


def run_full_sync_part(job_id: int, part_no: int, first_key: str, last_key: str) -> str:
    """One page-range task of a split full synchronization (mappings.engine.split); safe to run again."""
    part = sync_actions.execute_full_sync_part(job_id, part_no, first_key, last_key)
    full_sync_review.settle_run_of_job(job_id)  # the last part to end settles a review line's split run
    return f"{part.job.mapping_name} part {part.part_no}: {part.get_status_display()} on {part.worker}"


def run_uncoupling(job_id: int) -> str:
    job = sync_actions.execute_uncoupling(job_id)
    return f"{job.mapping_name}: uncoupled={job.uncoupled}"


def run_match_coupling(job_id: int, **options) -> str:
    """A queued match-based coupling job (sync_engine §4.2)."""
    from mappings.services.coupling_jobs import execute_match_coupling

    job = execute_match_coupling(job_id, **options)
    return f"{job.mapping_name}: coupled={job.coupled} failed={job.failed}"


def run_uncouple_records(job_id: int, **options) -> str:
    """A queued uncoupling of chosen records (sync_engine §4.3)."""
    from mappings.services.coupling_jobs import execute_uncouple_records

    job = execute_uncouple_records(job_id, **options)
    return f"{job.mapping_name}: uncoupled={job.uncoupled}"


def run_review_line(line_id: int) -> str:
    """A started line of the Full Synchronization Review (sync_engine §5.4)."""
    from mappings.services.full_sync_review import run_review_line as run_line

    return run_line(line_id)
