"""django-q2 entry points: thin and idempotent. They take ids, re-read state, and call one service function.

A run whose mapping is locked by another worker returns "already running" instead of waiting, so the broker's
retry can never stack two runs of one mapping (the lock, not the broker, guarantees one run at a time).
"""

from mappings.locks import MappingLockBusy
from mappings.services import job_queue, sync_actions

__all__ = ["run_job_queue_entry", "run_queued_sync", "run_uncoupling"]


def run_job_queue_entry(entry_id: int) -> str:
    """The recurring schedule of a Synch. Job Queue Entry fires this."""
    return job_queue.run_entry(entry_id)


def run_queued_sync(job_id: int, **options) -> str:
    """A queued one-off run (Synchronize Now, after coupling, full synchronization)."""
    try:
        results = sync_actions.execute_queued_sync(job_id, **options)
    except MappingLockBusy as busy:
        return str(busy)
    return "\n".join(result.line() for result in results)


def run_uncoupling(job_id: int) -> str:
    job = sync_actions.execute_uncoupling(job_id)
    return f"{job.mapping_name}: uncoupled={job.uncoupled}"
