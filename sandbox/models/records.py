"""Emulated records of both services (owned by the sandbox core).

One generic row per emulated record keeps the emulators schema-free at the database level: each service's
schema lives in Python data and the record's columns in ``data``. ``version`` comes from a counter per service,
so "everything changed since version N" is one indexed range scan, which is what change tracking and delta
links need; deletions leave a tombstone with the version at which the row disappeared. ``lookup_key`` and
``parent_key`` hold the values of the table's key columns (see ``sandbox.storage.keys``), so look-ups by
"No.", by an alternate key or by a document's lines are index scans too; the data columns each schema declares in
``VALUE_INDEXES`` have expression indexes of their own (``sandbox.storage.values``, created by a migration).
``modified_by`` holds a Dataverse row's ``_modifiedby_value`` (``sandbox.storage.modifier``), so that the change
reads of a synchronization, which leave out its own user's writes, compare a column instead of parsing JSON.
"""

from django.db import models

__all__ = ["SandboxRecord", "SandboxTombstone", "SandboxVersionCounter", "Service"]


class Service(models.TextChoices):
    DATAVERSE = "dataverse", "Dataverse"
    BC = "bc", "Business Central"


class SandboxRecord(models.Model):
    """One row of an emulated table (a Dataverse row or a BC entity), keyed by its GUID."""

    service = models.CharField(max_length=16, choices=Service.choices)
    table = models.CharField(max_length=100)
    row_id = models.UUIDField()
    data = models.JSONField(default=dict)
    version = models.BigIntegerField()
    created_at = models.DateTimeField()
    modified_at = models.DateTimeField()
    lookup_key = models.TextField(null=True, blank=True)
    parent_key = models.TextField(null=True, blank=True)
    modified_by = models.CharField(max_length=36, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "table", "row_id"], name="sandbox_record_key"),
        ]
        indexes = [
            models.Index(fields=["service", "table", "modified_at", "row_id"], name="sandbox_record_modified"),
            models.Index(fields=["service", "table", "version"], name="sandbox_record_version"),
            models.Index(
                fields=["service", "table", "lookup_key"],
                name="sandbox_record_lookup",
                condition=models.Q(lookup_key__isnull=False),
            ),
            models.Index(
                fields=["service", "table", "parent_key"],
                name="sandbox_record_parent",
                condition=models.Q(parent_key__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service}:{self.table}({self.row_id})"


class SandboxTombstone(models.Model):
    """A deleted row: answers delta requests with "deleted" entries and keeps the row's last data for audit."""

    service = models.CharField(max_length=16, choices=Service.choices)
    table = models.CharField(max_length=100)
    row_id = models.UUIDField()
    version = models.BigIntegerField()
    deleted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["service", "table", "version"], name="sandbox_tombstone_version")]

    def __str__(self) -> str:
        return f"deleted {self.service}:{self.table}({self.row_id})"


class SandboxVersionCounter(models.Model):
    """The last version handed out per service; bumped under a row lock so versions never repeat."""

    service = models.CharField(max_length=16, choices=Service.choices, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.service}@{self.value}"
