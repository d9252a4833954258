"""Service protection limits, injected faults and dropped connections, seen by an httpx client over a socket."""

import httpx
import pytest

from sandbox import faults
from tests.sandbox.dataverse.conftest import ROOT

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"], transaction=True)


@pytest.fixture
def socket_dataverse(sandbox_socket_http: httpx.Client, sandbox_server: str, sandbox_token) -> httpx.Client:
    sandbox_socket_http.base_url = f"{sandbox_server}{ROOT}"
    sandbox_socket_http.headers["Authorization"] = f"Bearer {sandbox_token('dataverse', base_url=sandbox_server)}"
    return sandbox_socket_http


def test_create_and_read_over_a_real_socket(socket_dataverse):
    response = socket_dataverse.post(
        "accounts", json={"name": "Over the wire"}, headers={"Prefer": "return=representation"}
    )
    assert response.status_code == 201
    assert socket_dataverse.get(f"accounts({response.json()['accountid']})").json()["name"] == "Over the wire"


def test_request_limit_answers_429_with_retry_after_and_the_dataverse_code(socket_dataverse):
    faults.configure("dataverse", limits={"max_requests": 2, "window_seconds": 300})
    assert [socket_dataverse.get("accounts").status_code for _ in range(2)] == [200, 200]
    throttled = socket_dataverse.get("accounts")
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) >= 1
    assert throttled.json()["error"]["code"] == "0x80072322"


def test_injected_throttling_and_server_errors(socket_dataverse):
    faults.configure("dataverse", throttle_rate=1.0)
    throttled = socket_dataverse.get("accounts")
    assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "1"
    faults.configure("dataverse", throttle_rate=0.0, error_rate=1.0)
    assert socket_dataverse.get("accounts").status_code in (500, 503)


def test_a_dropped_connection_is_a_transport_error_for_the_client(socket_dataverse):
    faults.configure("dataverse", drop_rate=1.0)
    with pytest.raises(httpx.TransportError):
        socket_dataverse.get("accounts")
    faults.configure("dataverse", drop_rate=0.0)
    assert socket_dataverse.get("accounts").status_code == 200


def test_control_endpoint_needs_a_token_and_changes_the_settings(socket_dataverse, sandbox_server, settings):
    settings.SANDBOX_CONTROL_TOKEN = "control-secret"
    url = f"{sandbox_server}/sandbox/control/faults"
    assert httpx.post(url, json={"service": "dataverse", "latency_ms": 5}).status_code == 403
    changed = httpx.post(
        url, json={"service": "dataverse", "latency_ms": 5}, headers={"X-Sandbox-Control-Token": "control-secret"}
    )
    assert changed.status_code == 200 and changed.json()["dataverse"]["latency_ms"] == 5
    bad = httpx.post(
        url, json={"service": "dataverse", "error_rate": 2}, headers={"X-Sandbox-Control-Token": "control-secret"}
    )
    assert bad.status_code == 400 and "between 0 and 1" in bad.json()["error"]["message"]


def test_in_process_a_dropped_connection_raises_the_same_transport_error(sandbox_http, sandbox_token):
    faults.configure("dataverse", drop_rate=1.0)
    headers = {"Authorization": f"Bearer {sandbox_token('dataverse')}"}
    with pytest.raises(httpx.RemoteProtocolError):
        sandbox_http.get(f"{ROOT}accounts", headers=headers)
