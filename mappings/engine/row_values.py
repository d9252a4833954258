"""Column values for the engine's prepared statements: what ``Field.get_db_prep_save`` gives, computed faster.

``get_db_prep_save`` walks three methods per value (prep, validation, adaptation); for the handful of plain types
the engine writes per record (text, whole numbers, booleans, GUIDs, aware datetimes) the answer is known from the
type and the database's features, and costs a type check. Any other value goes through the field's own method,
so the result is always what the ORM would have sent.
"""

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

import orjson
from django.db.models import DateField, Field

__all__ = ["adapted_values", "column_reader", "column_values"]

# Internal field types whose value passes to the database unchanged when it already has the type named here.
PLAIN = {
    "CharField": str,
    "TextField": str,
    "BooleanField": bool,
    "IntegerField": int,
    "BigIntegerField": int,
    "SmallIntegerField": int,
    "PositiveIntegerField": int,
    "PositiveSmallIntegerField": int,
    "AutoField": int,
    "BigAutoField": int,
}


def _kind(field: Field) -> str:
    """The internal type, a foreign key's being its target's (a related row's key)."""
    target = getattr(field, "target_field", None) if field.is_relation else None
    return target.get_internal_type() if target is not None else field.get_internal_type()


def _stock(field: Field) -> bool:
    """Django's own field classes only: a custom field (an encrypted one) may change any value it is given."""
    return type(field).__module__.startswith("django.db.models.")


def _adapter(field: Field, database) -> Callable[[Any], Any]:
    generic = field.get_db_prep_save
    kind = _kind(field) if _stock(field) else ""
    if PLAIN.get(kind) is str:  # text fields hand any str (a TextChoices member too) over unchanged
        return lambda value: value if value is None or isinstance(value, str) else generic(value, database)
    if kind in PLAIN:
        plain = PLAIN[kind]
        return lambda value: value if value is None or type(value) is plain else generic(value, database)
    if kind == "UUIDField":
        native = database.features.has_native_uuid_field
        return lambda value: (value if native else value.hex) if type(value) is uuid.UUID else generic(value, database)
    if kind == "DateTimeField":
        return _datetime_adapter(database, lambda value: generic(value, database))
    if kind == "JSONField" and database.vendor == "sqlite":
        return _sqlite_json_adapter(field, lambda value: generic(value, database))
    return lambda value: generic(value, database)


def _datetime_adapter(database, generic: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Aware datetimes as the backend stores them; a UTC one in SQLite's UTC text without a time zone round trip
    (our stamps and clocks are all UTC, and SQLite's adaptation makes each naive through the connection's zone)."""
    adapt = database.ops.adapt_datetimefield_value

    def aware(value: Any) -> Any:
        return adapt(value) if type(value) is datetime and value.tzinfo is not None else generic(value)

    def sqlite_utc(value: Any) -> Any:  # the ISO text less "+00:00" is the naive value's str()
        return value.isoformat(" ")[:-6] if type(value) is datetime and value.tzinfo is UTC else aware(value)

    return sqlite_utc if database.vendor == "sqlite" and database.timezone_name == "UTC" else aware


def _sqlite_json_adapter(field: Field, generic: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """JSON text for SQLite by orjson, the field's encoder still deciding what orjson has no rule for (a
    ``DjangoJSONEncoder`` writes datetimes its own way, so they are passed to it too); a value orjson refuses (a
    key that is not text, a number too large) goes through Django's own adaptation."""
    fallback = field.encoder().default if field.encoder else None
    option = orjson.OPT_PASSTHROUGH_DATETIME if field.encoder else 0

    def text(value: Any) -> Any:
        if value is None:  # SQL NULL, not JSON null
            return None
        try:
            return orjson.dumps(value, default=fallback, option=option).decode()
        except TypeError:
            return generic(value)

    return text


def _sets_own_value(field: Field, adding: bool) -> bool:
    """Whether ``pre_save`` gives the value rather than the instance: a date stamped on save (``auto_now``, or
    ``auto_now_add`` on an insert), or any field whose class changes ``pre_save``."""
    if isinstance(field, DateField) and _stock(field):
        return field.auto_now or (field.auto_now_add and adding)
    return type(field).pre_save is not Field.pre_save


def _stamped(field: Field) -> bool:
    return isinstance(field, DateField) and _stock(field) and (field.auto_now or field.auto_now_add)


def column_reader(field: Field, database, *, adding: bool = False) -> Callable[[Any], Any]:
    """The database value of ``field`` for a model instance, as ``save`` computes it (``adding``: an insert)."""
    adapt = _adapter(field, database)
    if _sets_own_value(field, adding):
        return lambda row: adapt(field.pre_save(row, adding))
    attname = field.attname
    return lambda row: adapt(getattr(row, attname))


def column_values(field: Field, database, rows: Sequence[Any], *, adding: bool = False) -> list[Any]:
    """``column_reader``'s values for many rows, a column at a time: a value every row shares (a scope's connection,
    a default) is adapted once, and a column whose values all have the plain type passes as it is. Rows written by
    one statement are stamped (``auto_now``, ``auto_now_add``) with one time."""
    if _sets_own_value(field, adding) and _stamped(field) and rows:
        stamp = field.pre_save(rows[0], adding)
        for row in rows[1:]:
            setattr(row, field.attname, stamp)
        return [_adapter(field, database)(stamp)] * len(rows)
    if _sets_own_value(field, adding):
        read = column_reader(field, database, adding=adding)
        return [read(row) for row in rows]
    return adapted_values(field, database, list(map(attrgetter(field.attname), rows)))


def adapted_values(field: Field, database, values: list[Any]) -> list[Any]:
    """Values of ``field`` as the database takes them (``get_db_prep_save``'s), a list at a time."""
    if not values:
        return []
    first, adapt = values[0], _adapter(field, database)
    if all(value is first for value in values):
        return [adapt(first)] * len(values)
    kind = _kind(field) if _stock(field) else ""
    plain = PLAIN.get(kind)
    if plain is not None and set(map(type, values)) <= {plain, type(None)}:
        return values
    if kind == "UUIDField" and not database.features.has_native_uuid_field and set(map(type, values)) == {uuid.UUID}:
        return list(map(attrgetter("hex"), values))
    if kind == "DateTimeField":  # stamps repeat (the rows of one write share its time): each adapted once
        adapted: dict[Any, Any] = {}
        return [adapted[value] if value in adapted else adapted.setdefault(value, adapt(value)) for value in values]
    return list(map(adapt, values))
