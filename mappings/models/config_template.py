"""Configuration templates of a mapping: the defaults a record created by synchronization starts with.

BC's "Table Config Template" (table 5325, for new BC records) and "Int. Table Config Template" (table 5326, for
new Dataverse rows). A mapping may have several per side, each with an optional filter on the *source* record
and a Priority; the engine (``mappings.engine.templates``) picks one per new record.
"""

from django.core.exceptions import ValidationError
from django.db import models

from mappings.engine.record_filter import RecordFilterError, parse_record_filter

__all__ = ["ConfigTemplate", "TemplateSide"]


class TemplateSide(models.TextChoices):
    """Which side's new records the template fills; its filter reads the other side's source record."""

    BC = "bc", "Table Config Template (new Business Central records)"
    DATAVERSE = "dataverse", "Int. Table Config Template (new Dataverse rows)"


class ConfigTemplate(models.Model):
    """One template of a mapping: a code, an optional source filter, a Priority and the field values it sets.

    ``defaults`` maps the destination's API field names (BC API names for new BC records, Dataverse logical names
    for new rows) to values. The field mappings are applied after the template, so a mapped value always wins.
    """

    table_mapping = models.ForeignKey(
        "mappings.TableMapping", on_delete=models.CASCADE, related_name="config_templates"
    )
    side = models.CharField(max_length=10, choices=TemplateSide.choices)
    code = models.CharField("Template Code", max_length=10)
    source_filter = models.TextField(
        "Filter",
        blank=True,
        help_text="OData $filter on the source record: Dataverse columns for new BC records, BC API fields for "
        "new Dataverse rows. Blank: every record.",
    )
    priority = models.PositiveIntegerField(
        default=0, help_text="Templates are tried from the lowest number up; the first whose filter matches is used."
    )
    defaults = models.JSONField(
        default=dict, blank=True, help_text='The values the new record gets, e.g. {"customerPostingGroup": "EU"}.'
    )

    class Meta:
        ordering = ["table_mapping", "side", "priority", "id"]
        verbose_name = "configuration template"

    def __str__(self) -> str:
        return f"{self.code} (priority {self.priority})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.source_filter.strip():
            try:
                parse_record_filter(self.source_filter)
            except RecordFilterError as error:
                errors["source_filter"] = str(error)
        if not isinstance(self.defaults, dict):
            errors["defaults"] = 'Enter the values as a JSON object of field names and values, e.g. {"city": "Oslo"}.'
        elif any(isinstance(value, dict | list) for value in self.defaults.values()):
            errors["defaults"] = "Each template value must be text, a number, true/false or null."
        if errors:
            raise ValidationError(errors)
