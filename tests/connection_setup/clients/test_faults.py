"""Throttling and slow servers, injected by the sandbox: retried within bounds, never a record failure."""

import pytest

from connection_setup.clients.errors import TransientServiceError
from connection_setup.clients.policy import RetryPolicy
from sandbox import faults
from tests.connection_setup.clients.conftest import new_id


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_throttled_request_waits_what_retry_after_asks_then_succeeds(make_dataverse):
    faults.configure("dataverse", throttle_rate=1.0, retry_after_seconds=4)
    waits = []

    def wait(seconds: float) -> None:
        # Waiting out the throttle: the service admits requests again afterwards.
        waits.append(seconds)
        faults.configure("dataverse", throttle_rate=0.0)

    with make_dataverse(sleep=wait) as dataverse:
        result = dataverse.upsert("account", new_id(), {"name": "After the throttle"})
        assert result.ok
        assert waits == [4.0]
        assert (dataverse.stats.throttled, dataverse.stats.retries, dataverse.stats.requests) == (1, 1, 2)


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_throttle_that_does_not_clear_ends_as_a_retryable_error_after_the_bounded_attempts(make_bc, bc_company):
    faults.configure("bc", throttle_rate=1.0, retry_after_seconds=2)
    with make_bc(company_id=bc_company, policy=RetryPolicy(max_attempts=4)) as bc:
        with pytest.raises(TransientServiceError) as failure:
            bc.companies()
        assert failure.value.status == 429 and failure.value.retryable
        assert bc.stats.requests == 4 and bc.stats.throttled == 4


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_dropped_connection_is_retried(make_dataverse):
    faults.configure("dataverse", drop_rate=1.0)
    calls = []

    def wait(seconds: float) -> None:
        calls.append(seconds)
        faults.configure("dataverse", drop_rate=0.0)

    with make_dataverse(sleep=wait) as dataverse:
        assert dataverse.who_am_i()["UserId"]
        assert len(calls) == 1 and dataverse.stats.retries == 1


@pytest.mark.django_db(databases=["default", "sandbox"], transaction=True)
def test_a_server_slower_than_the_timeout_is_a_bounded_retryable_timeout(make_dataverse, sandbox_server):
    faults.configure("dataverse", latency_ms=2000)
    policy = RetryPolicy(read_timeout=0.2, max_attempts=2, backoff_base=0.01, backoff_cap=0.01)
    with make_dataverse(base_url=sandbox_server, policy=policy) as dataverse:
        with pytest.raises(TransientServiceError) as failure:
            dataverse.who_am_i()
        assert failure.value.code == "Timeout"
        assert dataverse.stats.requests == 2
