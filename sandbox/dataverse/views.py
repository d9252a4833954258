"""The Django side of the Web API: authentication, the service's error shape, and request/response conversion."""

import uuid

from django.http import HttpRequest, HttpResponse

from sandbox import store
from sandbox.dataverse import errors
from sandbox.dataverse.api import ApiRequest, handle
from sandbox.dataverse.batch import run_batch
from sandbox.http import JSON_TYPE, Unauthorized, json_bytes, odata_error, sandbox_api
from sandbox.identity.tokens import TokenRejected, verify_bearer

__all__ = ["web_api"]

_KINDS = {
    "unauthorized": errors.UNAUTHORIZED,
    "server_error": errors.SERVER_ERROR,
    "unavailable": errors.UNAVAILABLE,
    **errors.THROTTLE_CODES,
}


def organization_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}/sandbox/dataverse"


def _caller_systemuser(app_id: str, object_id: str, is_app: bool) -> str:
    """The systemuser the caller acts as: the application user of the app, or the user with that Entra object
    id; a caller without a systemuser row acts under a stable id derived from its identity."""
    column, value = ("applicationid", app_id) if is_app else ("azureactivedirectoryobjectid", object_id)
    rows = store.find("dataverse", "systemuser", **{column: value.lower()})
    return str(rows[0].row_id) if rows else str(uuid.uuid5(uuid.NAMESPACE_URL, f"systemuser/{column}/{value}"))


def authenticate(request: HttpRequest) -> str:
    try:
        caller = verify_bearer(request, audience=organization_url(request))
    except TokenRejected as rejected:
        raise Unauthorized(rejected.message) from None
    request.dataverse_caller_id = _caller_systemuser(caller.app_id, caller.object_id, caller.is_app)
    return caller.object_id or caller.app_id


def render_error(status: int, kind: str, message: str, headers: dict) -> HttpResponse:
    return odata_error(status, _KINDS[kind], message, headers)


@sandbox_api("dataverse", authenticate=authenticate, render_error=render_error)
def web_api(request: HttpRequest, version: str, path: str) -> HttpResponse:
    url_length = len(request.build_absolute_uri())
    if url_length > errors.URL_LIMIT:
        refused = errors.DataverseError.url_too_long(url_length, errors.URL_LIMIT)
        return odata_error(refused.status, refused.code, refused.message, {})
    root = f"{organization_url(request)}/api/data/v{version}/"
    api_request = ApiRequest(
        request.method,
        path,
        {key: request.GET[key] for key in request.GET},
        {key.lower(): value for key, value in request.headers.items()},
        request.body,
        request.dataverse_caller_id,
        root,
    )
    if path == "$batch" and request.method == "POST":
        status, content_type, body = run_batch(api_request)
        return HttpResponse(body, status=status, content_type=content_type)
    answer = handle(api_request)
    if answer.body is None:
        response = HttpResponse(status=answer.status)
    elif isinstance(answer.body, bytes):
        response = HttpResponse(answer.body, status=answer.status, content_type=answer.headers.pop("Content-Type"))
    else:
        response = HttpResponse(json_bytes(answer.body), status=answer.status, content_type=JSON_TYPE)
    response["OData-Version"] = "4.0"
    for name, value in answer.headers.items():
        response[name] = value
    return response
