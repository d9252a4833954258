"""A line of the Full Synchronization Review: one mapping, its recommendation and the jobs that ran it (§5.1)."""

from django.db import models

__all__ = ["FullSyncReviewLine", "Recommendation", "ReviewStatus"]


class Recommendation(models.TextChoices):
    """BC's "Initial Synch Recommendation", computed from what both sides hold (sync_engine §5.3)."""

    FULL_SYNCHRONIZATION = "full", "Full Synchronization"
    COUPLE_RECORDS = "couple", "Couple Records"
    NO_RECORDS_FOUND = "none", "No Records Found"

    @property
    def badge(self) -> str:
        return {"full": "blue", "couple": "yellow", "none": ""}[self.value]


class ReviewStatus(models.TextChoices):
    """A line's job status; blank means "not started", as on BC's page."""

    BLANK = "", " "
    IN_PROCESS = "in_process", "In Process"
    FINISHED = "finished", "Finished"
    ERROR = "error", "Error"

    @property
    def badge(self) -> str:
        return {"": "", "in_process": "blue", "finished": "green", "error": "red"}[self.value]


class FullSyncReviewLine(models.Model):
    """One mapping on the review page of a connection.

    A line deleted by the user is kept with ``deleted`` set, so that regenerating the review does not bring it
    back until Reset. ``run_id`` groups the passes of the line's full synchronization; ``job`` is the line's
    first job (the first pass, or the match-based coupling job).
    """

    connection = models.ForeignKey(
        "connection_setup.Connection", on_delete=models.CASCADE, related_name="full_sync_review_lines"
    )
    mapping = models.ForeignKey("mappings.TableMapping", on_delete=models.CASCADE, related_name="review_lines")
    position = models.PositiveIntegerField(default=0, help_text="Dependency order.")
    dependency_filter = models.CharField(max_length=250, blank=True)
    direction = models.CharField(max_length=20, blank=True)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices, blank=True)
    bc_count = models.PositiveIntegerField(null=True, blank=True, help_text="Records found in BC.")
    dataverse_count = models.PositiveIntegerField(null=True, blank=True, help_text="Rows found in Dataverse.")
    recommendation_error = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=ReviewStatus.choices, blank=True, default="")
    job = models.ForeignKey("synclog.SyncJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    run_id = models.UUIDField(null=True, blank=True)
    expected_passes = models.PositiveSmallIntegerField(default=1)
    deleted = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["connection", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "mapping"], name="full_sync_review_one_line_per_mapping")
        ]

    def __str__(self) -> str:
        return f"{self.mapping.name}: {self.get_recommendation_display()} {self.get_status_display()}".strip()

    @property
    def dependencies(self) -> list[str]:
        return [name.strip() for name in self.dependency_filter.split("|") if name.strip()]

    @property
    def status_badge(self) -> str:
        return ReviewStatus(self.status).badge

    @property
    def recommendation_badge(self) -> str:
        return Recommendation(self.recommendation).badge if self.recommendation else ""
