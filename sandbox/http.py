"""What every emulated API endpoint shares: JSON and OData error responses, and the request guard.

The guard applies, in order, the service's added latency, its injected faults (429 with Retry-After, 500/503,
dropped connections), bearer authentication, and the per-user service protection limits. A dropped connection
sends the status line, headers and half of the promised body, then raises ``httpx.RemoteProtocolError`` from
the body iterator: over a real socket waitress then closes the connection mid-body, so an httpx client reports
"peer closed connection without sending complete message body"; in-process, ``httpx.WSGITransport`` hands the
same exception straight to the client while it reads the body. Either way the client sees a transport error.
"""

import json
import time
import uuid
from collections.abc import Callable, Iterator
from functools import wraps

import httpx
import orjson
from django.contrib.auth.decorators import login_not_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt

from sandbox import faults

__all__ = [
    "ErrorRenderer",
    "Unauthorized",
    "dropped_connection",
    "json_bytes",
    "json_response",
    "odata_error",
    "sandbox_api",
]

JSON_TYPE = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8"
ErrorRenderer = Callable[..., HttpResponse]
# Dates, times, decimals and lazy strings are written the way Django's encoder writes them.
_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_DJANGO_DEFAULT = DjangoJSONEncoder().default


class Unauthorized(Exception):
    """The bearer token is missing or not valid for this service; the message says why."""


def json_bytes(payload: object) -> bytes:
    """Compact UTF-8 JSON. Pages of thousands of rows are the sandbox's largest answers: orjson writes them several
    times faster than the standard library, which would otherwise cost about as much as reading the rows."""
    try:
        return orjson.dumps(payload, default=_DJANGO_DEFAULT, option=_JSON_OPTIONS)
    except orjson.JSONEncodeError:  # integers beyond 64 bits or lone surrogates, which the standard library escapes
        return json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def json_response(payload: object, status: int = 200, headers: dict | None = None) -> HttpResponse:
    body = json_bytes(payload)
    response = HttpResponse(body, status=status, content_type=JSON_TYPE)
    response["OData-Version"] = "4.0"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def odata_error(status: int, code: str, message: str, headers: dict | None = None) -> HttpResponse:
    """OData's error body, ``{"error": {"code", "message"}}``, which both Dataverse and BC answer with."""
    return json_response({"error": {"code": code, "message": message}}, status=status, headers=headers)


def dropped_connection() -> StreamingHttpResponse:
    """A response that breaks off mid-body, as when a load balancer or the network drops the connection."""

    def body() -> Iterator[bytes]:
        yield b'{"value":['
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")

    response = StreamingHttpResponse(body(), content_type=JSON_TYPE)
    response["Content-Length"] = "4096"
    return response


def _injected(service: str, render_error: ErrorRenderer) -> HttpResponse | None:
    fault = faults.draw_fault(service)
    if fault is None:
        return None
    if fault == faults.DROP:
        return dropped_connection()
    retry_after = str(faults.settings_for(service).retry_after_seconds)
    if fault == faults.THROTTLE:
        return render_error(
            429, "requests", "Too many requests (injected by the sandbox).", {"Retry-After": retry_after}
        )
    if fault == faults.SERVER_ERROR:
        return render_error(500, "server_error", "An unexpected error occurred (injected by the sandbox).", {})
    return render_error(
        503, "unavailable", "The service is temporarily unavailable (injected).", {"Retry-After": retry_after}
    )


def sandbox_api(service: str, *, authenticate: Callable[[HttpRequest], str], render_error: ErrorRenderer):
    """Guard an emulated API view. ``authenticate`` returns the caller's user key (and may set attributes on
    the request) or raises Unauthorized; ``render_error(status, kind, message, headers)`` shapes errors the
    way the service does, where kind is unauthorized, requests, execution, concurrency, server_error or
    unavailable."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_not_required
        @csrf_exempt
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            latency = faults.settings_for(service).latency_ms
            if latency:
                time.sleep(latency / 1000)
            injected = _injected(service, render_error)
            if injected is not None:
                return injected
            try:
                user = authenticate(request)
            except Unauthorized as failure:
                return render_error(401, "unauthorized", str(failure), {"WWW-Authenticate": "Bearer"})
            try:
                started = faults.enter(service, user)
            except faults.Rejection as rejection:
                return render_error(429, rejection.kind, rejection.message, {"Retry-After": str(rejection.retry_after)})
            try:
                response = view(request, *args, **kwargs)
            finally:
                faults.leave(service, user, started)
            response.setdefault("REQ_ID", str(uuid.uuid4()))
            return response

        return guarded

    return decorate
