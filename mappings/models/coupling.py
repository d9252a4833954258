"""The coupling of one BC record to one Dataverse row (BC's "CRM Integration Record", sync_engine §1).

Naming follows the reference with its trap spelled out: ``bc_*`` fields are the BC side and the result of the
From pass (Dataverse → BC), ``dataverse_*`` fields the Dataverse side and the result of the To pass.
"""

from django.db import models
from django.db.models import Q

from mappings.models.synch_state import SynchResult, SynchState

__all__ = ["Coupling", "PendingCreate", "SynchResult"]


class PendingCreate(models.TextChoices):
    """A counterpart being created: the coupling is written before the write so a crash never duplicates it."""

    NONE = "", "None"
    IN_DATAVERSE = "dataverse", "Creating in Dataverse"
    IN_BC = "bc", "Creating in Business Central"


class Coupling(SynchState):
    """1:1 per BC table on both sides; the source of truth for identity between the two services."""

    # Both unique keys begin with the connection, so a separate index of it would only be one more to write.
    connection = models.ForeignKey(
        "connection_setup.Connection", on_delete=models.CASCADE, related_name="couplings", db_index=False
    )
    mapping_name = models.CharField(max_length=20, blank=True, help_text="The mapping that created the coupling.")
    bc_table = models.CharField(max_length=80, help_text="BC table name, e.g. Customer.")
    bc_system_id = models.UUIDField(null=True, blank=True, help_text="SystemId; empty while pending in BC.")
    dataverse_table = models.CharField(max_length=80, help_text="Dataverse logical name, e.g. account.")
    dataverse_id = models.UUIDField(help_text="Dataverse primary id; chosen by us for rows we create.")
    bc_modified_on = models.DateTimeField(
        null=True, blank=True, help_text="Last Synch. Modified On: BC SystemModifiedAt after the last synch."
    )
    dataverse_modified_on = models.DateTimeField(
        null=True, blank=True, help_text="Last Synch. CRM Modified On: Dataverse modifiedon after the last synch."
    )
    dataverse_version = models.BigIntegerField(
        null=True, blank=True, help_text="Dataverse row version after the last synch: finer than modifiedon."
    )
    pending = models.CharField(max_length=10, choices=PendingCreate.choices, blank=True, default="")
    pending_since = models.DateTimeField(null=True, blank=True)
    pending_match = models.JSONField(
        default=dict, blank=True, help_text="BC field values of a pending BC create, to find it before re-creating."
    )
    statistics_uploaded = models.BooleanField(default=False)
    archived_sales_order = models.BooleanField(default=False)
    archived_sales_order_updated = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "bc_table", "bc_system_id"], name="coupling_unique_bc_record"
            ),
            # In this order it also serves the look-ups of a Dataverse row without its BC table.
            models.UniqueConstraint(
                fields=["connection", "dataverse_table", "dataverse_id", "bc_table"],
                name="coupling_unique_dataverse_row",
            ),
        ]
        indexes = [
            models.Index(fields=["connection", "bc_table", "skipped"]),
            models.Index(
                fields=["connection", "bc_table", "last_result_to"],
                condition=Q(last_result_to="failure"),
                name="coupling_failed_to",
            ),
            models.Index(
                fields=["connection", "bc_table", "last_result_from"],
                condition=Q(last_result_from="failure"),
                name="coupling_failed_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bc_table} {self.bc_system_id or '(pending)'} ↔ {self.dataverse_table} {self.dataverse_id}"

    @property
    def is_pending(self) -> bool:
        return bool(self.pending)

    def restore(self) -> None:
        """Retry of a skipped record: un-skip only; the next run retries it because its result is still Failure."""
        self.skipped = False
        self.statistics_uploaded = False
        self.save(update_fields=["skipped", "statistics_uploaded"])
