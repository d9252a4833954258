"""The progress of a running job as the pages show it: records done of total, rate and time left."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from synclog.choices import JobStatus
from synclog.models import SyncJob

__all__ = ["JobProgress", "job_progress"]


@dataclass(frozen=True)
class JobProgress:
    job: SyncJob
    done: int
    total: int | None
    rate: float | None  # records per second
    time_left: timedelta | None

    @property
    def percent(self) -> int:
        if self.job.status in JobStatus.terminal():
            return 100
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @property
    def running(self) -> bool:
        return self.job.status in JobStatus.enqueued()


def job_progress(job: SyncJob, total_hint: int | None = None) -> JobProgress:
    """Progress of ``job``; ``total_hint`` stands in for a total the engine did not record (a counted table)."""
    total = job.progress_total if job.progress_total is not None else total_hint
    done = job.progress_done
    rate = time_left = None
    if job.started_at and done:
        elapsed = ((job.finished_at or timezone.now()) - job.started_at).total_seconds()
        rate = done / elapsed if elapsed > 0 else None
        if rate and total and total > done and job.status in JobStatus.enqueued():
            time_left = timedelta(seconds=round((total - done) / rate))
    return JobProgress(job, done, total, rate, time_left)
