"""JSON ``$batch``: up to 100 operations in one request, each answered in order; with ``Isolation: snapshot``
the batch is atomic (all or nothing), and a failure returns only the failing operation's response."""

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.db import transaction

from sandbox.bc.api.handlers import Call, Reply, handle
from sandbox.bc.errors import BCError
from sandbox.routers import SANDBOX_DB

__all__ = ["MAX_OPERATIONS", "run_batch"]

MAX_OPERATIONS = 100


class _RolledBack(Exception):
    def __init__(self, response: dict) -> None:
        self.response = response


def _operation_call(api: str, root_url: str, operation: Any) -> tuple[str, Call]:
    if not isinstance(operation, dict) or not operation.get("method") or not operation.get("url"):
        raise BCError("Each operation of a $batch needs an 'id', a 'method' and a 'url'.")
    parts = urlsplit(str(operation["url"]))
    path = parts.path
    marker = f"/api/{api}/"
    if marker in path:
        path = path.split(marker, 1)[1]
    headers = {str(k).lower(): str(v) for k, v in (operation.get("headers") or {}).items()}
    call = Call(
        api=api,
        method=str(operation["method"]).upper(),
        path=path.lstrip("/"),
        params=dict(parse_qsl(parts.query, keep_blank_values=True)),
        headers=headers,
        body=operation.get("body"),
        root_url=root_url,
    )
    return str(operation.get("id", "")), call


def _response(operation_id: str, reply: Reply) -> dict:
    response: dict[str, Any] = {"id": operation_id, "status": reply.status, "headers": dict(reply.headers)}
    if reply.payload is not None:
        response["headers"].setdefault("content-type", "application/json; odata.metadata=minimal")
        response["body"] = reply.payload
    return response


def run_batch(api: str, body: Any, *, atomic: bool, root_url: str) -> Reply:
    """Answer a JSON batch body ``{"requests": [...]}`` with ``{"responses": [...]}``."""
    operations = body.get("requests") if isinstance(body, dict) else None
    if not isinstance(operations, list):
        raise BCError("The $batch body must be a JSON object with a 'requests' array.")
    if len(operations) > MAX_OPERATIONS:
        raise BCError(f"The $batch request has {len(operations)} operations; at most {MAX_OPERATIONS} are allowed.")
    calls = [_operation_call(api, root_url, operation) for operation in operations]
    if not atomic:
        return Reply(200, {"responses": [_response(op_id, handle(call)) for op_id, call in calls]})
    try:
        with transaction.atomic(using=SANDBOX_DB):
            responses = []
            for op_id, call in calls:
                response = _response(op_id, handle(call))
                if response["status"] >= 400:
                    raise _RolledBack(response)
                responses.append(response)
    except _RolledBack as failure:
        return Reply(200, {"responses": [failure.response]})
    return Reply(200, {"responses": responses})
