"""BC's "Synch. Job Queue Entries": one recurring entry per mapping, each backed by a django-q2 schedule.

The schedule keeps firing every interval even while the entry is On Hold with Inactivity Timeout: the task
then only probes both services for changes (cheap one-row queries) and runs the mapping when it finds one,
so a change made in Sales waits at most one interval, unlike BC's engine (sync_engine §6.2).
"""

from datetime import timedelta

from django.db import models
from django.utils import timezone

__all__ = ["JobQueueEntry", "JobQueueStatus"]

RUN_TASK = "mappings.tasks.run_job_queue_entry"


class JobQueueStatus(models.TextChoices):
    READY = "ready", "Ready"
    ON_HOLD = "on_hold", "On Hold"
    ON_HOLD_INACTIVITY = "on_hold_inactivity", "On Hold with Inactivity Timeout"
    IN_PROCESS = "in_process", "In Process"
    ERROR = "error", "Error"

    @property
    def badge(self) -> str:
        return {"ready": "green", "on_hold": "", "on_hold_inactivity": "blue", "in_process": "blue", "error": "red"}[
            self.value
        ]


class JobQueueEntry(models.Model):
    """A recurring synchronization job of a connection, usually for one mapping."""

    connection = models.ForeignKey(
        "connection_setup.Connection", on_delete=models.CASCADE, related_name="job_queue_entries"
    )
    code = models.CharField(max_length=40, help_text="Unique per connection; the mapping name for mapping jobs.")
    description = models.CharField(max_length=250)
    mapping = models.ForeignKey(
        "mappings.TableMapping", null=True, blank=True, on_delete=models.CASCADE, related_name="job_queue_entries"
    )
    category = models.CharField(
        "Job Queue Category Code",
        max_length=10,
        blank=True,
        help_text="BC's grouping of jobs, e.g. BCI CUST for customers, vendors and contacts, BCI OPTION for options.",
    )
    interval_minutes = models.PositiveIntegerField(default=30, help_text="No. of Minutes between Runs.")
    inactivity_timeout_minutes = models.PositiveIntegerField(default=0, help_text="Inactivity Timeout Period.")
    status = models.CharField(max_length=20, choices=JobQueueStatus.choices, default=JobQueueStatus.READY)
    hold_until = models.DateTimeField(null=True, blank=True, help_text="When an idle entry runs in full again.")
    next_run_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["connection", "code"]
        verbose_name_plural = "job queue entries"
        constraints = [models.UniqueConstraint(fields=["connection", "code"], name="job_queue_entry_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_status_display()})"

    @property
    def schedule_name(self) -> str:
        """Deterministic, so that re-creating the schedule upserts it instead of adding a second one."""
        return f"bcsales-job-queue-entry-{self.pk}"

    @property
    def status_badge(self) -> str:
        return JobQueueStatus(self.status).badge

    def reschedule(self, *, delay: timedelta | None = None) -> None:
        """Upsert the django-q2 schedule (or drop it when On Hold) and mirror its next run on the entry."""
        from django_q.models import Schedule

        if self.status == JobQueueStatus.ON_HOLD:
            Schedule.objects.filter(name=self.schedule_name).delete()
            self.next_run_at = None
        else:
            self.next_run_at = timezone.now() + (
                delay if delay is not None else timedelta(minutes=self.interval_minutes)
            )
            Schedule.objects.update_or_create(
                name=self.schedule_name,
                defaults={
                    "func": RUN_TASK,
                    "args": repr((self.pk,)),
                    "schedule_type": Schedule.MINUTES,
                    "minutes": max(self.interval_minutes, 1),
                    "repeats": -1,
                    "next_run": self.next_run_at,
                },
            )
        self.save(update_fields=["next_run_at"])

    def set_on_hold(self) -> None:
        """Set On Hold: no run until Set Ready."""
        self.status = JobQueueStatus.ON_HOLD
        self.save(update_fields=["status"])
        self.reschedule()

    def set_ready(self, *, delay: timedelta | None = None) -> None:
        """Set Ready (also the wake-up of an idle entry): due after ``delay``, else after one interval."""
        self.status = JobQueueStatus.READY
        self.hold_until = None
        self.save(update_fields=["status", "hold_until"])
        self.reschedule(delay=delay)
