"""One Web API request, independent of Django, so that `$batch` parts and HTTP requests run the same code.

``handle`` routes a path relative to the service root (``accounts(…)``, ``WhoAmI``, ``$batch`` …) to its
endpoint and turns DataverseError and OData query errors into the service's error responses.
"""

import json
import re
from dataclasses import dataclass, field

import orjson

from sandbox.dataverse.errors import DataverseError
from sandbox.odata import ODataQueryError

__all__ = ["ApiRequest", "ApiResponse", "error_response", "handle"]

_RESOURCE = re.compile(r"^(?P<name>[A-Za-z_$][A-Za-z0-9_.]*)(?:\((?P<key>[^)]*)\))?(?:/(?P<rest>.*))?$")


@dataclass
class ApiRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    caller_id: str
    root: str

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    def json(self) -> dict:
        """orjson reads the bodies (a bulk write's thousand rows) several times faster; what it refuses is read
        again by the standard library, so that what is accepted, and the error's words, stay as they were."""
        try:
            return orjson.loads(self.body or b"{}")
        except orjson.JSONDecodeError:
            pass
        try:
            return json.loads(self.body or b"{}")
        except ValueError as failure:
            raise DataverseError.bad_request(f"The request body is not valid JSON: {failure}.") from None

    def prefers(self, name: str) -> str | None:
        """The value of a ``Prefer`` preference ('' for a flag), or None when absent."""
        for item in self.header("prefer").split(","):
            key, _, value = item.strip().partition("=")
            if key.strip().lower() == name:
                return value.strip().strip('"')
        return None


@dataclass
class ApiResponse:
    status: int
    body: object = None
    headers: dict[str, str] = field(default_factory=dict)


def error_response(status: int, code: str, message: str, headers: dict | None = None) -> ApiResponse:
    return ApiResponse(status, {"error": {"code": code, "message": message}}, dict(headers or {}))


def handle(request: ApiRequest) -> ApiResponse:
    from sandbox.dataverse import endpoints

    try:
        match = _RESOURCE.match(request.path.strip("/")) if request.path.strip("/") else None
        if match is None:
            return endpoints.service_document(request) if not request.path.strip("/") else _no_resource(request)
        return endpoints.route(request, match.group("name"), match.group("key"), match.group("rest") or "")
    except DataverseError as failure:
        return error_response(failure.status, failure.code, failure.message)
    except ODataQueryError as failure:
        return error_response(400, "0x80060888", str(failure))


def _no_resource(request: ApiRequest) -> ApiResponse:
    raise DataverseError(404, "0x80060888", f"Resource not found for the segment '{request.path}'.")
