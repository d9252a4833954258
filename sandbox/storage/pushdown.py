"""The part of a page query that SQL answers: each top-level ``$filter`` term as a ``Q`` on the stored rows, through
the row id, the indexed key columns (``sandbox.storage.keys``), the indexed value columns
(``sandbox.storage.values``) or the last modifier's column (``sandbox.storage.modifier``) where it can, and whether
SQL decides the whole filter (no Python pass needed).
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from django.db import connections
from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Lower
from django.db.models.lookups import In

from sandbox.odata import Condition
from sandbox.routers import SANDBOX_DB
from sandbox.storage.keys import key_columns
from sandbox.storage.modifier import modifier_column
from sandbox.storage.values import indexed_columns, value_q, value_sql

if TYPE_CHECKING:
    from sandbox.storage.paging import PageQuery

__all__ = ["id_list", "indexed_lookup", "pushdown", "selective"]

_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_LOOKUPS = {"eq": "exact", "gt": "gt", "ge": "gte", "lt": "lt", "le": "lte"}
# Timestamps are shown to the second but stored to the microsecond: a comparison must see the shown value.
_EXACT_FIELDS = frozenset({"row_id", "version"})


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


def _key_candidates(query: PageQuery, stored: str, values: list[str]) -> tuple[str, list[str]] | None:
    """A list of values of a BC table's first key column, answered by an indexed key column (its name, and the
    values to look up) instead of a scan of every row's JSON. BC stores its key codes trimmed and upper-cased, so
    the values as given and upper-cased cover every row the exact comparison (left to Python) can accept."""
    columns = key_columns(query.service, query.table) if query.service == "bc" else ()
    if not columns or stored != columns[0] or len(columns) > 2:
        return None
    candidates = sorted({text for value in values for text in (value, value.strip().upper())})
    return ("lookup_key" if len(columns) == 1 else "parent_key"), candidates


def _key_values_q(query: PageQuery, stored: str, values: list[str]) -> Q | None:
    found = _key_candidates(query, stored, values)
    return None if found is None else Q(**{f"{found[0]}__in": found[1]})


def _indexed_q(query: PageQuery, stored: str | None, values: list) -> Q | None:
    """The column's value index, when the schema declares one and every value is (ASCII) text."""
    if not stored or not values or not all(isinstance(item, str) and item and item.isascii() for item in values):
        return None
    return value_q(connections[SANDBOX_DB].vendor, query.service, query.table, stored, values)


def _any_q(terms: list[Condition], query: PageQuery) -> tuple[Q, bool]:
    """An ``or`` of terms: the union of their rows, when SQL narrows every one of them (an empty ``Q`` is every
    row, and Django would drop it from a union)."""
    parts = [_condition_q(term, query) for term in terms]
    if any(not part for part, _ in parts):
        return Q(), False
    where = Q()
    for part, _ in parts:
        where |= part
    return where, all(decided for _, decided in parts)


def _other_guid_q(stored: str, value: str) -> Q:
    """Rows whose stored GUID is not ``value``: a differing value, JSON null or no value at all (Python decides
    the exact comparison)."""
    return ~Q(**{f"data__{stored}": value}) | Q(**{f"data__{stored}": None}) | Q(**{f"data__{stored}__isnull": True})


def _modifier_q(op: str, value) -> Q | None:
    """A comparison of the last modifier, on the ``modified_by`` column (which holds exactly the data's GUID, lower
    case): ``eq``, ``ne`` (a row without one differs) and ``in`` of GUIDs, or ``eq`` and ``ne`` of null."""
    if value is None and op in ("eq", "ne"):
        return Q(modified_by__isnull=op == "eq")
    values = value if op == "in" else [value]
    if op not in ("eq", "ne", "in") or not values or not all(isinstance(v, str) and _GUID.match(v) for v in values):
        return None
    lowered = sorted({v.lower() for v in values})
    if op == "ne":
        return ~Q(modified_by=lowered[0]) | Q(modified_by__isnull=True)
    return Q(modified_by__in=lowered)


def _condition_q(condition: Condition, query: PageQuery) -> tuple[Q, bool]:
    """The SQL form of one term and whether it decides the term exactly (no Python check needed)."""
    if condition.op == "or":
        return _any_q(condition.value, query)
    model_field = query.sql_columns.get(condition.column)
    value = condition.value
    values = value if condition.op == "in" else [value] if condition.op == "eq" else []
    stored = query.data_columns.get(condition.column)
    if modifier_column(query.service, stored) and (modifier := _modifier_q(condition.op, value)) is not None:
        return modifier, True
    indexed = _indexed_q(query, stored, values)
    if stored and values and all(isinstance(item, str) and _GUID.match(item) for item in values):
        if indexed is not None:  # the index finds exactly these rows; Python's check is cheaper than JSON's IN
            return indexed, False
        return Q(**{f"data__{stored}__in": values}), True  # GUIDs are stored lower-case: equality is exact
    if stored and values and all(isinstance(item, str) and item and item.isascii() for item in values):
        keyed = _key_values_q(query, stored, values)
        return (keyed if keyed is not None else indexed or _stored_values_q(stored, values)), False
    if condition.op == "in":
        return _list_q(model_field, value)
    if stored and condition.op == "ne" and isinstance(value, str) and _GUID.match(value):
        return _other_guid_q(stored, value), False
    if model_field and condition.op in _LOOKUPS and value is not None:
        if model_field == "row_id":
            value = _as_uuid(value)
            if value is None:
                return Q(), False
        return Q(**{f"{model_field}__{_LOOKUPS[condition.op]}": value}), model_field in _EXACT_FIELDS
    if not model_field and condition.op == "eq" and isinstance(value, str) and _GUID.match(value):
        return Q(**{f"data__{condition.column}": value}), True
    return Q(), False


def pushdown(query: PageQuery) -> tuple[Q, bool]:
    """The SQL part of the filter, and whether it is the whole filter."""
    if query.filter is None:
        return Q(), True
    where, exact = Q(), getattr(query.filter, "only_conditions", lambda: False)()
    for condition in query.filter.conditions():
        term, decided = _condition_q(condition, query)
        where &= term
        exact = exact and decided
    return where, exact


def selective(query: PageQuery) -> bool:
    """Whether the filter looks rows up by values of an indexed data column (a BC table's first key column or a
    declared value index)."""
    indexed = set(indexed_columns(query.service, query.table))
    keys = key_columns(query.service, query.table) if query.service == "bc" else ()
    if 0 < len(keys) <= 2:
        indexed.add(keys[0])
    conditions = query.filter.conditions() if query.filter is not None else []
    return any(
        query.data_columns.get(c.column) in indexed and c.op in ("eq", "in") and c.value is not None for c in conditions
    )


def id_list(query: PageQuery) -> list[uuid.UUID] | None:
    """The row ids, when the filter's only pushable term lists row ids (``id in (…)``, ``id eq …``, or the ``or``
    of equalities clients send): that page is the rows with those ids, read by key without building a query. The
    values that are no GUID are dropped, as ``pushdown`` drops them (no row has such an id)."""
    conditions = query.filter.conditions() if query.filter is not None and not query.after else []
    if len(conditions) != 1 or query.sql_columns.get(conditions[0].column) != "row_id":
        return None
    condition = conditions[0]
    if condition.op not in ("in", "eq") or condition.value is None or condition.column in query.data_columns:
        return None
    values = condition.value if condition.op == "in" else [condition.value]
    return [found for found in map(_as_uuid, values) if found is not None]


def indexed_lookup(query: PageQuery) -> tuple[str, list[str]] | None:
    """The indexed SQL expression and the values to look up, when the filter's only pushable term is a list of text
    values of a data column that a key column or a value index answers (the look-ups of related rows by code or by
    parent a synchronization sends with every page), as ``pushdown`` would narrow them; Python's check of the
    projected rows then decides. None for any other filter."""
    conditions = query.filter.conditions() if query.filter is not None and not query.after else []
    if len(conditions) != 1 or conditions[0].op not in ("in", "eq"):
        return None
    values = conditions[0].value if conditions[0].op == "in" else [conditions[0].value]
    stored = query.data_columns.get(conditions[0].column)
    if not stored or not values or not all(isinstance(item, str) and item and item.isascii() for item in values):
        return None
    keyed = None if all(_GUID.match(item) for item in values) else _key_candidates(query, stored, values)
    if keyed is not None:
        return connections[SANDBOX_DB].ops.quote_name(keyed[0]), keyed[1]
    if stored in indexed_columns(query.service, query.table):
        return value_sql(connections[SANDBOX_DB].vendor, stored), sorted({value.lower() for value in values})
    return None
