"""Entity-set endpoints: GET, POST, PATCH (update, upsert, create-only) and DELETE, and the routing table."""

import uuid
from functools import lru_cache

from sandbox import store
from sandbox.dataverse import actions, metadata, option_sets, query, service
from sandbox.dataverse.api import ApiRequest, ApiResponse
from sandbox.dataverse.csdl import metadata_document
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.payload import row_id_from_key
from sandbox.dataverse.records import etag, project, shape
from sandbox.dataverse.role_privileges import retrieve_user_privileges
from sandbox.dataverse.schema import TABLES, Table, table_for_entity_set
from sandbox.odata import parse_select

__all__ = ["route", "service_document", "written"]

_FUNCTIONS = {
    "WhoAmI": actions.who_am_i,
    "WhoAmI()": actions.who_am_i,
    "RetrieveVersion": actions.retrieve_version,
    "ImportSolution": actions.import_solution,
    "InsertOptionValue": option_sets.insert_option_value,
    "UpdateOptionValue": option_sets.update_option_value,
}
_BULK = {
    "Microsoft.Dynamics.CRM.CreateMultiple",
    "Microsoft.Dynamics.CRM.UpdateMultiple",
    "Microsoft.Dynamics.CRM.UpsertMultiple",
}


def service_document(request: ApiRequest) -> ApiResponse:
    sets = [{"name": t.entity_set, "kind": "EntitySet", "url": t.entity_set} for t in TABLES.values()]
    return ApiResponse(200, {"@odata.context": f"{request.root}$metadata", "value": sets})


def route(request: ApiRequest, name: str, key: str | None, rest: str) -> ApiResponse:
    if name in _FUNCTIONS and not key:  # `Function()` names no key: the parentheses are empty
        return _FUNCTIONS[name](request)
    if name == "$metadata" and not key and not rest:
        return ApiResponse(200, metadata_document(), {"Content-Type": "application/xml"})
    if name == "EntityDefinitions":
        return metadata.entity_definitions(request, key, rest)
    table = table_for_entity_set(name)
    if table is None:
        raise DataverseError(404, "0x80060888", f"Resource not found for the segment '{name}'.")
    if rest in _BULK and key is None:
        return actions.bulk(request, table, rest.rsplit(".", 1)[1])
    if rest == "Microsoft.Dynamics.CRM.RetrieveUserPrivileges()" and table.logical_name == "systemuser":
        return retrieve_user_privileges(request, _row_id(table, key))
    if rest:
        return actions.navigation(request, table, _row_id(table, key), rest)
    if key is None:
        return _collection(request, table)
    return _single(request, table, key)


def _collection(request: ApiRequest, table: Table) -> ApiResponse:
    if request.method == "GET":
        return query.collection(request, table)
    if request.method == "POST":
        row = service.create(table, request.json(), caller_id=request.caller_id)
        return written(request, table, row, 201)
    raise DataverseError(405, "0x80060888", f"The HTTP method {request.method} is not allowed on a collection.")


def _single(request: ApiRequest, table: Table, key: str) -> ApiResponse:
    row_id, alternate = _key(table, key)
    if request.method == "GET":
        row = service.get(table, row_id)
        return query.single(request, table, row)
    if request.method == "PATCH":
        body = request.json()
        if alternate:
            body.setdefault(alternate[0], alternate[1])
        return _patch(request, table, row_id, body)
    if request.method == "DELETE":
        service.delete(table, row_id, expected_version=_expected_version(request))
        return ApiResponse(204)
    raise DataverseError(405, "0x80060888", f"The HTTP method {request.method} is not allowed on a row.")


def _patch(request: ApiRequest, table: Table, row_id: uuid.UUID, body: dict) -> ApiResponse:
    if request.header("if-none-match").strip() == "*":
        return written(request, table, service.create(table, body, caller_id=request.caller_id, row_id=row_id), 201)
    if request.header("if-match"):
        row = service.update(
            table, row_id, body, caller_id=request.caller_id, expected_version=_expected_version(request)
        )
        return written(request, table, row, 200)
    row, created = service.upsert(table, row_id, body, caller_id=request.caller_id)
    return written(request, table, row, 201 if created else 200)


def written(request: ApiRequest, table: Table, row: store.StoredRow, status: int) -> ApiResponse:
    """The answer to a write: where the row is, its ETag, and the row itself when ``return=representation``."""
    headers = {"OData-EntityId": f"{request.root}{table.entity_set}({row.row_id})", "ETag": etag(row.version)}
    if request.prefers("return") == "representation":
        body = shape(table, project(table, row), _selected(request.query.get("$select")))
        body["@odata.context"] = f"{request.root}$metadata#{table.entity_set}/$entity"
        headers["Preference-Applied"] = "return=representation"
        return ApiResponse(status, body, headers)
    return ApiResponse(204, None, headers)


@lru_cache(maxsize=256)
def _selected(select: str | None) -> tuple[str, ...]:
    """Parsed once for the thousand parts of a `$batch`, which all ask for the same columns back."""
    return parse_select(select)


def _expected_version(request: ApiRequest) -> int | None:
    value = request.header("if-match").strip()
    if not value or value == "*":
        return None
    try:
        return int(value.removeprefix("W/").strip('"'))
    except ValueError:
        raise DataverseError.bad_request(f"The If-Match header '{value}' is not an ETag of this service.") from None


def _key(table: Table, key: str) -> tuple[uuid.UUID, tuple[str, str] | None]:
    """A GUID key, or an alternate key ``column='value'`` resolved to the row's id (a new id when missing)."""
    if "=" not in key:
        return row_id_from_key(key), None
    column, _, value = key.partition("=")
    column, value = column.strip(), value.strip().strip("'").replace("''", "'")
    if column not in table.alternate_keys:
        raise DataverseError.bad_request(f"'{column}' is not an alternate key of {table.logical_name}.")
    rows = store.find(service.SERVICE, table.logical_name, **{column: value})
    row_id = rows[0].row_id if rows else uuid.uuid5(uuid.NAMESPACE_URL, f"{table.logical_name}/{column}/{value}")
    return row_id, (column, value)


def _row_id(table: Table, key: str | None) -> uuid.UUID:
    if key is None:
        raise DataverseError(404, "0x80060888", f"A key is needed before a navigation property of {table.entity_set}.")
    return _key(table, key)[0]
