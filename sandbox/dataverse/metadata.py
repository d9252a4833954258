"""`EntityDefinitions`: each table's LogicalName, EntitySetName, primary columns and Attributes, filterable.

Each attribute's ``RequiredLevel`` is the level Microsoft Learn's table reference gives the column (SystemRequired,
ApplicationRequired, Recommended or None), so a client can tell what the platform enforces from what forms ask for.
"""

import uuid

from sandbox.dataverse.api import ApiRequest, ApiResponse
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.option_sets import picklist_attribute
from sandbox.dataverse.schema import TABLES, Column, Table
from sandbox.odata import parse_expand, parse_filter, parse_select

__all__ = ["entity_definitions"]

_EDM_TYPES = {"Uniqueidentifier": "Uniqueidentifier", "BigInt": "BigInt"}


def _metadata_id(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "dataverse-metadata/" + "/".join(parts)))


def _attribute(table: Table, column: Column) -> dict:
    return {
        "MetadataId": _metadata_id(table.logical_name, column.name),
        "LogicalName": column.name,
        "SchemaName": column.name,
        "EntityLogicalName": table.logical_name,
        "AttributeType": _EDM_TYPES.get(column.type, column.type),
        "MaxLength": column.length,
        "RequiredLevel": {"Value": column.required_level},
        "Targets": list(column.targets) if column.is_lookup else None,
        "IsPrimaryId": column.name == table.primary_id,
        "IsPrimaryName": column.name == table.primary_name,
        "IsValidForCreate": not column.read_only,
        "IsValidForUpdate": not column.read_only and column.name != table.primary_id,
        "IsValidForRead": True,
    }


def _entity(table: Table) -> dict:
    return {
        "MetadataId": _metadata_id(table.logical_name),
        "LogicalName": table.logical_name,
        "SchemaName": table.logical_name,
        "EntitySetName": table.entity_set,
        "PrimaryIdAttribute": table.primary_id,
        "PrimaryNameAttribute": table.primary_name,
        "ObjectTypeCode": table.object_type_code,
        "ChangeTrackingEnabled": table.change_tracking,
        "IsCustomEntity": table.logical_name.startswith(("nav_", "cdm_")),
    }


def _selected(item: dict, select: tuple[str, ...]) -> dict:
    return {name: item.get(name) for name in (select or item)} | {"MetadataId": item["MetadataId"]}


def _find(key: str) -> Table:
    name = key.partition("=")[2].strip().strip("'") if "=" in key else key
    for table in TABLES.values():
        if name in (table.logical_name, _metadata_id(table.logical_name)):
            return table
    raise DataverseError(404, "0x80040217", f"Could not find an entity with LogicalName or MetadataId '{name}'.")


def _with_attributes(request: ApiRequest, table: Table, select: tuple[str, ...]) -> dict:
    entity = _selected(_entity(table), select)
    for item in parse_expand(request.query.get("$expand")):
        if item.navigation != "Attributes":
            raise DataverseError.bad_request(f"EntityDefinitions can expand Attributes only, not '{item.navigation}'.")
        entity["Attributes"] = [_selected(_attribute(table, c), item.select) for c in table.columns.values()]
    return entity


def entity_definitions(request: ApiRequest, key: str | None, rest: str) -> ApiResponse:
    if request.method != "GET":
        raise DataverseError(405, "0x80060888", "EntityDefinitions is read-only here.")
    select = parse_select(request.query.get("$select"))
    expression = parse_filter(request.query["$filter"]) if request.query.get("$filter") else None
    context = f"{request.root}$metadata#EntityDefinitions"
    if key is None:
        tables = [t for t in TABLES.values() if expression is None or expression.matches(_entity(t))]
        return ApiResponse(
            200, {"@odata.context": context, "value": [_with_attributes(request, t, select) for t in tables]}
        )
    table = _find(key)
    if rest == "Attributes":
        attributes = [_attribute(table, c) for c in table.columns.values()]
        attributes = [a for a in attributes if expression is None or expression.matches(a)]
        return ApiResponse(
            200, {"@odata.context": f"{context}/Attributes", "value": [_selected(a, select) for a in attributes]}
        )
    if rest.startswith("Attributes("):
        return picklist_attribute(request, table, rest)
    if rest:
        raise DataverseError(404, "0x80060888", f"Resource not found for the segment '{rest}'.")
    return ApiResponse(200, {"@odata.context": f"{context}/$entity", **_with_attributes(request, table, select)})
