"""The only entry point that reads or writes the emulated records, for both emulators.

Every write takes versions from the service's counter inside the same transaction, so versions are unique
and increasing per service; change tracking reads "version greater than the token". Reads page by keyset
(``sandbox.storage.paging``). Look-ups by a table's key columns use indexed columns
(``sandbox.storage.keys``); bulk writes are raw multi-row upserts (``sandbox.storage.bulk``). GUIDs inside
``data`` are stored lower-case so that GUID equality can be compared in SQL.
"""

import uuid
from collections.abc import Iterable, Mapping, Sequence

from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone

from sandbox.models import SandboxRecord, SandboxTombstone, SandboxVersionCounter
from sandbox.routers import SANDBOX_DB
from sandbox.storage.bulk import upsert_rows
from sandbox.storage.keys import KeyIndex
from sandbox.storage.paging import Page, PageQuery, count, query_page, table_rows
from sandbox.storage.rows import FIELDS, StoredRow, convert_row, moment, read_rows
from sandbox.storage.statements import (
    db_keys,
    insert_row,
    next_versions,
    select_by_ids,
    select_by_keys,
    select_rows,
    update_row,
)
from sandbox.storage.values import value_q

__all__ = [
    "Page",
    "PageQuery",
    "RowExists",
    "RowMissing",
    "StoredRow",
    "VersionMismatch",
    "changes_page",
    "changes_since",
    "count",
    "current_version",
    "delete",
    "delete_many",
    "existing_id_texts",
    "existing_ids",
    "find",
    "find_in",
    "get",
    "get_many",
    "has_rows",
    "insert",
    "query_page",
    "reset",
    "update",
    "write_many",
]


class RowMissing(LookupError):
    """No row with that id in that table."""


class RowExists(LookupError):
    """A create met a row that already has that id."""


class VersionMismatch(LookupError):
    """An optimistic-concurrency write found a newer version than the caller's."""


_table = table_rows


_next_versions = next_versions


def _uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


def get(service: str, table: str, row_id: uuid.UUID) -> StoredRow | None:
    rows = select_rows(service=service, table=table, row_id=row_id)
    return rows[0] if rows else None


def get_many(
    service: str, table: str, row_ids: Iterable[uuid.UUID], *, for_update: bool = False
) -> dict[uuid.UUID, StoredRow]:
    """The rows with these ids; ``for_update`` locks them until the transaction ends (PostgreSQL; SQLite's writer
    lock already serializes writes). Each row keeps the id asked for rather than parsing its stored text again."""
    asked = {row_id.hex: row_id for row_id in row_ids}
    found = select_by_ids(service, table, asked.values(), FIELDS, for_update=for_update)
    rows = [convert_row((asked.get(row_id) or row_id, *values)) for row_id, *values in found]
    return {row.row_id: row for row in rows}


def existing_ids(service: str, table: str, row_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these rows exist: ids only, no row read or decoded (checking the targets of look-ups). The ids
    found are the ones asked for, matched by their stored text rather than parsed again."""
    asked = {row_id.hex: row_id for row_id in row_ids}
    return {asked.get(found) or _uuid(found) for (found,) in select_by_ids(service, table, asked.values(), ("row_id",))}


def existing_id_texts(service: str, table: str, id_texts: Iterable[str]) -> set[str]:
    """Which of these rows exist, their ids given and answered as lower-case GUID text (as look-ups store them):
    where the database keeps ids as text, the text becomes the stored key with no ``uuid.UUID`` made and printed."""
    texts = list(id_texts)
    keys = dict(zip(db_keys(texts), texts, strict=True))
    return {keys[found] for (found,) in select_by_keys(service, table, list(keys), ("row_id",)) if found in keys}


def find(service: str, table: str, **equal: object) -> list[StoredRow]:
    """Rows whose data columns equal the given values (alternate keys, look-ups by e-mail or code).

    When the columns cover the table's key (or all of it but the last column) the indexed key column narrows
    the rows first, else an indexed value column (``sandbox.storage.values``); the values are then compared
    exactly.
    """
    index = KeyIndex(service, table, equal)
    if index.field is not None:
        rows = select_rows(service=service, table=table, **{index.field: index.value})
    elif (indexed := _indexed_q(service, table, equal)) is not None:
        rows = read_rows(_table(service, table).filter(indexed))
    else:
        return read_rows(_table(service, table).filter(**{f"data__{name}": value for name, value in equal.items()}))
    return [row for row in rows if all(row.data.get(name) == value for name, value in equal.items())]


def _indexed_q(service: str, table: str, equal: dict[str, object]) -> Q | None:
    """The value index of one of the text columns asked for, which narrows the rows to compare exactly."""
    vendor = connections[SANDBOX_DB].vendor
    for name, value in equal.items():
        if isinstance(value, str) and value.isascii() and (found := value_q(vendor, service, table, name, [value])):
            return found
    return None


def find_in(service: str, table: str, column: str, values: Sequence[object]) -> list[StoredRow]:
    """Rows whose data column is one of ``values`` (the lines of a page of documents), in one query per chunk."""
    found = []
    for start in range(0, len(values), 1000):
        chunk = list(values[start : start + 1000])
        found += read_rows(_table(service, table).filter(**{f"data__{column}__in": chunk}))
    return found


def insert(service: str, table: str, row_id: uuid.UUID, data: dict) -> StoredRow:
    with transaction.atomic(using=SANDBOX_DB):
        now = timezone.now()
        row = StoredRow(row_id, data, _next_versions(service, 1), now, now)
        if not insert_row(service, table, row):
            raise RowExists(row_id)
    return row


def _current(service: str, table: str, row_id: uuid.UUID, expected_version: int | None) -> StoredRow:
    """The row, locked for the rest of the transaction, checked against the caller's version."""
    rows = select_rows(service=service, table=table, row_id=row_id, for_update=True)
    if not rows:
        raise RowMissing(row_id)
    if expected_version is not None and rows[0].version != expected_version:
        raise VersionMismatch(row_id)
    return rows[0]


def update(
    service: str, table: str, row_id: uuid.UUID, data: dict, *, expected_version: int | None = None
) -> StoredRow:
    """Replace the row's data (callers merge), bumping version and modified_at."""
    with transaction.atomic(using=SANDBOX_DB):
        current = _current(service, table, row_id, expected_version)
        row = StoredRow(row_id, data, _next_versions(service, 1), current.created_at, timezone.now())
        update_row(service, table, row)
    return row


def delete(service: str, table: str, row_id: uuid.UUID, *, expected_version: int | None = None) -> StoredRow:
    with transaction.atomic(using=SANDBOX_DB):
        current = _current(service, table, row_id, expected_version)
        _table(service, table).filter(row_id=row_id).delete()
        SandboxTombstone.objects.using(SANDBOX_DB).create(
            service=service, table=table, row_id=row_id, version=_next_versions(service, 1), deleted_at=timezone.now()
        )
    return current


def delete_many(service: str, table: str, row_ids: Sequence[uuid.UUID]) -> int:
    """Delete many rows in a few queries, leaving tombstones; returns how many existed."""
    with transaction.atomic(using=SANDBOX_DB):
        found = list(_table(service, table).filter(row_id__in=row_ids).values_list("row_id", flat=True))
        if not found:
            return 0
        first = _next_versions(service, len(found)) - len(found) + 1
        _table(service, table).filter(row_id__in=found).delete()
        now = timezone.now()
        SandboxTombstone.objects.using(SANDBOX_DB).bulk_create(
            [
                SandboxTombstone(service=service, table=table, row_id=row_id, version=first + n, deleted_at=now)
                for n, row_id in enumerate(found)
            ],
            batch_size=500,
        )
    return len(found)


def write_many(
    service: str,
    table: str,
    rows: Sequence[tuple[uuid.UUID, dict]],
    *,
    existing: Mapping[uuid.UUID, StoredRow] | None = None,
) -> list[StoredRow]:
    """Insert or replace many rows in a few statements (bulk messages, seeding, scale data). A replaced row keeps
    its creation time: from ``existing`` when the caller read the rows to validate the writes (reading them again
    cost a bulk message a tenth of its time), else read here; the rows in ``existing`` whose keys stay are updated
    in place."""
    if not rows:
        return []
    with transaction.atomic(using=SANDBOX_DB):
        if existing is None:
            found = select_by_ids(service, table, [row_id for row_id, _ in rows], ("row_id", "created_at"))
            created = {_uuid(row_id): moment(created_at) for row_id, created_at in found}
        else:
            created = {row_id: row.created_at for row_id, row in existing.items()}
        first = _next_versions(service, len(rows)) - len(rows) + 1
        now = timezone.now()
        written = [
            StoredRow(row_id, data, first + index, created.get(row_id, now), now)
            for index, (row_id, data) in enumerate(rows)
        ]
        upsert_rows(service, table, written, {row_id: row.data for row_id, row in (existing or {}).items()})
    return written


def changes_since(service: str, table: str, version: int) -> tuple[list[StoredRow], list[uuid.UUID], int]:
    """Rows changed and ids deleted after ``version``, and the version to ask from next time."""
    changed = read_rows(_table(service, table).filter(version__gt=version).order_by("version"))
    tombstones = SandboxTombstone.objects.using(SANDBOX_DB).filter(service=service, table=table, version__gt=version)
    deleted = list(tombstones.order_by("version").values_list("row_id", "version"))
    live = {row.row_id for row in changed}
    latest = max([version, *(row.version for row in changed), *(v for _, v in deleted)])
    return changed, [row_id for row_id, _ in deleted if row_id not in live], latest


def changes_page(service: str, table: str, version: int, size: int) -> tuple[list[StoredRow | uuid.UUID], int, bool]:
    """At most ``size`` changes after ``version`` in version order: live rows, and the ids of deleted rows.
    Returns them, the version of the last one (``version`` when none) and whether more follow."""
    rows = read_rows(_table(service, table).filter(version__gt=version).order_by("version")[: size + 1])
    tombstones = SandboxTombstone.objects.using(SANDBOX_DB).filter(service=service, table=table, version__gt=version)
    deleted = list(tombstones.order_by("version").values_list("version", "row_id")[: size + 1])
    merged = sorted([(row.version, row) for row in rows] + deleted, key=lambda item: item[0])
    page = merged[:size]
    return [item for _, item in page], page[-1][0] if page else version, len(merged) > size


def current_version(service: str) -> int:
    counter = SandboxVersionCounter.objects.using(SANDBOX_DB).filter(service=service).first()
    return counter.value if counter else 0


def has_rows(service: str | None = None) -> bool:
    rows = SandboxRecord.objects.using(SANDBOX_DB).all()
    return (rows.filter(service=service) if service else rows).exists()


def reset(service: str | None = None) -> None:
    """Empty one emulated system, or both."""
    with transaction.atomic(using=SANDBOX_DB):
        for model in (SandboxRecord, SandboxTombstone, SandboxVersionCounter):
            rows = model.objects.using(SANDBOX_DB).all()
            (rows.filter(service=service) if service else rows).delete()
