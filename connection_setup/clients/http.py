"""The one HTTP core both service clients stand on: pooling, the concurrency limit, the retry loop, counters, logs.

Retrying a write is only safe when a second attempt cannot do the work twice. The core therefore retries GET,
PUT and DELETE, and POST/PATCH only when the caller declares them idempotent by construction (an upsert by an id
we chose, a ``$batch`` or ``UpsertMultiple`` made only of such upserts). A 429 is retried for every request: the
service refuses a throttled request before running it. Logs name the method, the URL path, the status and the
duration, never headers, query strings or bodies, so a token or a secret cannot reach them.
"""

import functools
import logging
import random
import ssl
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from typing import Self, TypeVar

import httpx
import orjson

from connection_setup.clients import odata
from connection_setup.clients.errors import ServiceError, ThrottledError, TransientServiceError, error_from_response
from connection_setup.clients.policy import DEFAULT_POLICY, RetryPolicy

__all__ = ["IDEMPOTENT_METHODS", "ServiceClient", "ServiceHttp", "ServiceStats", "ssl_context"]

logger = logging.getLogger(__name__)

T, R = TypeVar("T"), TypeVar("R")
MATCH_CHUNK = 100  # values per filter of ``rows_matching`` for a service that states no URL length limit
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass
class ServiceStats:
    """Counters of one client's traffic, read by the benchmark and the sync log; safe to update from threads."""

    requests: int = 0
    retries: int = 0
    throttled: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, **amounts: int) -> None:
        with self._lock:
            for name, amount in amounts.items():
                setattr(self, name, getattr(self, name) + amount)

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}


@functools.cache
def ssl_context() -> ssl.SSLContext:
    """One TLS context for every client of the process: loading the CA bundle takes ~0.1 s, too long to repeat for
    each run's clients (an idle incremental run would spend most of its time there)."""
    return httpx.create_ssl_context()


class ServiceHttp:
    """An ``httpx.Client`` with a base URL, any ``httpx.Auth``, the retry policy and a limit on requests in flight.

    ``transport`` swaps the network (``httpx.WSGITransport`` into the sandbox, ``httpx.MockTransport`` for the
    core's own rules); ``sleep``, ``clock`` and ``jitter`` are injected so that retry tests run instantly.
    """

    def __init__(
        self,
        base_url: str,
        auth: httpx.Auth | None,
        *,
        headers: dict[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy = DEFAULT_POLICY,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.policy = policy
        self.stats = ServiceStats()
        self._sleep, self._clock, self._jitter = sleep, clock, jitter
        self._slots = threading.BoundedSemaphore(policy.max_concurrency)
        self._base_url = base_url.rstrip("/") + "/"
        self.client = httpx.Client(
            verify=ssl_context(),
            base_url=self._base_url,
            auth=auth,
            headers=headers,
            transport=transport,
            timeout=httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout),
            limits=httpx.Limits(
                max_connections=policy.max_concurrency, max_keepalive_connections=policy.max_concurrency
            ),
        )

    def close(self) -> None:
        """Close the connections, and the sign-in client of an auth that has one (``BearerAuth``): it holds a
        connection to the identity platform of its own."""
        self.client.close()
        close_auth = getattr(self.client.auth, "close", None)
        if close_auth is not None:
            close_auth()

    def request(self, method: str, url: str, *, idempotent: bool = False, **kwargs) -> httpx.Response:
        """Send with retries and return a 2xx response, else raise the typed ``ServiceError``.

        ``url`` is relative to the base URL or absolute (a next link); ``kwargs`` go to ``httpx.Client.request``.
        """
        method = method.upper()
        may_repeat = idempotent or method in IDEMPOTENT_METHODS
        started = self._clock()
        attempt = 0
        while True:
            attempt += 1
            outcome = self._attempt(method, url, kwargs)
            if isinstance(outcome, httpx.Response):
                return outcome
            wait = self._retry_wait(outcome, attempt, may_repeat, started)
            if wait is None:
                raise outcome
            logger.warning(
                "Retrying %s %s in %.1fs after %s (try %s)", method, outcome.url_path, wait, outcome.code, attempt
            )
            self.stats.add(retries=1)
            self._sleep(wait)

    def concurrently(self, work: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``work`` over ``items`` with up to the policy's concurrency in flight, results in the items' order.

        Batches and chunked reads are independent requests: sent one after the other they cost the latency once
        each; sent side by side, the latency of a whole round. The slots of ``request`` still bound the total.
        """
        if len(items) < 2 or self.policy.max_concurrency < 2:
            return [work(item) for item in items]
        with ThreadPoolExecutor(max_workers=min(len(items), self.policy.max_concurrency)) as pool:
            return list(pool.map(work, items))

    def iter_payloads(self, url: str, *, params: dict | None = None, headers: dict | None = None) -> Iterator[dict]:
        """The pages of an OData collection, following ``@odata.nextLink`` unchanged; one page in memory at a time."""
        next_url: str | None = url
        while next_url:
            payload = orjson.loads(self.request("GET", next_url, params=params, headers=headers).content)
            yield payload
            next_url, params = payload.get("@odata.nextLink"), None

    def _absolute(self, url: str, params: dict | None) -> str:
        """The request's whole URL, its query encoded by ``odata.encode_query``. Given a relative URL and
        parameters, httpx percent-encodes every space, quote and parenthesis of a filter and parses the result
        again a character at a time: some milliseconds for a filter of a few hundred ids."""
        if not url.startswith(("https://", "http://")):
            url = self._base_url + url.lstrip("/")
        if params:
            url += ("&" if "?" in url else "?") + odata.encode_query(params)
        return url

    def _attempt(self, method: str, url: str, kwargs: dict) -> httpx.Response | ServiceError:
        """One try: the response when it succeeded, else the error it amounts to (the loop decides what next)."""
        kwargs = dict(kwargs)
        request = self.client.build_request(method, self._absolute(url, kwargs.pop("params", None)), **kwargs)
        began = time.monotonic()
        try:
            with self._slots:
                response = self.client.send(request)
            # httpx binds a response and its stream to each other: a cycle that kept every body, a page of
            # thousands of records, alive until the cycle collector came by. The body is read; the bytes replace it.
            response.stream = httpx.ByteStream(response.content)
        except httpx.TimeoutException:
            return TransientServiceError(0, "Timeout", "The service did not answer in time.", method, str(request.url))
        except httpx.TransportError as exc:
            return TransientServiceError(0, "ConnectionError", type(exc).__name__, method, str(request.url))
        finally:
            self.stats.add(requests=1, bytes_sent=len(request.content))
        self.stats.add(bytes_received=len(response.content), throttled=int(response.status_code == 429))
        logger.debug(
            "%s %s %s %.0fms", method, request.url.path, response.status_code, (time.monotonic() - began) * 1e3
        )
        if response.is_success:
            return response
        return error_from_response(response)

    def _retry_wait(self, error: ServiceError, attempt: int, may_repeat: bool, started: float) -> float | None:
        """Seconds to wait before the next attempt, or ``None`` when the error must be raised now."""
        throttled = isinstance(error, ThrottledError)
        if not error.retryable or not (may_repeat or throttled) or attempt >= self.policy.max_attempts:
            return None
        if throttled and error.retry_after is not None:
            wait = min(error.retry_after, self.policy.max_retry_after)
        else:
            wait = self.policy.backoff(attempt, self._jitter())
        if self._clock() - started + wait > self.policy.max_elapsed:
            return None
        return wait


class ServiceClient(ABC):
    """What both service clients share: the HTTP core in ``self.http``, its counters, paging, and closing."""

    http: ServiceHttp
    match_chunk: int = MATCH_CHUNK  # the most values of one ``rows_matching`` filter
    filter_budget: int | None = None  # the most characters of that filter, URL-encoded, where URLs are capped
    value_lists: bool = False  # the service takes OData's ``in`` operator with a list of values

    def iter_pages(
        self,
        table: str,
        *,
        select: Sequence[str] | None = None,
        filter: odata.Filter | None = None,
        orderby: Sequence[str | tuple[str, str]] | None = None,
        top: int | None = None,
    ) -> Iterator[list[dict]]:
        """The table's rows, one page (at most the client's ``page_size``) at a time, whatever the row count;
        ``top`` reads only that many rows in one request (the cheap "is there anything?" probe)."""
        url, params, headers = self._page_query(table, select, filter, orderby)
        if top is not None:
            params = {**params, "$top": str(top)}
        for payload in self.http.iter_payloads(url, params=params, headers=headers):
            yield self._page_rows(table, payload.get("value", []))
            if top is not None:
                return

    def guid_property(self, table: str, field: str) -> bool:
        """Whether ``field`` of ``table`` is a GUID property, whose filters take GUID literals."""
        return False

    def value_chunks(self, field: str, values: Iterable[object]) -> Iterator[list[object]]:
        """``values`` in lists that one ``field`` filter of this service takes: at most ``match_chunk``, within
        ``filter_budget``."""
        return odata.in_chunks(field, values, self.match_chunk, self.filter_budget, value_lists=self.value_lists)

    def rows_matching(
        self,
        table: str,
        field: str,
        values: Iterable[object],
        *,
        select: Sequence[str] | None = None,
        where: odata.Filter | None = None,
    ) -> list[dict]:
        """Rows whose ``field`` holds one of ``values`` (and match ``where``): one filter per chunk of values
        (``match_chunk``, within ``filter_budget``: a URL has a length limit), the chunks read side by side."""
        typed = map(odata.guid, values) if self.guid_property(table, field) else values
        wanted = list(dict.fromkeys(typed))

        def read(chunk: Sequence[object]) -> list[dict]:
            condition = odata.in_(field, chunk)
            found = self.iter_pages(table, select=select, filter=condition if where is None else condition & where)
            return [row for page in found for row in page]

        parts = list(self.value_chunks(field, wanted))
        return [row for rows in self.http.concurrently(read, parts) for row in rows]

    @abstractmethod
    def _page_query(
        self, table: str, select: Sequence[str] | None, filter: odata.Filter | None, orderby: Sequence | None
    ) -> tuple[str, dict[str, str], dict[str, str]]:
        """URL, query parameters and headers of the first page of ``table``."""

    def _page_rows(self, table: str, rows: list[dict]) -> list[dict]:
        return rows

    @property
    def stats(self) -> ServiceStats:
        return self.http.stats

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
