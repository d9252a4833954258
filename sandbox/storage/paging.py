"""One page of a table by keyset (never OFFSET), and counts, for both emulators' collection reads.

SQL does the ordering and the simple predicates (key, timestamps, version, GUID equality); the parsed
`$filter` is then evaluated in Python on the projected record, so any expression works while the common ones
stay fast. When every term of the filter went to SQL and none needs the projected value's precision, the
Python pass is skipped. An order by data columns is sorted in Python over the matching rows.
"""

import re
import uuid
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Lower
from django.db.models.lookups import In

from sandbox.models import SandboxRecord
from sandbox.odata import Condition, FilterExpression, OrderKey
from sandbox.odata.paging import decode_token, encode_token
from sandbox.odata.values import parse_datetime, sort_key
from sandbox.routers import SANDBOX_DB
from sandbox.storage.keys import key_columns
from sandbox.storage.rows import StoredRow, read_rows

__all__ = ["Page", "PageQuery", "count", "query_page", "table_rows"]

_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_LOOKUPS = {"eq": "exact", "gt": "gt", "ge": "gte", "lt": "lt", "le": "lte"}
# Timestamps are shown to the second but stored to the microsecond: a comparison must see the shown value.
_EXACT_FIELDS = frozenset({"row_id", "version"})


@dataclass(frozen=True)
class PageQuery:
    """One page request. ``project`` turns a stored row into the record the caller sees (and filters on);
    ``sql_columns`` names the record columns that are model fields (e.g. ``modifiedon`` → ``modified_at``);
    ``data_columns`` the record columns stored verbatim in ``data``, under their stored names (BC: ``sourceNo`` →
    ``Source No.``), so that a list of their values narrows the rows in SQL before ``$filter`` runs in Python."""

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


@dataclass
class Page:
    records: list[dict]
    next_token: str | None


def table_rows(service: str, table: str):
    return SandboxRecord.objects.using(SANDBOX_DB).filter(service=service, table=table)


def _as_uuid(value) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None


def _list_q(model_field: str | None, values: list) -> tuple[Q, bool]:
    """``column in (…)`` on the row id: a key look-up (a value that is no GUID matches no row); on other columns it is
    left to Python (a data column's stored name need not be the name the caller filters on)."""
    if model_field == "row_id":
        return Q(row_id__in={found for found in map(_as_uuid, values) if found is not None}), True
    return Q(), False


def _stored_values_q(key: str, values: list) -> Q:
    """Rows whose stored ``key`` is one of the (ASCII) text values, ignoring case as the services compare text; the
    exact comparison is left to Python, so this only narrows the rows."""
    return Q(In(Lower(KeyTextTransform(key, "data")), sorted({value.lower() for value in values})))


def _key_values_q(query: PageQuery, stored: str, values: list[str]) -> Q | None:
    """A list of values of a BC table's first key column, answered by the indexed key columns instead of a scan of
    every row's JSON. BC stores its key codes trimmed and upper-cased, so the values as given and upper-cased cover
    every row the exact comparison (left to Python) can accept."""
    columns = key_columns(query.service, query.table) if query.service == "bc" else ()
    if not columns or stored != columns[0] or len(columns) > 2:
        return None
    candidates = sorted({text for value in values for text in (value, value.strip().upper())})
    return Q(lookup_key__in=candidates) if len(columns) == 1 else Q(parent_key__in=candidates)


def _condition_q(condition: Condition, query: PageQuery) -> tuple[Q, bool]:
    """The SQL form of one term and whether it decides the term exactly (no Python check needed)."""
    model_field = query.sql_columns.get(condition.column)
    value = condition.value
    values = value if condition.op == "in" else [value] if condition.op == "eq" else []
    stored = query.data_columns.get(condition.column)
    if stored and values and all(isinstance(item, str) and _GUID.match(item) for item in values):
        return Q(**{f"data__{stored}__in": values}), True  # GUIDs are stored lower-case: equality is exact
    if stored and values and all(isinstance(item, str) and item and item.isascii() for item in values):
        keyed = _key_values_q(query, stored, values)
        return (keyed if keyed is not None else _stored_values_q(stored, values)), False
    if condition.op == "in":
        return _list_q(model_field, value)
    if model_field and condition.op in _LOOKUPS and value is not None:
        if model_field == "row_id":
            value = _as_uuid(value)
            if value is None:
                return Q(), False
        return Q(**{f"{model_field}__{_LOOKUPS[condition.op]}": value}), model_field in _EXACT_FIELDS
    if not model_field and condition.op == "eq" and isinstance(value, str) and _GUID.match(value):
        return Q(**{f"data__{condition.column}": value}), True
    return Q(), False


def _pushdown(query: PageQuery) -> tuple[Q, bool]:
    """The SQL part of the filter, and whether it is the whole filter."""
    if query.filter is None:
        return Q(), True
    where, exact = Q(), getattr(query.filter, "only_conditions", lambda: False)()
    for condition in query.filter.conditions():
        term, decided = _condition_q(condition, query)
        where &= term
        exact = exact and decided
    return where, exact


def _sql_order(query: PageQuery) -> list[tuple[str, bool]] | None:
    """Model fields to order by in SQL, or None when a key is a data column (ordered in Python)."""
    keys = [(query.sql_columns.get(key.column), key.descending) for key in query.order]
    if any(name is None for name, _ in keys):
        return None
    return [*[(name, desc) for name, desc in keys if name != "row_id"], ("row_id", False)]


def query_page(query: PageQuery) -> Page:
    where, exact = _pushdown(query)
    matches = None if exact else query.filter.matches
    order = _sql_order(query)
    if order is None:
        return _python_page(query, where, matches)
    return _sql_page(query, order, where, matches)


def _sql_page(query: PageQuery, order: list[tuple[str, bool]], where: Q, matches) -> Page:
    base = table_rows(query.service, query.table).filter(where)
    base = base.order_by(*[f"-{name}" if desc else name for name, desc in order])
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
    page = records[: query.size]
    more = len(records) > query.size and page
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
    where, exact = _pushdown(query)
    base = table_rows(query.service, query.table).filter(where)
    matches = query.filter.matches if query.filter is not None and not exact else None
    total = base.count() if matches is None else sum(1 for row in read_rows(base) if matches(query.project(row)))
    return min(total, cap) if cap is not None else total
