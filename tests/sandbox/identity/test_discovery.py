"""OIDC discovery and the JWKS: what msal and resource servers read before anything else."""

import jwt
import pytest

from sandbox.identity.tokens import issue_token, issuer_for
from tests.sandbox.identity.directory import BC, CLIENT_ID, TENANT_DOMAIN, TENANT_ID

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_discovery_publishes_the_tenant_endpoints_under_the_authority(sandbox_http, directory):
    response = sandbox_http.get(f"/sandbox/login/{TENANT_ID}/v2.0/.well-known/openid-configuration")

    assert response.status_code == 200
    document = response.json()
    base = f"http://testserver/sandbox/login/{TENANT_ID}"
    assert document["issuer"] == f"{base}/v2.0"
    assert document["token_endpoint"] == f"{base}/oauth2/v2.0/token"
    assert document["jwks_uri"] == f"{base}/discovery/v2.0/keys"
    assert document["authorization_endpoint"] == f"{base}/oauth2/v2.0/authorize"


def test_discovery_by_domain_name_publishes_the_tenant_guid(sandbox_http, directory):
    document = sandbox_http.get(f"/sandbox/login/{TENANT_DOMAIN}/v2.0/.well-known/openid-configuration").json()

    assert document["token_endpoint"] == f"http://testserver/sandbox/login/{TENANT_ID}/oauth2/v2.0/token"


def test_discovery_speaks_the_scheme_the_client_reports(sandbox_http, directory):
    document = sandbox_http.get(
        f"/sandbox/login/{TENANT_ID}/v2.0/.well-known/openid-configuration",
        headers={"X-Sandbox-Client-Scheme": "https"},
    ).json()

    assert document["token_endpoint"].startswith("https://testserver/sandbox/login/")


def test_discovery_of_an_unknown_tenant_is_aadsts90002(sandbox_http, directory):
    response = sandbox_http.get("/sandbox/login/nobody.onmicrosoft.com/v2.0/.well-known/openid-configuration")

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_tenant"
    assert body["error_codes"] == [90002]
    assert body["error_description"].startswith("AADSTS90002: Tenant 'nobody.onmicrosoft.com' not found.")


def test_discovery_needs_no_sign_in_to_the_app(sandbox_http, directory):
    response = sandbox_http.get(f"/sandbox/login/{TENANT_ID}/discovery/v2.0/keys", follow_redirects=False)

    assert response.status_code == 200


def test_a_token_verifies_against_the_published_jwks(sandbox_http, directory):
    issuer = issuer_for("http://testserver/sandbox/login", TENANT_ID)
    token = issue_token(issuer=issuer, tenant_id=TENANT_ID, audience=BC, app_id=CLIENT_ID, object_id=CLIENT_ID)

    keys = sandbox_http.get(f"/sandbox/login/{TENANT_ID}/discovery/v2.0/keys").json()["keys"]
    kid = jwt.get_unverified_header(token)["kid"]
    public_key = jwt.PyJWK(next(key for key in keys if key["kid"] == kid)).key
    claims = jwt.decode(token, public_key, algorithms=["RS256"], audience=BC, issuer=issuer)

    assert claims["tid"] == TENANT_ID
    assert claims["appid"] == CLIENT_ID


def test_the_signing_key_is_created_once_and_kept(sandbox_http, directory):
    first = sandbox_http.get(f"/sandbox/login/{TENANT_ID}/discovery/v2.0/keys").json()["keys"]
    second = sandbox_http.get(f"/sandbox/login/{TENANT_ID}/discovery/v2.0/keys").json()["keys"]

    assert len(first) == 1
    assert first == second
