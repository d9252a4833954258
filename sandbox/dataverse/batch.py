"""`$batch`: multipart/mixed requests, change sets that commit all or nothing, and `$n` Content-ID references.

Outside change sets a failed request stops the batch unless ``Prefer: odata.continue-on-error``; a failed
change set is rolled back and answered by the failing request's error alone, as the real service does.
"""

import json
import re
import uuid
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qsl, urlsplit

from django.db import transaction

from sandbox.dataverse.api import ApiRequest, ApiResponse, error_response, handle
from sandbox.routers import SANDBOX_DB

__all__ = ["run_batch"]

MAX_REQUESTS = 1000
_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad Request",
    404: "Not Found",
    412: "Precondition Failed",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


class _ChangeSetFailed(Exception):
    def __init__(self, response: ApiResponse) -> None:
        self.response = response


def _parts(content_type: str, body: bytes) -> list:
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    if not message.is_multipart():
        raise ValueError("The $batch body must be multipart/mixed with a boundary.")
    return list(message.iter_parts())


def _inner_request(outer: ApiRequest, raw: bytes, references: dict[str, str]) -> ApiRequest:
    head, _, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    lines = head.decode().strip().split("\n")
    method, target = [*lines[0].split(" "), "", ""][:2]
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    for reference, url in references.items():
        target = re.sub(rf"^\{reference}(?=/|$)", url, target)
        body = body.replace(f'"{reference}"'.encode(), f'"{url}"'.encode())
    parts = urlsplit(target)
    path = parts.path
    marker = re.search(r"/api/data/v9\.[0-2]/", path)
    path = path[marker.end() :] if marker else path.lstrip("/")
    return ApiRequest(
        method.upper(),
        path,
        dict(parse_qsl(parts.query, keep_blank_values=True)),
        {**outer.headers, **headers},
        body.rstrip(b"\n"),
        outer.caller_id,
        outer.root,
    )


def _http_part(response: ApiResponse, content_id: str | None) -> str:
    lines = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"]
    if content_id:
        lines.append(f"Content-ID: {content_id}")
    lines += ["", f"HTTP/1.1 {response.status} {_REASONS.get(response.status, 'Error')}"]
    headers = dict(response.headers)
    if response.body is not None:
        headers["Content-Type"] = "application/json; odata.metadata=minimal"
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines += ["", json.dumps(response.body) if response.body is not None else ""]
    return "\r\n".join(lines)


def _multipart(boundary: str, parts: list[str]) -> str:
    return "".join(f"--{boundary}\r\n{part}\r\n" for part in parts) + f"--{boundary}--\r\n"


def _change_set(outer: ApiRequest, part) -> str:
    references: dict[str, str] = {}
    answers = []
    try:
        with transaction.atomic(using=SANDBOX_DB):
            for inner in part.iter_parts():
                request = _inner_request(outer, inner.get_payload(decode=True), references)
                response = handle(request)
                if response.status >= 400:
                    raise _ChangeSetFailed(response)
                content_id = inner.get("Content-ID")
                if content_id and "OData-EntityId" in response.headers:
                    references[f"${content_id}"] = response.headers["OData-EntityId"]
                answers.append(_http_part(response, content_id))
    except _ChangeSetFailed as failure:
        return _http_part(failure.response, None)
    boundary = f"changesetresponse_{uuid.uuid4()}"
    return f"Content-Type: multipart/mixed; boundary={boundary}\r\n\r\n{_multipart(boundary, answers)}"


def run_batch(request: ApiRequest) -> tuple[int, str, bytes]:
    """Execute a batch; returns status, content type and the multipart body."""
    try:
        parts = _parts(request.header("content-type"), request.body)
    except ValueError as failure:
        response = error_response(400, "0x80048d19", str(failure))
        return 400, "application/json", json.dumps(response.body).encode()
    total = sum(len(list(p.iter_parts())) if p.is_multipart() else 1 for p in parts)
    if total > MAX_REQUESTS:
        body = error_response(400, "0x8004d101", f"The batch has {total} requests; at most {MAX_REQUESTS} are allowed.")
        return 400, "application/json", json.dumps(body.body).encode()
    continue_on_error = request.prefers("odata.continue-on-error") is not None
    answers = []
    for part in parts:
        if part.is_multipart():
            answers.append(_change_set(request, part))
            continue
        response = handle(_inner_request(request, part.get_payload(decode=True), {}))
        answers.append(_http_part(response, part.get("Content-ID")))
        if response.status >= 400 and not continue_on_error:
            break
    boundary = f"batchresponse_{uuid.uuid4()}"
    return 200, f"multipart/mixed; boundary={boundary}", _multipart(boundary, answers).encode()
