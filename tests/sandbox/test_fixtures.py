"""The fixtures other parts' tests use: the seeded demo, the in-process transport and the demo connection."""

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from sandbox import store

SANDBOX_DB = pytest.mark.django_db(databases=["default", "sandbox"])


def _discovery(tenant_id: str) -> str:
    return f"/sandbox/login/{tenant_id}/v2.0/.well-known/openid-configuration"


def _token(http, connection, resource: str) -> str:
    response = http.post(
        f"/sandbox/login/{connection.tenant}/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "client_id": connection.client_id,
            "client_secret": connection.client_secret,
            "scope": f"{resource}/.default",
        },
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@SANDBOX_DB
def test_seeded_sandbox_holds_both_demo_systems(seeded_sandbox):
    assert store.get("bc", "Company", seeded_sandbox.COMPANY_ID) is not None
    assert store.get("dataverse", "organization", seeded_sandbox.ORGANIZATION_ID) is not None
    assert len(store.find("bc", "Customer")) >= 20


@SANDBOX_DB
def test_seeded_sandbox_is_restored_for_each_test_whatever_the_last_one_did(seeded_sandbox):
    customers = store.find("bc", "Customer")
    store.delete_many("bc", "Customer", [row.row_id for row in customers])
    assert store.find("bc", "Customer") == []


@SANDBOX_DB
def test_seeded_sandbox_comes_back_after_a_test_deleted_its_rows(seeded_sandbox):
    assert len(store.find("bc", "Customer")) >= 20
    number = store.find("bc", "Customer")[0].data["No."]
    assert [row.data["No."] for row in store.find("bc", "Customer", **{"No.": number})] == [number]


@SANDBOX_DB
def test_a_sandbox_call_after_a_test_client_request_keeps_the_test_database_connection(
    seeded_sandbox, admin_client, sandbox_http
):
    """Django's test Client re-attaches close_old_connections; a later in-process call must not close the
    connection that holds the test's transaction (on PostgreSQL it would)."""
    assert admin_client.get("/").status_code == 200
    connection = connections["default"]
    get_user_model().objects.create(username="made-inside-the-test")
    response = sandbox_http.get(_discovery(seeded_sandbox.TENANT_ID))
    assert response.status_code == 200
    assert connection.in_atomic_block
    assert get_user_model().objects.filter(username="made-inside-the-test").exists()


@SANDBOX_DB
def test_demo_connection_signs_in_to_both_emulated_services(seeded_sandbox, demo_connection, sandbox_http):
    connection = demo_connection()
    dataverse_token = _token(sandbox_http, connection, connection.server_address)
    who = sandbox_http.get(
        f"{connection.server_address}/api/data/v9.2/WhoAmI", headers={"Authorization": f"Bearer {dataverse_token}"}
    )
    assert who.status_code == 200, who.text
    assert who.json()["OrganizationId"] == seeded_sandbox.ORGANIZATION_ID
    bc_token = _token(sandbox_http, connection, "https://api.businesscentral.dynamics.com")
    root = f"{connection.bc_service_root}/v2.0/{connection.bc_tenant}/{connection.bc_environment}/api/v2.0"
    companies = sandbox_http.get(f"{root}/companies", headers={"Authorization": f"Bearer {bc_token}"})
    assert companies.status_code == 200, companies.text
    assert str(connection.bc_company_id) in [company["id"] for company in companies.json()["value"]]


@SANDBOX_DB
def test_sandbox_transport_serves_the_app_to_any_httpx_client(seeded_sandbox, sandbox_transport):
    with httpx.Client(transport=sandbox_transport, base_url="http://testserver") as client:
        response = client.get(_discovery(seeded_sandbox.TENANT_ID))
    assert response.status_code == 200
    assert response.json()["issuer"].endswith(f"/{seeded_sandbox.TENANT_ID}/v2.0")
