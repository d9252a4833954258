"""Forms of the mapping card, the field mapping card and the import of a mapping file.

Both model forms add the service-level checks to the model's own: filters parsed by the OData parser, dependency
names, and, when a schema is given (the connection is enabled), table, field and column names against metadata.
"""

from django import forms

from mappings.models import ConfigTemplate, FieldMapping, TableMapping
from mappings.services.mapping_validation import Schema, field_errors, validate_mapping

__all__ = ["ConfigTemplateForm", "FieldMappingForm", "ImportMappingsForm", "TableMappingForm"]

TEXTAREA = forms.Textarea(attrs={"rows": 2, "cols": 60})
TRANSFORMATION_SETTINGS = (
    *("find_value", "replace_value", "start_position", "substring_length", "starting_text", "ending_text"),
    *("data_format", "precision", "rounding_direction", "date_part", "lookup_values", "lookup_rule"),
)


def _add_errors(form: forms.BaseForm, errors: dict[str, list[str]]) -> None:
    for attribute, problems in errors.items():
        target = attribute if attribute in form.fields else None
        for problem in problems:
            form.add_error(target, problem)


class TableMappingForm(forms.ModelForm):
    """The Integration Table Mapping card: what an administrator may change on a mapping."""

    class Meta:
        model = TableMapping
        fields = [
            "description",
            "direction",
            "status",
            "bc_table_filter",
            "dataverse_table_filter",
            "filter_by_company",
            "synch_only_coupled_records",
            "dependency_filter",
            "update_conflict_resolution",
            "deletion_conflict_resolution",
            "bc_config_template",
            "dataverse_config_template",
            "synch_after_bulk_coupling",
            "create_new_if_no_match",
            "disable_event_job_rescheduling",
        ]
        widgets = {"bc_table_filter": TEXTAREA, "dataverse_table_filter": TEXTAREA}

    def __init__(self, *args, schema: Schema | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.schema = schema

    def _post_clean(self) -> None:
        super()._post_clean()
        if not self.errors:
            _add_errors(self, validate_mapping(self.instance, schema=self.schema))


class FieldMappingForm(forms.ModelForm):
    """One Integration Field Mapping; its table mapping is fixed by the page it is edited on."""

    class Meta:
        model = FieldMapping
        fields = [
            "bc_field",
            "dataverse_field",
            "direction",
            "status",
            "constant_value",
            "validate_field",
            "validate_integration_table_field",
            "clear_value_on_failed_sync",
            "not_null",
            "transformation_rule",
            *TRANSFORMATION_SETTINGS,
            "use_for_match_based_coupling",
            "case_sensitive_matching",
            "match_priority",
        ]
        widgets = {"lookup_values": TEXTAREA}

    def __init__(self, *args, mapping: TableMapping, schema: Schema | None = None, **kwargs) -> None:
        kwargs.setdefault("instance", FieldMapping(table_mapping=mapping))
        super().__init__(*args, **kwargs)
        for name in TRANSFORMATION_SETTINGS:  # a setting left out keeps its default; the rule checks what it needs
            self.fields[name].required = False
        self.mapping = mapping
        self.schema = schema

    def clean_bc_field(self) -> str:
        name = self.cleaned_data["bc_field"].strip()
        if name and not any(char.isalnum() for char in name):
            raise forms.ValidationError("A BC field name needs letters or digits.")
        return name

    def _post_clean(self) -> None:
        super()._post_clean()
        if not self.errors:
            _add_errors(self, field_errors(self.mapping, self.instance, self.schema))


class ConfigTemplateForm(forms.ModelForm):
    """One configuration template of a mapping: side, code, source filter, Priority and the values it sets."""

    class Meta:
        model = ConfigTemplate
        fields = ["side", "code", "priority", "source_filter", "defaults"]
        widgets = {"source_filter": TEXTAREA, "defaults": TEXTAREA}

    def __init__(self, *args, mapping: TableMapping, **kwargs) -> None:
        kwargs.setdefault("instance", ConfigTemplate(table_mapping=mapping))
        super().__init__(*args, **kwargs)


class ImportMappingsForm(forms.Form):
    """A JSON file made by Export on another environment's Integration Table Mappings page."""

    file = forms.FileField(label="Mapping file (JSON)")
