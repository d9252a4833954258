"""Integration Table Mapping: one BC table ↔ one Dataverse table of a connection, with its filters and watermarks."""

from django.core.exceptions import ValidationError
from django.db import models

from mappings.choices import DeletionConflictResolution, Direction, MappingStatus, UpdateConflictResolution

__all__ = ["TableMapping"]

OPTION_MAPPING_BIDIRECTIONAL = (
    "An option mapping synchronizes in one direction only: choose To Integration Table or From Integration Table."
)


class TableMapping(models.Model):
    """BC's "Integration Table Mapping" (table 5335), one per (connection, name).

    The watermarks say up to when each side's changes were read; Restart clears them so that the next run reads
    every record again. A mapping with ``dataverse_option_field`` is an option mapping (BC codes ↔ option values).
    Temporary copies made for a full synchronization carry ``parent_name`` and ``delete_after_synchronization``.
    """

    connection = models.ForeignKey(
        "connection_setup.Connection", on_delete=models.CASCADE, related_name="table_mappings"
    )
    name = models.CharField(max_length=20, help_text="The mapping's code, for example CUSTOMER.")
    description = models.CharField(max_length=250, blank=True)
    bc_table = models.CharField("Table", max_length=100, help_text="The Business Central table.")
    dataverse_table = models.CharField(
        "Integration Table", max_length=100, help_text="Logical name of the Dataverse table, for example account."
    )
    dataverse_option_field = models.CharField(
        "Integration Option Column",
        max_length=100,
        blank=True,
        help_text="For an option mapping: the Dataverse choice column whose values the BC codes map to.",
    )
    direction = models.CharField(max_length=20, choices=Direction.choices, default=Direction.BIDIRECTIONAL)
    status = models.CharField(max_length=10, choices=MappingStatus.choices, default=MappingStatus.ENABLED)
    bc_table_filter = models.TextField("Table Filter", blank=True, help_text="OData $filter on the BC API's fields.")
    dataverse_table_filter = models.TextField(
        "Integration Table Filter", blank=True, help_text="OData $filter on the Dataverse columns."
    )
    filter_by_company = models.BooleanField(
        default=False, help_text="Only Dataverse rows of this connection's company, or of no company."
    )
    multi_company_synch_enabled = models.BooleanField(
        "Multi-Company Synch. Enabled",
        default=False,
        help_text="Rows of every BC company are synchronized; the company part of the Integration Table Filter goes.",
    )
    synch_only_coupled_records = models.BooleanField("Synch. Only Coupled Records", default=True)
    dependency_filter = models.CharField(
        max_length=250,
        blank=True,
        help_text="Mappings to synchronize first, separated by |, e.g. SALESPEOPLE|CURRENCY.",
    )
    update_conflict_resolution = models.CharField(
        "Update-Conflict Resolution",
        max_length=30,
        choices=UpdateConflictResolution.choices,
        default=UpdateConflictResolution.NONE,
    )
    deletion_conflict_resolution = models.CharField(
        "Deletion-Conflict Resolution",
        max_length=30,
        choices=DeletionConflictResolution.choices,
        default=DeletionConflictResolution.NONE,
    )
    bc_config_template = models.CharField("Table Config Template Code", max_length=10, blank=True)
    dataverse_config_template = models.CharField("Int. Tbl. Config Template Code", max_length=10, blank=True)
    synch_after_bulk_coupling = models.BooleanField("Synch. After Bulk Coupling", default=False)
    create_new_if_no_match = models.BooleanField("Create New in Case of No Match", default=False)
    disable_event_job_rescheduling = models.BooleanField("Disable Event-driven Synch. Job Rescheduling", default=False)
    parent_mapping = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="child_mappings",
        verbose_name="Is a child of",
        help_text="Line mappings are synchronized by their header's run.",
    )
    parent_name = models.CharField(max_length=20, blank=True, help_text="Set on temporary copies.")
    delete_after_synchronization = models.BooleanField(default=False)
    full_sync_is_running = models.BooleanField("Full Sync is Running", default=False)
    full_sync_started_at = models.DateTimeField(null=True, blank=True)
    full_sync_recommended = models.BooleanField(
        "Recommend Full Synchronization",
        default=False,
        help_text="The Full Synchronization Review proposes a full synchronization instead of coupling records.",
    )
    bc_watermark = models.DateTimeField("Synch. Modified On Filter", null=True, blank=True)
    dataverse_watermark = models.DateTimeField("Synch. Int. Tbl. Mod. On Fltr.", null=True, blank=True)
    dataverse_delta_link = models.TextField(blank=True, help_text="Change-tracking delta link of the last read.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["connection", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "name"],
                name="table_mapping_unique_name",
                violation_error_message="The connection already has a mapping with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_option_mapping(self) -> bool:
        return bool(self.dataverse_option_field)

    @property
    def is_temporary(self) -> bool:
        return self.delete_after_synchronization or bool(self.parent_name)

    @property
    def dependencies(self) -> list[str]:
        return [name.strip() for name in self.dependency_filter.split("|") if name.strip()]

    @property
    def direction_arrow(self) -> str:
        return Direction(self.direction).arrow

    def clean(self) -> None:
        if self.is_option_mapping and self.direction == Direction.BIDIRECTIONAL:
            raise ValidationError({"direction": OPTION_MAPPING_BIDIRECTIONAL})
        if self.name and self.name in self.dependencies:
            raise ValidationError({"dependency_filter": "A mapping cannot depend on itself."})

    def clear_watermarks(self) -> None:
        """Forget how far each side was read, so the next run reads every record again (BC's Restart)."""
        self.bc_watermark = None
        self.dataverse_watermark = None
        self.dataverse_delta_link = ""
