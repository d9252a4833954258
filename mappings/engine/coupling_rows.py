"""How the engine's per-record rows reach the database: prepared statements sent once for a whole page.

The ORM's ``bulk_create`` and ``bulk_update`` compile every value of every row through their SQL compilers (about
0.1 to 0.4 ms per row), which made the database writes of a full synchronization cost more CPU than everything else
the engine does for a record. Here each row costs only the adaptation of its values (``row_values``): one
``INSERT`` or ``UPDATE`` statement is prepared per page and sent with every row's values (``executemany``).
"""

from collections.abc import Iterable, Sequence

from django.db import connections, router, transaction
from django.db.models import Model

from mappings.engine.row_values import adapted_values, column_values
from mappings.models import Coupling

__all__ = [
    "SAVED_FIELDS",
    "coupling_values_among",
    "insert_couplings",
    "insert_rows",
    "remember_saved",
    "save_couplings",
]

# The coupling fields a pass changes; the others are set when the coupling is created, or by other jobs.
SAVED_FIELDS = [
    "bc_system_id",
    "dataverse_id",
    "bc_modified_on",
    "dataverse_modified_on",
    "dataverse_version",
    "last_result_from",
    "last_result_to",
    "last_job_from",
    "last_job_to",
    "last_error_from",
    "last_error_to",
    "skipped",
    "pending",
    "pending_since",
    "pending_match",
]
_SAVED = [Coupling._meta.get_field(name) for name in SAVED_FIELDS]
_SAVED_ATTNAMES = [field.attname for field in _SAVED]
_SAVED_STATE = "_engine_saved_values"  # the values of SAVED_FIELDS as last read or written, kept on the instance


def _database(model: type[Model]):
    return connections[router.db_for_write(model)]


def insert_rows(rows: list[Model]) -> None:
    """Insert new model instances of one model (defaults and ``auto_now_add`` applied, as ``save`` would)."""
    if not rows:
        return
    meta, database = rows[0]._meta, _database(type(rows[0]))
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = database.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    values = list(zip(*(column_values(f, database, rows, adding=True) for f in fields), strict=True))
    with transaction.atomic(using=database.alias), database.cursor() as cursor:
        cursor.executemany(sql, values)


def insert_couplings(couplings: list[Coupling]) -> None:
    """Insert new couplings of one table pair and give them their primary keys (read back by Dataverse id, which
    is unique per connection and table pair); they are remembered as saved."""
    if not couplings:
        return
    first, database = couplings[0], _database(Coupling)
    with transaction.atomic(using=database.alias):
        insert_rows(couplings)
        where = {"connection_id": first.connection_id, "bc_table": first.bc_table}
        where["dataverse_table"] = first.dataverse_table
        ids = [c.dataverse_id for c in couplings]
        keys = dict(coupling_values_among(where, "dataverse_id", ids, ["dataverse_id", "id"]))
    for coupling in couplings:
        coupling.pk = keys[coupling.dataverse_id]
        coupling._state.adding, coupling._state.db = False, database.alias
    remember_saved(couplings)


def _among(where: dict[str, object], field_name: str, values: Sequence[object], columns: str) -> tuple[str, list]:
    """SQL and parameters selecting ``columns`` of the couplings that match ``where`` (equalities) and hold one of
    ``values`` in ``field_name``. The ORM's ``__in`` prepares each listed value through half a dozen methods, which
    made a page's coupling reads cost more than the reads; here the list is adapted a column at a time."""
    database, meta = _database(Coupling), Coupling._meta
    quote, column = database.ops.quote_name, meta.get_field(field_name)
    fixed = [meta.get_field(name) for name in where]
    conditions = [f"{quote(f.column)} = %s" for f in fixed]
    conditions.append(f"{quote(column.column)} IN ({', '.join(['%s'] * len(values))})")
    sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {' AND '.join(conditions)}"
    params = [f.get_db_prep_value(value, database) for f, value in zip(fixed, where.values(), strict=True)]
    return sql, params + adapted_values(column, database, list(values))


def coupling_values_among(
    where: dict[str, object], field_name: str, values: Sequence[object], select: Sequence[str]
) -> list[tuple]:
    """The ``select`` fields of the couplings that match ``where`` and hold one of ``values`` in ``field_name``."""
    if not values:
        return []
    database, meta = _database(Coupling), Coupling._meta
    selected = [meta.get_field(name) for name in select]
    sql, params = _among(where, field_name, values, ", ".join(database.ops.quote_name(f.column) for f in selected))
    with database.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [tuple(f.to_python(v) for f, v in zip(selected, row, strict=True)) for row in rows]


def coupled_counterparts(
    where: dict[str, object], field_name: str, values: Iterable[object], counterpart: str
) -> dict[object, object]:
    """``field_name`` value → ``counterpart`` value of the couplings that match ``where`` and hold one of ``values``
    (a counterpart still empty, a create pending in BC, is left out)."""
    wanted = list(dict.fromkeys(values))
    rows = coupling_values_among(where, field_name, wanted, [field_name, counterpart])
    return {key: other for key, other in rows if other is not None}


def couplings_among(where: dict[str, object], field_name: str, values: Sequence[object]) -> list[Coupling]:
    """The couplings that match ``where`` and hold one of ``values`` in ``field_name``, as model instances."""
    if not values:
        return []
    sql, params = _among(where, field_name, values, "*")
    return list(Coupling.objects.using(_database(Coupling).alias).raw(sql, params))


def _saved_values(coupling: Coupling) -> tuple:
    return tuple(getattr(coupling, name) for name in _SAVED_ATTNAMES)


def remember_saved(couplings: Iterable[Coupling]) -> None:
    """Note what the database holds for these couplings, so that ``save_couplings`` writes only what changed."""
    for coupling in couplings:
        setattr(coupling, _SAVED_STATE, _saved_values(coupling))


def save_couplings(couplings: list[Coupling]) -> None:
    """Write changed couplings back: per set of changed fields, one ``UPDATE … WHERE id = %s`` for all its rows.

    Only the changed columns are written, so the indexes of the others are left alone; couplings never
    remembered have every field written. An UPDATE never brings back a coupling that an administrator removed
    meanwhile: it finds no row.
    """
    groups: dict[tuple[int, ...], list[Coupling]] = {}
    for coupling in couplings:
        values, before = _saved_values(coupling), getattr(coupling, _SAVED_STATE, None)
        changed = tuple(i for i, value in enumerate(values) if before is None or before[i] != value)
        if changed:
            groups.setdefault(changed, []).append(coupling)
        setattr(coupling, _SAVED_STATE, values)
    if not groups:
        return
    database = _database(Coupling)
    quote, meta = database.ops.quote_name, Coupling._meta
    with transaction.atomic(using=database.alias), database.cursor() as cursor:
        for changed, rows in groups.items():
            fields = [_SAVED[i] for i in changed]
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
            sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
            columns = [column_values(f, database, rows) for f in fields] + [[c.pk for c in rows]]
            cursor.executemany(sql, list(zip(*columns, strict=True)))
