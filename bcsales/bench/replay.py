"""The services' own share of a full synchronization: its HTTP requests sent again, with no engine in between.

The raw bound (a) and our full synchronization (b) ask the services for different work: (b) writes every column the
mapping fills (look-ups and option sets the service checks), reads every field of the source records, and reads the
written rows' stamps back. So part of b/a is the services' time, not our engine's. To tell the two apart, the bench
records every request (b) made, restores the sandbox's database as it was before (b), serves it again on the same
address (the recorded tokens name it as their audience) and sends the same requests in the same causal order: a
request starts once every request that had answered before it started has answered again, with no more in flight
than the run had. That is the time (b) would take with an engine that cost nothing and sent the same requests.
"""

import pickle
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = [
    "RecordedRequest",
    "RecordingTransport",
    "causal_waits",
    "most_in_flight",
    "recorded_requests",
    "replay",
    "snapshot_database",
    "warm_up",
]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it went out (after sign-in added its token), and when it was sent and answered."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    content: bytes
    sent: float
    answered: float


class RecordingTransport(httpx.BaseTransport):
    """The network of every client made while it is ``settings.BCSALES_HTTP_TRANSPORT`` (the engine's, the rules
    job's that follows ITEM-PRODUCT, the sign-in's): it sends each request and appends it to ``file``. On disk, not
    in memory: a run's bulk writes are some megabytes per 1,000 records, which would weigh on the peak memory of
    every scenario after it."""

    def __init__(self, file: Path, *, connections: int) -> None:
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        self._network = httpx.HTTPTransport(limits=limits)
        self._lock = threading.Lock()
        file.parent.mkdir(parents=True, exist_ok=True)
        self._file = file.open("ab")

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        sent = time.perf_counter()
        response = self._network.handle_request(request)
        answered = time.perf_counter()
        headers = tuple((name, value) for name, value in request.headers.items() if name not in _SET_BY_CLIENT)
        recorded = RecordedRequest(request.method, str(request.url), headers, request.read(), sent, answered)
        with self._lock:
            pickle.dump(recorded, self._file)
        return response

    def close(self) -> None:
        """Kept open when a client closes: the clients of a run share it. ``shut`` closes it."""

    def shut(self) -> None:
        self._network.close()
        self._file.close()


def recorded_requests(file: Path) -> list[RecordedRequest]:
    """What a ``RecordingTransport`` wrote to ``file`` (which the bench itself wrote: pickle is safe here)."""
    requests = []
    with file.open("rb") as recorded:
        while True:
            try:
                requests.append(pickle.load(recorded))
            except EOFError:
                return requests


_SET_BY_CLIENT = ("host", "content-length", "connection", "accept-encoding", "user-agent")


def snapshot_database(database: Path, copy: Path) -> None:
    """A consistent copy of a live SQLite file (its WAL included), through SQLite's online backup."""
    copy.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)


def causal_waits(requests: list[RecordedRequest]) -> list[int]:
    """For each request (in the order sent), how many requests, counted in the order they were answered, must have
    been answered again before it may be sent: those that had been answered before it was sent."""
    answers = sorted(request.answered for request in requests)
    waits, seen = [], 0
    for request in requests:
        while seen < len(answers) and answers[seen] < request.sent:
            seen += 1
        waits.append(seen)
    return waits


def warm_up(requests: list[RecordedRequest], *, concurrency: int) -> None:
    """Send the reads among ``requests`` once, so that the fresh process answers the replay as warm as the served
    sandbox answered (b), after (a) and (c): code loaded, caches filled. Reads change nothing."""
    reads = [request for request in requests if request.method == "GET"]
    with _sender(concurrency) as (client, pool):
        list(pool.map(lambda request: _send(client, request), reads))


@contextmanager
def _sender(concurrency: int) -> Iterator[tuple[httpx.Client, ThreadPoolExecutor]]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    with httpx.Client(timeout=600, limits=limits) as client, ThreadPoolExecutor(max_workers=concurrency) as pool:
        yield client, pool


def _send(client: httpx.Client, request: RecordedRequest) -> int:
    """The status code of the request sent again; 0 when no answer came."""
    try:
        response = client.request(
            request.method, request.url, headers=dict(request.headers), content=request.content or None
        )
    except httpx.TransportError:
        return 0
    return response.status_code


def most_in_flight(requests: list[RecordedRequest]) -> int:
    """The most requests that were waiting for their answers at one time."""
    events = sorted([(r.sent, 1) for r in requests] + [(r.answered, -1) for r in requests])  # an answer goes first
    most = now = 0
    for _, change in events:
        now += change
        most = max(most, now)
    return most


def replay(requests: list[RecordedRequest], *, concurrency: int) -> list[int]:
    """Send ``requests`` again in their causal order with up to ``concurrency`` in flight; their status codes."""
    ordered = sorted(requests, key=lambda request: request.sent)
    waits = causal_waits(ordered)
    answer_order = sorted(range(len(ordered)), key=lambda index: ordered[index].answered)
    done = [False] * len(ordered)
    answered = [0]  # how many of answer_order, from its start, have been answered again
    changed = threading.Condition()

    def send(client: httpx.Client, index: int) -> int:
        try:
            return _send(client, ordered[index])
        finally:
            with changed:
                done[index] = True
                while answered[0] < len(ordered) and done[answer_order[answered[0]]]:
                    answered[0] += 1
                changed.notify_all()

    with _sender(concurrency) as (client, pool):
        sent = []
        for index, wait in enumerate(waits):
            with changed:
                changed.wait_for(lambda wait=wait: answered[0] >= wait)
            sent.append(pool.submit(send, client, index))
        return [future.result() for future in sent]
