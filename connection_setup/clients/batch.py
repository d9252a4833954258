"""Batched writes: the operations a client sends, the result of each one, and BC's JSON ``$batch`` format.

A batch answers with one result per operation, in the order given, whatever the wire format: the engine pairs
each result with its record, logs the failures with both ids and carries on. Dataverse's multipart format lives in
``multipart.py``; both formats meet in ``PartResponse`` and ``result_of``.
"""

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from connection_setup.clients.errors import ServiceError, TransientServiceError, error_from_parts

__all__ = [
    "BatchRequest",
    "OperationResult",
    "PartHeaders",
    "PartResponse",
    "Write",
    "all_or_nothing",
    "chunks",
    "decode_bc_batch",
    "encode_bc_batch",
    "not_run",
    "result_of",
]

Action = Literal["create", "update", "upsert", "delete"]
_ID_IN_URL = re.compile(r"\(([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\)/?$")


@dataclass(frozen=True)
class Write:
    """One write in table terms: ``update`` and ``delete`` match ``etag`` (``*`` = any version)."""

    action: Action
    table: str
    id: str | None = None
    data: Mapping[str, Any] | None = None
    etag: str = "*"

    def __post_init__(self) -> None:
        if self.action not in ("create", "update", "upsert", "delete"):
            raise ValueError(f"Unknown write action {self.action!r}.")
        if self.action != "create" and not self.id:
            raise ValueError(f"A {self.action} of {self.table} needs the row id.")


@dataclass(frozen=True)
class OperationResult:
    """What happened to one operation: ``ok``, the HTTP status, the row id and ETag, or the typed error."""

    ok: bool
    status: int
    id: str | None = None
    etag: str | None = None
    error: ServiceError | None = None
    body: dict | None = None


@dataclass(frozen=True)
class BatchRequest:
    """One HTTP request inside a batch; ``url`` is relative to the API root; ``row_id`` is known unless creating."""

    method: str
    url: str
    body: Mapping[str, Any] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    row_id: str | None = None
    id_field: str = "id"


@dataclass(frozen=True)
class PartResponse:
    """One answer inside a batch response."""

    status: int
    headers: "httpx.Headers | PartHeaders"
    text: str = ""


class PartHeaders(dict):
    """A batch part's headers, found by name in any case: ``httpx.Headers`` costs more than decoding the part."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        super().__init__((name.lower(), value) for name, value in pairs)

    def get(self, name: str, default: str | None = None) -> str | None:
        return super().get(name.lower(), default)

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and super().__contains__(name.lower())


def chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    """Consecutive slices of at most ``size`` items: a service's limit of operations per batch."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _json_or_none(text: str) -> dict | None:
    try:
        value = json.loads(text) if text.strip() else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def result_of(request: BatchRequest, response: PartResponse, url: str) -> OperationResult:
    """The ``OperationResult`` of one part: the id comes from the request, the body or the entity-id header."""
    if not 200 <= response.status < 300:
        error = error_from_parts(response.status, response.headers, response.text, request.method, url)
        return OperationResult(False, response.status, request.row_id, None, error)
    body = _json_or_none(response.text)
    row_id = request.row_id or (body or {}).get(request.id_field)
    if not row_id:
        entity_id = response.headers.get("odata-entityid") or response.headers.get("location") or ""
        match = _ID_IN_URL.search(entity_id)
        row_id = match.group(1) if match else None
    etag = response.headers.get("etag") or (body or {}).get("@odata.etag")
    return OperationResult(True, response.status, row_id, etag, None, body)


def not_run(request: BatchRequest, url: str, reason: str) -> OperationResult:
    """The result of an operation the service never reached (it stopped at an earlier failure)."""
    error = TransientServiceError(0, "NotRun", reason, request.method, url)
    return OperationResult(False, 0, request.row_id, None, error)


def encode_bc_batch(requests: Sequence[BatchRequest]) -> dict:
    """BC's JSON batch body; each request's ``id`` is its position, so answers can be matched in any order."""
    encoded = []
    for index, request in enumerate(requests, start=1):
        headers = dict(request.headers)
        item = {"id": str(index), "method": request.method, "url": request.url, "headers": headers}
        if request.body is not None:
            headers.setdefault("Content-Type", "application/json")
            item["body"] = dict(request.body)
        encoded.append(item)
    return {"requests": encoded}


def all_or_nothing(results: list[OperationResult]) -> list[OperationResult]:
    """An atomic batch keeps nothing when one operation fails: every operation gets the first failure's error."""
    failure = next((result for result in results if not result.ok), None)
    if failure is None:
        return results
    return [
        result if not result.ok else OperationResult(False, failure.status, result.id, None, failure.error)
        for result in results
    ]


def decode_bc_batch(
    payload: dict, requests: Sequence[BatchRequest], root_url: str, *, atomic: bool = False
) -> list[OperationResult]:
    """One result per request, in request order, from BC's ``{"responses": [...]}``."""
    answers = {str(answer.get("id")): answer for answer in payload.get("responses", [])}
    results = []
    for index, request in enumerate(requests, start=1):
        url = root_url.rstrip("/") + "/" + request.url
        answer = answers.get(str(index))
        if answer is None:
            results.append(not_run(request, url, "The batch response has no answer for this operation."))
            continue
        body = answer.get("body")
        text = json.dumps(body) if isinstance(body, dict | list) else str(body or "")
        part = PartResponse(int(answer.get("status", 0)), PartHeaders((answer.get("headers") or {}).items()), text)
        results.append(result_of(request, part, url))
    return all_or_nothing(results) if atomic else results
