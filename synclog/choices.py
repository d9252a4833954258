"""Choices of the synchronization log, in BC's words, with the groups and badge colours every page uses."""

from django.db import models

__all__ = ["JobStatus", "JobType", "PassDirection", "RecordAction"]


class PassDirection(models.TextChoices):
    """The direction of one pass; BC runs To (BC → Dataverse) before From (Dataverse → BC)."""

    TO_INTEGRATION = "ToIntegrationTable", "Business Central to Dataverse"
    FROM_INTEGRATION = "FromIntegrationTable", "Dataverse to Business Central"

    @property
    def short(self) -> str:
        """The word the `sync` command prints for the pass."""
        return "to-dataverse" if self is PassDirection.TO_INTEGRATION else "to-bc"


class JobType(models.TextChoices):
    SYNCHRONIZATION = "synchronization", "Synchronization"
    COUPLING = "coupling", "Coupling"
    UNCOUPLING = "uncoupling", "Uncoupling"


class JobStatus(models.TextChoices):
    """A job's lifecycle; BC derives In Process / Error / Success from the finish time and the Failed counter."""

    QUEUED = "queued", "Queued"
    IN_PROCESS = "in_process", "In Process"
    SUCCESS = "success", "Success"
    ERROR = "error", "Error"
    ABORTED = "aborted", "Aborted"

    @classmethod
    def enqueued(cls) -> tuple["JobStatus", ...]:
        return (cls.QUEUED, cls.IN_PROCESS)

    @classmethod
    def terminal(cls) -> tuple["JobStatus", ...]:
        return (cls.SUCCESS, cls.ERROR, cls.ABORTED)

    @property
    def badge(self) -> str:
        """The badge colour class shared by the log, review and job queue pages."""
        return {
            "queued": "",
            "in_process": "blue",
            "success": "green",
            "error": "yellow",
            "aborted": "red",
        }[self.value]


class RecordAction(models.TextChoices):
    """What a job did to one coupled record pair, as the coupled-record timeline shows it."""

    INSERTED = "inserted", "Inserted"
    MODIFIED = "modified", "Modified"
    DELETED = "deleted", "Deleted"
    COUPLED = "coupled", "Coupled"
    UNCOUPLED = "uncoupled", "Uncoupled"
