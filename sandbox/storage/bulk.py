"""Many rows at once: ``INSERT … ON CONFLICT … DO UPDATE`` through ``executemany`` (SQLite), or ``COPY`` into a
temporary table and one ``INSERT … SELECT … ON CONFLICT`` (PostgreSQL).

Django's ``bulk_create`` prepares every value of every object in Python (about half a millisecond a row here);
the emulators' rows have a fixed shape, so the values are adapted once per row by hand (``row_params``).
On PostgreSQL, COPY halves the server's work compared with row-by-row inserts, which matters for seeding
tens of thousands of records.
"""

import uuid
from collections.abc import Mapping, Sequence

from django.db import connections

from sandbox.models import SandboxRecord
from sandbox.routers import SANDBOX_DB
from sandbox.storage.keys import key_texts
from sandbox.storage.rows import StoredRow
from sandbox.storage.statements import COLUMNS, insert_sql, row_params, update_in_place_sql

__all__ = ["upsert_rows"]

_UPDATED = ("data", "version", "modified_at", "modified_by", "lookup_key", "parent_key")
CHUNK = 2000
COPY_FROM = 200
_STAGING = "sandbox_incoming_rows"


def upsert_rows(
    service: str, table: str, rows: Sequence[StoredRow], previous: Mapping[uuid.UUID, dict] | None = None
) -> None:
    """Insert or replace ``rows`` (whose versions and timestamps the caller chose); call inside a transaction.

    ``previous`` holds the data the caller read of rows that exist: those whose key columns keep their values are
    updated in place, which leaves the key indexes alone and costs SQLite a sixth less than an upsert. The update
    checks the stored keys, so when a row has since been deleted or re-keyed, that part is upserted after all.
    """
    connection = connections[SANDBOX_DB]
    quote = connection.ops.quote_name
    update = "UPDATE SET " + ", ".join(f"{quote(name)} = excluded.{quote(name)}" for name in _UPDATED)
    params = row_params(service, table, rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(params) >= COPY_FROM:
            _copy(cursor, quote, params, update)
            return
        in_place = _same_keys(service, table, rows, params, previous or {})
        if in_place:
            cursor.executemany(update_in_place_sql(), [_in_place_params(values) for values in in_place])
            if cursor.rowcount != len(in_place):
                params = [*params, *in_place]
        sql = insert_sql(update)
        for start in range(0, len(params), CHUNK):
            cursor.executemany(sql, params[start : start + CHUNK])


def _same_keys(
    service: str, table: str, rows: Sequence[StoredRow], params: list[tuple], previous: Mapping[uuid.UUID, dict]
) -> list[tuple]:
    """Move the parameters of the rows that exist with the same key values out of ``params``; returns them."""
    if not previous:
        return []
    kept, moved = [], []
    for row, values in zip(rows, params, strict=True):
        before = previous.get(row.row_id)
        same = before is not None and key_texts(service, table, before) == values[-2:]
        (moved if same else kept).append(values)
    params[:] = kept
    return moved


def _in_place_params(values: tuple) -> tuple:
    service, table, row_id, data, version, _, modified, modifier, lookup_key, parent_key = values
    return data, version, modified, modifier, service, table, row_id, lookup_key, parent_key


def _copy(cursor, quote, params: list[tuple], update: str) -> None:
    columns = ", ".join(quote(name) for name in COLUMNS)
    target = quote(SandboxRecord._meta.db_table)
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGING} ON COMMIT DELETE ROWS AS "
        f"SELECT {columns} FROM {target} WITH NO DATA"
    )
    cursor.execute(f"TRUNCATE {_STAGING}")
    with cursor.cursor.copy(f"COPY {_STAGING} ({columns}) FROM STDIN") as copy:
        for values in params:
            copy.write_row(values)
    key = ", ".join(quote(name) for name in ("service", "table", "row_id"))
    cursor.execute(f"INSERT INTO {target} ({columns}) SELECT {columns} FROM {_STAGING} ON CONFLICT ({key}) DO {update}")
