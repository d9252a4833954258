"""`$batch`: multipart/mixed requests, change sets that commit all or nothing, and `$n` Content-ID references.

Outside change sets a failed request stops the batch unless ``Prefer: odata.continue-on-error``; a failed
change set is rolled back and answered by the failing request's error alone, as the real service does. The
requests themselves run through ``batch_runs``, which stores runs of plain row writes together.

The body is split on its boundaries by hand: the parts are HTTP messages sent as binary, so the standard
library's e-mail parser (which decodes every header and copies every part) would cost more than the writes.
"""

import re
import uuid
from dataclasses import dataclass, field

from django.db import transaction

from sandbox.dataverse.api import ApiRequest, ApiResponse, error_response
from sandbox.dataverse.batch_runs import execute
from sandbox.http import json_bytes
from sandbox.routers import SANDBOX_DB

__all__ = ["MAX_REQUESTS", "run_batch"]

MAX_REQUESTS = 1000
_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad Request",
    404: "Not Found",
    412: "Precondition Failed",
    414: "URI Too Long",
    429: "Too Many Requests",
    500: "Internal Server Error",
}
_BOUNDARY = re.compile(r'boundary\s*=\s*"?([^";]+)"?', re.IGNORECASE)


@dataclass
class _Part:
    """One MIME part: its headers (lower-case names) and content, or the requests of a change set."""

    headers: dict[str, str]
    content: bytes
    requests: list["_Part"] | None = field(default=None)

    @property
    def content_id(self) -> str | None:
        return self.headers.get("content-id")


class _ChangeSetFailed(Exception):
    def __init__(self, response: ApiResponse) -> None:
        self.response = response


def _multipart_boundary(content_type: str) -> str | None:
    found = _BOUNDARY.search(content_type) if content_type.lower().startswith("multipart/") else None
    return found.group(1).strip() if found else None


def _split(content_type: str, body: bytes) -> list[_Part]:
    """The parts between the boundary lines; a part that is itself multipart is a change set."""
    boundary = _multipart_boundary(content_type)
    if boundary is None:
        raise ValueError("The $batch body must be multipart/mixed with a boundary.")
    parts = []
    for section in body.split(b"--" + boundary.encode())[1:]:
        if section.startswith(b"--"):
            break
        section = section.removeprefix(b"\r\n").removeprefix(b"\n")
        head, _, content = section.partition(b"\r\n\r\n" if b"\r\n\r\n" in section else b"\n\n")
        lines = (line.partition(":") for line in head.decode().splitlines())
        headers = {name.strip().lower(): value.strip() for name, _, value in lines}
        content = content.removesuffix(b"\r\n").removesuffix(b"\n")
        nested = headers.get("content-type", "")
        parts.append(_Part(headers, content, _split(nested, content) if _multipart_boundary(nested) else None))
    return parts


def _http_part(response: ApiResponse, content_id: str | None) -> bytes:
    lines = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"]
    if content_id:
        lines.append(f"Content-ID: {content_id}")
    lines += ["", f"HTTP/1.1 {response.status} {_REASONS.get(response.status, 'Error')}"]
    headers = dict(response.headers)
    if response.body is not None:
        headers["Content-Type"] = "application/json; odata.metadata=minimal"
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines += ["", ""]
    return "\r\n".join(lines).encode() + (json_bytes(response.body) if response.body is not None else b"")


def _multipart(boundary: str, parts: list[bytes]) -> bytes:
    delimiter = f"--{boundary}\r\n".encode()
    return b"".join(delimiter + part + b"\r\n" for part in parts) + f"--{boundary}--\r\n".encode()


def _change_set(outer: ApiRequest, part: _Part) -> bytes:
    requests = [(request.content, request.content_id) for request in part.requests]
    try:
        with transaction.atomic(using=SANDBOX_DB):
            answers = execute(outer, requests, references={}, stop_on_error=True)
            failure = next((response for response, _ in answers if response.status >= 400), None)
            if failure is not None:
                raise _ChangeSetFailed(failure)
    except _ChangeSetFailed as failed:
        return _http_part(failed.response, None)
    boundary = f"changesetresponse_{uuid.uuid4()}"
    parts = [_http_part(response, content_id) for response, content_id in answers]
    return f"Content-Type: multipart/mixed; boundary={boundary}\r\n\r\n".encode() + _multipart(boundary, parts)


def _answers(outer: ApiRequest, parts: list[_Part], continue_on_error: bool) -> list[bytes]:
    """Change sets one by one; the requests between them in runs; a failed request outside a change set stops the
    batch unless ``continue_on_error``."""
    answers, pending = [], []
    for index, part in enumerate(parts):
        if part.requests is None:
            pending.append((part.content, part.content_id))
            if index + 1 < len(parts) and parts[index + 1].requests is None:
                continue
            done = execute(outer, pending, references=None, stop_on_error=not continue_on_error)
            answers += [_http_part(response, content_id) for response, content_id in done]
            if len(done) < len(pending) or (done and done[-1][0].status >= 400 and not continue_on_error):
                break
            pending = []
        else:
            answers.append(_change_set(outer, part))
    return answers


def run_batch(request: ApiRequest) -> tuple[int, str, bytes]:
    """Execute a batch; returns status, content type and the multipart body."""
    try:
        parts = _split(request.header("content-type"), request.body)
    except ValueError as failure:
        response = error_response(400, "0x80048d19", str(failure))
        return 400, "application/json", json_bytes(response.body)
    total = sum(len(part.requests) if part.requests is not None else 1 for part in parts)
    if total > MAX_REQUESTS:
        body = error_response(400, "0x8004d101", f"The batch has {total} requests; at most {MAX_REQUESTS} are allowed.")
        return 400, "application/json", json_bytes(body.body)
    answers = _answers(request, parts, request.prefers("odata.continue-on-error") is not None)
    boundary = f"batchresponse_{uuid.uuid4()}"
    return 200, f"multipart/mixed; boundary={boundary}", _multipart(boundary, answers)
