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

from mappings.models import FieldMapping, OptionMapping, TableMapping
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
)
OPTION_ATTRIBUTES = ("bc_code", "option_value", "option_caption")


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
        .prefetch_related("field_mappings", "option_mappings")
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


def _stage_mapping(connection, item: dict, known: set[str], schema: Schema | None) -> tuple[_Staged | None, list[str]]:
    label = str(item.get("name") or "(mapping without a name)")
    extra = ("child_of", "field_mappings", "option_mappings")
    problems = _unknown_keys(item, MAPPING_ATTRIBUTES + extra, label)
    mapping = TableMapping.objects.filter(connection=connection, name=item.get("name")).first()
    mapping = mapping or TableMapping(connection=connection)
    for key in MAPPING_ATTRIBUTES:
        if key in item:
            setattr(mapping, key, item[key])
    problems += _check(mapping, label, ["connection", "parent_mapping"])
    staged = _Staged(mapping, str(item.get("child_of") or ""))
    for index, values in enumerate(item.get("field_mappings") or [], start=1):
        field_label = f"{label} field mapping {index}"
        problems += _unknown_keys(values, FIELD_ATTRIBUTES, field_label)
        field_mapping = FieldMapping(
            table_mapping=mapping, **{k: v for k, v in values.items() if k in FIELD_ATTRIBUTES}
        )
        problems += _check(field_mapping, field_label, ["table_mapping"])
        staged.fields.append(field_mapping)
    for index, values in enumerate(item.get("option_mappings") or [], start=1):
        option_label = f"{label} option mapping {index}"
        problems += _unknown_keys(values, OPTION_ATTRIBUTES, option_label)
        option = OptionMapping(table_mapping=mapping, **{k: v for k, v in values.items() if k in OPTION_ATTRIBUTES})
        problems += _check(option, option_label, ["table_mapping"])
        staged.options.append(option)
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
    return [staged.mapping for staged in staged_all]
