"""The HTTP core's own rules, with the network swapped for ``httpx.MockTransport`` and the sleep injected."""

import gc
import logging
import threading
import time
import weakref

import httpx
import pytest

from connection_setup.clients.errors import (
    NotFoundError,
    PreconditionFailedError,
    ThrottledError,
    TransientServiceError,
    ValidationError,
)
from connection_setup.clients.http import ServiceHttp
from connection_setup.clients.policy import RetryPolicy


class FakeClock:
    """Time that moves only when the core sleeps, so elapsed-time limits are exact and instant."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


def scripted(*answers):
    """A transport that plays ``answers`` in order: a status, a ``(status, headers)`` pair or an exception."""
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers[min(len(seen), len(answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        status, headers = answer if isinstance(answer, tuple) else (answer, {})
        body = {"value": []} if status < 400 else {"error": {"code": f"E{status}", "message": f"failed {status}"}}
        return httpx.Response(status, json=body, headers=headers)

    return httpx.MockTransport(handle), seen


def core(transport, clock=None, **policy) -> ServiceHttp:
    clock = clock or FakeClock()
    return ServiceHttp(
        "https://example.test/api/",
        None,
        transport=transport,
        policy=RetryPolicy(**policy),
        sleep=clock.sleep,
        clock=clock,
        jitter=lambda: 0.5,
    )


def test_throttled_request_waits_what_retry_after_asks_then_succeeds():
    transport, seen = scripted((429, {"Retry-After": "7"}), 200)
    clock = FakeClock()
    http = core(transport, clock)
    assert http.request("GET", "accounts").status_code == 200
    assert clock.sleeps == [7.0]
    assert len(seen) == 2
    assert http.stats.as_dict() | {"bytes_received": 0} == {
        "requests": 2,
        "retries": 1,
        "throttled": 1,
        "bytes_sent": 0,
        "bytes_received": 0,
    }


def test_a_wild_retry_after_is_capped():
    transport, _ = scripted((429, {"Retry-After": "86400"}), 200)
    clock = FakeClock()
    core(transport, clock, max_retry_after=60, max_elapsed=1000).request("GET", "accounts")
    assert clock.sleeps == [60.0]


def test_gateway_errors_back_off_exponentially_with_jitter_within_the_cap():
    transport, seen = scripted(502, 503, 504, 503, 200)
    clock = FakeClock()
    core(transport, clock, backoff_base=1.0, backoff_cap=5.0).request("GET", "accounts")
    # jitter 0.5 gives three quarters of the ceiling: 1, 2, 4, then capped at 5.
    assert clock.sleeps == [0.75, 1.5, 3.0, 3.75]
    assert len(seen) == 5


def test_retries_are_bounded_in_count():
    transport, seen = scripted(503)
    with pytest.raises(TransientServiceError) as failure:
        core(transport, max_attempts=3).request("GET", "accounts")
    assert len(seen) == 3
    assert failure.value.status == 503
    assert failure.value.code == "E503"


def test_retries_are_bounded_in_time():
    transport, seen = scripted(503)
    clock = FakeClock()
    with pytest.raises(TransientServiceError):
        core(transport, clock, max_attempts=100, backoff_base=10, backoff_cap=10, max_elapsed=30).request("GET", "x")
    # Each wait is 7.5 s; a fifth would end at 37.5 s, past the 30 s budget.
    assert clock.sleeps == [7.5] * 4
    assert len(seen) == 5


def test_a_throttle_that_outlasts_the_budget_is_raised_as_throttled():
    transport, seen = scripted((429, {"Retry-After": "100"}))
    with pytest.raises(ThrottledError) as failure:
        core(transport, max_elapsed=50).request("GET", "accounts")
    assert failure.value.retry_after == 100
    assert failure.value.retryable
    assert len(seen) == 1


@pytest.mark.parametrize(
    "fault, code",
    [
        (httpx.ReadTimeout("slow"), "Timeout"),
        (httpx.ConnectTimeout("slow"), "Timeout"),
        (httpx.RemoteProtocolError("peer closed connection"), "ConnectionError"),
        (httpx.ConnectError("refused"), "ConnectionError"),
    ],
)
def test_timeouts_and_dropped_connections_are_retried(fault, code):
    transport, seen = scripted(fault, 200)
    assert core(transport).request("GET", "accounts").status_code == 200
    assert len(seen) == 2
    transport, _ = scripted(fault)
    with pytest.raises(TransientServiceError) as failure:
        core(transport, max_attempts=2).request("GET", "accounts")
    assert failure.value.code == code
    assert failure.value.status == 0


def test_a_plain_post_is_not_repeated_after_a_dropped_connection():
    transport, seen = scripted(httpx.RemoteProtocolError("peer closed connection"), 204)
    with pytest.raises(TransientServiceError):
        core(transport).request("POST", "accounts", json={"name": "A"})
    assert len(seen) == 1


def test_a_post_that_is_idempotent_by_construction_is_repeated():
    transport, seen = scripted(503, 200)
    core(transport).request("POST", "$batch", json={"requests": []}, idempotent=True)
    assert len(seen) == 2
    assert seen[0].content == seen[1].content


def test_a_throttled_post_is_repeated_because_the_service_did_not_run_it():
    transport, seen = scripted((429, {"Retry-After": "1"}), 204)
    core(transport).request("POST", "accounts", json={"name": "A"})
    assert len(seen) == 2


@pytest.mark.parametrize(
    "status, error", [(400, ValidationError), (404, NotFoundError), (412, PreconditionFailedError)]
)
def test_record_level_errors_are_raised_at_once(status, error):
    transport, seen = scripted(status)
    with pytest.raises(error) as failure:
        core(transport).request("PATCH", "accounts(1)", json={}, idempotent=True)
    assert len(seen) == 1
    assert failure.value.record_level and not failure.value.retryable
    assert failure.value.message == f"failed {status}"
    assert failure.value.method == "PATCH"
    assert failure.value.url == "https://example.test/api/accounts(1)"


def test_bytes_sent_and_received_are_counted():
    transport, _ = scripted(200)
    http = core(transport)
    http.request("POST", "x", content=b"12345", idempotent=True)
    assert http.stats.bytes_sent == 5
    assert http.stats.bytes_received == len(b'{"value":[]}')


def test_no_more_requests_are_in_flight_than_the_limit():
    inside, most, lock = [0], [0], threading.Lock()

    def handle(request):
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.02)
        with lock:
            inside[0] -= 1
        return httpx.Response(200, json={})

    http = core(httpx.MockTransport(handle), max_concurrency=2)
    threads = [threading.Thread(target=http.request, args=("GET", f"r{i}")) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 2
    assert http.stats.requests == 8


def test_log_lines_name_the_path_but_never_the_token_or_the_query(caplog):
    transport, _ = scripted(503, 200)
    http = core(transport)
    http.client.headers["Authorization"] = "Bearer sekrit-token"
    with caplog.at_level(logging.DEBUG, logger="connection_setup.clients.http"):
        http.request("GET", "accounts", params={"$filter": "name eq 'Private Person'"})
    text = caplog.text
    assert "/api/accounts" in text
    assert "sekrit-token" not in text
    assert "Private Person" not in text


def test_query_options_reach_the_service_intact_with_odata_punctuation_left_as_it_is():
    transport, seen = scripted(200)
    http = core(transport)
    condition = "name eq 'A&B = 100% + #1 Müller' or accountid in (1,2)"
    http.request("GET", "/accounts", params={"$select": "name,accountid", "$filter": condition})
    url = seen[0].url
    assert str(url).startswith("https://example.test/api/accounts?$select=name,accountid&$filter=name+eq+'A%26B")
    assert dict(url.params) == {"$select": "name,accountid", "$filter": condition}


def test_query_options_join_a_query_the_url_already_has():
    transport, seen = scripted(200)
    core(transport).request("GET", "accounts?$top=1", params={"$select": "name"})
    assert dict(seen[0].url.params) == {"$top": "1", "$select": "name"}


def test_a_read_response_is_freed_by_its_reference_count_not_left_to_the_cycle_collector():
    transport, _ = scripted(200)
    http = core(transport)
    gc.disable()
    try:
        response = http.request("GET", "accounts")
        assert response.json() == {"value": []}
        gone = weakref.ref(response)
        del response
        assert gone() is None
    finally:
        gc.enable()
