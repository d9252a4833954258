"""``DataverseClient``: the Dataverse Web API in table terms, on the shared HTTP core.

Reads page through a table with the largest page Dataverse allows (5,000 rows) and hold one page at a time.
Writes return the row's id, ETag and ``modifiedon`` (``return=representation`` with a narrow ``$select``), which
the engine stores on the coupling so that its own writes are not read back as changes. Upserts address a row by
an id we chose, so they may be repeated after a dropped connection without creating a second row.
"""

import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson

from connection_setup.clients import odata
from connection_setup.clients.batch import BatchRequest, OperationResult, PartResponse, Write, chunks, result_of
from connection_setup.clients.errors import ServiceError
from connection_setup.clients.http import ServiceClient, ServiceHttp
from connection_setup.clients.multipart import decode_dataverse_batch, encode_dataverse_batch
from connection_setup.clients.policy import (
    DATAVERSE_BATCH_LIMIT,
    DATAVERSE_FILTER_BUDGET,
    DATAVERSE_MATCH_CHUNK,
    DATAVERSE_PAGE_SIZE,
    DEFAULT_POLICY,
    RetryPolicy,
)
from connection_setup.clients.registry import DataverseTable, dataverse_table

__all__ = ["ChangePage", "DataverseClient"]

_HEADERS = {"OData-MaxVersion": "4.0", "OData-Version": "4.0", "Accept": "application/json"}
_JSON_BODY = {"Content-Type": "application/json"}
_ANNOTATIONS = 'odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"'
OPTION_LANGUAGE = 1033  # labels written by the integration are English, as BC writes them


@dataclass
class ChangePage:
    """One page of a change-tracking read: changed rows, ids of deleted rows, and on the last page the delta link."""

    rows: list[dict] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    delta_link: str | None = None


def _guid(row_id: object) -> str:
    """The id as a canonical GUID; anything else is refused, so an id can never reshape the URL."""
    if type(row_id) is uuid.UUID:
        return str(row_id)
    try:
        return str(uuid.UUID(str(row_id)))
    except ValueError:
        raise ValueError(f"{row_id!r} is not a Dataverse row id (a GUID).") from None


class DataverseClient(ServiceClient):
    """One Dataverse environment (organization URL), signed in with any ``httpx.Auth``."""

    match_chunk = DATAVERSE_MATCH_CHUNK
    filter_budget = DATAVERSE_FILTER_BUDGET

    def __init__(
        self,
        org_url: str,
        auth: httpx.Auth | None,
        *,
        api_version: str = "9.2",
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy = DEFAULT_POLICY,
        sleep: Callable[[float], None] = time.sleep,
        page_size: int = DATAVERSE_PAGE_SIZE,
        batch_size: int = DATAVERSE_BATCH_LIMIT,
    ) -> None:
        self.root_url = f"{org_url.rstrip('/')}/api/data/v{api_version}/"
        self.http = ServiceHttp(self.root_url, auth, headers=_HEADERS, transport=transport, policy=policy, sleep=sleep)
        self.page_size = min(page_size, DATAVERSE_PAGE_SIZE)
        self.batch_size = min(batch_size, DATAVERSE_BATCH_LIMIT)

    # Reads

    def guid_property(self, table: str, field: str) -> bool:
        """A table's key and every look-up's ``_x_value`` are GUIDs (Edm.Guid)."""
        return field == dataverse_table(table).primary_id or (field.startswith("_") and field.endswith("_value"))

    def _page_query(
        self, table: str, select: Sequence[str] | None, filter: odata.Filter | None, orderby: Sequence | None
    ) -> tuple[str, dict[str, str], dict[str, str]]:
        meta = dataverse_table(table)
        params = odata.query_options(_with_system(meta, select), filter, orderby)
        return meta.entity_set, params, {"Prefer": f"odata.maxpagesize={self.page_size},{_ANNOTATIONS}"}

    def iter_changes(self, table: str, *, select: Sequence[str], delta_link: str | None = None) -> Iterator[ChangePage]:
        """Change tracking: every row on the first call, then what changed since ``delta_link``."""
        prefer = f"odata.track-changes,odata.maxpagesize={self.page_size}"
        url, params = delta_link, None
        if url is None:
            meta = dataverse_table(table)
            url, params = meta.entity_set, odata.query_options(_with_system(meta, select))
        for payload in self.http.iter_payloads(url, params=params, headers={"Prefer": prefer}):
            page = ChangePage(delta_link=payload.get("@odata.deltaLink"))
            for row in payload.get("value", []):
                if row.get("reason") == "deleted" or "$deletedEntity" in row.get("@odata.context", ""):
                    page.deleted.append(row["id"])
                else:
                    page.rows.append(row)
            yield page

    def get(self, table: str, row_id: object, *, select: Sequence[str] | None = None) -> dict:
        """One row; ``NotFoundError`` when it does not exist."""
        meta = dataverse_table(table)
        url = f"{meta.entity_set}({_guid(row_id)})"
        return self.http.request("GET", url, params=odata.query_options(_with_system(meta, select))).json()

    # Single writes: raise the typed error; return the id, ETag and modifiedon.

    def create(self, table: str, data: Mapping[str, Any], *, row_id: object = None) -> OperationResult:
        """Insert a row; ``row_id`` sets its primary id. Not repeated after a dropped connection."""
        return self._send(self._request(Write("create", table, _optional_guid(row_id), data)))

    def update(self, table: str, row_id: object, data: Mapping[str, Any], *, etag: str = "*") -> OperationResult:
        """Change a row that must exist (404 otherwise); a stale ``etag`` gives ``PreconditionFailedError``."""
        return self._send(self._request(Write("update", table, _guid(row_id), data, etag)))

    def upsert(self, table: str, row_id: object, data: Mapping[str, Any]) -> OperationResult:
        """Create the row with this id, or update it when it exists."""
        return self._send(self._request(Write("upsert", table, _guid(row_id), data)))

    def delete(self, table: str, row_id: object, *, etag: str = "*") -> None:
        self._send(self._request(Write("delete", table, _guid(row_id), None, etag)))

    # Batches: one result per write, in order; failures are results, not exceptions.

    def write_batch(self, writes: Sequence[Write], *, atomic: bool = False) -> list[OperationResult]:
        """Send ``writes`` in ``$batch`` requests of at most ``batch_size``, several at a time; ``atomic`` makes each
        one a change set. The batches are independent, so their order on the wire does not matter."""

        def send(chunk: Sequence[Write]) -> list[OperationResult]:
            requests = [self._request(write) for write in chunk]
            body, content_type = encode_dataverse_batch(requests, self.root_url, atomic=atomic)
            headers = {"Content-Type": content_type}
            if not atomic:
                headers["Prefer"] = "odata.continue-on-error"
            idempotent = all(write.action != "create" for write in chunk)
            response = self.http.request("POST", "$batch", content=body, headers=headers, idempotent=idempotent)
            return decode_dataverse_batch(response, requests, self.root_url, atomic=atomic)

        batches = self.http.concurrently(send, list(chunks(list(writes), self.batch_size)))
        return [result for batch in batches for result in batch]

    def upsert_multiple(self, table: str, rows: Sequence[tuple[object, Mapping[str, Any]]]) -> list[OperationResult]:
        """``UpsertMultiple`` by chosen ids, all or nothing per request: the fastest bulk write Dataverse offers."""
        meta = dataverse_table(table)
        sent = [self._multiple(meta, "UpsertMultiple", chunk) for chunk in chunks(list(rows), self.batch_size)]
        return [OperationResult(True, status, row_id) for status, ids in sent for row_id in ids]

    def upsert_rows(
        self, table: str, rows: Sequence[tuple[object, Mapping[str, Any]]], *, stamps: bool = True
    ) -> list[OperationResult]:
        """Upserts by chosen ids at ``UpsertMultiple``'s cost, each row with the result a batch of upserts gives it
        (see ``_bulk_rows``)."""
        return self._bulk_rows(table, rows, "UpsertMultiple", "upsert", stamps)

    def update_rows(
        self, table: str, rows: Sequence[tuple[object, Mapping[str, Any]]], *, stamps: bool = True
    ) -> list[OperationResult]:
        """Updates of rows that must exist at ``UpdateMultiple``'s cost, each row with the result a batch of
        updates gives it (see ``_bulk_rows``)."""
        return self._bulk_rows(table, rows, "UpdateMultiple", "update", stamps)

    # Metadata and service operations

    def entity_definitions(self, logical_names: Sequence[str] | None = None) -> list[dict]:
        """Table definitions with their attributes' logical names, for validating mappings against the environment."""
        params = {
            "$select": "LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,ChangeTrackingEnabled",
            "$expand": "Attributes($select=LogicalName,AttributeType)",
        }
        if logical_names:
            params["$filter"] = odata.in_("LogicalName", logical_names).render()
        return [row for page in self.http.iter_payloads("EntityDefinitions", params=params) for row in page["value"]]

    def option_set(self, entity: str, attribute: str) -> dict[int, str]:
        """Value → label of a choice column's options (the user's language); ``NotFoundError`` if no such column."""
        path = (
            f"EntityDefinitions(LogicalName={odata.literal(odata.field_name(entity))})"
            f"/Attributes(LogicalName={odata.literal(odata.field_name(attribute))})"
            "/Microsoft.Dynamics.CRM.PicklistAttributeMetadata"
        )
        body = self.http.request("GET", path, params={"$select": "LogicalName", "$expand": "OptionSet"}).json()
        options = (body.get("OptionSet") or {}).get("Options") or []
        return {item["Value"]: _label_text(item.get("Label")) for item in options}

    def insert_option_value(self, entity: str, attribute: str, label: str, *, value: int | None = None) -> int:
        """Add an option to a choice column (``InsertOptionValue``); the value Dataverse gave it."""
        body = _option_body(entity, attribute, label) | ({"Value": value} if value is not None else {})
        return int(self.http.request("POST", "InsertOptionValue", json=body).json()["NewOptionValue"])

    def update_option_value(self, entity: str, attribute: str, value: int, label: str) -> None:
        """Relabel an option of a choice column (``UpdateOptionValue``); repeating it changes nothing more."""
        body = _option_body(entity, attribute, label) | {"Value": value, "MergeLabels": True}
        self.http.request("POST", "UpdateOptionValue", json=body, idempotent=True)

    def who_am_i(self) -> dict:
        """``UserId``, ``BusinessUnitId`` and ``OrganizationId`` of the signed-in user: the connection test."""
        return self.http.request("GET", "WhoAmI").json()

    def invoke(self, method: str, path: str, *, json: object = None, idempotent: bool = False) -> dict | None:
        """Call a function or action (``ImportSolution``, a ``$ref`` association); the JSON answer if any."""
        response = self.http.request(method, path, json=json, idempotent=idempotent)
        return response.json() if response.content else None

    # Internals

    def _bulk_rows(
        self, table: str, rows: Sequence[tuple[object, Mapping[str, Any]]], message: str, action: str, stamps: bool
    ) -> list[OperationResult]:
        """Rows written with a bulk ``message``, several requests at a time, each row answered on its own.

        A bulk request is all or nothing and answers without stamps: a request refused for its data is sent again
        as a batch of ``action`` writes, which writes the good rows and gives each failure to its own row; with
        ``stamps``, the id, ETag and ``modifiedon`` of the rows a request wrote are read back (``rows_matching``)."""
        meta = dataverse_table(table)

        def send(chunk: Sequence[tuple[object, Mapping[str, Any]]]) -> list[OperationResult]:
            try:
                status, ids = self._multiple(meta, message, chunk)
            except ServiceError as error:
                if error.retryable:
                    raise
                return self.write_batch([Write(action, table, row_id, data) for row_id, data in chunk])
            return self._stamps(meta, status, ids) if stamps else [OperationResult(True, status, i) for i in ids]

        answers = self.http.concurrently(send, list(chunks(list(rows), self.batch_size)))
        return [result for answer in answers for result in answer]

    def _multiple(
        self, meta: DataverseTable, message: str, rows: Sequence[tuple[object, Mapping[str, Any]]]
    ) -> tuple[int, list[str]]:
        """One request of a bulk ``message`` (orjson encodes these, our largest bodies, ten times faster); the
        answer's status and the rows' ids."""
        ids = [_guid(row_id) for row_id, _ in rows]
        targets = [_target(meta, row_id, data) for row_id, (_, data) in zip(ids, rows, strict=True)]
        url = f"{meta.entity_set}/Microsoft.Dynamics.CRM.{message}"
        body = orjson.dumps({"Targets": targets})
        response = self.http.request("POST", url, content=body, headers=_JSON_BODY, idempotent=True)
        return response.status_code, ids

    def _stamps(self, meta: DataverseTable, status: int, ids: list[str]) -> list[OperationResult]:
        """The id, ETag and ``modifiedon`` of rows just written, as their write's result (no body when gone)."""
        found = self.rows_matching(meta.logical_name, meta.primary_id, ids, select=[meta.primary_id])
        rows = {str(row[meta.primary_id]).lower(): row for row in found}
        return [
            OperationResult(True, status, row_id, (rows.get(row_id) or {}).get("@odata.etag"), None, rows.get(row_id))
            for row_id in ids
        ]

    def _request(self, write: Write) -> BatchRequest:
        """The HTTP request for one write, whether sent alone or inside a batch."""
        meta = dataverse_table(write.table)
        back = f"?$select={meta.primary_id},{meta.modified_field}"
        headers = {"Prefer": "return=representation"}
        if write.action == "create":
            body = dict(write.data or {}) | ({meta.primary_id: write.id} if write.id else {})
            return BatchRequest("POST", meta.entity_set + back, body, headers, write.id, meta.primary_id)
        url = f"{meta.entity_set}({_guid(write.id)})"
        if write.action == "delete":
            return BatchRequest("DELETE", url, None, _if_match(write.etag), write.id, meta.primary_id)
        if write.action == "update":
            headers |= {"If-Match": write.etag or "*"}
        return BatchRequest("PATCH", url + back, dict(write.data or {}), headers, write.id, meta.primary_id)

    def _send(self, request: BatchRequest) -> OperationResult:
        idempotent = request.method != "POST"
        response = self.http.request(
            request.method, request.url, json=request.body, headers=dict(request.headers), idempotent=idempotent
        )
        part = PartResponse(response.status_code, response.headers, response.text)
        return result_of(request, part, str(response.request.url))


def _with_system(meta: DataverseTable, select: Sequence[str] | None) -> list[str] | None:
    """A ``$select`` always keeps the primary id and ``modifiedon``: the engine needs both for every row."""
    return [*select, meta.primary_id, meta.modified_field] if select else None


def _optional_guid(row_id: object) -> str | None:
    return None if row_id is None else _guid(row_id)


def _option_body(entity: str, attribute: str, label: str) -> dict:
    localized = {"Label": label, "LanguageCode": OPTION_LANGUAGE}
    return {"EntityLogicalName": entity, "AttributeLogicalName": attribute, "Label": {"LocalizedLabels": [localized]}}


def _label_text(label: dict | None) -> str:
    """The label in the user's language, else the first localized one."""
    label = label or {}
    user = label.get("UserLocalizedLabel") or {}
    localized = label.get("LocalizedLabels") or [{}]
    return str(user.get("Label") or localized[0].get("Label") or "")


def _if_match(etag: str) -> dict[str, str]:
    return {} if etag in ("", "*") else {"If-Match": etag}


def _target(meta: DataverseTable, row_id: str, data: Mapping[str, Any]) -> dict:
    return {"@odata.type": f"Microsoft.Dynamics.CRM.{meta.logical_name}", **data, meta.primary_id: row_id}
