"""Every Dataverse column the default mapping catalogue maps exists in the emulator, with a type the BC field
can be written to and read from; checked through EntityDefinitions, as a client discovers a table."""

from itertools import product

import pytest

from mappings.defaults import Switches, default_mappings
from sandbox.bc.schema import table as bc_table

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

# Which Dataverse attribute types can hold each BC field type (option fields go through option maps or booleans).
COMPATIBLE = {
    "Code": {"String", "Memo", "Lookup", "Customer", "Owner", "Picklist", "EntityName", "Uniqueidentifier"},
    "Text": {"String", "Memo", "Lookup", "Customer", "Owner", "Picklist"},
    "Option": {"Picklist", "State", "Status", "Boolean", "String"},
    "Decimal": {"Money", "Decimal", "Double", "Integer"},
    "Integer": {"Integer", "BigInt", "Picklist", "Decimal"},
    "Boolean": {"Boolean", "Picklist", "State"},
    "Date": {"DateTime"},
    "DateTime": {"DateTime"},
    "Guid": {"Uniqueidentifier", "Lookup", "Customer", "Owner"},
}


def _mapped_fields() -> dict[tuple[str, str], set[str]]:
    """(Dataverse table, column) → the BC field types mapped to it, over every switch setting."""
    found: dict[tuple[str, str], set[str]] = {}
    for flags in product((False, True), repeat=5):
        for spec in default_mappings(Switches(*flags)):
            for field in spec.fields:
                if not field.dataverse_field:
                    continue
                types = found.setdefault((spec.dataverse_table, field.dataverse_field), set())
                bc_type = _bc_type(spec.bc_table, field.bc_field)
                if bc_type:
                    types.add(bc_type)
    return found


def _bc_type(table_name: str, field_name: str) -> str | None:
    try:
        source = bc_table(table_name)
    except KeyError:
        return None
    return source.by_name[field_name].type if source.has_field(field_name) else None


def _attributes(dataverse, table: str) -> dict[str, str]:
    response = dataverse.get(
        f"EntityDefinitions(LogicalName='{table}')", params={"$expand": "Attributes($select=LogicalName,AttributeType)"}
    )
    assert response.status_code == 200, f"{table}: {response.text}"
    return {item["LogicalName"]: item["AttributeType"] for item in response.json()["Attributes"]}


def test_every_column_the_default_catalogue_maps_exists_with_a_compatible_type(dataverse):
    problems = []
    attributes: dict[str, dict[str, str]] = {}
    for (table, column), bc_types in sorted(_mapped_fields().items()):
        if table not in attributes:
            attributes[table] = _attributes(dataverse, table)
        kind = attributes[table].get(column)
        if kind is None:
            problems.append(f"{table}.{column} is missing")
        for bc_type in bc_types:
            if kind is not None and kind not in COMPATIBLE[bc_type]:
                problems.append(f"{table}.{column} is {kind}, which a BC {bc_type} field cannot be mapped to")
    assert problems == [], "\n".join(problems)
