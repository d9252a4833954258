"""`manage.py sandbox speed`: how fast the emulator serves paging reads, so a benchmark knows it is not the limit.

It writes N generated accounts in bulk, then reads them all back through the Web API in 5,000-row pages with
an in-process httpx client, and reports rows per second for both. The rows are removed afterwards.
"""

import time

import httpx
from django.core.handlers.wsgi import WSGIHandler

from sandbox import store
from sandbox.dataverse import service
from sandbox.dataverse.schema import table_named
from sandbox.identity.registrations import ensure_tenant
from sandbox.identity.tokens import issue_token, issuer_for

__all__ = ["measure_paging"]

_TENANT = "9d2c61a4-0c7e-4f3b-8f1e-5a4b3c2d1e0f"
_APP = "3f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f"
_TABLE = "account"


def _client() -> httpx.Client:
    ensure_tenant(_TENANT)
    base = "http://localhost"
    token = issue_token(
        issuer=issuer_for(f"{base}/sandbox/login", _TENANT),
        tenant_id=_TENANT,
        audience=f"{base}/sandbox/dataverse",
        app_id=_APP,
        object_id=_APP,
    )
    return httpx.Client(
        transport=httpx.WSGITransport(app=WSGIHandler()),
        base_url=f"{base}/sandbox/dataverse/api/data/v9.2/",
        headers={"Authorization": f"Bearer {token}", "Prefer": "odata.maxpagesize=5000"},
        timeout=600,
    )


def measure_paging(rows: int) -> str:
    """Write ``rows`` accounts in 1,000-row bulk writes, page through them, report both rates."""
    table = table_named(_TABLE)
    started = time.perf_counter()
    written = []
    for first in range(0, rows, 1000):
        bodies = [{"name": f"Speed {n}", "accountnumber": f"S{n}"} for n in range(first, min(first + 1000, rows))]
        written += service.write_many(table, bodies, mode="create", caller_id=_APP)
    write_seconds = time.perf_counter() - started
    try:
        with _client() as client:
            started, read, url = time.perf_counter(), 0, "accounts?$select=name,accountnumber,modifiedon"
            while url:
                response = client.get(url)
                response.raise_for_status()
                body = response.json()
                read += len(body["value"])
                url = body.get("@odata.nextLink")
            read_seconds = time.perf_counter() - started
    finally:
        for first in range(0, len(written), 1000):
            store.delete_many(service.SERVICE, _TABLE, [row.row_id for row in written[first : first + 1000]])
    return (
        f"bulk write: {rows} rows in {write_seconds:.2f}s ({rows / write_seconds:,.0f} rows/s); "
        f"paging read: {read} rows in {read_seconds:.2f}s ({read / read_seconds:,.0f} rows/s)"
    )
