"""The default Integration Table Mapping catalogue, as data (default_mappings.md)."""

from mappings.defaults.catalogue import (
    Switches,
    catalogue_names,
    default_mapping,
    default_mappings,
)
from mappings.defaults.spec import FieldSpec, JobSpec, MappingSpec

__all__ = [
    "FieldSpec",
    "JobSpec",
    "MappingSpec",
    "Switches",
    "catalogue_names",
    "default_mapping",
    "default_mappings",
]
