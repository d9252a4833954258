"""The rows a run of writes binds its look-ups to, read once for the whole run.

Each write's look-ups must point at existing rows (``rules``); checked one by one, a run of a thousand contacts
reads a thousand accounts one at a time. `$batch` runs and the bulk messages read them here instead, one query per
target table, and hand the found ones to ``rules.remembered_lookups``.
"""

import uuid
from collections.abc import Iterable

from sandbox import store
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.payload import parse_reference

__all__ = ["binds_of", "existing_targets"]

SERVICE = "dataverse"


def binds_of(body: dict) -> frozenset[tuple[str, uuid.UUID]]:
    """The rows the body binds look-ups to (table and id); a bad reference is left to the write's validation."""
    found = set()
    for name, value in body.items():
        if name.endswith("@odata.bind") and isinstance(value, str):
            try:
                target, row_id = parse_reference(value)
            except DataverseError:
                continue
            found.add((target.logical_name, row_id))
    return frozenset(found)


def existing_targets(binds: Iterable[tuple[str, uuid.UUID]]) -> set[tuple[str, str]]:
    """Which of the bound rows exist (table and id as text), one query per table."""
    wanted: dict[str, set[uuid.UUID]] = {}
    for table, row_id in binds:
        wanted.setdefault(table, set()).add(row_id)
    return {(table, str(row_id)) for table, ids in wanted.items() for row_id in store.existing_ids(SERVICE, table, ids)}
