"""Indexed key columns: the look-ups the emulators make most (BC "No." or "Code", a document's lines, an
alternate key such as accountnumber) read an indexed column instead of scanning JSON.

Each service's schema names a table's key columns (BC: the table's primary key; Dataverse: its alternate key
or the columns of an intersect table). Every write stores the key's values as ``lookup_key`` and, for keys of
more than one column, all but the last as ``parent_key`` (the lines of a document, the units of an item).
"""

from collections.abc import Mapping
from functools import cache

from django.utils.module_loading import import_string

__all__ = ["KeyIndex", "key_columns", "key_text", "key_texts"]

_PROVIDERS = {"bc": "sandbox.bc.schema.key_columns", "dataverse": "sandbox.dataverse.schema.key_columns"}
_SEPARATOR = "\x1f"


@cache
def key_columns(service: str, table: str) -> tuple[str, ...]:
    """The key columns the service's schema declares for ``table`` (none for unknown services or tables)."""
    provider = _PROVIDERS.get(service)
    return tuple(import_string(provider)(table)) if provider else ()


def key_text(values) -> str:
    return _SEPARATOR.join("" if value is None else str(value) for value in values)


def key_texts(service: str, table: str, data: Mapping) -> tuple[str | None, str | None]:
    """``(lookup_key, parent_key)`` of a row's data."""
    columns = key_columns(service, table)
    if not columns:
        return None, None
    values = [data.get(column) for column in columns]
    return key_text(values), key_text(values[:-1]) if len(values) > 1 else None


class KeyIndex:
    """Which indexed column answers an equality look-up on ``columns``, and with which value."""

    def __init__(self, service: str, table: str, equal: Mapping) -> None:
        columns = key_columns(service, table)
        self.field: str | None = None
        self.value: str | None = None
        if columns and all(column in equal for column in columns):
            self.field, self.value = "lookup_key", key_text(equal[column] for column in columns)
        elif len(columns) > 1 and all(column in equal for column in columns[:-1]):
            self.field, self.value = "parent_key", key_text(equal[column] for column in columns[:-1])
