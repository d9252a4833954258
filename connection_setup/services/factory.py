"""Build the two service clients from a Connection: the token provider, ``BearerAuth`` and the client.

Tests reach the sandbox in-process by setting ``settings.BCSALES_HTTP_TRANSPORT`` (an ``httpx`` transport) or by
passing ``transport=``; the demo and production use the network. Interactive set-up actions use a short retry
policy, so that a wrong address fails within seconds instead of after the sync engine's patient retries.
"""

import httpx
from django.conf import settings

from connection_setup.clients.auth import (
    BearerAuth,
    CertificateTokenProvider,
    ClientSecretTokenProvider,
    TokenProvider,
    UsernamePasswordTokenProvider,
    provider_for_connection_string,
)
from connection_setup.clients.business_central import BusinessCentralClient
from connection_setup.clients.connection_string import parse_connection_string
from connection_setup.clients.dataverse import DataverseClient
from connection_setup.clients.policy import BC_PAGE_SIZE, DATAVERSE_PAGE_SIZE, RetryPolicy
from connection_setup.forms import AdminCredentials
from connection_setup.models import AuthenticationType, Connection

__all__ = ["INTERACTIVE_POLICY", "business_central_client", "dataverse_client", "token_provider"]

INTERACTIVE_POLICY = RetryPolicy(max_attempts=2, max_elapsed=20.0, connect_timeout=5.0, read_timeout=60.0)
BC_RESOURCE = "https://api.businesscentral.dynamics.com"


def _transport(transport: httpx.BaseTransport | None) -> httpx.BaseTransport | None:
    return transport or getattr(settings, "BCSALES_HTTP_TRANSPORT", None)


def token_provider(
    connection: Connection, *, admin: AdminCredentials | None = None, transport: httpx.BaseTransport | None = None
) -> TokenProvider:
    """The integration user's provider, or the administrator's when ``admin`` signs in for a deployment."""
    common = {
        "authority": f"{connection.authority_host.rstrip('/')}/{connection.tenant}",
        "client_id": connection.client_id,
        "transport": _transport(transport),
    }
    if admin is not None:
        return UsernamePasswordTokenProvider(user_name=admin.user_name, password=admin.password, **common)
    if connection.connection_string:
        parsed = parse_connection_string(connection.connection_string).with_credentials(
            client_secret=connection.client_secret, certificate=connection.certificate, password=connection.password
        )
        return provider_for_connection_string(parsed, authority=common["authority"], transport=common["transport"])
    if connection.authentication_type == AuthenticationType.CERTIFICATE:
        return CertificateTokenProvider(certificate_pem=connection.certificate, **common)
    if connection.authentication_type == AuthenticationType.PASSWORD:
        return UsernamePasswordTokenProvider(user_name=connection.user_name, password=connection.password, **common)
    return ClientSecretTokenProvider(client_secret=connection.client_secret, **common)


def dataverse_client(
    connection: Connection,
    *,
    admin: AdminCredentials | None = None,
    transport: httpx.BaseTransport | None = None,
    policy: RetryPolicy = INTERACTIVE_POLICY,
    page_size: int = DATAVERSE_PAGE_SIZE,
) -> DataverseClient:
    provider = token_provider(connection, admin=admin, transport=transport)
    auth = BearerAuth(provider, connection.server_address)
    return DataverseClient(
        connection.server_address,
        auth,
        api_version=connection.api_version,
        transport=_transport(transport),
        policy=policy,
        page_size=page_size,
    )


def business_central_client(
    connection: Connection,
    *,
    transport: httpx.BaseTransport | None = None,
    policy: RetryPolicy = INTERACTIVE_POLICY,
    page_size: int = BC_PAGE_SIZE,
) -> BusinessCentralClient:
    """BC tokens come from the same app registration as Dataverse's (one Entra app serves both APIs)."""
    provider = token_provider(connection, transport=transport)
    return BusinessCentralClient(
        connection.bc_service_root,
        connection.bc_tenant,
        connection.bc_environment,
        BearerAuth(provider, BC_RESOURCE),
        company_id=connection.bc_company_id,
        transport=_transport(transport),
        policy=policy,
        page_size=page_size,
    )
