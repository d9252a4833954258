"""``BusinessCentralClient``: one BC environment and company, in BC's table and field names.

Callers pass BC names ("Customer", "No.") or API names; rows come back keyed by BC field names, with ``id``,
``lastModifiedDateTime`` and ``@odata.etag`` kept as BC's API names them. The registry says which API group and
entity set serve a table. Reads use BC's largest page (20,000 rows) and hold one page at a time; writes go in JSON
``$batch`` requests of at most 100 operations.
"""

import copy
import itertools
import re
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import httpx

from connection_setup.clients import odata
from connection_setup.clients.batch import (
    BatchRequest,
    OperationResult,
    PartResponse,
    Write,
    chunks,
    decode_bc_batch,
    encode_bc_batch,
    result_of,
)
from connection_setup.clients.errors import NotFoundError
from connection_setup.clients.http import ServiceClient, ServiceHttp
from connection_setup.clients.metadata import entity_set_properties
from connection_setup.clients.policy import (
    BC_BATCH_LIMIT,
    BC_FILTER_BUDGET,
    BC_MATCH_CHUNK,
    BC_PAGE_SIZE,
    DEFAULT_POLICY,
    RetryPolicy,
)
from connection_setup.clients.registry import BC_CUSTOM_API, BC_STANDARD_API, BcTable, bc_table

__all__ = ["BusinessCentralClient"]

_SEGMENT = re.compile(r"^[A-Za-z0-9._-]+$")


def _guid(value: object, what: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise ValueError(f"{value!r} is not a BC {what} (a GUID).") from None


def _segment(value: str, what: str) -> str:
    if not _SEGMENT.match(value or ""):
        raise ValueError(f"{value!r} is not a valid BC {what}.")
    return value


class BusinessCentralClient(ServiceClient):
    """The BC API of one tenant and environment; ``company_id`` binds it to a company (``for_company``)."""

    match_chunk = BC_MATCH_CHUNK
    filter_budget = BC_FILTER_BUDGET
    value_lists = True  # BC takes OData's ``in`` (since 2024 release wave 1), and a list is one node of 100

    def __init__(
        self,
        service_root: str,
        tenant: str,
        environment: str,
        auth: httpx.Auth | None,
        *,
        company_id: object = None,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy = DEFAULT_POLICY,
        sleep: Callable[[float], None] = time.sleep,
        page_size: int = BC_PAGE_SIZE,
        batch_size: int = BC_BATCH_LIMIT,
    ) -> None:
        tenant, environment = _segment(tenant, "tenant"), _segment(environment, "environment")
        self.api_url = f"{service_root.rstrip('/')}/v2.0/{tenant}/{environment}/api/"
        headers = {"Accept": "application/json"}
        self.http = ServiceHttp(self.api_url, auth, headers=headers, transport=transport, policy=policy, sleep=sleep)
        self.company_id = None if company_id is None else _guid(company_id, "company id")
        self.page_size = min(page_size, BC_PAGE_SIZE)
        self.batch_size = min(batch_size, BC_BATCH_LIMIT)

    def guid_property(self, table: str, field: str) -> bool:
        """Every entity's ``id`` (the record's SystemId) is a GUID (Edm.Guid)."""
        return field == "id"

    def companies(self) -> list[dict]:
        """The environment's companies (``id``, ``name``, ``displayName``)."""
        return [row for page in self.http.iter_payloads(f"{BC_STANDARD_API}/companies") for row in page["value"]]

    def for_company(self, company_id: object) -> "BusinessCentralClient":
        """A client bound to ``company_id`` that shares this one's connections, limits and counters."""
        bound = copy.copy(self)
        bound.company_id = _guid(company_id, "company id")
        return bound

    # Reads

    def _page_query(
        self, table: str, select: Sequence[str] | None, filter: odata.Filter | None, orderby: Sequence | None
    ) -> tuple[str, dict[str, str], dict[str, str]]:
        meta = bc_table(table)
        params = odata.query_options(
            _with_system(meta, select), filter, orderby, meta.api_name, value_lists=self.value_lists
        )
        return self._collection(meta), params, {"Prefer": f"odata.maxpagesize={self.page_size}"}

    def _page_rows(self, table: str, rows: list[dict]) -> list[dict]:
        """Records keyed by BC field names."""
        return [bc_table(table).to_bc(row) for row in rows]

    def get(self, table: str, row_id: object, *, select: Sequence[str] | None = None) -> dict:
        """One record by SystemId, keyed by BC field names; ``NotFoundError`` when it does not exist."""
        meta = bc_table(table)
        url = f"{self._collection(meta)}({_guid(row_id, 'SystemId')})"
        params = odata.query_options(_with_system(meta, select), resolve=meta.api_name)
        return meta.to_bc(self.http.request("GET", url, params=params).json())

    # Single writes raise the typed error; batches return one result per write.

    def create(self, table: str, data: Mapping[str, Any]) -> OperationResult:
        """Insert a record; BC assigns its SystemId (the result's ``id``). Not repeated after a dropped connection."""
        return self._send(Write("create", table, None, data))

    def update(self, table: str, row_id: object, data: Mapping[str, Any], *, etag: str = "*") -> OperationResult:
        """Modify a record; a stale ``etag`` gives ``PreconditionFailedError`` (BC's ``Request_EntityChanged``)."""
        return self._send(Write("update", table, _guid(row_id, "SystemId"), data, etag or "*"))

    def upsert(self, table: str, row_id: object, data: Mapping[str, Any]) -> OperationResult:
        """Modify the record when it exists, else insert it (BC then assigns a new SystemId)."""
        try:
            return self.update(table, row_id, data)
        except NotFoundError:
            return self.create(table, data)

    def delete(self, table: str, row_id: object, *, etag: str = "*") -> None:
        self._send(Write("delete", table, _guid(row_id, "SystemId"), None, etag or "*"))

    def write_batch(self, writes: Sequence[Write], *, atomic: bool = False) -> list[OperationResult]:
        """Send ``writes`` in JSON batches of at most ``batch_size``; upserts of missing records become inserts.

        ``atomic`` (BC's ``Isolation: snapshot``) makes each batch all or nothing; it cannot carry upserts, whose
        inserts need a second batch.
        """
        if atomic and any(write.action == "upsert" for write in writes):
            raise ValueError("An atomic BC batch cannot hold upserts: send updates and inserts instead.")
        results = self._batches(writes, atomic)
        retry = [i for i, (w, r) in enumerate(zip(writes, results, strict=True)) if _missing_upsert(w, r)]
        if retry:
            inserts = self._batches([replace(writes[i], action="create", id=None) for i in retry], atomic)
            for index, result in zip(retry, inserts, strict=True):
                results[index] = result
        return results

    def bound_action(self, table: str, row_id: object, action: str) -> None:
        """Run a bound action of the table's API page on one record (``release``, ``reopen``, ``archive``).

        Not repeated after a dropped connection: an action may not be safe to run twice.
        """
        meta = bc_table(table)
        url = f"{self._collection(meta)}({_guid(row_id, 'SystemId')})/Microsoft.NAV.{_segment(action, 'action')}"
        self.http.request("POST", url, idempotent=False)

    # Metadata

    def metadata(self, api: str = BC_CUSTOM_API) -> dict[str, frozenset[str]]:
        """Entity set → property names, from the API group's ``$metadata``, for validating mappings."""
        response = self.http.request("GET", f"{api}/$metadata", headers={"Accept": "application/xml"})
        return entity_set_properties(response.content)

    def missing_fields(self, table: str) -> list[str]:
        """The BC fields of ``table`` whose API property the environment's endpoint does not expose."""
        meta = bc_table(table)
        exposed = self.metadata(meta.api).get(meta.entity_set)
        if exposed is None:
            return list(meta.fields)
        return [name for name, api_name in meta.fields.items() if api_name not in exposed]

    # Internals

    def _collection(self, meta: BcTable) -> str:
        if self.company_id is None:
            raise ValueError("Choose a BC company first: this client is not bound to one (for_company).")
        return f"{meta.api}/companies({self.company_id})/{meta.entity_set}"

    def _request(self, write: Write) -> tuple[BcTable, BatchRequest]:
        """The HTTP request for one write, its URL relative to the table's API group."""
        meta = bc_table(write.table)
        collection = self._collection(meta).removeprefix(meta.api + "/")
        body = meta.to_api(write.data) if write.data is not None else None
        if write.action == "create":
            return meta, BatchRequest("POST", collection, body, {}, None, meta.key)
        method = "DELETE" if write.action == "delete" else "PATCH"
        return meta, BatchRequest(
            method, f"{collection}({_guid(write.id, 'SystemId')})", body, {"If-Match": write.etag}, write.id, meta.key
        )

    def _send(self, write: Write) -> OperationResult:
        meta, request = self._request(write)
        response = self.http.request(
            request.method,
            f"{meta.api}/{request.url}",
            json=request.body,
            headers=dict(request.headers),
            idempotent=request.method != "POST",
        )
        part = PartResponse(response.status_code, response.headers, response.text)
        return _in_bc_names(meta, result_of(request, part, str(response.request.url)))

    def _batches(self, writes: Sequence[Write], atomic: bool) -> list[OperationResult]:
        """Batches of at most ``batch_size`` per API group, several at a time; results in the writes' order."""
        batches = [
            (api, chunk)
            for api, group in itertools.groupby(writes, key=lambda write: bc_table(write.table).api)
            for chunk in chunks(list(group), self.batch_size)
        ]
        answers = self.http.concurrently(lambda batch: self._batch(batch[0], batch[1], atomic), batches)
        return [result for answer in answers for result in answer]

    def _batch(self, api: str, writes: Sequence[Write], atomic: bool) -> list[OperationResult]:
        pairs = [self._request(write) for write in writes]
        requests = [request for _, request in pairs]
        headers = {"Isolation": "snapshot"} if atomic else {}
        idempotent = all(request.method != "POST" for request in requests)
        response = self.http.request(
            "POST", f"{api}/$batch", json=encode_bc_batch(requests), headers=headers, idempotent=idempotent
        )
        results = decode_bc_batch(response.json(), requests, self.api_url + api, atomic=atomic)
        return [_in_bc_names(meta, result) for (meta, _), result in zip(pairs, results, strict=True)]


def _with_system(meta: BcTable, select: Sequence[str] | None) -> list[str] | None:
    """A ``$select`` always keeps the SystemId and the modified-on time: the engine needs both for every record."""
    return [*select, meta.key, meta.modified_field] if select else None


def _missing_upsert(write: Write, result: OperationResult) -> bool:
    return write.action == "upsert" and isinstance(result.error, NotFoundError)


def _in_bc_names(meta: BcTable, result: OperationResult) -> OperationResult:
    return replace(result, body=meta.to_bc(result.body)) if result.body else result
