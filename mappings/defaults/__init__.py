"""The default Integration Table Mapping catalogue, as data (default_mappings.md)."""

from mappings.defaults.catalogue import (
    Switches,
    catalogue_names,
    default_mapping,
    default_mappings,
)
from mappings.defaults.extras import EXTRA_FIELD_MAPPINGS, extra_field_mappings
from mappings.defaults.spec import FieldSpec, JobSpec, MappingSpec

__all__ = [
    "EXTRA_FIELD_MAPPINGS",
    "FieldSpec",
    "JobSpec",
    "MappingSpec",
    "Switches",
    "catalogue_names",
    "default_mapping",
    "default_mappings",
    "extra_field_mappings",
]
