"""The only module that reads or writes the emulated records, for both emulators.

Every write takes versions from the service's counter inside the same transaction, so versions are unique
and increasing per service; change tracking reads "version greater than the token". Reads page by keyset:
SQL does the ordering and the simple predicates (key, timestamps, GUID equality); the parsed `$filter` is
then evaluated in Python on the projected record, so any expression works while the common ones stay fast.
GUIDs inside ``data`` are stored lower-case so that GUID equality can be compared in SQL.
"""

import datetime as dt
import re
import uuid
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from sandbox.models import SandboxRecord, SandboxTombstone, SandboxVersionCounter
from sandbox.odata import Condition, FilterExpression, OrderKey
from sandbox.odata.paging import decode_token, encode_token
from sandbox.odata.values import parse_datetime, sort_key
from sandbox.routers import SANDBOX_DB

__all__ = [
    "Page",
    "PageQuery",
    "RowExists",
    "RowMissing",
    "StoredRow",
    "VersionMismatch",
    "changes_since",
    "count",
    "current_version",
    "delete",
    "delete_many",
    "find",
    "get",
    "get_many",
    "has_rows",
    "insert",
    "query_page",
    "reset",
    "update",
    "write_many",
]

_FIELDS = ("row_id", "data", "version", "created_at", "modified_at")
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_LOOKUPS = {"eq": "exact", "gt": "gt", "ge": "gte", "lt": "lt", "le": "lte"}


class RowMissing(LookupError):
    """No row with that id in that table."""


class RowExists(LookupError):
    """A create met a row that already has that id."""


class VersionMismatch(LookupError):
    """An optimistic-concurrency write found a newer version than the caller's."""


@dataclass(slots=True)
class StoredRow:
    row_id: uuid.UUID
    data: dict
    version: int
    created_at: dt.datetime
    modified_at: dt.datetime


@dataclass(frozen=True)
class PageQuery:
    """One page request. ``project`` turns a stored row into the record the caller sees (and filters on);
    ``sql_columns`` names the record columns that are model fields (e.g. ``modifiedon`` → ``modified_at``)."""

    service: str
    table: str
    project: Callable[[StoredRow], dict]
    filter: FilterExpression | None = None
    order: tuple[OrderKey, ...] = ()
    size: int = 5000
    after: str | None = None
    sql_columns: Mapping[str, str] = field(default_factory=dict)
    fold: bool = True


@dataclass
class Page:
    records: list[dict]
    next_token: str | None


def _rows(queryset) -> Iterator[StoredRow]:
    for values in queryset.values_list(*_FIELDS):
        yield StoredRow(*values)


def _table(service: str, table: str):
    return SandboxRecord.objects.using(SANDBOX_DB).filter(service=service, table=table)


def _next_versions(service: str, count: int) -> int:
    """Reserve ``count`` versions; returns the last one. The UPDATE row-locks the counter until commit."""
    counters = SandboxVersionCounter.objects.using(SANDBOX_DB)
    if not counters.filter(service=service).update(value=F("value") + count):
        counters.bulk_create([SandboxVersionCounter(service=service, value=0)], ignore_conflicts=True)
        counters.filter(service=service).update(value=F("value") + count)
    return counters.get(service=service).value


def get(service: str, table: str, row_id: uuid.UUID) -> StoredRow | None:
    return next(_rows(_table(service, table).filter(row_id=row_id)), None)


def get_many(service: str, table: str, row_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, StoredRow]:
    return {row.row_id: row for row in _rows(_table(service, table).filter(row_id__in=list(row_ids)))}


def find(service: str, table: str, **equal: object) -> list[StoredRow]:
    """Rows whose data columns equal the given values (alternate keys, look-ups by e-mail or code)."""
    return list(_rows(_table(service, table).filter(**{f"data__{name}": value for name, value in equal.items()})))


def insert(service: str, table: str, row_id: uuid.UUID, data: dict) -> StoredRow:
    with transaction.atomic(using=SANDBOX_DB):
        if _table(service, table).filter(row_id=row_id).exists():
            raise RowExists(row_id)
        now = timezone.now()
        row = StoredRow(row_id, data, _next_versions(service, 1), now, now)
        SandboxRecord.objects.using(SANDBOX_DB).create(service=service, table=table, **_model_fields(row))
    return row


def _current(service: str, table: str, row_id: uuid.UUID, expected_version: int | None) -> StoredRow:
    """The row, locked for the rest of the transaction, checked against the caller's version."""
    current = next(_rows(_table(service, table).select_for_update().filter(row_id=row_id)), None)
    if current is None:
        raise RowMissing(row_id)
    if expected_version is not None and current.version != expected_version:
        raise VersionMismatch(row_id)
    return current


def update(
    service: str, table: str, row_id: uuid.UUID, data: dict, *, expected_version: int | None = None
) -> StoredRow:
    """Replace the row's data (callers merge), bumping version and modified_at."""
    with transaction.atomic(using=SANDBOX_DB):
        current = _current(service, table, row_id, expected_version)
        row = StoredRow(row_id, data, _next_versions(service, 1), current.created_at, timezone.now())
        _table(service, table).filter(row_id=row_id).update(data=data, version=row.version, modified_at=row.modified_at)
    return row


def delete(service: str, table: str, row_id: uuid.UUID, *, expected_version: int | None = None) -> StoredRow:
    with transaction.atomic(using=SANDBOX_DB):
        current = _current(service, table, row_id, expected_version)
        _table(service, table).filter(row_id=row_id).delete()
        SandboxTombstone.objects.using(SANDBOX_DB).create(
            service=service, table=table, row_id=row_id, version=_next_versions(service, 1), deleted_at=timezone.now()
        )
    return current


def delete_many(service: str, table: str, row_ids: Sequence[uuid.UUID]) -> int:
    """Delete many rows in a few queries, leaving tombstones; returns how many existed."""
    with transaction.atomic(using=SANDBOX_DB):
        found = list(_table(service, table).filter(row_id__in=row_ids).values_list("row_id", flat=True))
        if not found:
            return 0
        first = _next_versions(service, len(found)) - len(found) + 1
        _table(service, table).filter(row_id__in=found).delete()
        now = timezone.now()
        SandboxTombstone.objects.using(SANDBOX_DB).bulk_create(
            [
                SandboxTombstone(service=service, table=table, row_id=row_id, version=first + n, deleted_at=now)
                for n, row_id in enumerate(found)
            ],
            batch_size=500,
        )
    return len(found)


def write_many(service: str, table: str, rows: Sequence[tuple[uuid.UUID, dict]]) -> list[StoredRow]:
    """Insert or replace many rows in a handful of queries (bulk messages, seeding, scale data)."""
    with transaction.atomic(using=SANDBOX_DB):
        existing = {row.row_id: row for row in _rows(_table(service, table).filter(row_id__in=[r[0] for r in rows]))}
        first = _next_versions(service, len(rows)) - len(rows) + 1
        now = timezone.now()
        written = [
            StoredRow(row_id, data, first + index, existing[row_id].created_at if row_id in existing else now, now)
            for index, (row_id, data) in enumerate(rows)
        ]
        SandboxRecord.objects.using(SANDBOX_DB).bulk_create(
            [SandboxRecord(service=service, table=table, **_model_fields(row)) for row in written],
            update_conflicts=True,
            unique_fields=["service", "table", "row_id"],
            update_fields=["data", "version", "modified_at"],
            batch_size=500,
        )
    return written


def _model_fields(row: StoredRow) -> dict:
    return {
        "row_id": row.row_id,
        "data": row.data,
        "version": row.version,
        "created_at": row.created_at,
        "modified_at": row.modified_at,
    }


def changes_since(service: str, table: str, version: int) -> tuple[list[StoredRow], list[uuid.UUID], int]:
    """Rows changed and ids deleted after ``version``, and the version to ask from next time."""
    changed = list(_rows(_table(service, table).filter(version__gt=version).order_by("version")))
    tombstones = SandboxTombstone.objects.using(SANDBOX_DB).filter(service=service, table=table, version__gt=version)
    deleted = list(tombstones.order_by("version").values_list("row_id", "version"))
    live = {row.row_id for row in changed}
    latest = max([version, *(row.version for row in changed), *(v for _, v in deleted)])
    return changed, [row_id for row_id, _ in deleted if row_id not in live], latest


def current_version(service: str) -> int:
    counter = SandboxVersionCounter.objects.using(SANDBOX_DB).filter(service=service).first()
    return counter.value if counter else 0


def has_rows(service: str | None = None) -> bool:
    rows = SandboxRecord.objects.using(SANDBOX_DB).all()
    return (rows.filter(service=service) if service else rows).exists()


def reset(service: str | None = None) -> None:
    """Empty one emulated system, or both."""
    with transaction.atomic(using=SANDBOX_DB):
        for model in (SandboxRecord, SandboxTombstone, SandboxVersionCounter):
            rows = model.objects.using(SANDBOX_DB).all()
            (rows.filter(service=service) if service else rows).delete()


def _pushdown(query: PageQuery) -> Q:
    """The SQL part of the filter: conditions every matching row must meet anyway."""
    where = Q()
    for condition in query.filter.conditions() if query.filter else ():
        where &= _condition_q(condition, query.sql_columns)
    return where


def _condition_q(condition: Condition, sql_columns: Mapping[str, str]) -> Q:
    model_field = sql_columns.get(condition.column)
    value = condition.value
    if model_field and condition.op in _LOOKUPS and value is not None:
        value = uuid.UUID(value) if model_field == "row_id" and isinstance(value, str) else value
        if model_field == "row_id" and not isinstance(value, uuid.UUID):
            return Q()
        return Q(**{f"{model_field}__{_LOOKUPS[condition.op]}": value})
    if not model_field and condition.op == "eq" and isinstance(value, str) and _GUID.match(value):
        return Q(**{f"data__{condition.column}": value})
    return Q()


def _sql_order(query: PageQuery) -> list[tuple[str, bool]] | None:
    """Model fields to order by in SQL, or None when a key is a data column (ordered in Python)."""
    keys = [(query.sql_columns.get(key.column), key.descending) for key in query.order]
    if any(name is None for name, _ in keys):
        return None
    return [*[(name, desc) for name, desc in keys if name != "row_id"], ("row_id", False)]


def query_page(query: PageQuery) -> Page:
    order = _sql_order(query)
    if order is None:
        return _python_page(query)
    return _sql_page(query, order)


def _sql_page(query: PageQuery, order: list[tuple[str, bool]]) -> Page:
    base = _table(query.service, query.table).filter(_pushdown(query))
    base = base.order_by(*[f"-{name}" if desc else name for name, desc in order])
    after = _decode_sql_token(query.after, order) if query.after else None
    records: list[tuple[StoredRow, dict]] = []
    chunk = max(query.size + 1, 500)
    while len(records) <= query.size:
        fetched = list(_rows((base.filter(_after_q(order, after)) if after else base)[:chunk]))
        for row in fetched:
            record = query.project(row)
            if query.filter is None or query.filter.matches(record):
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


def _python_page(query: PageQuery) -> Page:
    columns = [key.column for key in query.order]
    descending = [key.descending for key in query.order] + [False]
    matching = []
    for row in _rows(_table(query.service, query.table).filter(_pushdown(query))):
        record = query.project(row)
        if query.filter is None or query.filter.matches(record):
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
    base = _table(query.service, query.table).filter(_pushdown(query))
    if query.filter is None:
        total = base.count()
    else:
        total = sum(1 for row in _rows(base) if query.filter.matches(query.project(row)))
    return min(total, cap) if cap is not None else total
