"""The token endpoint: each grant, and each refusal in Microsoft's shape with its AADSTS code."""

import base64
import datetime
import time
import uuid

import jwt
import pytest
from django.utils import timezone

from sandbox.identity.registrations import register_app
from tests.sandbox.identity.directory import (
    BC,
    CLIENT_ID,
    CLIENT_SECRET,
    DATAVERSE,
    PASSWORD,
    PUBLIC_CLIENT_ID,
    TENANT_ID,
    USER,
    make_certificate,
)

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

TOKEN_PATH = f"/sandbox/login/{TENANT_ID}/oauth2/v2.0/token"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def _claims(body: dict) -> dict:
    return jwt.decode(body["access_token"], options={"verify_signature": False})


def _secret_form(**changes) -> dict:
    form = {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scope": f"{DATAVERSE}/.default",
    }
    return {key: value for key, value in {**form, **changes}.items() if value is not None}


def _password_form(**changes) -> dict:
    form = {
        "grant_type": "password",
        "client_id": PUBLIC_CLIENT_ID,
        "username": USER,
        "password": PASSWORD,
        "scope": f"{DATAVERSE}/user_impersonation openid profile offline_access",
    }
    return {key: value for key, value in {**form, **changes}.items() if value is not None}


def _assertion(key_pem: str, certificate_pem: str, **claims) -> str:
    from sandbox.identity.registrations import certificate_thumbprints

    sha1, _ = certificate_thumbprints(certificate_pem)
    now = int(time.time())
    payload = {
        "aud": f"https://testserver{TOKEN_PATH}",
        "iss": CLIENT_ID,
        "sub": CLIENT_ID,
        "jti": str(uuid.uuid4()),
        "nbf": now,
        "exp": now + 600,
        **claims,
    }
    x5t = base64.urlsafe_b64encode(bytes.fromhex(sha1)).rstrip(b"=").decode()
    return jwt.encode(payload, key_pem, algorithm="RS256", headers={"x5t": x5t})


def _refused(response, status: int, error: str, code: int) -> str:
    assert response.status_code == status
    body = response.json()
    assert body["error"] == error
    assert body["error_codes"] == [code]
    assert body["error_description"].startswith(f"AADSTS{code}: ")
    assert {"timestamp", "trace_id", "correlation_id", "error_uri"} <= body.keys()
    return body["error_description"]


def test_client_secret_grant_issues_an_app_token_for_the_scope_resource(sandbox_http, directory):
    response = sandbox_http.post(TOKEN_PATH, data=_secret_form())

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3599
    claims = _claims(body)
    assert claims["aud"] == DATAVERSE
    assert claims["tid"] == TENANT_ID
    assert claims["appid"] == CLIENT_ID
    assert claims["idtyp"] == "app"
    assert claims["iss"] == f"http://testserver/sandbox/login/{TENANT_ID}/v2.0"
    assert claims["exp"] - claims["iat"] == 3599


def test_client_secret_in_a_basic_authorization_header_is_accepted(sandbox_http, directory):
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    response = sandbox_http.post(
        TOKEN_PATH,
        data=_secret_form(client_secret=None, scope=f"{BC}/.default"),
        headers={"Authorization": f"Basic {basic}"},
    )

    assert response.status_code == 200
    assert _claims(response.json())["aud"] == BC


def test_a_wrong_client_secret_is_aadsts7000215(sandbox_http, directory):
    response = sandbox_http.post(TOKEN_PATH, data=_secret_form(client_secret="not-the-secret"))

    assert "Invalid client secret provided" in _refused(response, 401, "invalid_client", 7000215)


def test_an_expired_client_secret_is_aadsts7000222(sandbox_http, directory):
    register_app(
        tenant_id=TENANT_ID,
        client_id=CLIENT_ID,
        display_name="expired",
        client_secret=CLIENT_SECRET,
        secret_expires_at=timezone.now() - datetime.timedelta(days=1),
    )

    response = sandbox_http.post(TOKEN_PATH, data=_secret_form())

    assert "are expired" in _refused(response, 401, "invalid_client", 7000222)


def test_an_unknown_client_is_aadsts700016(sandbox_http, directory):
    response = sandbox_http.post(TOKEN_PATH, data=_secret_form(client_id=str(uuid.uuid4())))

    assert "was not found in the directory" in _refused(response, 400, "unauthorized_client", 700016)


def test_a_token_request_to_an_unknown_tenant_is_aadsts90002(sandbox_http, directory):
    response = sandbox_http.post(f"/sandbox/login/{uuid.uuid4()}/oauth2/v2.0/token", data=_secret_form())

    _refused(response, 400, "invalid_tenant", 90002)


def test_a_request_without_secret_or_assertion_is_aadsts7000218(sandbox_http, directory):
    response = sandbox_http.post(TOKEN_PATH, data=_secret_form(client_secret=None))

    _refused(response, 401, "invalid_client", 7000218)


def test_a_missing_parameter_is_named(sandbox_http, directory):
    response = sandbox_http.post(TOKEN_PATH, data=_secret_form(scope=None))

    assert "'scope'" in _refused(response, 400, "invalid_request", 900144)


def test_an_unsupported_grant_is_aadsts70003(sandbox_http, directory):
    response = sandbox_http.post(TOKEN_PATH, data=_secret_form(grant_type="implicit"))

    _refused(response, 400, "unsupported_grant_type", 70003)


def test_client_credentials_need_a_default_scope(sandbox_http, directory):
    response = sandbox_http.post(TOKEN_PATH, data=_secret_form(scope=f"{DATAVERSE}/user_impersonation"))

    assert "/.default" in _refused(response, 400, "invalid_scope", 1002012)


def test_a_scope_naming_two_resources_is_refused(sandbox_http, directory):
    response = sandbox_http.post(TOKEN_PATH, data=_secret_form(scope=f"{DATAVERSE}/.default {BC}/.default"))

    _refused(response, 400, "invalid_scope", 28000)


def test_a_certificate_assertion_grant_issues_an_app_token(sandbox_http, directory):
    form = _secret_form(client_secret=None, client_assertion_type=ASSERTION_TYPE)
    form["client_assertion"] = _assertion(directory.key_pem, directory.pem)

    response = sandbox_http.post(TOKEN_PATH, data=form)

    assert response.status_code == 200
    assert _claims(response.json())["appid"] == CLIENT_ID


@pytest.mark.parametrize(
    ("signer", "uploaded_thumbprint", "claims", "code", "says"),
    [
        ("stranger", False, {}, 700027, "The key was not found"),
        ("stranger", True, {}, 700027, "signature is invalid"),
        ("app", True, {"exp": int(time.time()) - 60}, 700024, "valid time range"),
        ("app", True, {"iss": PUBLIC_CLIENT_ID}, 700021, "doesn't match 'client_id'"),
        ("app", True, {"aud": "https://testserver/elsewhere/token"}, 50027, "not this token endpoint"),
    ],
)
def test_a_bad_certificate_assertion_is_refused_with_its_reason(
    sandbox_http, directory, signer, uploaded_thumbprint, claims, code, says
):
    stranger = make_certificate("not uploaded")
    key_pem = directory.key_pem if signer == "app" else stranger.key_pem
    form = _secret_form(client_secret=None, client_assertion_type=ASSERTION_TYPE)
    form["client_assertion"] = _assertion(key_pem, directory.pem if uploaded_thumbprint else stranger.pem, **claims)

    response = sandbox_http.post(TOKEN_PATH, data=form)

    assert says in _refused(response, 401, "invalid_client", code)


def test_password_grant_issues_a_user_token_with_an_id_token(sandbox_http, directory):
    response = sandbox_http.post(TOKEN_PATH, data=_password_form())

    assert response.status_code == 200
    body = response.json()
    claims = _claims(body)
    assert claims["aud"] == DATAVERSE
    assert claims["upn"] == USER
    assert claims["appid"] == PUBLIC_CLIENT_ID
    assert claims["idtyp"] == "user"
    id_claims = jwt.decode(body["id_token"], options={"verify_signature": False})
    assert id_claims["preferred_username"] == USER
    assert id_claims["aud"] == PUBLIC_CLIENT_ID


def test_a_wrong_password_is_aadsts50126(sandbox_http, directory):
    response = sandbox_http.post(TOKEN_PATH, data=_password_form(password="wrong"))

    _refused(response, 400, "invalid_grant", 50126)


def test_an_unknown_user_is_aadsts50034(sandbox_http, directory):
    response = sandbox_http.post(TOKEN_PATH, data=_password_form(username="ghost@cronus-test.onmicrosoft.com"))

    _refused(response, 400, "invalid_grant", 50034)


def test_a_disabled_user_is_aadsts50057(sandbox_http, directory):
    response = sandbox_http.post(TOKEN_PATH, data=_password_form(username="former@cronus-test.onmicrosoft.com"))

    _refused(response, 400, "invalid_grant", 50057)


def test_the_user_realm_says_sandbox_users_are_managed(sandbox_http, directory):
    response = sandbox_http.get(f"/sandbox/login/common/userrealm/{USER}", params={"api-version": "1.0"})

    assert response.json()["account_type"] == "Managed"
