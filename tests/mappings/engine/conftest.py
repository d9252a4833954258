"""Fixtures of the engine tests: a connection with a CUSTOMER mapping, a job to log against, a sandbox world."""

import pytest

from connection_setup.clients.auth import clear_token_caches
from connection_setup.models import Connection
from mappings.models import TableMapping
from synclog.models import SyncJob
from tests.connection_setup.sandbox_setup import in_process_transport
from tests.mappings.coupling.world import run_tasks  # noqa: F401  (queued django-q2 tasks run in-process)
from tests.mappings.engine.world import World, build_world


@pytest.fixture
def connection(db) -> Connection:
    return Connection.objects.create(
        name="CRONUS", bc_tenant="tenant", server_address="https://cronus.crm.dynamics.com", tenant="tenant"
    )


@pytest.fixture
def customer_mapping(connection) -> TableMapping:
    return TableMapping.objects.create(
        connection=connection, name="CUSTOMER", bc_table="Customer", dataverse_table="account"
    )


@pytest.fixture
def job(connection, customer_mapping) -> SyncJob:
    return SyncJob.objects.create(connection=connection, mapping=customer_mapping, mapping_name="CUSTOMER")


@pytest.fixture
def in_process_sandbox(settings):
    """The service clients reach the sandbox in-process, at http://testserver."""
    settings.BCSALES_HTTP_TRANSPORT = in_process_transport()
    settings.ALLOWED_SERVER_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    clear_token_caches()
    yield
    clear_token_caches()


@pytest.fixture
def world(in_process_sandbox) -> World:
    """Three BC customers, two salespeople and a currency; an empty Sales side; the default mappings."""
    return build_world()
