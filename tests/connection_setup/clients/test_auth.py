"""Token providers on msal, for real against the sandbox identity endpoint in-process: each grant, each refusal
with the message an administrator reads, the shared in-memory token cache, and BearerAuth's one refresh on 401."""

import logging
import uuid

import httpx
import jwt
import pytest
from django.core.handlers.wsgi import WSGIHandler

from connection_setup.clients.auth import (
    AccessTokenProvider,
    AuthorityRoute,
    BearerAuth,
    CertificateTokenProvider,
    ClientSecretTokenProvider,
    UsernamePasswordTokenProvider,
    clear_token_caches,
    provider_for_connection_string,
)
from connection_setup.clients.connection_string import parse_connection_string
from connection_setup.clients.errors import AuthenticationError, TransientServiceError
from sandbox.identity.models import SigningKey
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
    register_directory,
)

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

AUTHORITY = f"http://localhost/sandbox/login/{TENANT_ID}"


class RecordingTransport(httpx.BaseTransport):
    """Into the Django app in-process, remembering each request as ``METHOD path``."""

    def __init__(self) -> None:
        self.inner = httpx.WSGITransport(app=WSGIHandler())
        self.requests: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}")
        return self.inner.handle_request(request)

    def token_requests(self) -> int:
        return sum(1 for line in self.requests if line.startswith("POST") and line.endswith("/token"))


@pytest.fixture(scope="module")
def certificate():
    return make_certificate()


@pytest.fixture(autouse=True)
def directory(certificate):
    clear_token_caches()
    register_directory(certificate)
    yield certificate
    clear_token_caches()


@pytest.fixture
def transport() -> RecordingTransport:
    return RecordingTransport()


def _secret_provider(transport, secret=CLIENT_SECRET, authority=AUTHORITY, client_id=CLIENT_ID):
    return ClientSecretTokenProvider(
        authority=authority, client_id=client_id, client_secret=secret, transport=transport
    )


def _user_provider(transport, password=PASSWORD, user=USER):
    return UsernamePasswordTokenProvider(
        authority=AUTHORITY, client_id=PUBLIC_CLIENT_ID, user_name=user, password=password, transport=transport
    )


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def _refusal(provider, resource=DATAVERSE) -> AuthenticationError:
    with pytest.raises(AuthenticationError) as caught:
        provider.token(resource)
    return caught.value


def test_the_client_secret_provider_gets_an_app_token_for_the_resource(transport):
    claims = _claims(_secret_provider(transport).token(DATAVERSE))

    assert claims["aud"] == DATAVERSE
    assert claims["appid"] == CLIENT_ID
    assert claims["tid"] == TENANT_ID


def test_the_certificate_provider_gets_an_app_token(transport, directory):
    provider = CertificateTokenProvider(
        authority=AUTHORITY, client_id=CLIENT_ID, certificate_pem=directory.bundle, transport=transport
    )

    assert _claims(provider.token(BC))["aud"] == BC


def test_the_username_password_provider_gets_a_user_token(transport):
    claims = _claims(_user_provider(transport).token(DATAVERSE))

    assert claims["upn"] == USER
    assert claims["appid"] == PUBLIC_CLIENT_ID


def test_a_wrong_client_secret_says_so(transport):
    error = _refusal(_secret_provider(transport, secret="wrong"))

    assert error.code == "AADSTS7000215"
    assert error.status == 401
    assert error.message.startswith("The client secret is wrong or has expired (AADSTS7000215).")


def test_an_unknown_tenant_says_so(transport):
    tenant = "nobody.onmicrosoft.com"
    error = _refusal(_secret_provider(transport, authority=f"http://localhost/sandbox/login/{tenant}"))

    assert error.code == "AADSTS90002"
    assert error.message.startswith(f"The tenant '{tenant}' was not found (AADSTS90002).")


def test_an_unknown_client_says_so(transport):
    client_id = str(uuid.uuid4())
    error = _refusal(_secret_provider(transport, client_id=client_id))

    assert error.code == "AADSTS700016"
    assert error.message.startswith(f"The application (client) ID {client_id} is not registered in tenant")


def test_a_wrong_password_says_so(transport):
    error = _refusal(_user_provider(transport, password="wrong"))

    assert error.message == f"The user name or password of {USER} is wrong (AADSTS50126)."


def test_a_disabled_user_says_so(transport):
    error = _refusal(_user_provider(transport, user="former@cronus-test.onmicrosoft.com"))

    assert error.code == "AADSTS50057"
    assert "is disabled" in error.message


def test_a_certificate_that_was_not_uploaded_says_so(transport):
    stranger = make_certificate("not uploaded")
    provider = CertificateTokenProvider(
        authority=AUTHORITY, client_id=CLIENT_ID, certificate_pem=stranger.bundle, transport=transport
    )

    error = _refusal(provider)

    assert error.code == "AADSTS700027"
    assert error.message.startswith(f"The certificate is not one uploaded to the app registration {CLIENT_ID}")


def test_a_certificate_without_its_private_key_is_refused_before_any_request(transport, directory):
    with pytest.raises(AuthenticationError, match="both the private key and the certificate"):
        CertificateTokenProvider(authority=AUTHORITY, client_id=CLIENT_ID, certificate_pem=directory.pem)

    assert transport.requests == []


def test_the_token_cache_serves_a_second_call_without_a_request(transport):
    provider = _secret_provider(transport)
    first = provider.token(DATAVERSE)
    sent = len(transport.requests)

    assert provider.token(DATAVERSE) == first
    assert len(transport.requests) == sent


def test_providers_of_the_same_app_share_the_cache(transport):
    first = _secret_provider(transport).token(DATAVERSE)

    second = _secret_provider(transport).token(DATAVERSE)

    assert second == first
    assert transport.token_requests() == 1


def test_a_changed_secret_is_not_served_the_old_secrets_token(transport):
    _secret_provider(transport).token(DATAVERSE)

    assert _refusal(_secret_provider(transport, secret="rotated-wrong")).code == "AADSTS7000215"


def test_the_user_token_is_served_from_the_cache(transport):
    provider = _user_provider(transport)
    first = provider.token(DATAVERSE)

    assert provider.token(DATAVERSE) == first
    assert transport.token_requests() == 1


def test_each_resource_gets_its_own_token(transport):
    provider = _secret_provider(transport)

    assert _claims(provider.token(BC))["aud"] == BC
    assert _claims(provider.token(DATAVERSE))["aud"] == DATAVERSE
    assert transport.token_requests() == 2


def _resource(refuses, seen: list[str]) -> httpx.Client:
    """A resource server that answers 401 to the tokens ``refuses`` picks and records every token it is shown."""

    def answer(request: httpx.Request) -> httpx.Response:
        token = request.headers["Authorization"].removeprefix("Bearer ")
        seen.append(token)
        return httpx.Response(401 if refuses(token) else 200, json={})

    return httpx.Client(transport=httpx.MockTransport(answer))


def test_a_401_from_the_resource_refreshes_the_token_once(transport):
    provider = _secret_provider(transport)
    stale = provider.token(DATAVERSE)
    seen: list[str] = []

    with _resource(lambda token: token == stale, seen) as client:
        response = client.get("https://resource/api", auth=BearerAuth(provider, DATAVERSE))

    assert response.status_code == 200
    assert seen[0] == stale
    assert len(seen) == 2
    assert transport.token_requests() == 2
    assert provider.token(DATAVERSE) == seen[1]


def test_a_second_401_is_returned_without_another_refresh(transport):
    seen: list[str] = []

    with _resource(lambda token: True, seen) as client:
        response = client.get("https://resource/api", auth=BearerAuth(_secret_provider(transport), DATAVERSE))

    assert response.status_code == 401
    assert len(seen) == 2
    assert transport.token_requests() == 2


def test_an_administrator_token_cannot_be_refreshed():
    provider = AccessTokenProvider(authority=AUTHORITY, client_id="", access_token="admin-token")
    seen: list[str] = []

    with _resource(lambda token: True, seen) as client, pytest.raises(AuthenticationError, match="sign in again"):
        client.get("https://resource/api", auth=BearerAuth(provider, DATAVERSE))

    assert seen == ["admin-token"]


def test_the_connection_string_picks_its_provider(transport, directory):
    app = f"Url={DATAVERSE}; ClientId={CLIENT_ID}; ProxyVersion=100"
    cases = [
        (f"AuthType=ClientSecret; {app}; ClientSecret={{CLIENTSECRET}}", {"client_secret": CLIENT_SECRET}),
        (f"AuthType=Certificate; {app}; Certificate={{CERTIFICATE}}", {"certificate": directory.bundle}),
        (
            f"AuthType=OAuth; Url={DATAVERSE}; UserName={USER}; Password={{PASSWORD}}; AppId={PUBLIC_CLIENT_ID}",
            {"password": PASSWORD},
        ),
    ]
    for template, credentials in cases:
        parsed = parse_connection_string(template).with_credentials(**credentials)
        provider = provider_for_connection_string(parsed, authority=AUTHORITY, transport=transport)

        assert _claims(provider.token(parsed.url))["aud"] == DATAVERSE


def test_a_connection_string_with_an_unfilled_placeholder_gets_no_provider():
    parsed = parse_connection_string(
        f"AuthType=ClientSecret; Url={DATAVERSE}; ClientId={CLIENT_ID}; ClientSecret={{CLIENTSECRET}}"
    )

    with pytest.raises(Exception, match="ClientSecret=\\{CLIENTSECRET\\}"):
        provider_for_connection_string(parsed, authority=AUTHORITY)


def test_a_local_authority_is_reached_over_http_with_its_instance_prefix():
    msal_authority, route = AuthorityRoute.for_authority("http://localhost:8000/sandbox/login/cronus.onmicrosoft.com")

    assert msal_authority == "https://localhost:8000/sandbox/login/cronus.onmicrosoft.com"
    assert route.target("https://localhost:8000/sandbox/login/x/oauth2/v2.0/token") == (
        "http://localhost:8000/sandbox/login/x/oauth2/v2.0/token"
    )
    assert route.target("https://localhost:8000/common/userrealm/bob") == (
        "http://localhost:8000/sandbox/login/common/userrealm/bob"
    )
    assert route.target("https://login.microsoftonline.com/common/discovery/instance") is None


def test_the_microsoft_authority_is_used_as_is():
    assert AuthorityRoute.for_authority("https://login.microsoftonline.com/cronus.onmicrosoft.com/") == (
        "https://login.microsoftonline.com/cronus.onmicrosoft.com",
        None,
    )


def test_an_http_authority_is_refused_unless_its_host_is_allowed():
    with pytest.raises(AuthenticationError, match="must use https"):
        AuthorityRoute.for_authority("http://login.example.com/sandbox/login/tenant")


def test_an_unreachable_identity_platform_is_a_transient_error():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    provider = _secret_provider(httpx.MockTransport(refuse))

    with pytest.raises(TransientServiceError, match="did not answer"):
        provider.token(DATAVERSE)


def test_logs_never_contain_the_secret_or_the_token(transport, caplog):
    caplog.set_level(logging.DEBUG)

    token = _secret_provider(transport).token(DATAVERSE)
    _refusal(_user_provider(transport, password="Wr0ng-Pa55"))

    assert caplog.records
    assert CLIENT_SECRET not in caplog.text
    assert "Wr0ng-Pa55" not in caplog.text
    assert token not in caplog.text


def test_a_failing_token_endpoint_is_a_transient_error(transport):
    def fail_token_requests(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(503, text="Service Unavailable")
        return transport.handle_request(request)

    provider = _secret_provider(httpx.MockTransport(fail_token_requests))

    with pytest.raises(TransientServiceError, match="did not answer"):
        provider.token(DATAVERSE)


@pytest.mark.django_db(databases=["default", "sandbox"], transaction=True)
def test_msal_reaches_a_sandbox_served_over_http_on_loopback(sandbox_server):
    provider = _secret_provider(None, authority=f"{sandbox_server}/sandbox/login/{TENANT_ID}")

    try:
        claims = _claims(provider.token(BC))
    finally:
        provider.close()

    assert claims["aud"] == BC
    assert claims["iss"] == f"{sandbox_server.replace('http:', 'https:')}/sandbox/login/{TENANT_ID}/v2.0"


def test_a_token_the_sandbox_no_longer_trusts_is_refreshed_once_end_to_end(transport):
    organization = "http://localhost/sandbox/dataverse"
    provider = _secret_provider(transport)
    with httpx.Client(transport=transport, auth=BearerAuth(provider, organization)) as client:
        assert client.get(f"{organization}/api/data/v9.2/WhoAmI").status_code == 200
        SigningKey.objects.all().delete()  # a `sandbox reset`: the key that signed the cached token is gone

        response = client.get(f"{organization}/api/data/v9.2/WhoAmI")

    assert response.status_code == 200
    assert transport.requests.count("GET /sandbox/dataverse/api/data/v9.2/WhoAmI") == 3
    assert transport.token_requests() == 2
