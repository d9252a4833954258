"""Clients wired to the sandbox: the real clients, with only the transport swapped (WSGI in-process or a socket)."""

import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest

from connection_setup.clients.business_central import BusinessCentralClient
from connection_setup.clients.dataverse import DataverseClient
from connection_setup.clients.policy import RetryPolicy
from tests.fixtures import sandbox as sandbox_fixtures

# The sandbox fixtures this folder uses, registered here by name.
_keep_test_connections_open = sandbox_fixtures._keep_test_connections_open
_reset_sandbox_faults = sandbox_fixtures._reset_sandbox_faults
sandbox_server = sandbox_fixtures.sandbox_server
sandbox_token = sandbox_fixtures.sandbox_token
TEST_TENANT_ID = sandbox_fixtures.TEST_TENANT_ID

IN_PROCESS = "http://testserver"
BC_ENVIRONMENT = "production"


class StaticBearer(httpx.Auth):
    """A fixed bearer token from the identity emulator; the product's token providers are tested elsewhere."""

    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


class Sleeps(list):
    """The injected sleep: records each wait instead of waiting, so retry tests are instant."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def in_process() -> httpx.WSGITransport:
    return sandbox_fixtures.in_process_transport()


@pytest.fixture
def make_dataverse(sandbox_token, in_process, sleeps) -> Callable[..., DataverseClient]:
    def make(*, base_url: str = IN_PROCESS, transport=None, **options) -> DataverseClient:
        token = sandbox_token("dataverse", base_url=base_url)
        transport = in_process if transport is None and base_url == IN_PROCESS else transport
        options.setdefault("sleep", sleeps)
        return DataverseClient(f"{base_url}/sandbox/dataverse", StaticBearer(token), transport=transport, **options)

    return make


@pytest.fixture
def dataverse(make_dataverse) -> Iterator[DataverseClient]:
    with make_dataverse() as client:
        yield client


@pytest.fixture
def bc_company() -> str:
    """A company in the BC emulator, created for the test."""
    from sandbox.bc import service

    return str(service.create("Company", {"Name": "CRONUS Test", "Display Name": "CRONUS Test"}).row_id)


@pytest.fixture
def make_bc(sandbox_token, in_process, sleeps) -> Callable[..., BusinessCentralClient]:
    def make(*, base_url: str = IN_PROCESS, transport=None, **options) -> BusinessCentralClient:
        token = sandbox_token("bc", base_url=base_url)
        transport = in_process if transport is None and base_url == IN_PROCESS else transport
        options.setdefault("sleep", sleeps)
        root = f"{base_url}/sandbox/bc"
        return BusinessCentralClient(
            root, TEST_TENANT_ID, BC_ENVIRONMENT, StaticBearer(token), transport=transport, **options
        )

    return make


@pytest.fixture
def bc(make_bc, bc_company) -> Iterator[BusinessCentralClient]:
    with make_bc(company_id=bc_company) as client:
        yield client


QUICK = RetryPolicy(max_attempts=3, backoff_base=0.01, backoff_cap=0.01, read_timeout=5)


def new_id() -> str:
    return str(uuid.uuid4())


def walk_pages(pages: Iterator[list[dict]], key: str) -> tuple[list[int], set]:
    """Walk pages as the engine does, keeping only each page's size and the distinct keys seen."""
    sizes, keys = [], set()
    for page in pages:
        sizes.append(len(page))
        keys.update(row[key] for row in page)
    return sizes, keys
