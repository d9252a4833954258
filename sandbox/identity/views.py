"""The emulated identity platform's endpoints: OIDC discovery, the token endpoint, the JWKS and the user realm.

These are machine endpoints, called by msal with no session: they are exempt from login and CSRF like the real
ones, and answer in the platform's JSON shapes. URLs in the documents are built from the address the client used,
with the scheme the client believes it speaks when it says so in ``X-Sandbox-Client-Scheme`` (bcsales' msal adapter
does), so that msal, which insists on https, can be served over http on loopback.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sandbox.identity.errors import IdentityError
from sandbox.identity.grants import TokenRequest, client_credentials_grant, find_tenant, password_grant
from sandbox.identity.keys import jwks
from sandbox.identity.models import UserAccount
from sandbox.identity.tokens import issuer_for

__all__ = ["discovery_keys", "openid_configuration", "token", "user_realm"]

_GRANTS = {"client_credentials": client_credentials_grant, "password": password_grant}


def authority_base(request: HttpRequest, tenant: str) -> str:
    """``{scheme}://{host}{prefix}``: the instance root the client addressed, before the tenant segment."""
    forwarded = request.headers.get("X-Sandbox-Client-Scheme", "").lower()
    scheme = forwarded if forwarded in ("http", "https") else request.scheme
    prefix = request.path[: request.path.index(f"/{tenant}/")]
    return f"{scheme}://{request.get_host()}{prefix}"


def _no_store(response: JsonResponse) -> JsonResponse:
    response["Cache-Control"] = "no-store, no-cache"
    response["Pragma"] = "no-cache"
    return response


@login_not_required
@require_GET
def openid_configuration(request: HttpRequest, tenant: str) -> JsonResponse:
    """The OIDC discovery document; an unknown tenant gets AADSTS90002 as from login.microsoftonline.com."""
    try:
        tenant_id = str(find_tenant(tenant).tenant_id)
    except IdentityError as error:
        return error.response()
    base = authority_base(request, tenant)
    return JsonResponse(
        {
            "issuer": issuer_for(base, tenant_id),
            "authorization_endpoint": f"{base}/{tenant_id}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/{tenant_id}/oauth2/v2.0/token",
            "jwks_uri": f"{base}/{tenant_id}/discovery/v2.0/keys",
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "grant_types_supported": sorted(_GRANTS),
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid", "preferred_username", "name"],
            "tenant_region_scope": "EU",
            "cloud_instance_name": "microsoftonline.com",
        }
    )


@login_not_required
@require_GET
def discovery_keys(request: HttpRequest, tenant: str) -> JsonResponse:
    """The JWKS that resource servers verify token signatures with."""
    try:
        find_tenant(tenant)
    except IdentityError as error:
        return error.response()
    return JsonResponse(jwks())


@csrf_exempt
@login_not_required
@require_POST
def token(request: HttpRequest, tenant: str) -> JsonResponse:
    """The v2.0 token endpoint: client credentials (secret or certificate assertion) and password grants."""
    correlation_id = request.headers.get("client-request-id", "")
    try:
        found = find_tenant(tenant)
        grant_type = request.POST.get("grant_type", "").strip()
        if not grant_type:
            raise IdentityError("missing_parameter", name="grant_type")
        if grant_type not in _GRANTS:
            raise IdentityError("unsupported_grant", grant_type=grant_type)
        token_request = TokenRequest(
            tenant=found,
            form={key: request.POST.get(key, "") for key in request.POST},
            authorization=request.headers.get("Authorization", ""),
            issuer=issuer_for(authority_base(request, tenant), str(found.tenant_id)),
            token_path=request.path,
        )
        return _no_store(JsonResponse(_GRANTS[grant_type](token_request)))
    except IdentityError as error:
        return _no_store(error.response(correlation_id))


@login_not_required
@require_GET
def user_realm(request: HttpRequest, username: str) -> JsonResponse:
    """msal asks whether a user is federated before the password grant; sandbox users are always managed."""
    domain = username.rpartition("@")[2].lower()
    known = UserAccount.objects.filter(upn=username.lower()).exists()
    return JsonResponse(
        {
            "ver": "1.0",
            "account_type": "Managed" if known else "Unknown",
            "domain_name": domain,
            "cloud_instance_name": "microsoftonline.com",
            "cloud_audience_urn": "urn:federation:MicrosoftOnline",
        }
    )
