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
)
from mappings.models import FieldMapping, TableMapping
from mappings.services.job_queue import ensure_entry, remove_entry

__all__ = [
    "MappingSetupError",
    "apply_default_synchronization_setup",
    "create_default_mapping",
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


def _field_values(spec: MappingSpec) -> list[dict]:
    return [{k: v for k, v in asdict(field).items() if k != "person_model_only"} for field in spec.fields]


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
    write_field_mappings(mapping, _field_values(spec))
    if spec.job:
        ensure_entry(
            connection,
            code=spec.name,
            description=spec.job_description,
            mapping=mapping,
            interval_minutes=spec.job.interval_minutes,
            inactivity_timeout_minutes=spec.job.inactivity_timeout_minutes,
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


@transaction.atomic
def create_default_mapping(connection, name: str) -> TableMapping:
    """Create (or put back) one default mapping as the catalogue declares it for the connection's switches."""
    spec = default_mapping(name, Switches.of(connection))
    if spec is None:
        raise MappingSetupError(
            f"{name} is not a default mapping for this connection's settings, so it has no default to reset to."
        )
    return _write(connection, spec)


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
