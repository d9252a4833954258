"""Indexed data columns: look-ups by lists of values on columns that are not a table's key (a contact's parent
account, a unit's unit group, a unit group's item) read an index instead of every row's JSON.

Each service's schema declares the columns it indexes per table (``VALUE_INDEXES`` beside the table
declarations). For each, the database keeps an expression index on the column's lowered text, limited to that
table's rows (SQLite: ``LOWER(JSON_EXTRACT(data, '$."col"'))``, PostgreSQL: ``LOWER(data ->> 'col')``); the
services compare text without regard to case, so queries compare the same lowered expression with lowered values
and the planner can use the index. The expression is written here once, for the index and for the queries, so
that the two always match; the path is part of the SQL text because SQLite uses an expression index only when
the query's expression is the same text.
"""

import hashlib
from collections.abc import Iterable

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q, TextField
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In
from django.utils.module_loading import import_string

from sandbox.models import SandboxRecord

__all__ = ["create_indexes", "drop_indexes", "index_statements", "indexed_columns", "value_q"]

_PROVIDERS = {
    "bc": ("sandbox.bc.schema.value_index_columns", "sandbox.bc.schema.VALUE_INDEXES"),
    "dataverse": (
        "sandbox.dataverse.schema.catalogue.value_index_columns",
        "sandbox.dataverse.schema.catalogue.VALUE_INDEXES",
    ),
}


def indexed_columns(service: str, table: str) -> tuple[str, ...]:
    """The data columns of ``table`` whose values the database indexes (none for unknown services)."""
    provider = _PROVIDERS.get(service)
    return tuple(import_string(provider[0])(table)) if provider else ()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def value_sql(vendor: str, column: str) -> str:
    """The lowered text of ``data``'s ``column``, as both the index and the queries spell it."""
    if vendor == "postgresql":
        return f'LOWER(("data" ->> {_literal(column)}))'
    return f'LOWER(JSON_EXTRACT("data", {_literal("$." + chr(34) + column + chr(34))}))'


def value_q(vendor: str, service: str, table: str, column: str, values: Iterable[str]) -> Q | None:
    """Rows whose ``column`` equals one of ``values`` ignoring case, answered by the column's index; None when
    the column is not indexed. Compares lowered text, so only narrows the rows when exactness matters."""
    if column not in indexed_columns(service, table):
        return None
    lowered = sorted({value.lower() for value in values})
    return Q(In(RawSQL(value_sql(vendor, column), (), output_field=TextField()), lowered))


def _declared() -> list[tuple[str, str, str]]:
    return [
        (service, table, column)
        for service, (_, catalogue) in _PROVIDERS.items()
        for table, columns in import_string(catalogue).items()
        for column in columns
    ]


def index_statements(vendor: str) -> list[tuple[str, str]]:
    """``(name, CREATE INDEX …)`` for every declared column: a partial index over the table's own rows. Its key
    leads with service and table, so that SQLite's planner (which has no statistics) ranks it above the unique
    (service, table, row_id) index for a query that names all three."""
    target = f'"{SandboxRecord._meta.db_table}"'
    statements = []
    for service, table, column in _declared():
        name = "sandbox_value_" + hashlib.sha1(f"{service}\x1f{table}\x1f{column}".encode()).hexdigest()[:12]
        where = f'"service" = {_literal(service)} AND "table" = {_literal(table)}'
        key = f'"service", "table", ({value_sql(vendor, column)})'
        create = f"CREATE INDEX IF NOT EXISTS {name} ON {target} ({key}) WHERE {where}"
        statements.append((name, create))
    return statements


def create_indexes(connection: BaseDatabaseWrapper) -> None:
    """Create the declared indexes that do not exist yet (a migration runs this whenever the list grows)."""
    with connection.cursor() as cursor:
        for _, create in index_statements(connection.vendor):
            cursor.execute(create)


def drop_indexes(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for name, _ in index_statements(connection.vendor):
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
