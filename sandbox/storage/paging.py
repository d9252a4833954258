"""One page of a table by keyset (never OFFSET), and counts, for both emulators' collection reads.

SQL does the ordering and the simple predicates (``sandbox.storage.pushdown``: key, timestamps, version, GUID
equality, lists of values of indexed columns); the parsed `$filter` is then evaluated in Python on the projected
record, so any expression works while the common ones stay fast. When every term of the filter went to SQL and
none needs the projected value's precision, the Python pass is skipped. An order by data columns is sorted in
Python over the matching rows.
"""

import uuid
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter

from django.db import connections
from django.db.models import F, Func, OrderBy, Q

from sandbox.models import SandboxRecord
from sandbox.odata import FilterExpression, OrderKey
from sandbox.odata.paging import decode_token, encode_token
from sandbox.odata.values import parse_datetime, sort_key
from sandbox.routers import SANDBOX_DB
from sandbox.storage.pushdown import id_list, indexed_lookup, pushdown, selective
from sandbox.storage.rows import StoredRow, read_rows, rows_where_in
from sandbox.storage.statements import rows_by_ids

__all__ = ["Page", "PageQuery", "count", "query_page", "table_rows"]


@dataclass(frozen=True)
class PageQuery:
    """One page request. ``project`` turns a stored row into the record the caller sees (and filters on);
    ``sql_columns`` names the record columns that are model fields (e.g. ``modifiedon`` → ``modified_at``);
    ``data_columns`` the record columns stored verbatim in ``data``, under their stored names (BC: ``sourceNo`` →
    ``Source No.``), so that a list of their values narrows the rows in SQL before ``$filter`` runs in Python.
    ``needs_data`` False says the projection and filter read only the row id and stamps (a read-back of versions
    after a write), so a look-up by ids need not read and decode the rows' data (it is then empty)."""

    service: str
    table: str
    project: Callable[[StoredRow], dict]
    filter: FilterExpression | None = None
    order: tuple[OrderKey, ...] = ()
    size: int = 5000
    after: str | None = None
    sql_columns: Mapping[str, str] = field(default_factory=dict)
    fold: bool = True
    data_columns: Mapping[str, str] = field(default_factory=dict)
    needs_data: bool = True


@dataclass
class Page:
    records: list[dict]
    next_token: str | None


def table_rows(service: str, table: str):
    return SandboxRecord.objects.using(SANDBOX_DB).filter(service=service, table=table)


def _sql_order(query: PageQuery) -> list[tuple[str, bool]] | None:
    """Model fields to order by in SQL, or None when a key is a data column (ordered in Python)."""
    keys = [(query.sql_columns.get(key.column), key.descending) for key in query.order]
    if any(name is None for name, _ in keys):
        return None
    return [*[(name, desc) for name, desc in keys if name != "row_id"], ("row_id", False)]


def query_page(query: PageQuery) -> Page:
    order = _sql_order(query)
    ids = id_list(query) if order is not None else None
    if ids is not None:
        return _id_page(query, order, ids)
    lookup = indexed_lookup(query) if order is not None else None
    page = _lookup_page(query, order, *lookup) if lookup is not None else None
    if page is not None:
        return page
    where, exact = pushdown(query)
    matches = None if exact else query.filter.matches
    if order is None:
        return _python_page(query, where, matches)
    return _sql_page(query, order, where, matches)


def _id_page(query: PageQuery, order: list[tuple[str, bool]], ids: list[uuid.UUID]) -> Page:
    """The page of a look-up by a list of row ids (a hundred at a time, after every write): the rows come by key
    through one hand-written statement and are ordered here, the way ``_sql_page`` orders them. Building and
    compiling the ORM query for the id list cost more than reading the rows."""
    rows = rows_by_ids(query.service, query.table, ids, data=query.needs_data)
    return _ordered_page(query, order, rows, exact=getattr(query.filter, "only_conditions", lambda: False)())


def _lookup_page(query: PageQuery, order: list[tuple[str, bool]], expression: str, values: list[str]) -> Page | None:
    """The page of a look-up by a list of values of an indexed data column, read by one hand-written statement; None
    when the values select more rows than ``_sql_page`` reads at once (it then reads them in order, chunk by chunk)."""
    chunk = max(query.size + 1, 500)
    rows = rows_where_in(query.service, query.table, expression, values, chunk)
    return None if len(rows) >= chunk else _ordered_page(query, order, rows, exact=False)


def _ordered_page(query: PageQuery, order: list[tuple[str, bool]], rows: list[StoredRow], *, exact: bool) -> Page:
    """Every row that can match, ordered here as ``_sql_page`` orders them in SQL, and checked by the filter
    unless SQL decided it exactly."""
    for name, desc in reversed(order):
        rows.sort(key=attrgetter("row_id.int" if name == "row_id" else name), reverse=desc)  # ints sort in C
    project = query.project
    records = [(row, project(row)) for row in rows]
    if not exact:
        matches = query.filter.matches
        records = [(row, record) for row, record in records if matches(record)]
    return _page_of(records, query.size, order)


def _ordering(query: PageQuery, order: list[tuple[str, bool]]) -> list:
    """The ORDER BY of a page. SQLite has no statistics, so it would walk an index that yields the order (and stop
    at the LIMIT) rather than seek the few rows a look-up by values selects; ``+column`` orders the same way but
    hides that choice, so the planner seeks through the look-up's index and sorts the handful of rows it finds."""
    if connections[SANDBOX_DB].vendor != "sqlite" or not selective(query):
        return [f"-{name}" if desc else name for name, desc in order]
    return [OrderBy(Func(F(name), template="+%(expressions)s"), descending=desc) for name, desc in order]


def _sql_page(query: PageQuery, order: list[tuple[str, bool]], where: Q, matches) -> Page:
    base = table_rows(query.service, query.table).filter(where).order_by(*_ordering(query, order))
    after = _decode_sql_token(query.after, order) if query.after else None
    records: list[tuple[StoredRow, dict]] = []
    chunk = max(query.size + 1, 500)
    project = query.project
    while len(records) <= query.size:
        fetched = read_rows((base.filter(_after_q(order, after)) if after else base)[:chunk])
        for row in fetched:
            record = project(row)
            if matches is None or matches(record):
                records.append((row, record))
        if len(fetched) < chunk:
            break
        after = [getattr(fetched[-1], name) for name, _ in order]
    return _page_of(records, query.size, order)


def _page_of(records: list[tuple[StoredRow, dict]], size: int, order: list[tuple[str, bool]]) -> Page:
    """The first ``size`` of the ordered matching records, and the token after the last when more match."""
    page = records[:size]
    more = len(records) > size and page
    token = encode_token([getattr(page[-1][0], name) for name, _ in order]) if more else None
    return Page([record for _, record in page], token)


def _decode_sql_token(token: str, order: list[tuple[str, bool]]) -> list:
    values = decode_token(token, len(order))
    converters = {"row_id": uuid.UUID, "version": int, "modified_at": parse_datetime, "created_at": parse_datetime}
    return [converters[name](value) for (name, _), value in zip(order, values, strict=True)]


def _after_q(order: list[tuple[str, bool]], values: list) -> Q:
    """Rows strictly after ``values`` in ``order``: (a > x) or (a = x and b > y) or …"""
    where, equal = Q(), Q()
    for (name, desc), value in zip(order, values, strict=True):
        where |= equal & Q(**{f"{name}__{'lt' if desc else 'gt'}": value})
        equal &= Q(**{name: value})
    return where


def _python_page(query: PageQuery, where: Q, matches) -> Page:
    columns = [key.column for key in query.order]
    descending = [key.descending for key in query.order] + [False]
    matching = []
    for row in read_rows(table_rows(query.service, query.table).filter(where)):
        record = query.project(row)
        if matches is None or matches(record):
            values = [record.get(column) for column in columns] + [str(row.row_id)]
            matching.append((sort_key(values, descending, query.fold), values, record))
    matching.sort(key=lambda item: item[0])
    start = 0
    if query.after:
        after = sort_key(decode_token(query.after, len(descending)), descending, query.fold)
        start = bisect_right([item[0] for item in matching], after)
    page = matching[start : start + query.size]
    more = start + query.size < len(matching)
    return Page([record for _, _, record in page], encode_token(page[-1][1]) if more else None)


def count(query: PageQuery, cap: int | None = None) -> int:
    """Rows matching the filter, optionally capped (Dataverse stops counting at 5,000)."""
    where, exact = pushdown(query)
    base = table_rows(query.service, query.table).filter(where)
    matches = query.filter.matches if query.filter is not None and not exact else None
    total = base.count() if matches is None else sum(1 for row in read_rows(base) if matches(query.project(row)))
    return min(total, cap) if cap is not None else total
