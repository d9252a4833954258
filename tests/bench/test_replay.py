"""The replay of scenario (s): requests sent again in the causal order they were recorded in, over a real socket."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bcsales.bench.replay import RecordedRequest, causal_waits, most_in_flight, replay

SLOW_SECONDS = 0.4


def _recorded(path: str, sent: float, answered: float, base: str = "") -> RecordedRequest:
    return RecordedRequest("GET", f"{base}{path}", (("accept", "application/json"),), b"", sent, answered)


def test_a_request_waits_for_every_request_answered_before_it_was_sent():
    first = _recorded("/a", sent=0.0, answered=1.0)
    beside = _recorded("/b", sent=0.1, answered=0.2)
    after_both = _recorded("/c", sent=1.5, answered=2.0)
    after_one = _recorded("/d", sent=0.5, answered=3.0)
    assert causal_waits([first, beside, after_one, after_both]) == [0, 0, 1, 2]


def test_the_replay_has_at_most_as_many_requests_in_flight_as_the_run_had():
    requests = [
        _recorded("/a", 0.0, 1.0),
        _recorded("/b", 0.5, 1.5),
        _recorded("/c", 1.0, 2.0),
        _recorded("/d", 1.2, 1.3),
    ]
    assert most_in_flight(requests) == 3
    assert most_in_flight(requests[:1]) == 1 and most_in_flight([]) == 0


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.arrived: dict[str, float] = {}
        self.answered: dict[str, float] = {}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.arrived[self.path] = time.perf_counter()
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        self.server.answered[self.path] = time.perf_counter()
        self.send_response(404 if self.path == "/missing" else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    served = _Server()
    thread = threading.Thread(target=served.serve_forever, daemon=True)
    thread.start()
    yield served
    served.shutdown()
    served.server_close()


def test_the_replay_sends_side_by_side_what_ran_side_by_side_and_after_what_had_answered(server):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    recorded = [
        _recorded("/slow", 0.0, 1.0, base),
        _recorded("/beside", 0.1, 0.2, base),
        _recorded("/after", 1.1, 1.2, base),
        _recorded("/missing", 1.3, 1.4, base),
    ]
    statuses = replay(recorded, concurrency=4)
    assert statuses == [200, 200, 200, 404]
    assert server.arrived["/beside"] < server.answered["/slow"]
    assert server.arrived["/after"] >= server.answered["/slow"]
    assert server.arrived["/missing"] >= server.answered["/after"]


def test_a_request_that_gets_no_answer_counts_as_status_zero():
    recorded = [_recorded("/nowhere", 0.0, 0.1, "http://127.0.0.1:9")]
    assert replay(recorded, concurrency=2) == [0]
