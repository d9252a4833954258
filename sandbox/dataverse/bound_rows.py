"""The rows a run of writes binds its look-ups to, read once for the whole run.

Each write's look-ups must point at existing rows (``rules``); checked one by one, a run of a thousand contacts
reads a thousand accounts one at a time. `$batch` runs and the bulk messages read them here instead, one query per
target table, and hand the found ones to ``rules.remembered_lookups``.
"""

import uuid
from collections.abc import Iterable

from sandbox import store
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.payload import bind_target

__all__ = ["binds_of", "existing_bound", "existing_targets", "targets_of"]

SERVICE = "dataverse"


def binds_of(body: dict) -> frozenset[tuple[str, uuid.UUID]]:
    """The rows the body binds look-ups to (table and id); a bad reference is left to the write's validation."""
    found = (_target_text(value) for name, value in body.items() if name.endswith("@odata.bind"))
    return frozenset((table, uuid.UUID(id_text)) for table, id_text in filter(None, found))


def targets_of(bodies: Iterable[dict]) -> set[tuple[str, str]]:
    """The rows any of the bodies binds look-ups to (table and id text): the rows of a bulk message often bind to
    the same few rows, so each distinct reference is parsed once."""
    references = {value for body in bodies for name, value in body.items() if name.endswith("@odata.bind")}
    return {found for value in references if (found := _target_text(value)) is not None}


def _target_text(value: object) -> tuple[str, str] | None:
    try:
        target, id_text = bind_target(value)
    except DataverseError:
        return None
    return target.logical_name, id_text


def _by_table(targets: Iterable[tuple[str, object]]) -> dict[str, set]:
    wanted: dict[str, set] = {}
    for table, key in targets:
        wanted.setdefault(table, set()).add(key)
    return wanted


def existing_targets(binds: Iterable[tuple[str, uuid.UUID]]) -> set[tuple[str, str]]:
    """Which of the bound rows exist (table and id as text), one query per table."""
    found = _by_table(binds).items()
    return {(table, str(row_id)) for table, ids in found for row_id in store.existing_ids(SERVICE, table, ids)}


def existing_bound(targets: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of the rows (table and id text, as ``targets_of`` gives them) exist, one query per table."""
    found = _by_table(targets).items()
    return {(table, text) for table, texts in found for text in store.existing_id_texts(SERVICE, table, texts)}
