"""Create, modify and delete BC records with BC's rules: the one write path of the API views, seeding and tests.

Each write validates its fields (``validation``), numbers new records (``numbering``), runs the table's triggers
(``triggers``: defaults from related records, document lines and totals, cascades) and stores the result through
``sandbox.store`` inside one transaction, so a failing trigger leaves nothing half-written.
"""

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from sandbox.bc import records as store
from sandbox.bc import triggers
from sandbox.bc.errors import EntityChanged, RecordExists, RecordNotFound, key_text
from sandbox.bc.numbering import next_number, series_for
from sandbox.bc.schema import Table, table
from sandbox.bc.validation import SERVICE, check_relations, check_required, coerce
from sandbox.routers import SANDBOX_DB

__all__ = ["SERVICE", "create", "delete", "find", "find_one", "get", "prepare", "update"]


def get(table_name: str, row_id: uuid.UUID | str) -> store.StoredRow:
    """The record with this SystemId, or ``RecordNotFound`` in BC's words."""
    row = store.get(SERVICE, table_name, _uuid(row_id))
    if row is None:
        raise RecordNotFound(f"The {table_name} does not exist. Identification fields and values: Id='{row_id}'")
    return row


def find(table_name: str, **values: Any) -> list[store.StoredRow]:
    return store.find(SERVICE, table_name, **values)


def find_one(table_name: str, **values: Any) -> store.StoredRow | None:
    rows = find(table_name, **values)
    return rows[0] if rows else None


def prepare(table_name: str, values: dict[str, Any]) -> dict[str, Any]:
    """A new record's data: blank fields, then ``values`` validated; no triggers or look-ups (bulk seeding)."""
    source = table(table_name)
    data = source.blank_record()
    for name, value in values.items():
        data[name] = coerce(source, name, value)
    return data


def create(table_name: str, values: dict[str, Any], *, row_id: uuid.UUID | str | None = None) -> store.StoredRow:
    """Insert a record as BC's Insert(true) does: number it, fill defaults, validate, run OnInsert."""
    source = table(table_name)
    with transaction.atomic(using=SANDBOX_DB):
        data = prepare(table_name, values)
        series = series_for(table_name, data)
        if series and source.key[-1] == "No." and not data["No."]:
            data["No."] = next_number(series)[0]
        triggers.before_insert(table_name, data, set(values))
        check_required(source, data)
        check_relations(source, data, list(values))
        _check_unique(source, data)
        row = store.insert(SERVICE, table_name, _uuid(row_id) if row_id else uuid.uuid4(), data)
        triggers.after_insert(table_name, row)
    return row


def update(
    table_name: str, row_id: uuid.UUID | str, values: dict[str, Any], *, expected_version: int | None = None
) -> store.StoredRow:
    """Modify a record as BC's Modify(true) does; ``expected_version`` gives optimistic concurrency (412)."""
    source = table(table_name)
    with transaction.atomic(using=SANDBOX_DB):
        current = get(table_name, row_id)
        if expected_version is not None and current.version != expected_version:
            raise EntityChanged()
        data = dict(current.data)
        for name, value in values.items():
            data[name] = coerce(source, name, value)
        changed = [name for name in values if data[name] != current.data.get(name)]
        triggers.before_modify(table_name, current.data, data, changed)
        check_required(source, data)
        check_relations(source, data, changed)
        if any(name in source.key for name in changed):
            _check_unique(source, data)
        try:
            row = store.update(SERVICE, table_name, current.row_id, data, expected_version=current.version)
        except store.VersionMismatch:
            raise EntityChanged() from None
        triggers.after_modify(table_name, current.data, row)
    return row


def delete(table_name: str, row_id: uuid.UUID | str, *, expected_version: int | None = None) -> store.StoredRow:
    """Delete a record as BC's Delete(true) does, with the table's checks and cascades."""
    with transaction.atomic(using=SANDBOX_DB):
        current = get(table_name, row_id)
        if expected_version is not None and current.version != expected_version:
            raise EntityChanged()
        triggers.before_delete(table_name, current)
        try:
            store.delete(SERVICE, table_name, current.row_id, expected_version=current.version)
        except store.VersionMismatch:
            raise EntityChanged() from None
        triggers.after_delete(table_name, current)
    return current


def delete_all(table_name: str, rows: Iterable[store.StoredRow]) -> None:
    """Delete related records without their own triggers (BC's DeleteAll(false) in a cascade)."""
    for row in rows:
        store.delete(SERVICE, table_name, row.row_id)


def _check_unique(source: Table, data: dict) -> None:
    key = {name: data.get(name) for name in source.key}
    if store.find(SERVICE, source.name, **key):
        raise RecordExists(
            f"The record in table {source.name} already exists. Identification fields and values: "
            f"{key_text(data, source.key)}"
        )


def _uuid(value: uuid.UUID | str) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise RecordNotFound(f"'{value}' is not a valid SystemId.") from None
