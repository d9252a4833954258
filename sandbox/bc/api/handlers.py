"""One BC API operation, independent of HTTP: the views and each operation of a JSON ``$batch`` call ``handle``.

Writes go through ``sandbox.bc.service`` (BC's rules) and need ``If-Match`` on PATCH and DELETE, as BC's API
does; a stale etag is 412 ``Request_EntityChanged``.
"""

from typing import Any

from django.db import transaction

from sandbox.bc import actions, service
from sandbox.bc.api.common import Call, Reply, error_reply, expected_version, only, page_size
from sandbox.bc.api.companies import companies, company
from sandbox.bc.api.metadata import metadata_document
from sandbox.bc.api.query import lines_for, read_collection, select_properties
from sandbox.bc.api.routing import Target, parse_path
from sandbox.bc.company_scope import in_company
from sandbox.bc.entities import Lookups, from_api, to_api
from sandbox.bc.errors import BCError, NotFound
from sandbox.bc.schema import Endpoint, endpoint, endpoints
from sandbox.odata import ODataQueryError, parse_select
from sandbox.routers import SANDBOX_DB

__all__ = ["Call", "Reply", "error_reply", "handle"]

RESULT_SETS = {"makeOrder": "salesOrders", "shipAndInvoice": "salesInvoices"}


def handle(call: Call) -> Reply:
    try:
        return _route(call, parse_path(call.api, call.path))
    except BCError as failure:
        return error_reply(failure)


def _route(call: Call, target: Target) -> Reply:
    if target.kind == "metadata":
        return Reply(200, metadata_document(call.api), content_type="application/xml")
    if target.kind == "root":
        sets = [{"name": e.entity_set, "kind": "EntitySet", "url": e.entity_set} for e in endpoints(call.api)]
        return Reply(200, {"@odata.context": f"{call.root_url}/$metadata", "value": sets})
    if target.kind == "batch":
        raise BCError("A $batch request must be sent on its own, not inside another batch.")
    if target.kind == "companies":
        return companies(call, target)
    with in_company(company(target.company_id).row_id):
        return _in_company(call, target)


def _in_company(call: Call, target: Target) -> Reply:
    """An operation below ``companies({id})``: it sees and writes that company's records only."""
    if target.kind == "collection":
        return _collection(call, target)
    if target.kind == "entity":
        return _entity(call, target)
    if target.kind == "action":
        return _action(call, target)
    return _lines(call, target)


def _context(call: Call, target: Target, source: Endpoint, suffix: str = "") -> str:
    return f"{call.root_url}/$metadata#companies({target.company_id})/{source.entity_set}{suffix}"


def _collection_reply(call: Call, target: Target, source: Endpoint, scope: dict) -> Reply:
    link_base = f"{call.root_url}/{call.path.strip('/')}"
    page = read_collection(source, call.params, scope=scope, page_size=page_size(call), link_base=link_base)
    payload: dict[str, Any] = {"@odata.context": _context(call, target, source)}
    if page.count is not None:
        payload["@odata.count"] = page.count
    payload["value"] = page.entities
    if page.next_link:
        payload["@odata.nextLink"] = page.next_link
    headers = {"Preference-Applied": f"odata.maxpagesize={page.page_size}"} if "prefer" in call.headers else {}
    return Reply(200, payload, headers)


def _collection(call: Call, target: Target) -> Reply:
    source = target.endpoint
    only(call, "GET", "POST", source=source)
    if call.method == "GET":
        return _collection_reply(call, target, source, {})
    with transaction.atomic(using=SANDBOX_DB):
        row = service.create(source.table, from_api(source, call.body, creating=True), row_id=_given_id(call.body))
        lines = _deep_insert(source, row, call.body)
    entity = to_api(source, service.get(source.table, row.row_id), Lookups())
    if lines is not None:
        entity[source.lines.nav] = lines
    location = f"{call.root_url}/companies({target.company_id})/{source.entity_set}({row.row_id})"
    return Reply(
        201,
        {"@odata.context": _context(call, target, source, "/$entity"), **entity},
        {"Location": location, "ETag": entity["@odata.etag"]},
    )


def _given_id(body: Any) -> str | None:
    return body.get("id") if isinstance(body, dict) else None


def _deep_insert(source: Endpoint, header, body: dict) -> list[dict] | None:
    """Lines sent inside the header's POST body are created with it, in the same transaction."""
    if source.lines is None or source.lines.nav not in body:
        return None
    lines = body[source.lines.nav]
    if not isinstance(lines, list):
        raise BCError(f"The property '{source.lines.nav}' must be a collection of lines.")
    line_endpoint = endpoint(source.api, source.lines.entity_set)
    for line in lines:
        _create_line(source, line_endpoint, header, line)
    return lines_for(source, service.get(source.table, header.row_id), Lookups())


def _create_line(source: Endpoint, line_endpoint: Endpoint, header, body: Any):
    values = from_api(line_endpoint, body, creating=True)
    values |= {line_field: header.data[header_field] for line_field, header_field in source.lines.pairs}
    return service.create(line_endpoint.table, values, row_id=_given_id(body))


def _in_scope(source: Endpoint, row_id: str | None):
    row = service.get(source.table, row_id or "")
    if any(row.data.get(name) != value for name, value in source.fixed):
        raise BCError(
            f"The {source.entity_type} does not exist. Identification fields and values: Id='{row_id}'",
            status=404,
            code="Internal_RecordNotFound",
        )
    return row


def _single(call: Call, target: Target, source: Endpoint, row, context: str) -> Reply:
    lookups = Lookups()
    entity = to_api(source, row, lookups)
    try:
        select = parse_select(call.params.get("$select"))
    except ODataQueryError as failure:
        raise BCError(str(failure)) from None
    if call.params.get("$expand"):
        entity[source.lines.nav] = lines_for(source, row, lookups) if source.lines else _bad_expand(source, call)
    return Reply(200, {"@odata.context": context, **select_properties(entity, select)}, {"ETag": entity["@odata.etag"]})


def _bad_expand(source: Endpoint, call: Call):
    raise BCError(
        f"Could not find a property named '{call.params['$expand']}' on type 'Microsoft.NAV.{source.entity_type}'."
    )


def _write(call: Call, source: Endpoint, row) -> Reply | None:
    """PATCH or DELETE of one record; None when the call is a GET."""
    if call.method == "DELETE":
        service.delete(source.table, row.row_id, expected_version=expected_version(call))
        return Reply(204)
    if call.method == "PATCH":
        version = expected_version(call)
        service.update(source.table, row.row_id, from_api(source, call.body, creating=False), expected_version=version)
    return None


def _entity(call: Call, target: Target) -> Reply:
    source = target.endpoint
    only(call, "GET", "PATCH", "DELETE", source=source)
    row = _in_scope(source, target.row_id)
    reply = _write(call, source, row)
    if reply is not None:
        return reply
    row = service.get(source.table, row.row_id)
    return _single(call, target, source, row, _context(call, target, source, "/$entity"))


def _lines(call: Call, target: Target) -> Reply:
    source, line_endpoint = target.endpoint, target.line_endpoint
    header = _in_scope(source, target.row_id)
    scope = {line_field: header.data[header_field] for line_field, header_field in source.lines.pairs}
    context = _context(call, target, source, f"({header.row_id})/{source.lines.nav}")
    if target.kind == "lines":
        only(call, "GET", "POST", source=line_endpoint if not source.read_only else source)
        if call.method == "GET":
            return _collection_reply(call, target, line_endpoint, scope)
        row = _create_line(source, line_endpoint, header, call.body)
        entity = to_api(line_endpoint, row, Lookups())
        return Reply(201, {"@odata.context": f"{context}/$entity", **entity}, {"ETag": entity["@odata.etag"]})
    only(call, "GET", "PATCH", "DELETE", source=line_endpoint if not source.read_only else source)
    row = service.get(line_endpoint.table, target.line_id or "")
    if any(row.data.get(name) != value for name, value in scope.items()):
        raise NotFound(f"The line {target.line_id} does not belong to {source.entity_type} {target.row_id}.")
    reply = _write(call, line_endpoint, row)
    if reply is not None:
        return reply
    return _single(call, target, line_endpoint, service.get(line_endpoint.table, row.row_id), f"{context}/$entity")


def _action(call: Call, target: Target) -> Reply:
    """A bound action (``Microsoft.NAV.release`` …): 204; actions that create a document say where it is."""
    only(call, "POST")
    row = _in_scope(target.endpoint, target.row_id)
    result = actions.ACTIONS[target.action](row)
    headers = {}
    if target.action in RESULT_SETS:
        headers["Location"] = (
            f"{call.root_url}/companies({target.company_id})/{RESULT_SETS[target.action]}({result.row_id})"
        )
    return Reply(204, headers=headers)
