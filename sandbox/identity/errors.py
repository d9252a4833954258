"""The token endpoint's errors in Microsoft's shape: ``error``, ``error_description`` starting with an AADSTS code,
``error_codes``, trace and correlation ids. The texts follow the real platform's, so that clients (msal, our
token providers) see exactly what they would see from login.microsoftonline.com."""

import uuid
from datetime import UTC, datetime

from django.http import JsonResponse

__all__ = ["IdentityError"]

# name -> (HTTP status, OAuth error, AADSTS code, description); texts paraphrase the platform's.
_CATALOGUE = {
    "unknown_tenant": (400, "invalid_tenant", 90002, "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."),
    "unknown_client": (400, "unauthorized_client", 700016, "Application with identifier '{client_id}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."),
    "wrong_secret": (401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client_id}'."),
    "expired_secret": (401, "invalid_client", 7000222, "The provided client secret keys for app '{client_id}' are expired."),
    "no_credential": (401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
    "assertion_malformed": (401, "invalid_client", 50027, "JWT token is invalid or malformed. {detail}"),
    "assertion_key_not_found": (401, "invalid_client", 700027, "Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '{thumbprint}', Found matching key for app: 'false'. Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{client_id}'.]"),
    "assertion_bad_signature": (401, "invalid_client", 700027, "Client assertion contains an invalid signature. [Reason - The key was found but the signature is invalid.]"),
    "assertion_expired": (401, "invalid_client", 700024, "Client assertion is not within its valid time range."),
    "assertion_wrong_client": (401, "invalid_client", 700021, "Client assertion application identifier doesn't match 'client_id' parameter."),
    "missing_parameter": (400, "invalid_request", 900144, "The request body must contain the following parameter: '{name}'."),
    "unsupported_grant": (400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '{grant_type}'."),
    "scope_two_resources": (400, "invalid_scope", 28000, "Provided value for the input parameter scope is not valid because it contains more than one resource."),
    "scope_not_default": (400, "invalid_scope", 1002012, "The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."),
    "unknown_resource": (400, "invalid_resource", 500011, "The resource principal named {resource} was not found in the tenant named {tenant}. This can happen if the application has not been installed by the administrator of the tenant."),
    "wrong_password": (400, "invalid_grant", 50126, "Error validating credentials due to invalid username or password."),
    "unknown_user": (400, "invalid_grant", 50034, "The user account {upn} does not exist in the {tenant} directory. To sign into this application, the account must be added to the directory."),
    "disabled_user": (400, "invalid_grant", 50057, "The user account is disabled."),
}  # fmt: skip


class IdentityError(Exception):
    """A refused OAuth request, named as in the catalogue; ``response()`` renders it as the platform does."""

    def __init__(self, kind: str, /, **details: str) -> None:
        self.status, self.error, self.code, template = _CATALOGUE[kind]
        self.description = template.format(**details)
        super().__init__(f"AADSTS{self.code}: {self.description}")

    def response(self, correlation_id: str = "") -> JsonResponse:
        now = datetime.now(UTC)
        trace_id, correlation_id = str(uuid.uuid4()), correlation_id or str(uuid.uuid4())
        stamp = now.strftime("%Y-%m-%d %H:%M:%SZ")
        return JsonResponse(
            {
                "error": self.error,
                "error_description": (
                    f"AADSTS{self.code}: {self.description} Trace ID: {trace_id} "
                    f"Correlation ID: {correlation_id} Timestamp: {stamp}"
                ),
                "error_codes": [self.code],
                "timestamp": stamp,
                "trace_id": trace_id,
                "correlation_id": correlation_id,
                "error_uri": f"https://login.microsoftonline.com/error?code={self.code}",
            },
            status=self.status,
        )
