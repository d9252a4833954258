"""Access tokens of the emulated identity platform: RS256 JWTs issued here and checked by both API emulators.

A token carries what a resource server needs to decide: the audience (the resource of the ``{resource}/.default``
scope), the tenant, the app or user, and the expiry. ``verify_bearer`` tells apart each way a token can be wrong,
so that the emulated APIs answer 401 with a reason an administrator can act on. A token's signature is checked the
first time it is presented; later uses take its claims from ``VerifiedTokens`` and check only what can change.
"""

import time
import uuid
from dataclasses import dataclass

import jwt
from django.http import HttpRequest

from sandbox.identity.keys import current_signing_key, private_key_of, public_key_for
from sandbox.identity.models import SigningKey, Tenant
from sandbox.identity.token_cache import VerifiedTokens
from sandbox.identity.trust import still_trusted

__all__ = [
    "ACCESS_TOKEN_LIFETIME",
    "Caller",
    "TokenRejected",
    "issue_token",
    "issuer_for",
    "same_resource",
    "verify_bearer",
]

ACCESS_TOKEN_LIFETIME = 3599
_VERIFIED = VerifiedTokens(capacity=1024)


class TokenRejected(Exception):
    """A bearer token the APIs must refuse with 401; ``reason`` is one of ``REASONS``."""

    REASONS = ("missing", "malformed", "bad signature", "expired", "wrong audience", "unknown tenant", "unknown user")

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        self.message = message
        super().__init__(f"{reason}: {message}")

    def www_authenticate(self) -> str:
        """The ``WWW-Authenticate`` header value a resource server sends with the 401."""
        description = self.message.replace('"', "'")
        return f'Bearer error="invalid_token", error_description="{description}"'


@dataclass(frozen=True)
class Caller:
    """Who called an emulated API: an application (app-only token) or a user signed in through an app."""

    tenant_id: str
    app_id: str
    object_id: str
    audience: str
    user_principal_name: str = ""

    @property
    def is_app(self) -> bool:
        return not self.user_principal_name


def issuer_for(authority_base: str, tenant_id: str) -> str:
    """The ``iss`` of tokens of a tenant: ``{base}/{tenant id}/v2.0``, as the v2.0 endpoint writes it."""
    return f"{authority_base.rstrip('/')}/{tenant_id}/v2.0"


def same_resource(first: str, second: str) -> bool:
    """Resource URLs match without regard to case or a trailing slash (``https://org.crm.dynamics.com/``)."""
    return first.rstrip("/").lower() == second.rstrip("/").lower()


def sign(claims: dict) -> str:
    """A JWT of ``claims`` signed RS256 with the current key, named by ``kid`` so that the JWKS finds it."""
    key = current_signing_key()
    return jwt.encode(claims, private_key_of(key), algorithm="RS256", headers={"kid": key.kid})


def standard_claims(*, issuer: str, tenant_id: str, audience: str, object_id: str, lifetime: int) -> dict:
    """The claims every token of the platform carries: who issued it, for whom, about whom, and until when."""
    now = int(time.time())
    return {
        "aud": audience,
        "iss": issuer,
        "iat": now,
        "nbf": now,
        "exp": now + lifetime,
        "tid": str(tenant_id),
        "oid": str(object_id),
        "sub": str(object_id),
        "ver": "2.0",
    }


def issue_token(
    *,
    issuer: str,
    tenant_id: str,
    audience: str,
    app_id: str,
    object_id: str,
    user_principal_name: str = "",
    lifetime: int = ACCESS_TOKEN_LIFETIME,
) -> str:
    """A signed access token; a user token names the user, an app-only token has ``idtyp=app``."""
    claims = standard_claims(
        issuer=issuer, tenant_id=tenant_id, audience=audience, object_id=object_id, lifetime=lifetime
    )
    claims.update(
        appid=str(app_id), azp=str(app_id), idtyp="user" if user_principal_name else "app", uti=uuid.uuid4().hex
    )
    if user_principal_name:
        claims.update(upn=user_principal_name, preferred_username=user_principal_name, scp="user_impersonation")
    return sign(claims)


_EXPIRED = "The token has expired; acquire a new one."
_UNKNOWN_KEY = "The token was not signed by a key of this identity platform."


def _bearer_of(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenRejected("missing", "The request has no bearer token in its Authorization header.")
    return token.strip()


def _signed_claims(token: str) -> tuple[str, dict]:
    """The id of the key that signed the token and its claims, the signature checked on first sight; expiry is
    checked on every use."""
    verified = _VERIFIED.get(token)
    if verified is None:
        verified = _verified_signature(token)
        _VERIFIED.remember(token, verified)
    if int(verified[1]["exp"]) <= time.time():
        _VERIFIED.forget(token)
        raise TokenRejected("expired", _EXPIRED)
    return verified


def _verified_signature(token: str) -> tuple[str, dict]:
    try:
        kid = jwt.get_unverified_header(token).get("kid", "")
    except jwt.DecodeError:
        raise TokenRejected("malformed", "The bearer token is not a well-formed JWT.") from None
    public_key = public_key_for(kid) if kid else None
    if public_key is None:
        raise TokenRejected("bad signature", _UNKNOWN_KEY)
    try:
        claims = jwt.decode(
            token, public_key, algorithms=["RS256"], options={"verify_aud": False, "require": ["exp", "aud", "tid"]}
        )
    except jwt.ExpiredSignatureError:
        raise TokenRejected("expired", _EXPIRED) from None
    except jwt.InvalidSignatureError:
        raise TokenRejected("bad signature", "The token's signature is invalid.") from None
    except jwt.InvalidTokenError as error:
        raise TokenRejected("malformed", f"The token cannot be used: {error}.") from None
    return kid, claims


def verify_bearer(request: HttpRequest, *, audience: str) -> Caller:
    """The caller of an emulated API, or ``TokenRejected`` for a missing, malformed, forged, expired,
    wrong-audience or unknown-tenant token, or a user token of a user since removed or disabled."""
    kid, claims = _signed_claims(_bearer_of(request))
    if not same_resource(str(claims["aud"]), audience):
        raise TokenRejected("wrong audience", f"The token is for {claims['aud']}, not for {audience}.")
    tenant_id, upn = str(claims["tid"]), str(claims.get("upn", ""))
    if not str(claims.get("iss", "")).endswith(f"/{tenant_id}/v2.0"):
        raise TokenRejected("unknown tenant", f"The token's tenant {tenant_id} is not known here.")
    _check_still_trusted(kid, tenant_id, upn)
    return Caller(
        tenant_id=tenant_id,
        app_id=str(claims.get("appid", "")),
        object_id=str(claims.get("oid", "")),
        audience=str(claims["aud"]),
        user_principal_name=upn,
    )


def _check_still_trusted(kid: str, tenant_id: str, upn: str) -> None:
    """What can change while a token is valid is checked on every use, in one indexed query (``trust``): the
    signing key is still stored (``sandbox reset`` replaces it), and the tenant still exists (removing it removes
    its apps) or, for a user's token, the user is still an enabled user of the tenant. Only a refusal asks again,
    for the reason."""
    try:
        tenant_guid = uuid.UUID(tenant_id)
    except ValueError:
        raise TokenRejected("unknown tenant", f"The token's tenant {tenant_id} is not known here.") from None
    if still_trusted(kid, tenant_guid, upn):
        return
    if not SigningKey.objects.filter(kid=kid).exists():
        raise TokenRejected("bad signature", _UNKNOWN_KEY)
    if not Tenant.objects.filter(tenant_id=tenant_guid).exists():
        raise TokenRejected("unknown tenant", f"The token's tenant {tenant_id} is not known here.")
    raise TokenRejected("unknown user", f"The token's user {upn} is no longer an enabled user of the tenant.")
