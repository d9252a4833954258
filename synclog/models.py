"""The synchronization log: one SyncJob per pass of a mapping, one SyncError per failed record.

A SyncJob is background work with a lifecycle (queued → in process → success / error / aborted), like BC's
"Integration Synch. Job" joined with the job-queue log entry that ran it. Counters are added with F()
expressions so that several page-range tasks of one split full synchronization add up to one job.
"""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F
from django.utils import timezone

from synclog.choices import JobStatus, JobType, PassDirection, RecordAction

__all__ = ["COUNTERS", "RecordChange", "RunLock", "SyncError", "SyncJob", "SyncJobPart"]

COUNTERS = ("inserted", "modified", "deleted", "unchanged", "skipped", "failed", "coupled", "uncoupled")
# Counters that make a run "active" for the inactivity timeout (sync_engine §3.4): Unchanged/Skipped do not.
ACTIVITY_COUNTERS = ("inserted", "modified", "deleted", "failed")


class SyncJob(models.Model):
    """One pass (one direction) of one mapping, or one coupling/uncoupling job."""

    connection = models.ForeignKey("connection_setup.Connection", on_delete=models.CASCADE, related_name="sync_jobs")
    mapping = models.ForeignKey(
        "mappings.TableMapping", null=True, blank=True, on_delete=models.SET_NULL, related_name="sync_jobs"
    )
    mapping_name = models.CharField(max_length=20, help_text="The real mapping's name, kept when it is deleted.")
    direction = models.CharField(max_length=20, choices=PassDirection.choices, blank=True)
    job_type = models.CharField(max_length=20, choices=JobType.choices, default=JobType.SYNCHRONIZATION)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True)
    full = models.BooleanField(default=False, help_text="A full synchronization: all records, forced writes.")
    run_id = models.UUIDField(default=uuid.uuid4, db_index=True, help_text="Groups the passes of one run.")
    job_queue_entry = models.ForeignKey(
        "mappings.JobQueueEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="sync_jobs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    inserted = models.PositiveIntegerField(default=0)
    modified = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    coupled = models.PositiveIntegerField(default=0)
    uncoupled = models.PositiveIntegerField(default=0)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    parts_pending = models.PositiveIntegerField(default=0, help_text="Page-range tasks of a split run still open.")
    message = models.TextField(blank=True)
    details = models.TextField(blank=True, help_text="Traceback of an aborted job.")

    class Meta:
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["connection", "mapping_name", "-queued_at"])]

    def __str__(self) -> str:
        return f"{self.mapping_name} {self.get_direction_display()} {self.get_status_display()}".strip()

    @property
    def counters(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTERS}

    @property
    def is_active(self) -> bool:
        """Whether the pass did work that keeps its job queue entry awake (sync_engine §6.2)."""
        return any(getattr(self, name) for name in ACTIVITY_COUNTERS)

    @property
    def status_badge(self) -> str:
        return JobStatus(self.status).badge

    @classmethod
    def abort_interrupted(cls, connection_id: int, mapping_name: str, cause: str) -> int:
        """Close the passes a killed run left In Process; called only by the holder of the mapping's run lock,
        which proves that no live process is running them. Their records are retried: the watermark never moved."""
        return cls.objects.filter(
            connection_id=connection_id,
            mapping_name=mapping_name,
            job_type=JobType.SYNCHRONIZATION,
            status=JobStatus.IN_PROCESS,
        ).update(
            status=JobStatus.ABORTED,
            finished_at=timezone.now(),
            message=f"The run was interrupted ({cause}); its records are retried on the next run.",
        )

    def start(self) -> None:
        self.status = JobStatus.IN_PROCESS
        self.started_at = timezone.now()
        self.save(update_fields=["status", "started_at"])

    def add(self, **deltas: int) -> None:
        """Add counter and progress deltas in the database, safe against concurrent page-range tasks."""
        changes = {name: F(name) + delta for name, delta in deltas.items() if delta}
        if changes:
            SyncJob.objects.filter(pk=self.pk).update(**changes)
            self.refresh_from_db(fields=list(changes))

    def finish_part(self) -> bool:
        """Close one page-range task; True for exactly one caller: the one that closed the last open part.

        A compare-and-set on the count, so that two parts ending at the same moment cannot both see zero (a
        decrement followed by a re-read could: each would read the other's decrement too).
        """
        while True:
            pending = SyncJob.objects.filter(pk=self.pk).values_list("parts_pending", flat=True).first()
            if not pending:
                return False
            if SyncJob.objects.filter(pk=self.pk, parts_pending=pending).update(parts_pending=pending - 1):
                self.refresh_from_db()
                return pending == 1

    def terminate(self, status: JobStatus | None = None, message: str = "", details: str = "") -> None:
        """Finish the job; without a status it is Error when records failed, else Success (sync_engine §3.4)."""
        self.refresh_from_db(fields=[*COUNTERS, "progress_done"])
        self.status = status or (JobStatus.ERROR if self.failed else JobStatus.SUCCESS)
        self.finished_at = timezone.now()
        self.message = message or self.message
        self.details = details or self.details
        self.save(update_fields=["status", "finished_at", "message", "details"])


class SyncError(models.Model):
    """One failed record of a job, with both record ids so that either side can be found (sync_engine §3.1)."""

    job = models.ForeignKey(SyncJob, on_delete=models.CASCADE, related_name="errors")
    mapping = models.ForeignKey(
        "mappings.TableMapping", null=True, blank=True, on_delete=models.SET_NULL, related_name="sync_errors"
    )
    mapping_name = models.CharField(max_length=20)
    direction = models.CharField(max_length=20, choices=PassDirection.choices, blank=True)
    bc_table = models.CharField(max_length=80, blank=True)
    bc_system_id = models.UUIDField(null=True, blank=True, db_index=True)
    dataverse_table = models.CharField(max_length=80, blank=True)
    dataverse_row_id = models.UUIDField(null=True, blank=True, db_index=True)
    message = models.CharField(max_length=2048)
    details = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.mapping_name}: {self.message[:80]}"


class RecordChange(models.Model):
    """One change a job made to one record pair, with the fields written (before → after): the record timeline.

    Written in bulk, one insert per page, by the apply step; ``fields`` maps the destination field to
    ``[before, after]`` (before is null for an insert).
    """

    job = models.ForeignKey(SyncJob, on_delete=models.CASCADE, related_name="record_changes")
    mapping = models.ForeignKey(
        "mappings.TableMapping", null=True, blank=True, on_delete=models.SET_NULL, related_name="record_changes"
    )
    direction = models.CharField(max_length=20, choices=PassDirection.choices, blank=True)
    bc_table = models.CharField(max_length=80, blank=True)
    bc_system_id = models.UUIDField(null=True, blank=True)
    dataverse_table = models.CharField(max_length=80, blank=True)
    dataverse_row_id = models.UUIDField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=RecordAction.choices)
    fields = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["bc_table", "bc_system_id", "-at"]),
            models.Index(fields=["dataverse_table", "dataverse_row_id", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.bc_table} {self.bc_system_id} ↔ {self.dataverse_row_id}"


class RunLock(models.Model):
    """The SQLite form of the per-(connection, mapping) run lock; see ``mappings.locks`` for the story."""

    name = models.CharField(max_length=200, unique=True)
    holder = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder or 'nobody'}"


class SyncJobPart(models.Model):
    """One page-range task of a split full synchronization: the keys it covers, who ran it, what it added.

    ``counters`` holds what the part has added to its job so far, so that an attempt the broker hands out again
    (its worker died or timed out) first takes its predecessor's counts back off the job and the totals stay exact.
    """

    job = models.ForeignKey(SyncJob, on_delete=models.CASCADE, related_name="parts")
    part_no = models.PositiveIntegerField()
    first_key = models.CharField(max_length=64)
    last_key = models.CharField(max_length=64)
    records = models.PositiveIntegerField(default=0, help_text="Keys in the range when the run was planned.")
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    worker = models.CharField(max_length=80, blank=True, help_text="Host and process id of the last attempt.")
    attempts = models.PositiveIntegerField(default=0)
    counters = models.JSONField(default=dict, blank=True)
    latest_stamp = models.DateTimeField(null=True, blank=True)
    touched_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["job", "part_no"]
        constraints = [models.UniqueConstraint(fields=["job", "part_no"], name="one_part_number_per_job")]

    def __str__(self) -> str:
        return f"Part {self.part_no} of job {self.job_id}: {self.first_key} … {self.last_key}"
