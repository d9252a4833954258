"""Fixtures of the Connection Setup tests: a saved connection and the sandbox's test host on the allow-list."""

import pytest

from connection_setup.models import AuthenticationType, Connection

SECRET = "s3cr3t-value-never-shown"


@pytest.fixture(autouse=True)
def _sandbox_hosts(settings):
    """In-process requests reach the sandbox at http://testserver, as the demo reaches it on loopback."""
    settings.ALLOWED_SERVER_HOSTS = ["localhost", "127.0.0.1", "testserver"]


@pytest.fixture
def connection(db) -> Connection:
    return Connection.objects.create(
        name="CRONUS",
        server_address="https://cronus.crm4.dynamics.com",
        tenant="contoso.onmicrosoft.com",
        authentication_type=AuthenticationType.CLIENT_SECRET,
        client_id="0b7c6e3a-2f1d-4c5b-8a9e-7d6c5b4a3f21",
        client_secret=SECRET,
        bc_tenant="contoso.onmicrosoft.com",
        bc_environment="production",
        bc_company_name="CRONUS International Ltd.",
    )


@pytest.fixture
def product_reaches_sandbox(sandbox_transport, settings):
    """The product's clients reach the sandbox in-process; tokens are never reused between tests."""
    from connection_setup.clients.auth import clear_token_caches

    settings.BCSALES_HTTP_TRANSPORT = sandbox_transport
    clear_token_caches()
    yield sandbox_transport
    clear_token_caches()


@pytest.fixture
def demo_sandbox(seeded_sandbox, product_reaches_sandbox):
    """The seeded demo company and Sales environment, reached by the product in-process."""
    return seeded_sandbox
