"""Turn a TableMapping and its field mappings into the engine's ``MappingPlan`` (read once per run)."""

from django.db.models import Q

from connection_setup.clients.odata import Filter
from mappings.choices import MappingStatus
from mappings.engine.context import MappingPlan
from mappings.engine.errors import SyncConfigurationError
from mappings.engine.hooks import COMPANY_LOOKUP, implicit_rules
from mappings.engine.relations import (
    BC_RELATIONS,
    COMPANY_CONTACT_FIELDS,
    DATAVERSE_LOOKUPS,
    OPTION_CONSTANTS,
    OPTION_TABLES,
    RECORD_LOOKUPS,
)
from mappings.engine.templates import load_templates
from mappings.engine.types import FieldRule, LookupRule
from mappings.models import FieldMapping, OptionMapping, TableMapping

__all__ = ["load_plan", "raw_filter"]


def raw_filter(text: str) -> Filter | None:
    """An administrator's Table Filter (OData ``$filter`` text), kept apart from the filters the engine adds."""
    text = text.strip()
    return Filter(lambda _resolve, _lists: f"({text})") if text else None


def _lookup_rule(mapping: TableMapping, field: FieldMapping, peers: dict[str, TableMapping]) -> LookupRule | None:
    lookup = DATAVERSE_LOOKUPS.get(field.dataverse_field)
    if lookup is None or not field.bc_field:
        return None
    if field.bc_field in COMPANY_CONTACT_FIELDS and lookup.target == "account":
        return COMPANY_LOOKUP
    if (mapping.bc_table, field.bc_field, field.dataverse_field) in RECORD_LOOKUPS:
        return RECORD_LOOKUPS[(mapping.bc_table, field.bc_field, field.dataverse_field)]
    peer = peers.get(lookup.target)
    relation = BC_RELATIONS.get(field.bc_field)
    if peer is None or relation is None:
        related = relation[0] if relation else field.bc_field
        raise SyncConfigurationError(
            f"Table {related} must be mapped to table {lookup.target} to transfer value between fields "
            f"{field.bc_field} and {field.dataverse_field}."
        )
    return LookupRule(bc_table=peer.bc_table, dataverse_table=lookup.target, bc_key=relation[1])


def _option_rows(connection_id: int) -> dict[str, tuple]:
    """Every option mapping row of the connection, by the BC table of its option mapping: one query per run."""
    rows: dict[str, list] = {}
    for bc_table, code, value in OptionMapping.objects.filter(table_mapping__connection_id=connection_id).values_list(
        "table_mapping__bc_table", "bc_code", "option_value"
    ):
        rows.setdefault(bc_table, []).append((code, value))
    return {table: tuple(pairs) for table, pairs in rows.items()}


def _rule(field: FieldMapping, lookup_of, options: dict[str, tuple]) -> FieldRule:
    constant = (
        field.constant_value if (field.constant_value or not field.bc_field or not field.dataverse_field) else None
    )
    if constant is not None:
        constant = str(OPTION_CONSTANTS.get(field.dataverse_field, {}).get(constant, constant))
    relation = BC_RELATIONS.get(field.bc_field, ("", ""))[0]
    is_option = constant is None and relation in OPTION_TABLES
    return FieldRule(
        bc_field=field.bc_field,
        dataverse_field=field.dataverse_field,
        direction=field.direction,
        constant=constant,
        lookup=None if constant is not None or is_option else lookup_of(field),
        options=options.get(relation, ()) if is_option else (),
        is_option=is_option,
        clear_on_failed=field.clear_value_on_failed_sync,
        not_null=field.not_null,
        caption=field.bc_field or field.dataverse_field,
        transformation=field.transformation,
    )


def load_plan(mapping: TableMapping, *, team_ownership: bool | None = None) -> MappingPlan:
    """The mapping as the engine runs it; Team ownership never changes owners (sync_engine §2.11)."""
    connection = mapping.connection
    team = connection.ownership_model == "Team" if team_ownership is None else team_ownership
    peers = {m.dataverse_table: m for m in TableMapping.objects.filter(connection=connection, parent_name="")}
    options = _option_rows(connection.pk)
    fields = mapping.field_mappings.filter(status=MappingStatus.ENABLED).exclude(
        Q(dataverse_field__in=("ownerid", "owneridtype")) if team else Q(pk__in=[])
    )
    rules = tuple(_rule(f, lambda field: _lookup_rule(mapping, field, peers), options) for f in fields)
    return MappingPlan(
        mapping_id=mapping.pk,
        name=mapping.parent_name or mapping.name,
        connection_id=connection.pk,
        bc_table=mapping.bc_table,
        dataverse_table=mapping.dataverse_table,
        direction=mapping.direction,
        rules=rules + implicit_rules(mapping.bc_table, mapping.dataverse_table, {r.dataverse_field for r in rules}),
        bc_filter=raw_filter(mapping.bc_table_filter),
        dataverse_filter=raw_filter(mapping.dataverse_table_filter),
        only_coupled=mapping.synch_only_coupled_records,
        update_resolution=mapping.update_conflict_resolution,
        deletion_resolution=mapping.deletion_conflict_resolution,
        is_child=mapping.parent_mapping_id is not None,
        bc_watermark=mapping.bc_watermark,
        dataverse_watermark=mapping.dataverse_watermark,
        integration_user_id=connection.integration_user_id,
        base_currency=connection.base_currency_code,
        templates=load_templates(mapping),
        option_field=mapping.dataverse_option_field,
    )
