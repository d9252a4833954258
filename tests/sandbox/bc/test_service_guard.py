"""Authentication (401 for missing, expired, wrong-audience tokens) and throttling (429 with Retry-After)."""

import pytest

from sandbox import faults
from sandbox.identity.registrations import ensure_tenant
from sandbox.identity.tokens import issue_token, issuer_for
from tests.fixtures.sandbox import TEST_APP_ID, TEST_TENANT_ID
from tests.sandbox.bc.conftest import api_root

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_request_without_token_is_401_in_bc_error_shape(sandbox_http, bc_company):
    response = sandbox_http.get(f"{api_root()}/customers")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "Authentication_InvalidCredentials"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_for_another_audience_is_401(sandbox_http, sandbox_token, bc_company):
    token = sandbox_token("dataverse")

    response = sandbox_http.get(f"{api_root()}/customers", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401 and "not for https://api.businesscentral.dynamics.com" in response.text


def test_expired_token_is_401(sandbox_http, sandbox_token, bc_company):
    sandbox_token("bc")
    token = issue_token(
        issuer=issuer_for("http://testserver/sandbox/login", TEST_TENANT_ID),
        tenant_id=TEST_TENANT_ID,
        audience="https://api.businesscentral.dynamics.com",
        app_id=TEST_APP_ID,
        object_id=TEST_APP_ID,
        lifetime=-120,
    )

    response = sandbox_http.get(f"{api_root()}/customers", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401 and "expired" in response.text


def test_token_of_one_tenant_cannot_read_another_tenants_url(sandbox_http, sandbox_token, bc_company):
    url = api_root().replace(TEST_TENANT_ID, "11111111-2222-3333-4444-555555555555")

    response = sandbox_http.get(f"{url}/customers", headers={"Authorization": f"Bearer {sandbox_token('bc')}"})

    assert response.status_code == 401


def test_a_url_may_name_the_tokens_tenant_by_its_domain_but_not_by_another_domain(
    sandbox_http, sandbox_token, bc_company
):
    token = sandbox_token("bc")
    ensure_tenant(TEST_TENANT_ID, domain="Contoso.OnMicrosoft.com")
    ensure_tenant("11111111-2222-3333-4444-555555555555", domain="fabrikam.onmicrosoft.com")
    headers = {"Authorization": f"Bearer {token}"}

    by_domain = sandbox_http.get(
        f"{api_root().replace(TEST_TENANT_ID, 'contoso.onmicrosoft.com')}/customers", headers=headers
    )
    other = sandbox_http.get(
        f"{api_root().replace(TEST_TENANT_ID, 'fabrikam.onmicrosoft.com')}/customers", headers=headers
    )
    unknown = sandbox_http.get(
        f"{api_root().replace(TEST_TENANT_ID, 'nobody.onmicrosoft.com')}/customers", headers=headers
    )

    assert by_domain.status_code == 200, by_domain.text
    assert other.status_code == 401 and unknown.status_code == 401


def test_injected_throttling_answers_429_with_retry_after(bc_client):
    faults.configure("bc", throttle_rate=1.0, retry_after_seconds=7)

    response = bc_client.get(f"{api_root()}/customers")

    assert response.status_code == 429 and response.headers["Retry-After"] == "7"
    assert response.json()["error"]["code"] == "Application_TooManyRequests"


def test_request_limit_per_user_answers_429_once_exceeded(bc_client):
    faults.configure("bc", limits={"max_requests": 2})
    statuses = [bc_client.get(f"{api_root()}/customers").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_bc_has_its_own_protection_limits_not_dataverses():
    bc, dataverse = faults.limits_for("bc"), faults.limits_for("dataverse")

    assert (bc.max_requests, bc.window_seconds, bc.max_concurrent) == (6000, 300.0, 100)
    assert bc.max_execution_seconds is None
    assert (dataverse.max_concurrent, dataverse.max_execution_seconds) == (52, 1200.0)


def test_concurrent_request_limit_answers_429_with_bcs_code(bc_client):
    faults.configure("bc", limits={"max_concurrent": 0})

    response = bc_client.get(f"{api_root()}/customers")

    assert response.status_code == 429 and response.headers["Retry-After"] == "1"
    assert response.json()["error"]["code"] == "Application_TooManyRequests"
