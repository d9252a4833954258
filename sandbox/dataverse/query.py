"""Reading rows: `$select`, `$filter`, `$orderby`, `$top`, `$count`, `$expand`, server-driven paging with
``Prefer: odata.maxpagesize`` and `$skiptoken`, and change tracking with delta links."""

import uuid
from functools import cache
from urllib.parse import urlencode

from sandbox import store
from sandbox.dataverse.api import ApiRequest, ApiResponse
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.expand import expand
from sandbox.dataverse.records import project, shape, sql_columns, stored_columns
from sandbox.dataverse.schema import Table
from sandbox.odata import parse_filter, parse_orderby, parse_select, parse_top

__all__ = ["collection", "single"]

MAX_PAGE = 5000
COUNT_CAP = 5000
SERVICE = "dataverse"


def _annotations(request: ApiRequest) -> bool:
    return request.prefers("odata.include-annotations") is not None


def _checked(table: Table, names) -> None:
    known = table.properties
    for name in names:
        if name not in known:
            raise DataverseError.bad_property(table.logical_name, name)


@cache
def _property_types(table: Table) -> dict[str, str]:
    """Each property's EDM type, which a filter's literals must match (the key and look-ups' ``_x_value`` are GUIDs)."""
    return {column.property_name: column.edm_type for column in table.columns.values()}


def _page_size(request: ApiRequest) -> int:
    raw = request.prefers("odata.maxpagesize")
    if raw is None:
        return MAX_PAGE
    if not raw.isdigit() or int(raw) < 1:
        raise DataverseError.bad_request(f"The odata.maxpagesize preference must be a positive number, not '{raw}'.")
    return min(int(raw), MAX_PAGE)


def single(request: ApiRequest, table: Table, row: store.StoredRow) -> ApiResponse:
    select = parse_select(request.query.get("$select"))
    _checked(table, select)
    full = project(table, row)
    record = shape(table, full, select, annotations=_annotations(request))
    expand(request, table, [full], [record])
    record["@odata.context"] = f"{request.root}$metadata#{table.entity_set}/$entity"
    return ApiResponse(200, record, {"ETag": record["@odata.etag"]})


def collection(request: ApiRequest, table: Table) -> ApiResponse:
    if "$deltatoken" in request.query:
        return _delta(request, table)
    if "$skip" in request.query:
        raise DataverseError.bad_request("The query parameter $skip is not supported.")
    select = parse_select(request.query.get("$select"))
    raw = request.query.get("$filter")
    expression = parse_filter(raw, property_types=_property_types(table), value_lists=False) if raw else None
    order = parse_orderby(request.query.get("$orderby"))
    _checked(table, [*select, *(expression.columns if expression else ()), *(key.column for key in order)])
    top = parse_top(request.query.get("$top"))
    size = min(top, MAX_PAGE) if top is not None else _page_size(request)
    page_query = store.PageQuery(
        SERVICE,
        table.logical_name,
        lambda row: project(table, row),
        expression,
        order,
        size,
        request.query.get("$skiptoken"),
        sql_columns(table),
        data_columns=stored_columns(table),
        needs_data=not _stamps_only(request, table, select, expression, order),
    )
    page = store.query_page(page_query) if size else store.Page([], None)
    annotations = _annotations(request)
    records = [shape(table, record, select, annotations=annotations) for record in page.records]
    expand(request, table, page.records, records)
    body: dict = {"@odata.context": f"{request.root}$metadata#{table.entity_set}"}
    if request.query.get("$count", "").lower() == "true":
        body["@odata.count"] = store.count(page_query, cap=COUNT_CAP)
    body["value"] = records
    tracking = request.prefers("odata.track-changes") is not None
    if page.next_token and top is None:
        extra = {"$trackversion": _track_version(request)} if tracking else {}
        body["@odata.nextLink"] = _link(request, table, {"$skiptoken": page.next_token, **extra})
    elif tracking:
        body["@odata.deltaLink"] = _link(request, table, {"$deltatoken": _track_version(request)}, keep=("$select",))
    return ApiResponse(200, body, {"Preference-Applied": _applied(request, size)})


def _stamps_only(request: ApiRequest, table: Table, select: tuple[str, ...], expression, order) -> bool:
    """Whether the answer shows (a `$select` of), filters and orders by only the row id and system stamps, with
    nothing expanded: the rows' data is then never looked at."""
    system = sql_columns(table)
    names = [*select, *(expression.columns if expression else ()), *(key.column for key in order)]
    return bool(select) and "$expand" not in request.query and all(name in system for name in names)


def _track_version(request: ApiRequest) -> str:
    """The version a delta link starts from: fixed when the first page was read, carried by the next links."""
    return request.query.get("$trackversion") or str(store.current_version(SERVICE))


def _applied(request: ApiRequest, size: int) -> str:
    applied = [f"odata.maxpagesize={size}"] if request.prefers("odata.maxpagesize") else []
    applied += [name for name in ("odata.track-changes",) if request.prefers(name) is not None]
    if _annotations(request):
        applied.append(f'odata.include-annotations="{request.prefers("odata.include-annotations")}"')
    return ",".join(applied)


def _link(request: ApiRequest, table: Table, extra: dict, keep: tuple[str, ...] | None = None) -> str:
    params = {
        k: v for k, v in request.query.items() if not k.startswith(("$skiptoken", "$trackversion", "$deltatoken"))
    }
    if keep is not None:
        params = {k: v for k, v in params.items() if k in keep}
    return f"{request.root}{table.entity_set}?{urlencode({**params, **extra}, safe='$,()')}"


def _delta(request: ApiRequest, table: Table) -> ApiResponse:
    """Changes since the token, a page at a time: every page but the last links to the next with a token at its
    last change; the last page carries the delta link for the next synchronization."""
    token = request.query["$deltatoken"]
    if not token.isdigit():
        raise DataverseError.bad_request(f"The delta token '{token}' is not valid; start again without it.")
    select = parse_select(request.query.get("$select"))
    _checked(table, select)
    changes, last, more = store.changes_page(SERVICE, table.logical_name, int(token), _page_size(request))
    context = f"{request.root}$metadata#{table.entity_set}/$deletedEntity"
    values = [
        {"@odata.context": context, "id": str(change), "reason": "deleted"}
        if isinstance(change, uuid.UUID)
        else shape(table, project(table, change), select)
        for change in changes
    ]
    link = "@odata.nextLink" if more else "@odata.deltaLink"
    body = {
        "@odata.context": f"{request.root}$metadata#{table.entity_set}/$delta",
        "value": values,
        link: _link(request, table, {"$deltatoken": str(last)}, keep=("$select",)),
    }
    return ApiResponse(200, body, {"Preference-Applied": "odata.track-changes"})
