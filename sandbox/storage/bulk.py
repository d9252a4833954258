"""Many rows at once: ``INSERT … ON CONFLICT … DO UPDATE`` through ``executemany`` (SQLite), or ``COPY`` into a
temporary table and one ``INSERT … SELECT … ON CONFLICT`` (PostgreSQL).

Django's ``bulk_create`` prepares every value of every object in Python (about half a millisecond a row here);
the emulators' rows have a fixed shape, so the values are adapted once per row by hand (``row_params``).
On PostgreSQL, COPY halves the server's work compared with row-by-row inserts, which matters for seeding
tens of thousands of records.
"""

from collections.abc import Sequence

from django.db import connections

from sandbox.models import SandboxRecord
from sandbox.routers import SANDBOX_DB
from sandbox.storage.rows import StoredRow
from sandbox.storage.statements import COLUMNS, insert_sql, row_params

__all__ = ["upsert_rows"]

_UPDATED = ("data", "version", "modified_at", "lookup_key", "parent_key")
CHUNK = 2000
COPY_FROM = 200
_STAGING = "sandbox_incoming_rows"


def upsert_rows(service: str, table: str, rows: Sequence[StoredRow]) -> None:
    """Insert or replace ``rows`` (whose versions and timestamps the caller chose); call inside a transaction."""
    connection = connections[SANDBOX_DB]
    quote = connection.ops.quote_name
    update = "UPDATE SET " + ", ".join(f"{quote(name)} = excluded.{quote(name)}" for name in _UPDATED)
    params = row_params(service, table, rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(params) >= COPY_FROM:
            _copy(cursor, quote, params, update)
            return
        sql = insert_sql(update)
        for start in range(0, len(params), CHUNK):
            cursor.executemany(sql, params[start : start + CHUNK])


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
