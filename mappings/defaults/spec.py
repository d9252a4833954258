"""The shapes of the default catalogue: a table mapping, its field mappings, its job queue settings.

The catalogue modules beside this one are pure data built from these frozen dataclasses, so that the seeding
service, the Reset to Default action and the catalogue test all read the same declarations.
"""

from dataclasses import dataclass

from mappings.choices import DeletionConflictResolution, Direction, MappingStatus, UpdateConflictResolution

__all__ = ["BOTH", "FROM", "TO", "FieldSpec", "JobSpec", "MappingSpec", "field_spec", "owner_fields"]

TO = Direction.TO_INTEGRATION
FROM = Direction.FROM_INTEGRATION
BOTH = Direction.BIDIRECTIONAL

DATAVERSE_SERVICE = "Dataverse"
SALES_SERVICE = "Dynamics 365 Sales"


@dataclass(frozen=True)
class FieldSpec:
    """One Integration Field Mapping; a blank side with a constant writes that constant to the other side."""

    bc_field: str
    dataverse_field: str
    direction: Direction
    constant_value: str = ""
    validate_field: bool = True
    validate_integration_table_field: bool = False
    clear_value_on_failed_sync: bool = False
    not_null: bool = False
    use_for_match_based_coupling: bool = False
    person_model_only: bool = False
    status: MappingStatus = MappingStatus.ENABLED


def field_spec(bc_field: str, dataverse_field: str, direction: Direction, constant: str = "", **flags) -> FieldSpec:
    """Shorthand for the catalogue: the four values BC's InsertIntegrationFieldMapping takes, then the flags."""
    return FieldSpec(bc_field, dataverse_field, direction, constant, **flags)


@dataclass(frozen=True)
class JobSpec:
    """The recurring "Integration Synch. Job Runner" entry of a mapping (sync_engine §6.1)."""

    interval_minutes: int = 30
    inactivity_timeout_minutes: int = 720
    category: str = ""
    person_model_only: bool = False


@dataclass(frozen=True)
class MappingSpec:
    """One Integration Table Mapping as BC's setup code creates it; ``source`` names that code."""

    name: str
    bc_table: str
    dataverse_table: str
    direction: Direction
    fields: tuple[FieldSpec, ...]
    source: str
    service: str = SALES_SERVICE
    bc_table_filter: str = ""
    dataverse_table_filter: str = ""
    filter_by_company: bool = False
    synch_only_coupled_records: bool = True
    dependency_filter: str = ""
    update_conflict_resolution: UpdateConflictResolution = UpdateConflictResolution.NONE
    deletion_conflict_resolution: DeletionConflictResolution = DeletionConflictResolution.NONE
    bc_config_template: str = ""
    dataverse_config_template: str = ""
    synch_after_bulk_coupling: bool = False
    create_new_if_no_match: bool = False
    dataverse_option_field: str = ""
    child_of: str = ""
    job: JobSpec | None = None

    @property
    def job_description(self) -> str:
        """BC's description of the mapping's recurring entry: " NAME - service synchronization job."."""
        return f" {self.name} - {self.service} synchronization job."


def owner_fields(owner_field: str) -> tuple[FieldSpec, ...]:
    """Person ownership model only: the owner is the Dataverse user coupled to the record's salesperson."""
    return (
        field_spec("", "owneridtype", TO, "systemuser", validate_field=False, person_model_only=True),
        field_spec(owner_field, "ownerid", TO, not_null=True, person_model_only=True),
    )
