"""Hand-run SQL for the single-row operations every emulated request makes (get, look-up by key, insert,
update, version numbers).

Building a Django query costs far more than running it on an indexed column; the emulators make a dozen of these
per write, so each statement shape is compiled by the ORM once (with sample values, to learn the order of its
parameters) and then executed with plain parameters.
"""

import uuid
from collections.abc import Iterable
from functools import cache

from django.db import connections

from sandbox.models import SandboxRecord, SandboxVersionCounter
from sandbox.routers import SANDBOX_DB
from sandbox.storage.keys import key_columns, key_texts
from sandbox.storage.modifier import modifier_of
from sandbox.storage.rows import FIELDS, STAMPS, StoredRow, convert_row, convert_stamps, encode_data, stamp_column

__all__ = [
    "COLUMNS",
    "db_keys",
    "insert_row",
    "insert_sql",
    "next_versions",
    "row_params",
    "rows_by_ids",
    "select_by_ids",
    "select_by_keys",
    "select_rows",
    "update_in_place_sql",
    "update_row",
]

ID_CHUNK = 1000

_SAMPLES = {
    "service": "\x01service",
    "table": "\x01table",
    "row_id": uuid.UUID(int=1),
    "lookup_key": "\x01lookup",
    "parent_key": "\x01parent",
}


def _connection():
    return connections[SANDBOX_DB]


def _db_uuid(value: uuid.UUID | str):
    value = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    return value if _connection().features.has_native_uuid_field else value.hex


@cache
def _select(where: tuple[str, ...], for_update: bool, vendor: str) -> tuple[str, tuple[str, ...]]:
    """The SELECT for rows matching ``where`` (equalities), and the field each parameter stands for."""
    queryset = SandboxRecord.objects.using(SANDBOX_DB).filter(**{name: _SAMPLES[name] for name in where})
    if for_update:
        queryset = queryset.select_for_update()
    sql, params = queryset.values_list(*FIELDS).query.get_compiler(using=SANDBOX_DB).as_sql()
    by_sample = {str(_SAMPLES[name]): name for name in where} | {_SAMPLES["row_id"].hex: "row_id"}
    return sql, tuple(by_sample[str(param)] for param in params)


def select_rows(*, for_update: bool = False, **where: object) -> list[StoredRow]:
    """Rows whose model fields equal ``where`` (service, table and one of row_id, lookup_key, parent_key)."""
    sql, order = _select(tuple(sorted(where)), for_update, _connection().vendor)
    params = [_db_uuid(where[name]) if name == "row_id" else where[name] for name in order]
    with _connection().cursor() as cursor:
        cursor.execute(sql, params)
        return [convert_row(values) for values in cursor.fetchall()]


def select_by_ids(
    service: str, table: str, row_ids: Iterable[uuid.UUID], fields: tuple[str, ...], *, for_update: bool = False
) -> list[tuple]:
    """The ``fields`` of the rows with these ids, a thousand ids a statement. The ORM would prepare every id of
    a bulk message's look-up targets through the field's converters, which cost more than the query itself."""
    native = _connection().features.has_native_uuid_field
    keys = [row_id if native else row_id.hex for row_id in dict.fromkeys(row_ids)]
    return select_by_keys(service, table, keys, fields, for_update=for_update)


def db_keys(id_texts: list[str]) -> list[uuid.UUID | str]:
    """Row ids given as GUID text (8-4-4-4-12), in the form the row_id column stores: UUIDs where the database
    has the type, else their 32 lower-case hex digits."""
    if _connection().features.has_native_uuid_field:
        return [uuid.UUID(text) for text in id_texts]
    return [text.replace("-", "").lower() for text in id_texts]


def select_by_keys(
    service: str, table: str, keys: list, fields: tuple[str, ...], *, for_update: bool = False
) -> list[tuple]:
    """``select_by_ids`` for ids already in the row_id column's stored form (``db_keys``)."""
    connection = _connection()
    head = (
        f"SELECT {', '.join(stamp_column(name, connection.vendor) for name in fields)} "
        f"FROM {_quoted(SandboxRecord._meta.db_table)} "
        f"WHERE {_quoted('service')} = %s AND {_quoted('table')} = %s AND {_quoted('row_id')} IN "
    )
    tail = " FOR UPDATE" if for_update and connection.features.has_select_for_update else ""
    found = []
    with connection.cursor() as cursor:
        for start in range(0, len(keys), ID_CHUNK):
            chunk = keys[start : start + ID_CHUNK]
            cursor.execute(f"{head}({', '.join(['%s'] * len(chunk))}){tail}", [service, table, *chunk])
            found += cursor.fetchall()
    return found


def rows_by_ids(service: str, table: str, row_ids: Iterable[uuid.UUID], *, data: bool = True) -> list[StoredRow]:
    """The rows with these ids (in no particular order); without ``data`` their data is neither read nor decoded
    (it is empty)."""
    fields, convert = (FIELDS, convert_row) if data else (STAMPS, convert_stamps)
    return [convert(values) for values in select_by_ids(service, table, row_ids, fields)]


def _quoted(name: str) -> str:
    return _connection().ops.quote_name(name)


# The key columns stay last: ``bulk`` compares a row's stored keys with its parameters' last two.
COLUMNS = (
    "service",
    "table",
    "row_id",
    "data",
    "version",
    "created_at",
    "modified_at",
    "modified_by",
    "lookup_key",
    "parent_key",
)


def _json_placeholder() -> str:
    return "CAST(%s AS jsonb)" if _connection().vendor == "postgresql" else "%s"


def insert_sql(on_conflict: str) -> str:
    """``INSERT`` of one row's ``row_params``, with the given action on a row id the table already has."""
    values = ", ".join(_json_placeholder() if column == "data" else "%s" for column in COLUMNS)
    key = ", ".join(_quoted(name) for name in ("service", "table", "row_id"))
    return (
        f"INSERT INTO {_quoted(SandboxRecord._meta.db_table)} ({', '.join(_quoted(c) for c in COLUMNS)}) "
        f"VALUES ({values}) ON CONFLICT ({key}) DO {on_conflict}"
    )


def row_params(service: str, table: str, rows: Iterable[StoredRow]) -> list[tuple]:
    """The parameters of ``insert_sql``, one tuple per row; each distinct timestamp is adapted once."""
    connection = _connection()
    native_uuid, adapt = connection.features.has_native_uuid_field, connection.ops.adapt_datetimefield_value
    columns = key_columns(service, table)
    stamps: dict = {}
    params = []
    for row in rows:
        for moment in (row.created_at, row.modified_at):
            if moment not in stamps:
                stamps[moment] = adapt(moment)
        lookup_key, parent_key = key_texts(service, table, row.data) if columns else (None, None)
        row_id = row.row_id if native_uuid else row.row_id.hex
        data = encode_data(row.data)
        created, modified = stamps[row.created_at], stamps[row.modified_at]
        modifier = modifier_of(service, row.data)
        params.append((service, table, row_id, data, row.version, created, modified, modifier, lookup_key, parent_key))
    return params


def update_in_place_sql() -> str:
    """``UPDATE`` of a row's data, version, modified_at and modified_by where its stored key columns already hold the
    given values (so their indexes are left alone); parameters: data, version, modified_at, modified_by, service,
    table, row id, lookup_key, parent_key."""
    same = "IS NOT DISTINCT FROM" if _connection().vendor == "postgresql" else "IS"
    return (
        f"UPDATE {_quoted(SandboxRecord._meta.db_table)} SET {_quoted('data')} = {_json_placeholder()}, "
        f"{_quoted('version')} = %s, {_quoted('modified_at')} = %s, {_quoted('modified_by')} = %s WHERE {_row_where()} "
        f"AND {_quoted('lookup_key')} {same} %s AND {_quoted('parent_key')} {same} %s"
    )


def _row_where() -> str:
    return " AND ".join(f"{_quoted(name)} = %s" for name in ("service", "table", "row_id"))


def insert_row(service: str, table: str, row: StoredRow) -> bool:
    """Insert one row; False (and nothing written) when the table already has a row with that id."""
    with _connection().cursor() as cursor:
        cursor.execute(insert_sql("NOTHING"), row_params(service, table, [row])[0])
        return cursor.rowcount == 1


def update_row(service: str, table: str, row: StoredRow) -> None:
    """Replace one row's data, version, modified_at, modifier and key columns."""
    connection = _connection()
    assignments = f"{_quoted('data')} = {_json_placeholder()}, " + ", ".join(
        f"{_quoted(name)} = %s" for name in ("version", "modified_at", "modified_by", "lookup_key", "parent_key")
    )
    sql = f"UPDATE {_quoted(SandboxRecord._meta.db_table)} SET {assignments} WHERE {_row_where()}"
    modified = connection.ops.adapt_datetimefield_value(row.modified_at)
    lookup_key, parent_key = key_texts(service, table, row.data)
    params = [
        encode_data(row.data),
        row.version,
        modified,
        modifier_of(service, row.data),
        lookup_key,
        parent_key,
        service,
        table,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, _db_uuid(row.row_id)])


def next_versions(service: str, count: int) -> int:
    """Reserve ``count`` versions of ``service``; returns the last one. The UPDATE row-locks the counter until
    the transaction commits, so concurrent writers get distinct, increasing versions."""
    table, value = _quoted(SandboxVersionCounter._meta.db_table), _quoted("value")
    sql = f"UPDATE {table} SET {value} = {value} + %s WHERE {_quoted('service')} = %s RETURNING {value}"
    with _connection().cursor() as cursor:
        cursor.execute(sql, [count, service])
        found = cursor.fetchone()
        if found is None:
            cursor.execute(
                f"INSERT INTO {table} ({_quoted('service')}, {value}) VALUES (%s, %s) "
                f"ON CONFLICT ({_quoted('service')}) DO UPDATE SET {value} = {table}.{value} + excluded.{value} "
                f"RETURNING {value}",
                [service, count],
            )
            found = cursor.fetchone()
    return found[0]
