"""The synchronization state a coupling and an option mapping share (BC's "CRM Integration Record" and "CRM Option
Mapping" carry the same fields): the last result, job and error per direction, and Skipped.

``*_to`` is the pass to Dataverse (BC's "Last Synch. CRM Result"), ``*_from`` the pass from it ("Last Synch.
Result"), so that the engine's Skipped rule (``mappings.engine.couplings.mark_failed``) and the Skipped Records
page treat both alike.
"""

from django.db import models

__all__ = ["SynchResult", "SynchState"]


class SynchResult(models.TextChoices):
    BLANK = "", " "
    SUCCESS = "success", "Success"
    FAILURE = "failure", "Failure"


class SynchState(models.Model):
    """Result, job and error of the last pass in each direction, and whether the pair is skipped (§3.2)."""

    last_result_from = models.CharField(
        max_length=10, choices=SynchResult.choices, blank=True, help_text="Last Synch. Result (Dataverse → BC)."
    )
    last_result_to = models.CharField(
        max_length=10, choices=SynchResult.choices, blank=True, help_text="Last Synch. CRM Result (BC → Dataverse)."
    )
    last_job_from = models.ForeignKey(
        "synclog.SyncJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_job_to = models.ForeignKey(
        "synclog.SyncJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_error_from = models.CharField(max_length=2048, blank=True, help_text="Kept to detect the same error twice.")
    last_error_to = models.CharField(max_length=2048, blank=True)
    skipped = models.BooleanField(default=False, db_index=True)

    class Meta:
        abstract = True

    @property
    def last_error(self) -> str:
        """The error of the last failed direction, as the Skipped Records page shows it."""
        return self.last_error_to or self.last_error_from

    @property
    def failed_job(self):
        """The job the last error comes from ("Failed On"): the pass to Dataverse first, as BC looks it up."""
        return self.last_job_to or self.last_job_from
