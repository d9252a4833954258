"""The two sides of a pass over the service clients: BC records by SystemId, Dataverse rows by primary id.

Only this module knows how each service spells a record: BC rows are keyed by BC field names (the registry
translates), Dataverse lookups are read as ``_name_value`` and written as ``name@odata.bind``. Reads filter by id
lists in chunks, so reading a page's counterparts costs one request per chunk, never one per record.
"""

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from connection_setup.clients.registry import bc_table, dataverse_table
from mappings.engine.relations import DATAVERSE_LOOKUPS
from mappings.engine.types import Action, SourceRecord, WriteOutcome, WritePlan

__all__ = ["BusinessCentralSide", "DataverseSide", "ServiceSides", "parse_stamp"]

READ_CHUNK = 100


def parse_stamp(value: Any) -> datetime | None:
    if not value:
        return None
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _uuid(value: Any) -> uuid.UUID | None:
    return None if value in (None, "") else uuid.UUID(str(value))


def _and(*filters: odata.Filter | None) -> odata.Filter | None:
    present = [f for f in filters if f is not None]
    return odata.and_(*present) if len(present) > 1 else (present[0] if present else None)


def _chunks(ids: list) -> Iterator[list]:
    for start in range(0, len(ids), READ_CHUNK):
        yield ids[start : start + READ_CHUNK]


def _outcomes(plans: list[WritePlan], results, modified_field: str, key: str) -> list[WriteOutcome]:
    outcomes = []
    for plan, result in zip(plans, results, strict=True):
        if result.ok:
            body = result.body or {}
            outcomes.append(
                WriteOutcome(plan, _uuid(result.id or body.get(key)), modified_on=parse_stamp(body.get(modified_field)))
            )
        else:
            outcomes.append(
                WriteOutcome(plan, plan.target_id, error=getattr(result.error, "message", "") or str(result.error))
            )
    return outcomes


class _Side:
    """Reads shared by both services: pages filtered by stamp, id list and table filter."""

    key: str
    modified_field: str

    def _records(self, rows: list[dict]) -> list[SourceRecord]:
        raise NotImplementedError

    def _pages(self, filter: odata.Filter | None, select: list[str] | None = None) -> Iterator[list[dict]]:
        raise NotImplementedError

    def pages(
        self, *, since=None, table_filter=None, ids=None, exclude_modified_by=None
    ) -> Iterator[list[SourceRecord]]:
        stamp = odata.gt(self.modified_field, since) if since else None
        ids_filter = odata.in_(self.key, [str(i) for i in ids]) if ids else None
        excluded = odata.ne("_modifiedby_value", str(exclude_modified_by)) if exclude_modified_by else None
        for page in self._pages(_and(table_filter, stamp, ids_filter, excluded)):
            if page:
                yield self._records(page)

    def read(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, SourceRecord]:
        found: dict[uuid.UUID, SourceRecord] = {}
        for chunk in _chunks(sorted({i for i in ids if i}, key=str)):
            for page in self.pages(ids=chunk):
                found.update((r.record_id, r) for r in page)
        return found

    def has_changes(self, *, since: datetime | None, table_filter: odata.Filter | None = None) -> bool:
        stamp = odata.gt(self.modified_field, since) if since else None
        return any(self._pages(_and(table_filter, stamp), select=[self.key]))


class DataverseSide(_Side):
    def __init__(self, client, table: str) -> None:
        self.client, self.table = client, table
        self.meta = dataverse_table(table)
        self.key, self.modified_field = self.meta.primary_id, self.meta.modified_field

    def _pages(self, filter, select=None):
        return self.client.iter_pages(self.table, filter=filter, select=select)

    def _records(self, rows: list[dict]) -> list[SourceRecord]:
        records = []
        for row in rows:
            values = dict(row)
            for column in DATAVERSE_LOOKUPS:
                if f"_{column}_value" in row:
                    values[column] = row[f"_{column}_value"]
            records.append(
                SourceRecord(
                    _uuid(row[self.key]),
                    parse_stamp(row.get(self.modified_field)),
                    values,
                    _uuid(row.get("_modifiedby_value")),
                )
            )
        return records

    def _wire(self, payload: dict[str, Any]) -> dict[str, Any]:
        data = {}
        for column, value in payload.items():
            lookup = DATAVERSE_LOOKUPS.get(column)
            if lookup is None:
                data[column] = str(value) if isinstance(value, uuid.UUID) else value
            else:
                data[f"{lookup.bind}@odata.bind"] = f"/{lookup.entity_set}({value})" if value else None
        return data

    def write(self, plans: list[WritePlan]) -> list[WriteOutcome]:
        writes = [
            Write(
                "upsert" if p.action == Action.INSERT else "update", self.table, str(p.target_id), self._wire(p.payload)
            )
            for p in plans
        ]
        return _outcomes(plans, self.client.write_batch(writes), self.modified_field, self.key) if writes else []

    def find_created(self, match, since):
        return None

    def ids_by_key(self, key_field, values):
        return {}

    def keys_by_id(self, key_field, ids):
        return {}


class BusinessCentralSide(_Side):
    def __init__(self, client, table: str) -> None:
        self.client, self.table = client, table
        self.meta = bc_table(table)
        self.key, self.modified_field = self.meta.key, self.meta.modified_field

    def _pages(self, filter, select=None):
        return self.client.iter_pages(self.table, filter=filter, select=select)

    def _records(self, rows: list[dict]) -> list[SourceRecord]:
        return [
            SourceRecord(_uuid(row[self.key]), parse_stamp(row.get(self.modified_field)), self.meta.to_bc(row))
            for row in rows
        ]

    def write(self, plans: list[WritePlan]) -> list[WriteOutcome]:
        writes = [
            Write("create", self.table, None, self.meta.to_api(p.payload))
            if p.action == Action.INSERT
            else Write("update", self.table, str(p.target_id), self.meta.to_api(p.payload))
            for p in plans
        ]
        return _outcomes(plans, self.client.write_batch(writes), self.modified_field, self.key) if writes else []

    def find_created(self, match: dict[str, Any], since: datetime) -> SourceRecord | None:
        """Look for the record a crashed run created: same values, modified since the pending coupling."""
        filters = [odata.ge(self.modified_field, since)] + [
            odata.eq(self.meta.api_name(k), v) for k, v in match.items()
        ]
        for page in self.pages(table_filter=_and(*filters)):
            return page[0]
        return None

    def ids_by_key(self, key_field: str, values: list[Any]) -> dict[Any, uuid.UUID]:
        found = {}
        for chunk in _chunks(list(values)):
            for page in self._pages(odata.in_(self.meta.api_name(key_field), chunk)):
                found.update((r.values.get(key_field), r.record_id) for r in self._records(page))
        return found

    def keys_by_id(self, key_field: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
        return {record_id: record.values.get(key_field) for record_id, record in self.read(ids).items()}


class ServiceSides:
    """The sides of one connection's run, sharing one client per service (and so its connection pool)."""

    def __init__(self, bc_client, dataverse_client) -> None:
        self.bc_client, self.dataverse_client = bc_client, dataverse_client
        self._bc: dict[str, BusinessCentralSide] = {}
        self._dataverse: dict[str, DataverseSide] = {}

    def bc(self, table: str) -> BusinessCentralSide:
        return self._bc.setdefault(table, BusinessCentralSide(self.bc_client, table))

    def dataverse(self, table: str) -> DataverseSide:
        return self._dataverse.setdefault(table, DataverseSide(self.dataverse_client, table))
