"""Stored rows as plain values, read with one cursor and converted by hand.

Paging reads convert tens of thousands of rows a second; Django's per-value converters and model iterators are
the bulk of that cost, so rows are fetched with the queryset's own SQL and converted here: the JSON decoded
once, GUIDs and timestamps parsed with the standard library's fast parsers.
"""

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections

from sandbox.routers import SANDBOX_DB

__all__ = ["FIELDS", "StoredRow", "convert_row", "read_rows"]

FIELDS = ("row_id", "data", "version", "created_at", "modified_at")


@dataclass(slots=True)
class StoredRow:
    row_id: uuid.UUID
    data: dict
    version: int
    created_at: dt.datetime
    modified_at: dt.datetime


def _moment(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


def convert_row(values: tuple) -> StoredRow:
    row_id, data, version, created_at, modified_at = values
    return StoredRow(
        row_id if isinstance(row_id, uuid.UUID) else uuid.UUID(row_id),
        json.loads(data) if isinstance(data, str | bytes) else data,
        version,
        _moment(created_at),
        _moment(modified_at),
    )


def read_rows(queryset) -> list[StoredRow]:
    """The rows ``queryset`` (of SandboxRecord) selects, in its order."""
    try:
        sql, params = queryset.values_list(*FIELDS).query.get_compiler(using=SANDBOX_DB).as_sql()
    except EmptyResultSet:
        return []
    with connections[SANDBOX_DB].cursor() as cursor:
        cursor.execute(sql, params)
        return [convert_row(values) for values in cursor.fetchall()]
