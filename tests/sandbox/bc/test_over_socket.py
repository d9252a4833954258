"""The same protocol over a real loopback socket (waitress), as the product's client meets it."""

import pytest

from sandbox.bc import service
from tests.sandbox.bc.conftest import api_root

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"], transaction=True)


def test_paging_over_a_socket_reads_every_customer_once(sandbox_socket_http, sandbox_server, sandbox_token, bc_company):
    for index in range(5):
        service.create("Customer", {"Name": f"Customer {index}"})
    headers = {
        "Authorization": f"Bearer {sandbox_token('bc', base_url=sandbox_server)}",
        "Prefer": "odata.maxpagesize=2",
    }
    url, seen = f"{api_root()}/customers", []
    while url:
        body = sandbox_socket_http.get(url, headers=headers).json()
        seen += [customer["number"] for customer in body["value"]]
        url = body.get("@odata.nextLink")

    assert sorted(seen) == ["C00010", "C00020", "C00030", "C00040", "C00050"]


def test_stale_etag_over_a_socket_is_412(sandbox_socket_http, sandbox_server, sandbox_token, bc_company):
    customer = service.create("Customer", {"Name": "Adatum"})
    headers = {"Authorization": f"Bearer {sandbox_token('bc', base_url=sandbox_server)}"}
    url = f"{api_root()}/customers({customer.row_id})"
    etag = sandbox_socket_http.get(url, headers=headers).json()["@odata.etag"]
    assert (
        sandbox_socket_http.patch(url, json={"city": "Miami"}, headers={**headers, "If-Match": etag}).status_code == 200
    )

    stale = sandbox_socket_http.patch(url, json={"city": "Tampa"}, headers={**headers, "If-Match": etag})

    assert stale.status_code == 412 and stale.json()["error"]["code"] == "Request_EntityChanged"
