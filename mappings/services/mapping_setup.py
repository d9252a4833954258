"""Use Default Synchronization Setup, Reset to Default, Restart and Recommend Full Synchronization.

Writing a mapping from the catalogue works as BC's ``CreateRecord``: the mapping row is overwritten (watermarks
cleared, so the next run reads everything again), its field mappings are replaced and its recurring job queue
entry is (re)created. Option mapping rows are couplings, not set-up, and are kept. Custom mappings are never
touched; catalogue mappings that the connection's switches no longer choose are removed with their entries.
"""

from dataclasses import asdict

from django.db import transaction

from mappings.defaults import (
    MappingSpec,
    Switches,
    catalogue_names,
    default_mapping,
    default_mappings,
    extra_field_mappings,
)
from mappings.defaults.coupling_criteria import SUGGESTED_CRITERIA
from mappings.models import FieldMapping, TableMapping
from mappings.services.job_queue import ensure_entry, remove_entry

__all__ = [
    "MappingSetupError",
    "add_extra_field_mappings",
    "apply_default_synchronization_setup",
    "create_default_mapping",
    "preselect_coupling_criteria",
    "recommend_full_synchronization",
    "reset_to_default",
    "restart",
    "write_field_mappings",
]

POSITION_STEP = 10
SPEC_ONLY = {"fields", "source", "service", "job", "child_of"}


class MappingSetupError(Exception):
    """An administrator action on a mapping that cannot be done; the message says why."""


def write_field_mappings(mapping: TableMapping, fields: list[dict]) -> None:
    """Replace a mapping's field mappings with ``fields`` (attribute dicts), numbered in the order given."""
    mapping.field_mappings.all().delete()
    FieldMapping.objects.bulk_create(
        FieldMapping(table_mapping=mapping, position=POSITION_STEP * (index + 1), **values)
        for index, values in enumerate(fields)
    )


def _field_values(fields) -> list[dict]:
    return [{k: v for k, v in asdict(field).items() if k != "person_model_only"} for field in fields]


def add_extra_field_mappings(mapping: TableMapping) -> int:
    """BC's extra field mappings for the mapping's tables, disabled, unless the field or column is mapped already."""
    existing = list(mapping.field_mappings.values_list("bc_field", "dataverse_field", "position"))
    bc_fields, columns = {row[0] for row in existing}, {row[1] for row in existing}
    extras = [f for f in extra_field_mappings(mapping.bc_table, mapping.dataverse_table) if f.bc_field not in bc_fields]
    extras = [f for f in extras if f.dataverse_field not in columns]
    last = max((row[2] for row in existing), default=0)
    FieldMapping.objects.bulk_create(
        FieldMapping(table_mapping=mapping, position=last + POSITION_STEP * (index + 1), **values)
        for index, values in enumerate(_field_values(extras))
    )
    return len(extras)


def preselect_coupling_criteria(mapping: TableMapping) -> bool:
    """Mark our suggested match fields when BC's setup chose none; a record without a match is then created."""
    suggested = SUGGESTED_CRITERIA.get(mapping.name, ())
    fields = mapping.field_mappings.filter(status="Enabled", constant_value="")
    if not suggested or fields.filter(use_for_match_based_coupling=True).exists():
        return False
    for criterion in suggested:
        fields.filter(bc_field=criterion.bc_field, dataverse_field=criterion.dataverse_field).update(
            use_for_match_based_coupling=True, match_priority=criterion.priority
        )
    mapping.create_new_if_no_match = mapping.synch_after_bulk_coupling = True
    mapping.save(update_fields=["create_new_if_no_match", "synch_after_bulk_coupling", "updated_at"])
    return True


def _write(connection, spec: MappingSpec) -> TableMapping:
    values = {k: v for k, v in asdict(spec).items() if k not in SPEC_ONLY and k != "name"}
    mapping, _ = TableMapping.objects.update_or_create(
        connection=connection,
        name=spec.name,
        defaults={
            **values,
            "description": f"{spec.bc_table} ↔ {spec.dataverse_table}",
            "parent_mapping": TableMapping.objects.filter(connection=connection, name=spec.child_of).first(),
            "bc_watermark": None,
            "dataverse_watermark": None,
            "dataverse_delta_link": "",
            "full_sync_recommended": False,
        },
    )
    write_field_mappings(mapping, _field_values(spec.fields))
    preselect_coupling_criteria(mapping)
    if spec.job:
        ensure_entry(
            connection,
            code=spec.name,
            description=spec.job_description,
            mapping=mapping,
            interval_minutes=spec.job.interval_minutes,
            inactivity_timeout_minutes=spec.job.inactivity_timeout_minutes,
            category=spec.job.category,
        )
    else:
        remove_entry(connection, code=spec.name)
    return mapping


@transaction.atomic
def apply_default_synchronization_setup(connection, *, extended_pricing: bool = True) -> None:
    """(Re)create the connection's default mappings and their job queue entries, following its switches (§6.7)."""
    switches = Switches.of(connection, extended_pricing=extended_pricing)
    specs = default_mappings(switches)
    chosen = {spec.name for spec in specs}
    for name in sorted(catalogue_names() - chosen):
        remove_entry(connection, code=name)
        TableMapping.objects.filter(connection=connection, name=name).delete()
    for spec in specs:
        _write(connection, spec)
    for mapping in TableMapping.objects.filter(
        connection=connection, parent_name="", delete_after_synchronization=False
    ):
        add_extra_field_mappings(mapping)


@transaction.atomic
def create_default_mapping(connection, name: str) -> TableMapping:
    """Create (or put back) one default mapping as the catalogue declares it for the connection's switches."""
    spec = default_mapping(name, Switches.of(connection))
    if spec is None:
        raise MappingSetupError(
            f"{name} is not a default mapping for this connection's settings, so it has no default to reset to."
        )
    mapping = _write(connection, spec)
    add_extra_field_mappings(mapping)
    return mapping


def reset_to_default(mapping: TableMapping) -> TableMapping:
    """Put one mapping back as the catalogue declares it for its connection's switches."""
    return create_default_mapping(mapping.connection, mapping.name)


def restart(mapping: TableMapping) -> TableMapping:
    """Clear the watermarks, so the next run reads every record of both sides again."""
    mapping.clear_watermarks()
    mapping.save(update_fields=["bc_watermark", "dataverse_watermark", "dataverse_delta_link", "updated_at"])
    return mapping


def recommend_full_synchronization(mapping: TableMapping) -> TableMapping:
    """Make the Full Synchronization Review propose a full synchronization for this mapping (sync_engine §5.4)."""
    if mapping.is_temporary:
        raise MappingSetupError("A temporary copy of a mapping cannot be recommended for full synchronization.")
    mapping.full_sync_recommended = True
    mapping.save(update_fields=["full_sync_recommended", "updated_at"])
    return mapping
