"""Rules the clients enforce before any request leaves: ids are GUIDs, path segments are plain, a company is chosen."""

import httpx
import pytest

from connection_setup.clients.batch import Write
from connection_setup.clients.business_central import BusinessCentralClient
from connection_setup.clients.dataverse import DataverseClient

COMPANY = "6f9619ff-8b86-d011-b42d-00c04fc964ff"


def refuse_all(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"No request should have been sent: {request.method} {request.url}")


NO_NETWORK = httpx.MockTransport(refuse_all)


@pytest.mark.parametrize("row_id", ["1", "x) or (1", "6f9619ff-8b86-d011-b42d-00c04fc964ff/../systemusers"])
def test_a_row_id_that_is_not_a_guid_never_reaches_a_url(row_id):
    dataverse = DataverseClient("https://org.example", None, transport=NO_NETWORK)
    bc = BusinessCentralClient("https://bc.example", "t1", "production", None, company_id=COMPANY, transport=NO_NETWORK)
    with pytest.raises(ValueError, match="GUID"):
        dataverse.get("account", row_id)
    with pytest.raises(ValueError, match="GUID"):
        bc.write_batch([Write("delete", "Customer", row_id)])


def test_a_tenant_or_environment_with_a_slash_is_refused():
    with pytest.raises(ValueError, match="not a valid BC environment"):
        BusinessCentralClient("https://bc.example", "t1", "prod/../x", None, transport=NO_NETWORK)


def test_reading_a_bc_table_needs_a_company():
    bc = BusinessCentralClient("https://bc.example", "t1", "production", None, transport=NO_NETWORK)
    with pytest.raises(ValueError, match="Choose a BC company"):
        next(bc.iter_pages("Customer"))


def test_an_atomic_bc_batch_refuses_upserts():
    bc = BusinessCentralClient("https://bc.example", "t1", "production", None, company_id=COMPANY, transport=NO_NETWORK)
    with pytest.raises(ValueError, match="cannot hold upserts"):
        bc.write_batch([Write("upsert", "Customer", COMPANY, {"Name": "x"})], atomic=True)


def test_page_sizes_never_exceed_what_the_services_allow():
    assert DataverseClient("https://org.example", None, page_size=50_000, transport=NO_NETWORK).page_size == 5000
    assert (
        BusinessCentralClient("https://bc.example", "t", "e", None, batch_size=500, transport=NO_NETWORK).batch_size
        == 100
    )
