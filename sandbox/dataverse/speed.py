"""`manage.py sandbox speed`: how fast the emulators serve a benchmark's traffic, so it knows they are not the limit.

Through an in-process httpx client (client time included), it writes N generated accounts with 1,000-row
UpsertMultiple requests, pages through them with a sync's `$select`, and, when the demo company holds
customers (`sandbox seed --scale N`), pages through BC's v2.0 customers. The accounts are removed afterwards.
Times are CPU seconds of this one process (server and client together), so the rates mean "on one core".
"""

import time
import uuid
from collections.abc import Callable

import httpx
from django.core.handlers.wsgi import WSGIHandler

from sandbox import store
from sandbox.identity.registrations import ensure_tenant
from sandbox.identity.tokens import issue_token, issuer_for

__all__ = ["measure_paging"]

_TENANT = "9d2c61a4-0c7e-4f3b-8f1e-5a4b3c2d1e0f"
_APP = "3f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f"
_BASE = "http://localhost"
_BULK = 1000
# What the default CUSTOMER mapping reads: a sync always names its columns.
_ACCOUNT_SELECT = (
    "name,accountnumber,address1_line1,address1_line2,address1_city,address1_stateorprovince,address1_postalcode,"
    "address1_country,telephone1,fax,websiteurl,emailaddress1,_primarycontactid_value,_transactioncurrencyid_value,"
    "_ownerid_value,creditlimit,paymenttermscode,shippingmethodcode,statecode,modifiedon"
)


def _client(path: str, audience: str) -> httpx.Client:
    ensure_tenant(_TENANT)
    token = issue_token(
        issuer=issuer_for(f"{_BASE}/sandbox/login", _TENANT),
        tenant_id=_TENANT,
        audience=audience,
        app_id=_APP,
        object_id=_APP,
    )
    return httpx.Client(
        transport=httpx.WSGITransport(app=WSGIHandler()),
        base_url=f"{_BASE}{path}",
        headers={"Authorization": f"Bearer {token}", "Prefer": "odata.maxpagesize=5000"},
        timeout=600,
    )


def _timed(action: Callable[[], int]) -> tuple[int, float]:
    """What ``action`` did and the CPU seconds it took: on a busy machine wall time measures the neighbours."""
    started = time.process_time()
    done = action()
    return done, time.process_time() - started


def _page_through(client: httpx.Client, url: str) -> int:
    read = 0
    while url:
        response = client.get(url)
        response.raise_for_status()
        body = response.json()
        read += len(body["value"])
        url = body.get("@odata.nextLink")
    return read


def _upsert(client: httpx.Client, ids: list[uuid.UUID]) -> int:
    for first in range(0, len(ids), _BULK):
        targets = [
            {"@odata.type": "Microsoft.Dynamics.CRM.account", "accountid": str(row_id), "name": f"Speed {first + n}",
             "accountnumber": f"S{first + n}", "address1_city": "Atlanta", "telephone1": "+1 404 555 0100"}
            for n, row_id in enumerate(ids[first : first + _BULK])
        ]  # fmt: skip
        client.post("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", json={"Targets": targets}).raise_for_status()
    return len(ids)


def _bc_customers() -> str:
    from sandbox.demo import credentials as demo

    if store.get("bc", "Company", uuid.UUID(demo.COMPANY_ID)) is None:
        return "BC paging: skipped (no demo company; run `sandbox seed --scale N`)"
    path = f"/sandbox/bc/v2.0/{_TENANT}/production/api/v2.0/companies({demo.COMPANY_ID})/"
    with _client(path, "https://api.businesscentral.dynamics.com") as client:
        read, seconds = _timed(lambda: _page_through(client, "customers"))
    return f"BC v2.0 customers paging: {read} rows in {seconds:.2f}s ({read / seconds:,.0f} rows/s)"


def measure_paging(rows: int) -> str:
    """Write ``rows`` accounts in 1,000-row UpsertMultiple requests, page through them, report the rates."""
    ids = [uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox-speed/{n}") for n in range(rows)]
    try:
        with _client("/sandbox/dataverse/api/data/v9.2/", f"{_BASE}/sandbox/dataverse") as client:
            written, write_seconds = _timed(lambda: _upsert(client, ids))
            read, read_seconds = _timed(lambda: _page_through(client, f"accounts?$select={_ACCOUNT_SELECT}"))
    finally:
        for first in range(0, len(ids), _BULK):
            store.delete_many("dataverse", "account", ids[first : first + _BULK])
    requests = max(1, -(-written // _BULK))
    return "\n".join(
        [
            f"Dataverse UpsertMultiple: {written} rows in {requests} requests, {write_seconds:.2f}s "
            f"({write_seconds / requests * 1000:,.0f} ms per 1,000-row request)",
            f"Dataverse accounts paging ($select of 20 columns): {read} rows in {read_seconds:.2f}s "
            f"({read / read_seconds:,.0f} rows/s)",
            _bc_customers(),
        ]
    )
