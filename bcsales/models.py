"""The audit trail: who changed the set-up and who ran which action, kept apart from the synchronization log."""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One administrator action or set-up change; written by the action decorator and by set-up services."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, help_text="Kept when the user is deleted.")
    action = models.CharField(max_length=200)
    target = models.CharField(max_length=300, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        permissions = [("run_integration_actions", "Can change the integration set-up and run integration actions")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username}: {self.action} {self.target}".strip()
