"""Errors carry the service's code, message and request, and say whether to retry."""

import httpx
import pytest

from connection_setup.clients.errors import (
    AuthenticationError,
    ConnectionStringError,
    NotFoundError,
    PreconditionFailedError,
    ServiceError,
    ThrottledError,
    TransientServiceError,
    ValidationError,
    error_from_response,
)


def failed(status: int, body: object, headers: dict | None = None) -> httpx.Response:
    request = httpx.Request("PATCH", "https://org.example/api/data/v9.2/accounts(1)?$select=name")
    kwargs = {"json": body} if not isinstance(body, str) else {"text": body}
    return httpx.Response(status, headers=headers, request=request, **kwargs)


@pytest.mark.parametrize(
    "status, cls",
    [
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, NotFoundError),
        (412, PreconditionFailedError),
        (400, ValidationError),
        (409, ValidationError),
        (429, ThrottledError),
        (408, TransientServiceError),
        (500, TransientServiceError),
        (503, TransientServiceError),
    ],
)
def test_each_status_maps_to_the_error_that_encodes_the_retry_decision(status, cls):
    error = error_from_response(failed(status, {"error": {"code": "c", "message": "m"}}))
    assert type(error) is cls
    assert error.retryable is (status in (408, 429, 500, 503))
    assert error.record_level is (status in (400, 404, 409, 412))


def test_the_services_code_message_and_request_are_kept():
    body = {"error": {"code": "0x80040217", "message": "account With Id = 1 Does Not Exist"}}
    error = error_from_response(failed(404, body, {"x-ms-service-request-id": "req-42"}))
    assert (error.status, error.code, error.message) == (404, "0x80040217", "account With Id = 1 Does Not Exist")
    assert (error.method, error.request_id) == ("PATCH", "req-42")
    assert error.url_path == "/api/data/v9.2/accounts(1)"
    assert "0x80040217" in str(error) and "req-42" in str(error)


def test_a_throttle_carries_the_wait_the_service_asked_for():
    error = error_from_response(
        failed(429, {"error": {"code": "0x80072322", "message": "limit"}}, {"Retry-After": "12"})
    )
    assert error.retry_after == 12.0


def test_a_body_that_is_not_json_still_gives_a_message():
    error = error_from_response(failed(502, "<html>Bad Gateway</html>"))
    assert error.code == "Bad Gateway"
    assert "Bad Gateway" in error.message


def test_a_connection_string_error_is_a_service_error_without_a_request():
    error = ConnectionStringError("AuthType is missing.")
    assert isinstance(error, ServiceError)
    assert error.status == 0 and not error.retryable
    assert str(error) == "InvalidConnectionString: AuthType is missing."
