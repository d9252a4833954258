"""The two sides of a pass over the service clients: BC records by SystemId, Dataverse rows by primary id.

Only this module knows how each service spells a record: BC rows are keyed by BC field names (the registry
translates), Dataverse lookups are read as ``_name_value`` and written as ``name@odata.bind``. Reads filter by id
lists in chunks, so reading a page's counterparts costs one request per chunk, never one per record.
"""

import re
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from connection_setup.clients.registry import bc_table, dataverse_table
from mappings.engine.company import company_bind, company_row_id, has_company_column
from mappings.engine.relations import DATAVERSE_LOOKUPS, lookup_type_column
from mappings.engine.types import Action, SourceRecord, WriteOutcome, WritePlan

__all__ = ["BusinessCentralSide", "DataverseSide", "ServiceSides", "etag_version", "parse_stamp"]

LOOKUP_TYPE_ANNOTATION = "@Microsoft.Dynamics.CRM.lookuplogicalname"
NOT_DIGITS = re.compile(r"\D")
# Per lookup column, read once: (column, the Web API's ``_column_value``, its table annotation, the type column).
READ_LOOKUPS = tuple(
    (column, f"_{column}_value", f"_{column}_value{LOOKUP_TYPE_ANNOTATION}", lookup_type_column(column))
    for column in DATAVERSE_LOOKUPS
)
TYPE_COLUMNS = frozenset(lookup_type_column(column) for column in DATAVERSE_LOOKUPS)


def parse_stamp(value: Any) -> datetime | None:
    if not value:
        return None
    return value if isinstance(value, datetime) else _stamp_of_text(str(value))


@lru_cache(maxsize=4096)
def _stamp_of_text(text: str) -> datetime:
    """A service's time stamp, parsed once per distinct text: the rows one write made share its time."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _uuid(value: Any) -> uuid.UUID | None:
    return None if value in (None, "") else uuid.UUID(str(value))


def _and(*filters: odata.Filter | None) -> odata.Filter | None:
    present = [f for f in filters if f is not None]
    return odata.and_(*present) if len(present) > 1 else (present[0] if present else None)


def etag_version(etag: Any) -> int | None:
    """The row version in a Dataverse ETag (``W/"1234567"``); None when there is none."""
    if type(etag) is str and etag[:3] == 'W/"' and etag[-1] == '"' and etag[3:-1].isascii() and etag[3:-1].isdigit():
        return int(etag[3:-1])  # the shape every row has, read without the pattern
    digits = NOT_DIGITS.sub("", str(etag or ""))
    return int(digits) if digits else None


def _outcomes(plans: list[WritePlan], results, modified_field: str, key: str) -> list[WriteOutcome]:
    outcomes = []
    for plan, result in zip(plans, results, strict=True):
        if result.ok:
            body = result.body or {}
            outcomes.append(
                WriteOutcome(
                    plan,
                    _uuid(result.id or body.get(key)),
                    modified_on=parse_stamp(body.get(modified_field)),
                    version=etag_version(result.etag),
                )
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

    def _pages(self, filter: odata.Filter | None, select=None, top=None, orderby=None) -> Iterator[list[dict]]:
        return self.client.iter_pages(self.table, filter=filter, select=select, top=top, orderby=orderby)

    def pages(
        self, *, since=None, table_filter=None, ids=None, exclude_modified_by=None
    ) -> Iterator[list[SourceRecord]]:
        stamp = odata.gt(self.modified_field, since) if since else None
        ids_filter = odata.in_(self.key, [odata.guid(i) for i in ids]) if ids else None
        excluded = odata.ne("_modifiedby_value", odata.guid(exclude_modified_by)) if exclude_modified_by else None
        for page in self._pages(_and(table_filter, stamp, ids_filter, excluded)):
            if page:
                yield self._records(page)

    def id_chunks(self, ids: Iterable[uuid.UUID]) -> Iterator[list[uuid.UUID]]:
        return self.client.value_chunks(self.key, list(ids))

    def keys(self, table_filter: odata.Filter | None = None) -> Iterator[uuid.UUID]:
        """Every key inside the table filter in the service's own key order, reading nothing but the key."""
        for page in self._pages(table_filter, select=[self.key], orderby=[self.key]):
            yield from (_uuid(row[self.key]) for row in page)

    def key_range(self, first: uuid.UUID, last: uuid.UUID) -> odata.Filter:
        """The records from ``first`` to ``last`` in the order ``keys`` read them (the service compares)."""
        return odata.and_(odata.ge(self.key, first), odata.le(self.key, last))

    def read(self, ids: list[uuid.UUID], select: Sequence[str] | None = None) -> dict[uuid.UUID, SourceRecord]:
        """The records with these ids, one request per chunk of ids, the chunks side by side; with ``select``,
        only those fields (and the id and modified time)."""
        rows = self.client.rows_matching(self.table, self.key, sorted({i for i in ids if i}, key=str), select=select)
        return {record.record_id: record for record in self._records(rows)}

    def prefetch_for_writes(self) -> None:
        return None

    def has_changes(self, *, since: datetime | None, table_filter=None, exclude_modified_by=None) -> bool:
        stamp = odata.gt(self.modified_field, since) if since else None
        excluded = odata.ne("_modifiedby_value", odata.guid(exclude_modified_by)) if exclude_modified_by else None
        return any(self._pages(_and(table_filter, stamp, excluded), select=[self.key], top=1))


class DataverseSide(_Side):
    def __init__(self, client, table: str, company=None) -> None:
        self.client, self.table = client, table
        self.company = company  # the BC company's cdm_company row, asked for only when a new row needs it
        self.meta = dataverse_table(table)
        self.key, self.modified_field = self.meta.primary_id, self.meta.modified_field

    def _records(self, rows: list[dict]) -> list[SourceRecord]:
        """Lookups read as their column name, with the target table under ``…idtype`` as BC's proxy tables have it."""
        records = []
        for row in rows:
            values = dict(row)
            for column, value_key, annotation, type_column in READ_LOOKUPS:
                if value_key in row:
                    values[column] = row[value_key]
                    values[type_column] = row.get(annotation)
            records.append(
                SourceRecord(
                    _uuid(row[self.key]),
                    parse_stamp(row.get(self.modified_field)),
                    values,
                    _uuid(row.get("_modifiedby_value")),
                    etag_version(row.get("@odata.etag")),
                )
            )
        return records

    def _wire(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Web API form: lookups as ``@odata.bind`` to the table their ``…idtype`` names, never sent themselves."""
        data = {}
        for column, value in payload.items():
            if column in TYPE_COLUMNS:
                continue
            lookup = DATAVERSE_LOOKUPS.get(column)
            if lookup is None:
                data[column] = str(value) if isinstance(value, uuid.UUID) else value
                continue
            target = payload.get(lookup_type_column(column)) or lookup.target
            entity_set = dataverse_table(target).entity_set if target != lookup.target else lookup.entity_set
            data[f"{lookup.bind_for(column, target)}@odata.bind"] = f"/{entity_set}({value})" if value else None
        return data

    def prefetch_for_writes(self) -> None:
        """The BC company's row, which every new row of a company-scoped table binds to."""
        self._new_row_columns()

    def _new_row_columns(self) -> dict[str, Any]:
        """What every new row of a company-scoped table gets: this BC company, as BC's insert subscriber sets it."""
        company = self.company() if self.company is not None and has_company_column(self.table) else None
        return company_bind(company) if company else {}

    def write(self, plans: list[WritePlan]) -> list[WriteOutcome]:
        """Creates as bulk upserts by the ids we chose, changes as a batch of updates of rows that must exist."""
        inserts = [p for p in plans if p.action == Action.INSERT]
        updates = [p for p in plans if p.action != Action.INSERT]
        outcomes = []
        if inserts:
            common = self._new_row_columns()
            rows = [(p.target_id, common | self._wire(p.payload)) for p in inserts]
            outcomes += _outcomes(inserts, self.client.upsert_rows(self.table, rows), self.modified_field, self.key)
        if updates:
            writes = [Write("update", self.table, str(p.target_id), self._wire(p.payload)) for p in updates]
            outcomes += _outcomes(updates, self.client.write_batch(writes), self.modified_field, self.key)
        return outcomes

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

    def _records(self, rows: list[dict]) -> list[SourceRecord]:
        """The client already keyed each row by BC field names."""
        return [SourceRecord(_uuid(row[self.key]), parse_stamp(row.get(self.modified_field)), row) for row in rows]

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

    def matching(
        self, field: str, values: list[Any], extra: odata.Filter | None = None, select: Sequence[str] | None = None
    ) -> list[SourceRecord]:
        """Records whose ``field`` holds one of the values, one request per chunk of values, side by side; with
        ``select``, only those fields (and the id and modified time): a look-up reads a code, not the record."""
        api_field = self.meta.api_name(field)
        return self._records(self.client.rows_matching(self.table, api_field, values, select=select, where=extra))

    def ids_by_key(self, key_field: str, values: list[Any]) -> dict[Any, uuid.UUID]:
        return {r.values.get(key_field): r.record_id for r in self.matching(key_field, values, select=[key_field])}

    def keys_by_id(self, key_field: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
        return {record_id: record.values.get(key_field) for record_id, record in self.read(ids, [key_field]).items()}


class ServiceSides:
    """The sides of one connection's run, sharing one client per service (and so its connection pool)."""

    def __init__(self, bc_client, dataverse_client) -> None:
        self.bc_client, self.dataverse_client = bc_client, dataverse_client
        self._bc: dict[str, BusinessCentralSide] = {}
        self._dataverse: dict[str, DataverseSide] = {}
        self._base_currency: str | None = None
        self._company: list = []
        self._company_lock = threading.Lock()  # pages are written side by side: the row is created once

    def close(self) -> None:
        """Close both clients' connections now: an unclosed client keeps its sockets open until the garbage
        collector finds it, and a server that counts connections (waitress allows 100) stops accepting."""
        self.bc_client.close()
        self.dataverse_client.close()

    def __enter__(self) -> "ServiceSides":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def base_currency(self) -> str:
        """ISO code of the Dataverse organization's base currency, read once per run."""
        if self._base_currency is None:
            pages = self.dataverse_client.iter_pages("organization", select=["_basecurrencyid_value"], top=1)
            organization = next((row for page in pages for row in page), {})
            currency_id = organization.get("_basecurrencyid_value")
            currency = (
                self.dataverse_client.get("transactioncurrency", currency_id, select=["isocurrencycode"])
                if currency_id
                else {}
            )
            self._base_currency = currency.get("isocurrencycode") or ""
        return self._base_currency

    def bc(self, table: str) -> BusinessCentralSide:
        return self._bc.setdefault(table, BusinessCentralSide(self.bc_client, table))

    def company_row(self):
        """The BC company's ``cdm_company`` row id (created when missing), read once per run."""
        with self._company_lock:
            if not self._company:
                self._company.append(company_row_id(self.dataverse_client, self.bc_client))
        return self._company[0]

    def dataverse(self, table: str) -> DataverseSide:
        return self._dataverse.setdefault(table, DataverseSide(self.dataverse_client, table, self.company_row))
