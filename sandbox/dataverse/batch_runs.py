"""The requests of a `$batch` in order, with runs of plain row writes stored together.

A `$batch` of a thousand upserts is a synchronization's usual write. Handled part by part, each row costs a routing
pass, a savepoint, a row lock and single-row statements. Consecutive parts that create, update or upsert one row
of the same table by its GUID are instead validated one by one, in order, each keeping its own answer or error,
and the valid ones are stored with one bulk read and one bulk write. A part that could depend on the pending run
(a Content-ID reference to it, a bind to one of its rows, the same row again) or that is anything else (reads,
deletes, alternate keys, actions) first stores the run, then is handled as its own request.
"""

import json
import re
import uuid
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

from django.db import transaction

from sandbox import store
from sandbox.dataverse import rules, service, totals
from sandbox.dataverse.api import ApiRequest, ApiResponse, error_response, handle
from sandbox.dataverse.bound_rows import binds_of, existing_targets
from sandbox.dataverse.endpoints import written
from sandbox.dataverse.errors import BATCH_URL_LIMIT, DataverseError
from sandbox.dataverse.schema import Table, table_for_entity_set
from sandbox.routers import SANDBOX_DB

__all__ = ["execute", "inner_request"]

_SERVICE_ROOT = re.compile(r"/api/data/v9\.[0-2]/")
_TARGET = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\(([0-9a-fA-F-]{36})\))?$")
_VERSION = re.compile(r'^(?:W/)?"?(\d+)"?$')
_REFERENCE = re.compile(rb"\$([^\s\"'/?&(),$]+)")  # a `$n` Content-ID reference inside a raw part


def inner_request(outer: ApiRequest, raw: bytes, references: dict[str, str]) -> ApiRequest:
    """One part's HTTP request, with ``$n`` Content-ID references replaced by the URLs they stand for."""
    head, _, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    lines = head.decode().strip().split("\n")
    method, target = [*lines[0].split(" "), "", ""][:2]
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    for reference, url in references.items():
        target = re.sub(rf"^\{reference}(?=/|$)", url, target)
        body = body.replace(f'"{reference}"'.encode(), f'"{url}"'.encode())
    parts = urlsplit(target)
    marker = _SERVICE_ROOT.search(parts.path)
    path = parts.path[marker.end() :] if marker else parts.path.lstrip("/")
    return ApiRequest(
        method.upper(),
        path,
        _options(parts.query),
        {**outer.headers, **headers},
        body.rstrip(b"\n"),
        outer.caller_id,
        outer.root,
    )


@lru_cache(maxsize=256)
def _query_options(query: str) -> tuple[tuple[str, str], ...]:
    return tuple(parse_qsl(query, keep_blank_values=True))


def _options(query: str) -> dict[str, str]:
    """The part's query options; the parts of a batch mostly repeat the same ``$select``, parsed once."""
    return dict(_query_options(query))


@dataclass
class RowWrite:
    """A part that writes one row by its GUID: ``mode`` create, update (If-Match) or upsert."""

    request: ApiRequest
    content_id: str | None
    table: Table
    row_id: uuid.UUID
    mode: str
    body: dict
    expected_version: int | None
    binds: frozenset[tuple[str, uuid.UUID]]


def _expected_version(if_match: str) -> int | bool | None:
    """The version If-Match asks for; None for any; False when it is no ETag (the request is handled alone)."""
    if if_match in ("", "*"):
        return None
    match = _VERSION.match(if_match)
    return int(match.group(1)) if match else False


def row_write(request: ApiRequest, content_id: str | None) -> RowWrite | None:
    """The part as a plain row write, or None when it is anything else (or malformed: ``handle`` says why)."""
    match = _TARGET.match(request.path.strip("/")) if request.method in ("POST", "PATCH") else None
    table = table_for_entity_set(match.group(1)) if match else None
    if table is None or (request.method == "POST") != (match.group(2) is None):
        return None
    version = _expected_version(request.header("if-match").strip())
    try:
        body = json.loads(request.body or b"{}")
        key = uuid.UUID(match.group(2)) if match.group(2) else None
        row_id = service.body_id(table, body, key) if isinstance(body, dict) else None
    except (ValueError, DataverseError):
        return None
    if row_id is None or version is False:
        return None
    creating = request.method == "POST" or request.header("if-none-match").strip() == "*"
    mode = "create" if creating else "update" if request.header("if-match").strip() else "upsert"
    return RowWrite(request, content_id, table, row_id, mode, body, version, binds_of(body))


class WriteRun:
    """Row writes waiting to be stored together: one table, distinct rows, none bound to another of the run."""

    def __init__(self) -> None:
        self.writes: list[RowWrite] = []
        self.ids: set[uuid.UUID] = set()
        self.content_ids: set[bytes] = set()

    def accepts(self, write: RowWrite) -> bool:
        if not self.writes:
            return True
        return (
            write.table is self.writes[0].table
            and write.row_id not in self.ids
            and not any(row_id in self.ids for _, row_id in write.binds)
        )

    def depends_on(self, raw: bytes) -> bool:
        """The raw part names the Content-ID of a pending write (so it must see that write stored)."""
        return bool(self.content_ids) and any(name in self.content_ids for name in _REFERENCE.findall(raw))

    def add(self, write: RowWrite) -> None:
        self.writes.append(write)
        self.ids.add(write.row_id)
        if write.content_id:
            self.content_ids.add(write.content_id.encode())

    def store(self, caller_id: str, *, stop_on_error: bool) -> list[tuple[RowWrite, ApiResponse]]:
        """Validate the writes in order, store the valid ones at once; each write's answer, up to the first failure
        when ``stop_on_error`` (the later ones are not run)."""
        writes, table = self.writes, self.writes[0].table
        self.writes, self.ids, self.content_ids = [], set(), set()
        answers: list[tuple[RowWrite, ApiResponse | None]] = []
        valid = []
        with (
            transaction.atomic(using=SANDBOX_DB),
            rules.remembered_lookups(existing_targets(b for w in writes for b in w.binds)),
        ):
            existing = store.get_many(service.SERVICE, table.logical_name, [w.row_id for w in writes], for_update=True)
            for write in writes:
                failure = _validate(write, existing.get(write.row_id), caller_id, valid)
                answers.append((write, failure))
                if failure is not None and stop_on_error:
                    break
            written = [(w.row_id, data) for w, data in valid]
            rows = store.write_many(service.SERVICE, table.logical_name, written, existing=existing)
            before = [existing[w.row_id].data for w, _ in valid if w.row_id in existing]
            totals.refresh_documents(table.logical_name, before + [row.data for row in rows])
        stored = {row.row_id: row for row in rows}
        return [(write, failure or _answer(write, stored[write.row_id], existing)) for write, failure in answers]


def _validate(write: RowWrite, current, caller_id: str, valid: list) -> ApiResponse | None:
    """Check one write against the row as it is; the error answer, or None after adding it to ``valid``."""
    try:
        data = service.prepared(write.table, write.row_id, write.body, current, write.mode, caller_id)
        if write.expected_version is not None and current.version != write.expected_version:
            raise service.stale()
    except DataverseError as failure:
        return error_response(failure.status, failure.code, failure.message)
    valid.append((write, data))
    return None


def _answer(write: RowWrite, row: store.StoredRow, existing: dict) -> ApiResponse:
    created = write.row_id not in existing
    return written(write.request, write.table, row, 201 if created else 200)


def _target_length(raw: bytes) -> int:
    """Characters of the URL in a part's request line (``GET <url> HTTP/1.1``)."""
    line = raw.lstrip().split(b"\n", 1)[0].split(b" ")
    return len(line[1].strip()) if len(line) > 1 else 0


def execute(
    outer: ApiRequest, parts: list[tuple[bytes, str | None]], *, references: dict[str, str] | None, stop_on_error: bool
) -> list[tuple[ApiResponse, str | None]]:
    """Answer raw requests (with their Content-IDs) in order; ``references`` collects ``$n`` → URL inside a change
    set (None outside one). With ``stop_on_error`` nothing after the first failure runs."""
    answers: list[tuple[ApiResponse, str | None]] = []
    run = WriteRun()

    def settle(response: ApiResponse, content_id: str | None) -> bool:
        answers.append((response, content_id))
        if references is not None and content_id and "OData-EntityId" in response.headers:
            references[f"${content_id}"] = response.headers["OData-EntityId"]
        return response.status < 400 or not stop_on_error

    def flush() -> bool:
        done = run.store(outer.caller_id, stop_on_error=stop_on_error) if run.writes else []
        return all([settle(response, write.content_id) for write, response in done])

    for raw, content_id in parts:
        if run.depends_on(raw) and not flush():
            return answers
        if (length := _target_length(raw)) > BATCH_URL_LIMIT:
            refused = DataverseError.url_too_long(length, BATCH_URL_LIMIT)
            if not flush() or not settle(error_response(refused.status, refused.code, refused.message), content_id):
                return answers
            continue
        request = inner_request(outer, raw, references or {})
        write = row_write(request, content_id)
        if write is not None and run.accepts(write):
            run.add(write)
            continue
        if not flush():
            return answers
        if write is not None:
            run.add(write)
        elif not settle(handle(request), content_id):
            return answers
    flush()
    return answers
