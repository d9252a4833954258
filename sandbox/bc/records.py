"""``sandbox.store`` as the BC emulator uses it: the same calls, on the current company's records only.

Every module of the BC emulator reads and writes through here, so no code path can reach another company's
rows by forgetting to name the company (see ``sandbox.bc.company_scope``).
"""

import uuid
from dataclasses import replace

from sandbox import store
from sandbox.bc.company_scope import storage_table
from sandbox.store import Page, PageQuery, RowExists, RowMissing, StoredRow, VersionMismatch

__all__ = [
    "Page",
    "PageQuery",
    "RowExists",
    "RowMissing",
    "StoredRow",
    "VersionMismatch",
    "count",
    "delete",
    "find",
    "get",
    "insert",
    "query_page",
    "update",
]


def get(service: str, table: str, row_id: uuid.UUID) -> StoredRow | None:
    return store.get(service, storage_table(table), row_id)


def find(service: str, table: str, **equal: object) -> list[StoredRow]:
    return store.find(service, storage_table(table), **equal)


def insert(service: str, table: str, row_id: uuid.UUID, data: dict) -> StoredRow:
    return store.insert(service, storage_table(table), row_id, data)


def update(
    service: str, table: str, row_id: uuid.UUID, data: dict, *, expected_version: int | None = None
) -> StoredRow:
    return store.update(service, storage_table(table), row_id, data, expected_version=expected_version)


def delete(service: str, table: str, row_id: uuid.UUID, *, expected_version: int | None = None) -> StoredRow:
    return store.delete(service, storage_table(table), row_id, expected_version=expected_version)


def query_page(query: PageQuery) -> Page:
    return store.query_page(replace(query, table=storage_table(query.table)))


def count(query: PageQuery) -> int:
    return store.count(replace(query, table=storage_table(query.table)))
