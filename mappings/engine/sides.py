"""What the engine asks of each service, whatever the service: the two sides of a pass.

``BusinessCentralSide`` and ``DataverseSide`` (in ``endpoints``) implement it over the service clients; the
engine's steps speak only this protocol, so no step knows a URL, an entity set or an API field spelling.
"""

import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol

from mappings.engine.types import SourceRecord, WriteOutcome, WritePlan

__all__ = ["Side"]


class Side(Protocol):
    """One table on one service."""

    table: str

    def pages(
        self,
        *,
        since: datetime | None,
        table_filter: Any = None,
        ids: list[uuid.UUID] | None = None,
        exclude_modified_by: uuid.UUID | None = None,
    ) -> Iterator[list[SourceRecord]]:
        """Records inside the table filter, modified after ``since`` (all when None), one page at a time."""

    def id_chunks(self, ids: Iterable[uuid.UUID]) -> Iterator[list[uuid.UUID]]:
        """``ids`` in lists that ``pages(ids=…)`` reads in one request each: within the service's URL length."""

    def read(self, ids: list[uuid.UUID], select: Sequence[str] | None = None) -> dict[uuid.UUID, SourceRecord]:
        """The records with these ids that still exist, in as few requests as the service allows; with ``select``,
        only those fields (and the id and modified time)."""

    def write(self, plans: list[WritePlan]) -> list[WriteOutcome]:
        """Send a page's inserts and modifies in batches; one outcome per plan, in order."""

    def prefetch_for_writes(self) -> None:
        """Ask the service now what the first write of new records will need (requests only, on a helper thread),
        so that a full synchronization's first page is not held up by it."""

    def find_created(self, match: dict[str, Any], since: datetime) -> SourceRecord | None:
        """A record created since ``since`` with these values: the look-up before re-creating (BC side)."""

    def ids_by_key(self, key_field: str, values: list[Any]) -> dict[Any, uuid.UUID]:
        """Ids of the records whose ``key_field`` holds one of the values (lookups by code)."""

    def keys_by_id(self, key_field: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
        """``key_field`` of the records with these ids."""

    def has_changes(
        self, *, since: datetime | None, table_filter: Any = None, exclude_modified_by: uuid.UUID | None = None
    ) -> bool:
        """The cheap probe that wakes an idle job queue entry: one row modified after ``since``."""
