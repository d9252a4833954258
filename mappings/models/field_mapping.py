"""Integration Field Mapping: which BC field feeds which Dataverse column, in which direction, with which rules."""

from django.core.exceptions import ValidationError
from django.db import models

from mappings.choices import Direction, MappingStatus
from mappings.models.transformation_settings import TransformationSettings

__all__ = ["FieldMapping"]


class FieldMapping(TransformationSettings):
    """BC's "Integration Field Mapping" (table 5336).

    One side may be blank when a constant is written to the other. "Not Null" (keep the destination when a lookup
    finds nothing) and "Clear Value on Failed Sync" (blank it) answer the same question differently, so they
    exclude each other. The match-based coupling flags choose the fields that find an uncoupled counterpart.
    """

    table_mapping = models.ForeignKey("mappings.TableMapping", on_delete=models.CASCADE, related_name="field_mappings")
    position = models.PositiveIntegerField(default=0, help_text="Order in which the fields are transferred.")
    bc_field = models.CharField("Field Name", max_length=100, blank=True, help_text="The BC field, e.g. No.")
    dataverse_field = models.CharField(
        "Integration Table Field Name", max_length=100, blank=True, help_text="Logical name of the Dataverse column."
    )
    direction = models.CharField(max_length=20, choices=Direction.choices, default=Direction.BIDIRECTIONAL)
    status = models.CharField(max_length=10, choices=MappingStatus.choices, default=MappingStatus.ENABLED)
    constant_value = models.CharField(max_length=250, blank=True)
    validate_field = models.BooleanField(default=True)
    validate_integration_table_field = models.BooleanField("Validate Integration Table Field", default=False)
    clear_value_on_failed_sync = models.BooleanField(default=False)
    not_null = models.BooleanField(default=False)
    use_for_match_based_coupling = models.BooleanField("Use For Match-Based Coupling", default=False)
    case_sensitive_matching = models.BooleanField(default=False)
    match_priority = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers are tried first when coupling records by matching fields."
    )

    class Meta:
        ordering = ["table_mapping", "position", "id"]

    def __str__(self) -> str:
        return f"{self.bc_field or self.constant_value!r} {Direction(self.direction).arrow} {self.dataverse_field}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.bc_field and not self.dataverse_field:
            errors["bc_field"] = "Enter the BC field, the Dataverse column or both."
        elif not (self.bc_field and self.dataverse_field) and not self.constant_value:
            errors["constant_value"] = "A field mapping with only one side needs a constant value to write."
        if self.not_null and self.clear_value_on_failed_sync:
            errors["not_null"] = "Not Null and Clear Value on Failed Sync exclude each other; choose one."
        if (self.case_sensitive_matching or self.match_priority) and not self.use_for_match_based_coupling:
            errors["use_for_match_based_coupling"] = (
                "Case-sensitive matching and match priority only apply to fields used for match-based coupling."
            )
        errors.update(self.transformation_errors())
        if self.table_mapping_id or FieldMapping.table_mapping.is_cached(self):
            errors.update(self._direction_errors())
        if errors:
            raise ValidationError(errors)

    def _direction_errors(self) -> dict[str, str]:
        mapping = self.table_mapping
        if {mapping.direction, self.direction} - set(Direction.values):
            return {}  # An unknown direction is reported by the field's own choice check.
        if mapping.is_option_mapping and self.direction == Direction.BIDIRECTIONAL:
            return {"direction": "A field of an option mapping synchronizes in one direction only."}
        if not Direction(mapping.direction).allows(Direction(self.direction)):
            return {
                "direction": f"The table mapping runs {Direction(mapping.direction).label}; "
                f"a {Direction(self.direction).label} field would never be transferred."
            }
        return {}
