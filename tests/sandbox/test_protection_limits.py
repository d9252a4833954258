"""Dataverse's combined execution time limit: requests are refused once the window holds more execution time
than allowed, and admitted again when the old requests leave the window."""

import time

import pytest

from sandbox import faults


def _request(user: str, seconds: float) -> None:
    started = faults.enter("dataverse", user)
    time.sleep(seconds)
    faults.leave("dataverse", user, started)


def test_execution_time_in_the_window_refuses_requests_until_it_leaves_the_window():
    faults.configure("dataverse", limits={"max_execution_seconds": 0.25, "window_seconds": 1.0})
    _request("someone", 0.15)
    _request("someone", 0.15)
    with pytest.raises(faults.Rejection) as refused:
        faults.enter("dataverse", "someone")
    assert refused.value.kind == "execution" and "250 milliseconds" in refused.value.message
    _request("someone else", 0.0)  # the limit is per user
    time.sleep(1.0)
    _request("someone", 0.0)
