"""The HTTP face of the BC emulator: bearer authentication for the BC audience, faults and throttling through
``sandbox.http.sandbox_api``, JSON bodies in and out, and BC's error shape with a correlation id."""

import json
import uuid

from django.http import HttpRequest, HttpResponse

from sandbox.bc.api.batch import run_batch
from sandbox.bc.api.handlers import Call, Reply, error_reply, handle
from sandbox.bc.errors import BCError
from sandbox.http import Unauthorized, json_response, odata_error, sandbox_api
from sandbox.identity.tokens import TokenRejected, verify_bearer
from sandbox.identity.trust import tenant_named

__all__ = ["BC_AUDIENCE", "api_view"]

BC_AUDIENCE = "https://api.businesscentral.dynamics.com"
ERROR_CODES = {
    "unauthorized": "Authentication_InvalidCredentials",
    "requests": "Application_TooManyRequests",
    "execution": "Application_TooManyRequests",
    "concurrency": "Application_TooManyRequests",
    "server_error": "Internal_ServerError",
    "unavailable": "Internal_ServiceUnavailable",
}


def render_error(status: int, kind: str, message: str, headers: dict | None = None) -> HttpResponse:
    return odata_error(status, ERROR_CODES.get(kind, "BadRequest"), _with_correlation(message), headers)


def _with_correlation(message: str) -> str:
    return f"{message}  CorrelationId:  {uuid.uuid4()}."


def _tenant_matches(url_tenant: str, caller_tenant: str) -> bool:
    """The URL names the tenant by GUID or by domain; either must be the token's tenant."""
    tenant_id = tenant_named(url_tenant)
    return tenant_id is not None and str(tenant_id) == caller_tenant


def authenticate(request: HttpRequest) -> str:
    try:
        caller = verify_bearer(request, audience=BC_AUDIENCE)
    except TokenRejected as rejected:
        raise Unauthorized(f"The credentials provided are incorrect: {rejected.message}") from None
    if not _tenant_matches(request.resolver_match.kwargs["tenant"], caller.tenant_id):
        raise Unauthorized(f"The token was issued for tenant {caller.tenant_id}, not for the tenant in the URL.")
    return caller.object_id


def _response(reply: Reply) -> HttpResponse:
    if reply.content_type == "application/xml":
        response = HttpResponse(reply.payload, status=reply.status, content_type="application/xml; charset=utf-8")
    elif reply.payload is None:
        response = HttpResponse(status=reply.status)
    else:
        payload = reply.payload
        if reply.status >= 400 and isinstance(payload, dict) and "error" in payload:
            payload = {"error": {**payload["error"], "message": _with_correlation(payload["error"]["message"])}}
        return json_response(payload, status=reply.status, headers=reply.headers)
    for name, value in reply.headers.items():
        response[name] = value
    return response


def _body(request: HttpRequest):
    if request.method not in ("POST", "PATCH") or not request.body:
        return None
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise BCError("The request body is not valid JSON.") from None


@sandbox_api("bc", authenticate=authenticate, render_error=render_error)
def api_view(request: HttpRequest, tenant: str, environment: str, api: str, rest: str) -> HttpResponse:
    """Every request below ``/sandbox/bc/v2.0/{tenant}/{environment}/api/{api}/``."""
    root_url = request.build_absolute_uri(request.path[: len(request.path) - len(rest)].rstrip("/"))
    headers = {name.lower(): value for name, value in request.headers.items()}
    try:
        body = _body(request)
        if rest.strip("/") == "$batch" and request.method == "POST":
            atomic = headers.get("isolation", "").lower() == "snapshot"
            reply = run_batch(api, body, atomic=atomic, root_url=root_url)
        else:
            reply = handle(Call(api, request.method, rest, request.GET.dict(), headers, body, root_url))
    except BCError as failure:
        reply = error_reply(failure)
    return _response(reply)
