"""Export and import of a connection's mappings as JSON, to carry a tested set-up from sandbox to production.

The import checks every item first (model rules, filters, dependencies and, on an enabled connection, the
metadata) and writes nothing unless all of them pass; then it replaces the named mappings' set-up in one
transaction. Watermarks, couplings and job queue entries of the target stay as they are.
"""

import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from mappings.models import ConfigTemplate, FieldMapping, OptionMapping, TableMapping
from mappings.services.mapping_setup import write_field_mappings
from mappings.services.mapping_validation import Schema, validate_mapping

__all__ = ["FORMAT", "ImportRejected", "export_mappings", "import_mappings"]

FORMAT = "bcsales.integration-table-mappings"
VERSION = 1
MAPPING_ATTRIBUTES = (
    *("name", "description", "bc_table", "dataverse_table", "dataverse_option_field", "direction", "status"),
    *("bc_table_filter", "dataverse_table_filter", "filter_by_company", "synch_only_coupled_records"),
    *("dependency_filter", "update_conflict_resolution", "deletion_conflict_resolution", "bc_config_template"),
    *("dataverse_config_template", "synch_after_bulk_coupling", "create_new_if_no_match"),
    "disable_event_job_rescheduling",
)
FIELD_ATTRIBUTES = (
    *("position", "bc_field", "dataverse_field", "direction", "status", "constant_value", "validate_field"),
    *("validate_integration_table_field", "clear_value_on_failed_sync", "not_null", "transformation_rule"),
    *("use_for_match_based_coupling", "case_sensitive_matching", "match_priority"),
    *("find_value", "replace_value", "start_position", "substring_length", "starting_text", "ending_text"),
    *("data_format", "precision", "rounding_direction", "date_part", "lookup_values", "lookup_rule"),
)
OPTION_ATTRIBUTES = ("bc_code", "option_value", "option_caption")
TEMPLATE_ATTRIBUTES = ("side", "code", "priority", "source_filter", "defaults")


class ImportRejected(Exception):
    """The file cannot be imported; ``problems`` lists every reason, each naming the item it concerns."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"The file was not imported: {len(problems)} problem(s) found.")
        self.problems = problems


def export_mappings(connection) -> dict:
    """The connection's real (not temporary) mappings with their field and option mappings, as JSON-ready data."""
    mappings = (
        TableMapping.objects.filter(connection=connection, parent_name="", delete_after_synchronization=False)
        .select_related("parent_mapping")
        .prefetch_related("field_mappings", "option_mappings", "config_templates")
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "connection": connection.name,
        "mappings": [
            {
                **model_to_dict(mapping, fields=MAPPING_ATTRIBUTES),
                "child_of": mapping.parent_mapping.name if mapping.parent_mapping else "",
                "field_mappings": [model_to_dict(f, fields=FIELD_ATTRIBUTES) for f in mapping.field_mappings.all()],
                "option_mappings": [model_to_dict(o, fields=OPTION_ATTRIBUTES) for o in mapping.option_mappings.all()],
                "config_templates": [
                    model_to_dict(t, fields=TEMPLATE_ATTRIBUTES) for t in mapping.config_templates.all()
                ],
            }
            for mapping in mappings
        ],
    }


@dataclass
class _Staged:
    mapping: TableMapping
    child_of: str
    fields: list[FieldMapping] = field(default_factory=list)
    options: list[OptionMapping] = field(default_factory=list)
    templates: list[ConfigTemplate] = field(default_factory=list)


def _unknown_keys(item: dict, allowed: tuple[str, ...], label: str) -> list[str]:
    return [f"{label}: unknown attribute {key!r}." for key in sorted(set(item) - set(allowed))]


def _messages(error: ValidationError, label: str) -> list[str]:
    return [f"{label}: {name}: {message}" for name, messages in error.message_dict.items() for message in messages]


def _check(instance, label: str, exclude: list[str]) -> list[str]:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return _messages(error, label)
    return []


def _stage_children(mapping: TableMapping, items: list, target: list, model, attributes: tuple[str, ...]) -> list[str]:
    """Build and check the field mappings, option mappings or templates of one staged mapping, in file order."""
    problems: list[str] = []
    kind = model._meta.verbose_name
    for index, values in enumerate(items, start=1):
        label = f"{mapping.name or '(mapping without a name)'} {kind} {index}"
        if not isinstance(values, dict):
            problems.append(f"{label}: must be an object.")
            continue
        problems += _unknown_keys(values, attributes, label)
        child = model(table_mapping=mapping, **{k: v for k, v in values.items() if k in attributes})
        problems += _check(child, label, ["table_mapping"])
        target.append(child)
    return problems


def _stage_mapping(connection, item: dict, known: set[str], schema: Schema | None) -> tuple[_Staged | None, list[str]]:
    label = str(item.get("name") or "(mapping without a name)")
    extra = ("child_of", "field_mappings", "option_mappings", "config_templates")
    problems = _unknown_keys(item, MAPPING_ATTRIBUTES + extra, label)
    mapping = TableMapping.objects.filter(connection=connection, name=item.get("name")).first()
    mapping = mapping or TableMapping(connection=connection)
    for key in MAPPING_ATTRIBUTES:
        if key in item:
            setattr(mapping, key, item[key])
    problems += _check(mapping, label, ["connection", "parent_mapping"])
    staged = _Staged(mapping, str(item.get("child_of") or ""))
    for key, target, model, attributes in (
        ("field_mappings", staged.fields, FieldMapping, FIELD_ATTRIBUTES),
        ("option_mappings", staged.options, OptionMapping, OPTION_ATTRIBUTES),
        ("config_templates", staged.templates, ConfigTemplate, TEMPLATE_ATTRIBUTES),
    ):
        problems += _stage_children(mapping, item.get(key) or [], target, model, attributes)
    if staged.child_of and staged.child_of not in known:
        problems.append(f"{label}: child_of: {staged.child_of} is not a mapping here.")
    if not problems:
        errors = validate_mapping(mapping, staged.fields, schema=schema, known_names=known)
        problems += [f"{label}: {name}: {message}" for name, messages in errors.items() for message in messages]
    return staged, problems


def _parse(payload: str | bytes | dict) -> list[dict]:
    try:
        data = json.loads(payload) if isinstance(payload, str | bytes) else payload
    except ValueError as error:
        raise ImportRejected([f"The file is not valid JSON: {error}."]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRejected(["The file is not an export of Integration Table Mappings."])
    if data.get("version") != VERSION:
        raise ImportRejected([f"The file has version {data.get('version')!r}; this application reads version 1."])
    items = data.get("mappings")
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ImportRejected(["The file's mappings must be a list of objects."])
    return items


def _stage_all(connection, items: list[dict], schema: Schema | None) -> list[_Staged]:
    names = [item.get("name") for item in items]
    problems = [
        f"{name}: the file holds this mapping more than once."
        for name in sorted({n for n in names if names.count(n) > 1})
    ]
    known = set(TableMapping.objects.filter(connection=connection).values_list("name", flat=True)) | set(names)
    staged_all = []
    for item in items:
        staged, item_problems = _stage_mapping(connection, item, known, schema)
        problems += item_problems
        staged_all.append(staged)
    if problems:
        raise ImportRejected(problems)
    return staged_all


def import_mappings(connection, payload: str | bytes | dict, *, schema: Schema | None = None) -> list[TableMapping]:
    """Validate every item, then write them all in one transaction; raises ImportRejected and changes nothing."""
    staged_all = _stage_all(connection, _parse(payload), schema)
    with transaction.atomic():
        for staged in staged_all:
            staged.mapping.save()
        for staged in staged_all:
            staged.mapping.parent_mapping = TableMapping.objects.filter(
                connection=connection, name=staged.child_of
            ).first()
            staged.mapping.save(update_fields=["parent_mapping"])
            write_field_mappings(staged.mapping, [model_to_dict(f, fields=FIELD_ATTRIBUTES[1:]) for f in staged.fields])
            staged.mapping.option_mappings.all().delete()
            for option in staged.options:
                option.table_mapping = staged.mapping
            OptionMapping.objects.bulk_create(staged.options)
            staged.mapping.config_templates.all().delete()
            for template in staged.templates:
                template.table_mapping = staged.mapping
            ConfigTemplate.objects.bulk_create(staged.templates)
    return [staged.mapping for staged in staged_all]
