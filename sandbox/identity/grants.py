"""The token endpoint's grants: client credentials (secret or certificate) and the resource-owner password grant.

Each function checks the request in the order the real platform does (tenant, grant, client, credential, scope),
so that the first problem found is the one reported, and returns the JSON body of a successful token response.
"""

import base64
import json
import uuid
from dataclasses import dataclass
from urllib.parse import unquote_plus, urlsplit

from django.utils import timezone

from sandbox.identity.assertions import CLIENT_ASSERTION_TYPE, verify_client_assertion
from sandbox.identity.errors import IdentityError
from sandbox.identity.models import AppRegistration, Tenant, UserAccount
from sandbox.identity.registrations import secret_matches
from sandbox.identity.tokens import ACCESS_TOKEN_LIFETIME, issue_token, sign, standard_claims

__all__ = ["TokenRequest", "client_credentials_grant", "find_tenant", "password_grant"]

_RESERVED_SCOPES = frozenset({"openid", "profile", "offline_access", "email"})


@dataclass(frozen=True)
class TokenRequest:
    """One POST to the token endpoint: the form, the Basic credentials if any, and where it was addressed."""

    tenant: Tenant
    form: dict[str, str]
    authorization: str
    issuer: str
    token_path: str

    def require(self, name: str) -> str:
        value = self.form.get(name, "").strip()
        if not value:
            raise IdentityError("missing_parameter", name=name)
        return value


def find_tenant(segment: str) -> Tenant:
    """The tenant an authority names, by GUID or by domain."""
    try:
        tenant = Tenant.objects.filter(tenant_id=uuid.UUID(segment)).first()
    except ValueError:
        tenant = Tenant.objects.filter(domain=segment.lower()).first()
    if tenant is None:
        raise IdentityError("unknown_tenant", tenant=segment)
    return tenant


def _app(request: TokenRequest) -> AppRegistration:
    client_id = request.require("client_id")
    try:
        app = AppRegistration.objects.filter(tenant=request.tenant, client_id=uuid.UUID(client_id)).first()
    except ValueError:
        app = None
    if app is None:
        raise IdentityError("unknown_client", client_id=client_id, tenant=str(request.tenant.tenant_id))
    return app


def _resource(request: TokenRequest, *, app_only: bool) -> tuple[str, str]:
    """``(resource, scope)``: the one resource the requested scopes name, checked as the platform checks them."""
    scope = request.require("scope")
    named = [item for item in scope.split() if item.lower() not in _RESERVED_SCOPES]
    resources = {item.rsplit("/", 1)[0] for item in named if "/" in item}
    if len(resources) > 1:
        raise IdentityError("scope_two_resources")
    if app_only and (len(named) != 1 or not named[0].endswith("/.default")):
        raise IdentityError("scope_not_default", scope=scope)
    resource = next(iter(resources), "")
    if urlsplit(resource).scheme not in ("http", "https") or not urlsplit(resource).netloc:
        raise IdentityError("unknown_resource", resource=resource or scope, tenant=str(request.tenant.tenant_id))
    return resource, scope


def _check_client_secret(app: AppRegistration, request: TokenRequest) -> None:
    secret = request.form.get("client_secret", "")
    scheme, _, encoded = request.authorization.partition(" ")
    if not secret and scheme.lower() == "basic":
        secret = unquote_plus(base64.b64decode(encoded).decode().partition(":")[2])
    assertion = request.form.get("client_assertion", "")
    if assertion and request.form.get("client_assertion_type") == CLIENT_ASSERTION_TYPE:
        verify_client_assertion(app, assertion, token_path=request.token_path)
    elif not secret:
        raise IdentityError("no_credential")
    elif not secret_matches(secret, app.secret_hash):
        raise IdentityError("wrong_secret", client_id=str(app.client_id))
    elif app.secret_expires_at and app.secret_expires_at <= timezone.now():
        raise IdentityError("expired_secret", client_id=str(app.client_id))


def _token_body(access_token: str) -> dict:
    return {
        "token_type": "Bearer",
        "expires_in": ACCESS_TOKEN_LIFETIME,
        "ext_expires_in": ACCESS_TOKEN_LIFETIME,
        "access_token": access_token,
    }


def _access_token(request: TokenRequest, app: AppRegistration, resource: str, **subject: str) -> str:
    return issue_token(
        issuer=request.issuer,
        tenant_id=str(request.tenant.tenant_id),
        audience=resource,
        app_id=str(app.client_id),
        **subject,
    )


def client_credentials_grant(request: TokenRequest) -> dict:
    """An app-only token for the app registration, authenticated by its secret or its certificate."""
    app = _app(request)
    _check_client_secret(app, request)
    resource, _ = _resource(request, app_only=True)
    return _token_body(_access_token(request, app, resource, object_id=str(app.object_id)))


def _user(request: TokenRequest) -> UserAccount:
    upn = request.require("username")
    password = request.require("password")
    user = UserAccount.objects.filter(tenant=request.tenant, upn=upn.lower()).first()
    if user is None:
        raise IdentityError("unknown_user", upn=upn, tenant=str(request.tenant.tenant_id))
    if not secret_matches(password, user.password_hash):
        raise IdentityError("wrong_password")
    if not user.enabled:
        raise IdentityError("disabled_user")
    return user


def _id_token(request: TokenRequest, app: AppRegistration, user: UserAccount) -> str:
    """The OpenID Connect id token msal reads to remember the account in its token cache."""
    claims = standard_claims(
        issuer=request.issuer,
        tenant_id=str(request.tenant.tenant_id),
        audience=str(app.client_id),
        object_id=str(user.object_id),
        lifetime=ACCESS_TOKEN_LIFETIME,
    )
    return sign({**claims, "preferred_username": user.upn, "name": user.display_name or user.upn})


def password_grant(request: TokenRequest) -> dict:
    """A user token for the legacy on-premises OAuth connection string (ROPC); the app is a public client."""
    app = _app(request)
    user = _user(request)
    resource, scope = _resource(request, app_only=False)
    tenant_id = str(request.tenant.tenant_id)
    token = _access_token(request, app, resource, object_id=str(user.object_id), user_principal_name=user.upn)
    client_info = json.dumps({"uid": str(user.object_id), "utid": tenant_id}).encode()
    return {
        **_token_body(token),
        "scope": scope,
        "id_token": _id_token(request, app, user),
        "client_info": base64.urlsafe_b64encode(client_info).rstrip(b"=").decode(),
    }
