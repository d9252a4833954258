"""Every table and field the registry names exists on the service: read from $metadata and EntityDefinitions."""

import pytest

from connection_setup.clients.registry import bc_tables, dataverse_tables

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_every_registry_field_exists_on_its_bc_endpoint(bc):
    exposed = {api: bc.metadata(api) for api in {table.api for table in bc_tables()}}
    missing = {
        table.name: sorted(set(table.fields.values()) - exposed[table.api].get(table.entity_set, frozenset()))
        for table in bc_tables()
    }
    assert {name: fields for name, fields in missing.items() if fields} == {}
    assert bc.missing_fields("Customer") == []


def test_every_registry_table_matches_the_dataverse_entity_definition(dataverse):
    definitions = {
        d["LogicalName"]: d for d in dataverse.entity_definitions([t.logical_name for t in dataverse_tables()])
    }
    for table in dataverse_tables():
        definition = definitions[table.logical_name]
        assert definition["EntitySetName"] == table.entity_set, table.logical_name
        assert definition["PrimaryIdAttribute"] == table.primary_id, table.logical_name
        assert definition["PrimaryNameAttribute"] == table.primary_name, table.logical_name
        attributes = {attribute["LogicalName"] for attribute in definition["Attributes"]}
        assert {table.primary_id, table.modified_field} <= attributes, table.logical_name
        if table.change_tracking:
            assert definition["ChangeTrackingEnabled"], table.logical_name
