"""Reading an entity set: ``$filter``, ``$orderby``, ``$select``, ``$top``, ``$skip``, ``$expand`` of lines,
``$count`` and server-driven paging (``Prefer: odata.maxpagesize``, ``@odata.nextLink`` with ``$skiptoken``).

Filters and orderings use the API's property names and values, evaluated on the projected entity by
``sandbox.store``; ``lastModifiedDateTime`` and ``id`` go to SQL, so change reads stay index scans.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sandbox.bc import records as store
from sandbox.bc.entities import Lookups, api_plan, to_api
from sandbox.bc.errors import BCError
from sandbox.bc.schema import Endpoint, endpoint
from sandbox.odata import ODataQueryError, parse_expand, parse_filter, parse_orderby, parse_select, parse_top
from sandbox.odata.filter_limits import check_bc_filter

__all__ = ["MAX_PAGE_SIZE", "Collection", "ScopedFilter", "lines_for", "read_collection", "select_properties"]

SERVICE = "bc"
MAX_PAGE_SIZE = 20_000
SQL_COLUMNS = {"lastModifiedDateTime": "modified_at", "id": "row_id"}
PAGING_OPTIONS = ("$skip", "$skiptoken", "$top")


class ScopedFilter:
    """The caller's ``$filter`` within the endpoint's scope (Document Type = Order, lines of one header):
    out-of-scope rows are projected as None and never match."""

    def __init__(self, inner) -> None:
        self.inner = inner

    def matches(self, record: dict | None) -> bool:
        return record is not None and (self.inner is None or self.inner.matches(record))

    def conditions(self) -> list:
        return self.inner.conditions() if self.inner is not None else []


@dataclass
class Collection:
    entities: list[dict[str, Any]]
    next_link: str | None
    count: int | None
    page_size: int


def _names(source: Endpoint) -> set[str]:
    return {"id", "lastModifiedDateTime", *(spec.name for spec in source.fields)}


def _property_types(source: Endpoint) -> dict[str, str]:
    """Each property's EDM type, which a filter's literals must match (the SystemId ``id`` is a GUID)."""
    return {"id": "Edm.Guid", "lastModifiedDateTime": "Edm.DateTimeOffset"} | {
        spec.name: spec.edm_type for spec in source.fields
    }


def _check_names(source: Endpoint, names) -> None:
    for name in names:
        if name not in _names(source):
            raise BCError(f"Could not find a property named '{name}' on type 'Microsoft.NAV.{source.entity_type}'.")


def stored_columns(source: Endpoint) -> dict[str, str]:
    """Properties whose value is the BC field's own (no look-up, value map or computation): a list of their values
    can narrow the rows in SQL."""
    return {
        spec.name: spec.source
        for spec in source.fields
        if spec.source and spec.lookup is None and not spec.values and spec.compute is None
    }


def projector(
    source: Endpoint, scope: dict[str, Any], lookups: Lookups, names: frozenset[str] | None = None
) -> Callable[[store.StoredRow], dict | None]:
    """The store's projection: the API entity of a row (only the ``names`` properties when given), or None for rows
    outside the endpoint's scope."""
    plan = api_plan(source, names)

    def project(row: store.StoredRow) -> dict | None:
        if any(row.data.get(name) != value for name, value in scope.items()):
            return None
        return to_api(source, row, lookups, plan)

    return project


def _integer(params: Mapping[str, str], name: str) -> int:
    try:
        return parse_top(params.get(name)) or 0
    except ODataQueryError:
        raise BCError(f"The {name} query option must be a non-negative whole number.") from None


def read_collection(
    source: Endpoint, params: Mapping[str, str], *, scope: dict[str, Any], page_size: int, link_base: str
) -> Collection:
    """One page of the entity set, with the link to the next page when more rows match."""
    try:
        raw = params.get("$filter")
        user_filter = parse_filter(raw, property_types=_property_types(source)) if raw else None
        if user_filter is not None:
            check_bc_filter(user_filter.tree)
        order = parse_orderby(params.get("$orderby"))
        select = parse_select(params.get("$select"))
        expand = parse_expand(params.get("$expand"))
    except ODataQueryError as failure:
        raise BCError(str(failure)) from None
    _check_names(source, user_filter.columns if user_filter else ())
    _check_names(source, [key.column for key in order])
    _check_names(source, select)
    top = _integer(params, "$top") if params.get("$top") else None
    skip = _integer(params, "$skip")
    lookups = Lookups()
    query = store.PageQuery(
        service=SERVICE,
        table=source.table,
        project=projector(
            source, {**dict(source.fixed), **scope}, lookups, _needed(select, user_filter, order, expand)
        ),
        filter=ScopedFilter(user_filter),
        order=order,
        size=skip + (min(top, page_size) if top is not None else page_size),
        after=params.get("$skiptoken"),
        sql_columns=SQL_COLUMNS,
        data_columns=stored_columns(source),
    )
    try:
        page = store.query_page(query)
    except ODataQueryError as failure:
        raise BCError(str(failure)) from None
    entities = page.records[skip:]
    remaining = None if top is None else top - len(entities)
    next_link = None
    if page.next_token and remaining != 0:
        kept = {k: v for k, v in params.items() if k not in PAGING_OPTIONS}
        kept["$skiptoken"] = page.next_token
        if remaining is not None:
            kept["$top"] = str(remaining)
        next_link = f"{link_base}?{urlencode(kept)}"
    _expand(source, entities, expand, lookups)
    count = store.count(query) if params.get("$count", "").lower() == "true" else None
    selected = _selector(select)
    return Collection([selected(e) for e in entities], next_link, count, page_size)


def _needed(select, user_filter, order, expand) -> frozenset[str] | None:
    """The properties a page must compute: with ``$select`` (and no ``$expand``), those it names and those the
    filter and order read; else all of them."""
    if not select or expand:
        return None
    return frozenset(select) | frozenset(user_filter.columns if user_filter else ()) | {key.column for key in order}


def select_properties(entity: dict, select: tuple[str, ...]) -> dict:
    return _selector(select)(entity)


def _selector(select: tuple[str, ...]) -> Callable[[dict], dict]:
    """What keeps an entity's `$select`ed properties and its ETag, for every entity of a page: the names are looked
    up in a set, not the tuple `$select` was parsed into (two dozen names made that a good share of a page's time)."""
    if not select:
        return lambda entity: entity
    kept = frozenset(select) | {"@odata.etag"}
    return lambda entity: {name: value for name, value in entity.items() if name in kept}


def _expand(source: Endpoint, entities: list[dict], expand, lookups: Lookups) -> None:
    for item in expand:
        if source.lines is None or item.navigation != source.lines.nav:
            raise BCError(
                f"Could not find a property named '{item.navigation}' on type 'Microsoft.NAV.{source.entity_type}'."
            )
        line_endpoint = endpoint(source.api, source.lines.entity_set)
        _check_names(line_endpoint, item.select)
        selected = _selector(item.select)
        for entity in entities:
            header = store.get(SERVICE, source.table, entity["id"])
            lines = lines_for(source, header, lookups) if header else []
            entity[item.navigation] = [selected(line) for line in lines]


def lines_for(source: Endpoint, header: store.StoredRow, lookups: Lookups) -> list[dict]:
    """The header's lines as API entities, in line order."""
    line_endpoint = endpoint(source.api, source.lines.entity_set)
    match = {line_field: header.data.get(header_field) for line_field, header_field in source.lines.pairs}
    rows = sorted(store.find(SERVICE, line_endpoint.table, **match), key=lambda row: row.data.get("Line No.", 0))
    return [to_api(line_endpoint, row, lookups) for row in rows]
