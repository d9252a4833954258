"""Typed errors of the Dataverse and Business Central clients.

The class encodes what the caller should do: ``retryable`` errors (throttling, 5xx, timeouts, dropped
connections) are retried by the HTTP core and, once retries are spent, stop the pass so that the whole run is
tried again later; ``record_level`` errors (a missing row, a stale ETag, invalid data) belong to one record,
become one Integration Error and never stop the pass. Every error carries the service's own code and message and
the request that caused it (method, URL, request id) so that the log can point at the exact call.
"""

from __future__ import annotations

import json

import httpx

__all__ = [
    "AuthenticationError",
    "ConnectionStringError",
    "NotFoundError",
    "PreconditionFailedError",
    "ServiceError",
    "ThrottledError",
    "TransientServiceError",
    "ValidationError",
    "error_for_status",
    "error_from_parts",
    "error_from_response",
]

# Response headers in which Dataverse and BC name the request, in order of preference.
_REQUEST_ID_HEADERS = ("x-ms-service-request-id", "request-id", "x-ms-request-id", "ms-correlation-x", "req_id")


class ServiceError(Exception):
    """A call to Dataverse or Business Central failed; ``status`` is 0 when no HTTP answer came back."""

    retryable = False
    record_level = False

    def __init__(
        self, status: int, code: str, message: str, method: str = "", url: str = "", request_id: str = ""
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.method = method
        self.url = url
        self.request_id = request_id
        super().__init__(str(self))

    @property
    def url_path(self) -> str:
        """The URL without its query string, for log lines: a query may carry record data."""
        return httpx.URL(self.url).path if self.url else ""

    def __str__(self) -> str:
        where = f" ({self.method} {self.url})" if self.method else ""
        status = f"HTTP {self.status} " if self.status else ""
        request = f" [request {self.request_id}]" if self.request_id else ""
        return f"{status}{self.code}: {self.message}{where}{request}"


class AuthenticationError(ServiceError):
    """The token was refused or lacks a privilege (401/403, or the identity platform said no)."""


class ConnectionStringError(ServiceError):
    """A connection string cannot be understood; raised before any request is made."""

    def __init__(self, message: str, code: str = "InvalidConnectionString") -> None:
        super().__init__(0, code, message)


class NotFoundError(ServiceError):
    """The row or the endpoint does not exist (404)."""

    record_level = True


class PreconditionFailedError(ServiceError):
    """412: the ETag is stale (someone changed the row since we read it) or a create-only row already exists."""

    record_level = True


class ValidationError(ServiceError):
    """Any other 4xx: the service rejected this record's data."""

    record_level = True


class TransientServiceError(ServiceError):
    """5xx, a timeout or a dropped connection: nothing wrong with the record, try again later."""

    retryable = True


class ThrottledError(TransientServiceError):
    """429: a service protection limit; ``retry_after`` is the wait in seconds the service asked for."""

    def __init__(self, *args, retry_after: float | None = None, **kwargs) -> None:
        self.retry_after = retry_after
        super().__init__(*args, **kwargs)


def error_for_status(status: int) -> type[ServiceError]:
    """The error class for an HTTP status; used for whole responses and for each part of a batch."""
    if status in (401, 403):
        return AuthenticationError
    if status == 404:
        return NotFoundError
    if status == 412:
        return PreconditionFailedError
    if status == 429:
        return ThrottledError
    if status in (408,) or status >= 500:
        return TransientServiceError
    return ValidationError


def parse_error_body(text: str) -> tuple[str, str]:
    """``(code, message)`` from the OData error shape both services use, or the raw text when it is not JSON."""
    try:
        error = json.loads(text).get("error") or {}
    except (ValueError, AttributeError):
        return "", text.strip()[:500]
    if not isinstance(error, dict):
        return "", str(error)[:500]
    return str(error.get("code") or ""), str(error.get("message") or "")


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """The ``Retry-After`` header in seconds when it is a number (both services send seconds)."""
    value = headers.get("retry-after", "").strip()
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def request_id_of(headers: httpx.Headers) -> str:
    return next((headers[name] for name in _REQUEST_ID_HEADERS if name in headers), "")


def error_from_response(response: httpx.Response) -> ServiceError:
    """The typed error for a failed response, carrying the service's code, message and request id."""
    request = response.request
    return error_from_parts(
        response.status_code, response.headers, response.text, request.method, str(request.url), response.reason_phrase
    )


def error_from_parts(
    status: int, headers: httpx.Headers, text: str, method: str, url: str, reason: str = ""
) -> ServiceError:
    """The typed error for a failed answer, whole or one part of a batch (which has no ``httpx.Response``)."""
    code, message = parse_error_body(text)
    cls = error_for_status(status)
    args = (status, code or reason or str(status), message or reason, method, url, request_id_of(headers))
    if cls is ThrottledError:
        return ThrottledError(*args, retry_after=retry_after_seconds(headers))
    return cls(*args)
