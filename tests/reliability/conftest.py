"""Fixtures of the reliability tests: the soak world on a sandbox served over a real loopback socket."""

from collections.abc import Iterator

import pytest

from bcsales.soak_world import seed_soak_world
from connection_setup.clients.auth import clear_token_caches
from connection_setup.models import Connection
from tests.connection_setup.conftest import connection  # noqa: F401  (a fixture: a saved connection with a secret)
from tests.fixtures.sandbox import serve_app
from tests.mappings.engine.conftest import in_process_sandbox  # noqa: F401  (a fixture)


@pytest.fixture
def served_base(settings) -> Iterator[str]:
    """The app (with the sandbox) served by waitress on a free loopback port; the clients go over the network."""
    settings.BCSALES_HTTP_TRANSPORT = None
    settings.ALLOWED_SERVER_HOSTS = ["127.0.0.1"]
    clear_token_caches()
    with serve_app(threads=8) as base:
        yield base
    clear_token_caches()


@pytest.fixture
def soak_connection(served_base) -> Connection:
    """100 BC customers with 150 person contacts, 100 items, 20 vendors and 10 Sales accounts, and the SOAK connection."""
    return seed_soak_world(100, served_base)


@pytest.fixture
def world(in_process_sandbox):  # noqa: F811  (the engine tests' fixture, imported above)
    """The engine tests' small world: three BC customers, an empty Sales side, the default mappings, in-process."""
    from tests.mappings.engine.world import build_world

    return build_world()
