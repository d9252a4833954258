"""Dataverse's multipart ``$batch``: writing the request and reading the answer back into one result per part.

Two shapes: independent parts sent with ``Prefer: odata.continue-on-error`` (a failing row does not stop the
others: the usual sync batch), or one change set (all or nothing: a document header with its lines). When a
change set fails, the service answers with the single failing part, and every operation of the set gets that
error, since none of them was kept.
"""

import json
import uuid
from collections.abc import Sequence

import httpx

from connection_setup.clients.batch import (
    BatchRequest,
    OperationResult,
    PartHeaders,
    PartResponse,
    all_or_nothing,
    not_run,
    result_of,
)

__all__ = ["decode_dataverse_batch", "encode_dataverse_batch"]

CRLF = "\r\n"


def _http_part(request: BatchRequest, root_url: str, content_id: int | None) -> str:
    lines = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"]
    if content_id is not None:
        lines.append(f"Content-ID: {content_id}")
    lines += ["", f"{request.method} {root_url}{request.url} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in request.headers.items()]
    body = ""
    if request.body is not None:
        lines.append("Content-Type: application/json; type=entry")
        body = json.dumps(request.body, separators=(",", ":"), default=str)
    return CRLF.join([*lines, "", body])


def encode_dataverse_batch(
    requests: Sequence[BatchRequest], root_url: str, *, atomic: bool = False
) -> tuple[bytes, str]:
    """The body and the ``Content-Type`` of a ``$batch`` request; ``root_url`` ends with ``/``."""
    batch = f"batch_{uuid.uuid4().hex}"
    if atomic:
        changeset = f"changeset_{uuid.uuid4().hex}"
        inner = [f"--{changeset}{CRLF}{_http_part(r, root_url, i)}" for i, r in enumerate(requests, 1)]
        set_part = CRLF.join([f"Content-Type: multipart/mixed; boundary={changeset}", "", *inner, f"--{changeset}--"])
        parts = [set_part]
    else:
        parts = [_http_part(request, root_url, None) for request in requests]
    body = "".join(f"--{batch}{CRLF}{part}{CRLF}" for part in parts) + f"--{batch}--{CRLF}"
    return body.encode(), f"multipart/mixed; boundary={batch}"


def _boundary(content_type: str) -> str:
    for piece in content_type.split(";"):
        name, _, value = piece.strip().partition("=")
        if name.lower() == "boundary":
            return value.strip('"')
    raise ValueError(f"The batch response has no multipart boundary ({content_type!r}).")


def _split(text: str, boundary: str) -> list[str]:
    """The parts between ``--boundary`` lines, without the closing ``--boundary--``."""
    sections = text.split(f"--{boundary}")
    return [section.strip("\r\n") for section in sections[1:] if not section.startswith("--")]


def _headers_and_body(section: str) -> tuple[PartHeaders, str]:
    head, _, body = section.replace(CRLF, "\n").partition("\n\n")
    pairs = [line.split(":", 1) for line in head.split("\n") if ":" in line]
    return PartHeaders((name.strip(), value.strip()) for name, value in pairs), body


def _responses(text: str, content_type: str) -> list[PartResponse]:
    """Every HTTP answer in order, change sets flattened into their parts."""
    answers = []
    for section in _split(text, _boundary(content_type)):
        headers, inner = _headers_and_body(section)
        if headers.get("content-type", "").lower().startswith("multipart/mixed"):
            answers += _responses(inner, headers["content-type"])
            continue
        status_line, _, rest = inner.partition("\n")
        part_headers, body = _headers_and_body(rest)
        answers.append(PartResponse(int(status_line.split()[1]), part_headers, body.strip()))
    return answers


def decode_dataverse_batch(
    response: httpx.Response, requests: Sequence[BatchRequest], root_url: str, *, atomic: bool = False
) -> list[OperationResult]:
    """One result per request, in request order."""
    answers = _responses(response.text, response.headers.get("content-type", ""))
    urls = [root_url + request.url for request in requests]
    results = [result_of(r, a, u) for r, a, u in zip(requests, answers, urls, strict=False)]
    if atomic and len(answers) == 1 and len(requests) > 1 and not results[0].ok:
        # A failed change set answers once, for the part that failed.
        results = [result_of(r, answers[0], u) for r, u in zip(requests, urls, strict=True)]
    reason = "The batch stopped at an earlier failed operation."
    results += [not_run(r, u, reason) for r, u in zip(requests[len(results) :], urls[len(results) :], strict=True)]
    return all_or_nothing(results) if atomic else results
