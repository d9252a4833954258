"""Access tokens for Dataverse and Business Central, acquired with msal and attached to requests by ``BearerAuth``.

Three credentials, as BC offers them: a client secret and a certificate (service-to-service, the default) and the
legacy user name and password of the on-premises OAuth connection string. Tokens are cached in memory per process,
shared by every provider of the same app and credential, so that a sync run asks the identity platform once an
hour, not once per request.

msal talks only https and assumes the identity instance sits at its host's root. ``MsalHttpClient`` lets msal
speak its protocol unmodified while routing the connection: through httpx (so tests swap the transport), and for an
http authority on an allowed local host (the sandbox) to that host over http, with the instance's path prefix.
"""

import hashlib
import logging
import re
import threading
from collections.abc import Generator
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import msal
from django.conf import settings
from msal.exceptions import MsalServiceError

from connection_setup.clients.connection_string import AuthType, ConnectionString
from connection_setup.clients.errors import AuthenticationError, TransientServiceError
from connection_setup.clients.http import ssl_context

__all__ = [
    "AccessTokenProvider",
    "AuthorityRoute",
    "BearerAuth",
    "CertificateTokenProvider",
    "ClientSecretTokenProvider",
    "MsalHttpClient",
    "TokenProvider",
    "UsernamePasswordTokenProvider",
    "clear_token_caches",
    "provider_for_connection_string",
]

logger = logging.getLogger(__name__)

# What an administrator should do about each refusal, by AADSTS code.
_MESSAGES = {
    90002: "The tenant '{tenant}' was not found (AADSTS90002). Check the tenant ID or domain of the authority.",
    700016: "The application (client) ID {client_id} is not registered in tenant '{tenant}' (AADSTS700016). "
    "Check the client ID and that the app registration belongs to this tenant.",
    7000215: "The client secret is wrong or has expired (AADSTS7000215). Enter the secret's value (not its ID) "
    "from the app registration {client_id}.",
    7000222: "The client secret of app {client_id} has expired (AADSTS7000222). Create a new secret in the app "
    "registration and enter it on the connection.",
    7000218: "Neither a client secret nor a certificate was sent (AADSTS7000218). Enter one on the connection.",
    700027: "The certificate is not one uploaded to the app registration {client_id} (AADSTS700027). Upload its "
    "public certificate to the app registration, or use the matching certificate.",
    700024: "The certificate sign-in was refused because this server's clock is off (AADSTS700024).",
    50126: "The user name or password of {user} is wrong (AADSTS50126).",
    50034: "The user account {user} does not exist in tenant '{tenant}' (AADSTS50034).",
    50057: "The user account {user} is disabled (AADSTS50057). Enable it or use another integration user.",
    500011: "The resource {resource} is not known in tenant '{tenant}' (AADSTS500011). Check the environment URL.",
}
_AADSTS = re.compile(r"AADSTS(\d+)")
_CACHES: dict[tuple[str, str, str], msal.TokenCache] = {}
_CACHES_LOCK = threading.Lock()


def clear_token_caches() -> None:
    """Forget every cached token of this process (after a credential changed, and between tests)."""
    with _CACHES_LOCK:
        _CACHES.clear()


def _shared_cache(authority: str, client_id: str, fingerprint: str) -> msal.TokenCache:
    with _CACHES_LOCK:
        return _CACHES.setdefault((authority.lower(), client_id.lower(), fingerprint), msal.TokenCache())


@dataclass(frozen=True)
class AuthorityRoute:
    """Where msal's https requests for a local authority really go: ``https://host`` -> ``http://host{prefix}``."""

    msal_origin: str
    target_origin: str
    instance_path: str

    def target(self, url: str) -> str | None:
        """The real URL of a request msal makes, or None when the request is not for this authority's host.

        msal drops the port for user realm discovery (``https://{hostname}/common/userrealm/…``), so a URL on the
        bare host is this authority's too.
        """
        origin = next((o for o in (self.msal_origin, self._bare_origin) if url.startswith(o + "/")), None)
        if origin is None:
            return None
        path = url[len(origin) :]
        if not path.startswith(self.instance_path + "/"):
            path = self.instance_path + path
        return self.target_origin + path

    @property
    def _bare_origin(self) -> str:
        return f"https://{urlsplit(self.msal_origin).hostname}"

    @classmethod
    def for_authority(cls, authority: str) -> tuple[str, "AuthorityRoute | None"]:
        """``(authority as msal sees it, route)``; http is allowed only for hosts in ALLOWED_SERVER_HOSTS."""
        parts = urlsplit(authority.rstrip("/"))
        instance_path = parts.path.rpartition("/")[0]
        if parts.scheme == "https" and not instance_path:
            return authority.rstrip("/"), None
        if parts.scheme not in ("http", "https") or not parts.hostname or not parts.path.strip("/"):
            raise AuthenticationError(0, "InvalidAuthority", f"The authority {authority} is not an https URL.")
        if parts.scheme == "http" and parts.hostname not in settings.ALLOWED_SERVER_HOSTS:
            raise AuthenticationError(
                0, "InvalidAuthority", f"The authority {authority} must use https; http is only for a local sandbox."
            )
        route = cls(f"https://{parts.netloc}", f"{parts.scheme}://{parts.netloc}", instance_path)
        return f"https://{parts.netloc}{parts.path}", route


class MsalHttpClient:
    """The requests-like object msal accepts as ``http_client``, sending through httpx."""

    def __init__(self, client: httpx.Client, route: AuthorityRoute | None) -> None:
        self._client = client
        self._route = route

    def _send(self, method: str, url: str, headers: dict | None, **kwargs) -> httpx.Response:
        headers = {name: value for name, value in (headers or {}).items() if value is not None}
        target = self._route.target(url) if self._route else None
        if target:
            # Tells the local server the scheme msal believes it speaks, so that the endpoints it publishes are https
            # (web servers drop X-Forwarded-Proto from untrusted peers, hence a header of our own).
            headers["X-Sandbox-Client-Scheme"] = "https"
        return self._client.request(method, target or url, headers=headers, **kwargs)

    def get(self, url: str, params: dict | None = None, headers: dict | None = None, **_requests_options):
        return self._send("GET", url, headers, params=params)

    def post(self, url: str, params=None, data=None, headers: dict | None = None, **_requests_options):
        # requests form-encodes bytes values (msal's client assertion) as text; httpx would write their repr.
        form = {key: value.decode() if isinstance(value, bytes) else value for key, value in (data or {}).items()}
        body = {"data": form} if isinstance(data, dict) else {"content": data}
        return self._send("POST", url, headers, params=params, **body)

    def close(self) -> None:
        self._client.close()


class TokenProvider:
    """Acquires tokens for one app (and user) from one authority; ``token(resource)`` serves them from the cache."""

    def __init__(
        self,
        *,
        authority: str,
        client_id: str,
        secret_material: str = "",
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.authority = authority.rstrip("/")
        self.client_id = client_id
        # A digest of the credential keys the shared cache, so that a changed secret never gets the old one's token.
        self._fingerprint = hashlib.sha256(secret_material.encode()).hexdigest()
        self._transport = transport
        self._timeout = timeout
        self._app: msal.ClientApplication | None = None
        self._lock = threading.Lock()

    @property
    def tenant(self) -> str:
        return self.authority.rpartition("/")[2]

    def token(self, resource: str) -> str:
        """A valid access token for ``resource`` (the Dataverse URL or the BC API root)."""
        scopes = [f"{resource.rstrip('/')}/.default"]
        app = self._application()
        try:
            result = self._acquire(app, scopes)
        except (httpx.HTTPError, MsalServiceError) as error:
            raise self._unreachable(error) from None
        if "access_token" not in result:
            raise self._refusal(result, resource)
        logger.debug("Token for %s from %s (app %s)", resource, self.authority, self.client_id)
        return result["access_token"]

    def refresh(self, resource: str, rejected: str) -> str:
        """A new token after a resource refused ``rejected`` with 401: evict it from the cache and acquire again."""
        cache = self._application().token_cache
        for entry in list(cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN, query={"secret": rejected})):
            cache.remove_at(entry)
        return self.token(resource)

    def _application(self) -> msal.ClientApplication:
        with self._lock:
            if self._app is None:
                msal_authority, route = AuthorityRoute.for_authority(self.authority)
                client = httpx.Client(transport=self._transport, timeout=self._timeout, verify=ssl_context())
                http = MsalHttpClient(client, route)
                cache = _shared_cache(self.authority, self.client_id, self._fingerprint)
                try:
                    self._app = self._build(msal_authority, http, cache)
                except ValueError as error:
                    raise self._discovery_failure(error) from None
                except (httpx.HTTPError, MsalServiceError) as error:
                    raise self._unreachable(error) from None
            return self._app

    def _build(self, authority: str, http: MsalHttpClient, cache: msal.TokenCache) -> msal.ClientApplication:
        raise NotImplementedError

    def _acquire(self, app: msal.ClientApplication, scopes: list[str]) -> dict:
        raise NotImplementedError

    def _context(self, resource: str = "") -> dict[str, str]:
        return {"tenant": self.tenant, "client_id": self.client_id, "user": "", "resource": resource}

    def _refusal(self, result: dict, resource: str) -> AuthenticationError:
        description = str(result.get("error_description", ""))
        codes = result.get("error_codes") or [int(m) for m in _AADSTS.findall(description)[:1]]
        code = int(codes[0]) if codes else 0
        summary = description.split(" Trace ID:")[0]
        message = _MESSAGES.get(code, "Sign-in failed ({error}): {summary}").format(
            **self._context(resource), error=result.get("error", ""), summary=summary
        )
        status = 401 if result.get("error") == "invalid_client" else 400
        url = f"{self.authority}/oauth2/v2.0/token"
        return AuthenticationError(status, f"AADSTS{code}", message, "POST", url, str(result.get("trace_id", "")))

    def _discovery_failure(self, error: ValueError) -> AuthenticationError:
        text = f"{error} {error.__context__ or ''}"
        match = _AADSTS.search(text)
        if not match:
            return AuthenticationError(0, "InvalidAuthority", f"The authority {self.authority} cannot be used: {error}")
        result = {"error_codes": [int(match.group(1))], "error_description": text[match.start() :]}
        return self._refusal(result, "")

    def _unreachable(self, error: Exception) -> TransientServiceError:
        return TransientServiceError(
            0, "IdentityUnreachable", f"The identity platform {self.authority} did not answer: {error}"
        )

    def close(self) -> None:
        if self._app is not None:
            self._app.http_client.close()


class _ConfidentialProvider(TokenProvider):
    """An app that proves itself with a credential of its own and gets app-only tokens (client credentials)."""

    def __init__(self, *, credential: str | dict, **kwargs) -> None:
        self._credential = credential
        super().__init__(**kwargs)

    def _build(self, authority, http, cache):
        return msal.ConfidentialClientApplication(
            self.client_id,
            client_credential=self._credential,
            authority=authority,
            http_client=http,
            token_cache=cache,
            instance_discovery=False,
        )

    def _acquire(self, app, scopes):
        return app.acquire_token_for_client(scopes=scopes)


class ClientSecretTokenProvider(_ConfidentialProvider):
    """Service-to-service with the app registration's client secret (BC's ``AuthType=ClientSecret``)."""

    def __init__(self, *, client_secret: str, **kwargs) -> None:
        super().__init__(credential=client_secret, secret_material=client_secret, **kwargs)


class CertificateTokenProvider(_ConfidentialProvider):
    """Service-to-service with a certificate (BC's ``AuthType=Certificate``): a PEM holding the private key and the
    public certificate; msal signs a client assertion and names the key by its SHA-256 thumbprint."""

    _BLOCK = re.compile(r"-----BEGIN ([A-Z ]+)-----.+?-----END \1-----", re.DOTALL)

    def __init__(self, *, certificate_pem: str, **kwargs) -> None:
        blocks = {match.group(1): match.group(0) for match in self._BLOCK.finditer(certificate_pem)}
        key = next((block for name, block in blocks.items() if name.endswith("PRIVATE KEY")), "")
        if not key or "CERTIFICATE" not in blocks:
            raise AuthenticationError(
                0, "InvalidCertificate", "The certificate must be a PEM with both the private key and the certificate."
            )
        credential = {"private_key": key, "public_certificate": blocks["CERTIFICATE"]}
        super().__init__(credential=credential, secret_material=certificate_pem, **kwargs)


class UsernamePasswordTokenProvider(TokenProvider):
    """The legacy on-premises ``AuthType=OAuth`` string: a user signs in with a password through a public client app
    (ROPC, deprecated by Microsoft and kept only for that string); the cached token is used while valid."""

    def __init__(self, *, user_name: str, password: str, **kwargs) -> None:
        self.user_name = user_name
        self._password = password
        super().__init__(secret_material=f"{user_name}\n{password}", **kwargs)

    def _build(self, authority, http, cache):
        return msal.PublicClientApplication(
            self.client_id, authority=authority, http_client=http, token_cache=cache, instance_discovery=False
        )

    def _acquire(self, app, scopes):
        for account in app.get_accounts(username=self.user_name):
            result = app.acquire_token_silent(scopes, account=account)
            if result:
                return result
        return app.acquire_token_by_username_password(self.user_name, self._password, scopes=scopes)

    def _context(self, resource: str = "") -> dict[str, str]:
        return {**super()._context(resource), "user": self.user_name}


class AccessTokenProvider(TokenProvider):
    """An administrator's token from an interactive sign-in (the temporary ``AccessToken=`` string): used as is,
    since it cannot be renewed without the administrator."""

    def __init__(self, *, access_token: str, **kwargs) -> None:
        self._access_token = access_token
        super().__init__(**kwargs)

    def token(self, resource: str) -> str:
        return self._access_token

    def refresh(self, resource: str, rejected: str) -> str:
        raise AuthenticationError(401, "ExpiredAccessToken", "The administrator's sign-in has expired; sign in again.")


def provider_for_connection_string(
    connection_string: ConnectionString, *, authority: str, transport: httpx.BaseTransport | None = None
) -> TokenProvider:
    """The token provider a parsed connection string with its credentials filled in calls for."""
    cs = connection_string.require_resolved()
    common = {"authority": authority, "client_id": cs.client_id, "transport": transport}
    if cs.auth_type == AuthType.CLIENT_SECRET:
        return ClientSecretTokenProvider(client_secret=cs.client_secret, **common)
    if cs.auth_type == AuthType.CERTIFICATE:
        return CertificateTokenProvider(certificate_pem=cs.certificate, **common)
    if cs.auth_type == AuthType.OAUTH:
        return UsernamePasswordTokenProvider(user_name=cs.user_name, password=cs.password, **common)
    return AccessTokenProvider(access_token=cs.access_token, **common)


class BearerAuth(httpx.Auth):
    """Adds the provider's token to each request; on a 401 it refreshes the token once and sends the request again."""

    def __init__(self, provider: TokenProvider, resource: str) -> None:
        self.provider = provider
        self.resource = resource

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.provider.token(self.resource)
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {self.provider.refresh(self.resource, token)}"
            yield request

    def close(self) -> None:
        """Close the provider's sign-in client with the service client it serves (each client has its own)."""
        self.provider.close()
