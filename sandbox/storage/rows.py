"""Stored rows as plain values, read with one cursor and converted by hand.

Paging reads convert tens of thousands of rows a second; Django's per-value converters and model iterators are
the bulk of that cost, so rows are fetched with the queryset's own SQL and converted here: the JSON decoded
once (with orjson, five times faster than the standard library), GUIDs and timestamps parsed with the standard
library's fast parsers. On SQLite the timestamps are selected as text, so the driver does not call Django's
converter for each of them; the rows of one bulk write share their stamps, so each distinct text is parsed once.
Rows are encoded with orjson too; it refuses integers beyond 64 bits, which no column of either service holds, and
those few rows are then written by the standard library.
"""

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from functools import lru_cache

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, TextField
from django.db.models.functions import Cast

from sandbox.models import SandboxRecord
from sandbox.routers import SANDBOX_DB

__all__ = [
    "FIELDS",
    "STAMPS",
    "StoredRow",
    "convert_row",
    "convert_stamps",
    "encode_data",
    "moment",
    "read_rows",
    "rows_where_in",
    "stamp_column",
]

FIELDS = ("row_id", "data", "version", "created_at", "modified_at")
STAMPS = ("row_id", "version", "created_at", "modified_at")


@dataclass(slots=True)
class StoredRow:
    row_id: uuid.UUID
    data: dict
    version: int
    created_at: dt.datetime
    modified_at: dt.datetime


def moment(value) -> dt.datetime:
    """A stored timestamp as an aware datetime (SQLite hands back text or a naive datetime in UTC)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return _moment_of_text(value)


@lru_cache(maxsize=4096)
def _moment_of_text(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


def encode_data(data: dict) -> str:
    """A row's data as the compact JSON text the ``data`` column stores."""
    try:
        return orjson.dumps(data).decode()
    except orjson.JSONEncodeError:
        return json.dumps(data, separators=(",", ":"))


def convert_row(values: tuple) -> StoredRow:
    row_id, data, version, created_at, modified_at = values
    return StoredRow(
        row_id if isinstance(row_id, uuid.UUID) else uuid.UUID(row_id),
        orjson.loads(data) if isinstance(data, str | bytes) else data,
        version,
        moment(created_at),
        moment(modified_at),
    )


def convert_stamps(values: tuple) -> StoredRow:
    """A row read without its data (the ``STAMPS`` columns), for answers that show only the id and stamps."""
    row_id, version, created_at, modified_at = values
    return convert_row((row_id, {}, version, created_at, modified_at))


def _selected(vendor: str) -> tuple:
    """The columns ``convert_row`` reads, the timestamps as their stored text on SQLite."""
    if vendor != "sqlite":
        return FIELDS
    return (*FIELDS[:3], *(Cast(F(name), TextField()) for name in FIELDS[3:]))


def read_rows(queryset) -> list[StoredRow]:
    """The rows ``queryset`` (of SandboxRecord) selects, in its order."""
    selected = _selected(connections[SANDBOX_DB].vendor)
    try:
        sql, params = queryset.values_list(*selected).query.get_compiler(using=SANDBOX_DB).as_sql()
    except EmptyResultSet:
        return []
    with connections[SANDBOX_DB].cursor() as cursor:
        cursor.execute(sql, params)
        return [convert_row(values) for values in cursor.fetchall()]


def rows_where_in(service: str, table: str, expression: str, values: list, limit: int) -> list[StoredRow]:
    """At most ``limit`` rows (in no particular order) whose indexed ``expression`` (SQL) is one of ``values``."""
    connection = connections[SANDBOX_DB]
    placeholders = ", ".join(["%s"] * len(values))
    sql = f"{_head(connection.vendor)}{expression} IN ({placeholders}) LIMIT {int(limit)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [service, table, *values])
        return [convert_row(values) for values in cursor.fetchall()]


@lru_cache(maxsize=8)
def _head(vendor: str) -> str:
    """``SELECT … WHERE service = %s AND table = %s AND `` of the hand-written reads, timestamps as text on SQLite."""
    quote = connections[SANDBOX_DB].ops.quote_name
    columns = [stamp_column(name, vendor) for name in FIELDS]
    return (
        f"SELECT {', '.join(columns)} FROM {quote(SandboxRecord._meta.db_table)} "
        f"WHERE {quote('service')} = %s AND {quote('table')} = %s AND "
    )


def stamp_column(name: str, vendor: str) -> str:
    """A column of the records table as the hand-written reads select it: a timestamp as its text on SQLite, so
    that the driver calls no converter for it (``moment`` parses each distinct text once)."""
    quoted = connections[SANDBOX_DB].ops.quote_name(name)
    return f"CAST({quoted} AS TEXT)" if vendor == "sqlite" and name in ("created_at", "modified_at") else quoted
