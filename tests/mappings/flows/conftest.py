"""Fixtures of the flow tests: the emulators reached in-process and a small sales world."""

import pytest

from connection_setup.clients.auth import clear_token_caches
from tests.connection_setup.sandbox_setup import in_process_transport
from tests.mappings.flows.world import SalesWorld, build_sales_world


@pytest.fixture
def in_process_sandbox(settings):
    settings.BCSALES_HTTP_TRANSPORT = in_process_transport()
    settings.ALLOWED_SERVER_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    clear_token_caches()
    yield
    clear_token_caches()


@pytest.fixture
def world(in_process_sandbox) -> SalesWorld:
    return build_sales_world()
