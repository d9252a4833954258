"""Retry, timeout, paging and concurrency limits of the service clients, in one place.

The numbers follow the services' documented limits: Dataverse pages of at most 5,000 rows and batches of at most
1,000 requests, 52 concurrent requests per user, URLs of at most 32,768 characters; BC pages of up to 20,000 rows, JSON batches of at most 100
operations and 100 concurrent requests. We stay well under the concurrency limits so that one connection never
starves the integration user's other callers.
"""

from dataclasses import dataclass

__all__ = [
    "BC_BATCH_LIMIT",
    "BC_FILTER_BUDGET",
    "BC_MATCH_CHUNK",
    "BC_PAGE_SIZE",
    "BC_URL_LIMIT",
    "DATAVERSE_BATCH_LIMIT",
    "DATAVERSE_FILTER_BUDGET",
    "DATAVERSE_MATCH_CHUNK",
    "DATAVERSE_PAGE_SIZE",
    "DATAVERSE_URL_LIMIT",
    "DEFAULT_POLICY",
    "RetryPolicy",
]

DATAVERSE_PAGE_SIZE = 5000
DATAVERSE_BATCH_LIMIT = 1000
DATAVERSE_URL_LIMIT = 32768
# Ids per look-up by a list of values, as BC's own engine reads Dataverse rows by id (400 at a time), within a
# filter that leaves room in the URL for the address, $select and any further condition.
DATAVERSE_MATCH_CHUNK = 400
DATAVERSE_FILTER_BUDGET = DATAVERSE_URL_LIMIT - 2768
BC_PAGE_SIZE = 20000
BC_BATCH_LIMIT = 100
# BC documents no URL length limit. We assume 8,192 bytes, the request line ASP.NET Core's server (Kestrel) accepts by
# default (HTTP.sys takes 16 KB). A look-up by a list of values (``in``, one filter node whatever its length) takes as
# many as fit under that, less room for the address and $select, and at most 1,000: SQL Server, under BC, takes at
# most 2,100 parameters a query.
BC_URL_LIMIT = 8192
BC_FILTER_BUDGET = BC_URL_LIMIT - 2048
BC_MATCH_CHUNK = 1000


@dataclass(frozen=True)
class RetryPolicy:
    """How long one request may take and how hard the HTTP core tries before it gives up.

    ``max_attempts`` bounds the count and ``max_elapsed`` bounds the time: a retry whose wait would end after
    ``max_elapsed`` seconds since the first attempt is not made. ``max_retry_after`` caps a server-requested wait
    so that a wild ``Retry-After`` cannot park a worker for an hour.
    """

    max_attempts: int = 6
    max_elapsed: float = 300.0
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    max_retry_after: float = 120.0
    connect_timeout: float = 10.0
    read_timeout: float = 120.0
    max_concurrency: int = 8

    def backoff(self, retry_number: int, jitter: float) -> float:
        """Exponential backoff with equal jitter: between half and all of the capped ceiling, so that retries spread."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** (retry_number - 1))
        return ceiling * (0.5 + jitter / 2)


DEFAULT_POLICY = RetryPolicy()
