"""A small CRONUS world in the sandbox for the coupling, review and log page tests.

A BC company with currencies and customers, a Sales environment with currencies and accounts, and a connection
to both with the default mappings; in-process through ``httpx.WSGITransport``. ``run_tasks`` makes django-q2 run
queued tasks at once (its sync mode), so that a queued job runs when the transaction's callbacks run.
"""

import uuid
from dataclasses import dataclass

import pytest
from django_q.conf import Conf

from connection_setup.clients.auth import clear_token_caches
from connection_setup.models import Connection
from mappings.models import Coupling, TableMapping
from mappings.services.mapping_setup import apply_default_synchronization_setup
from sandbox.bc import service as bc
from sandbox.dataverse import service as dataverse
from sandbox.dataverse.schema import table_named
from sandbox.demo import credentials as demo
from tests.connection_setup.sandbox_setup import in_process_transport, sandbox_connection, seed_integration_user

__all__ = ["World", "run_tasks", "world"]


@dataclass
class World:
    connection: Connection

    def mapping(self, name: str) -> TableMapping:
        return TableMapping.objects.get(connection=self.connection, name=name)

    def coupling(self, mapping: TableMapping, bc_id, row_id, **fields) -> Coupling:
        """A coupling row of the mapping's tables, as the engine or a Couple action leaves it."""
        return Coupling.objects.create(
            connection=self.connection,
            mapping_name=mapping.name,
            bc_table=mapping.bc_table,
            bc_system_id=bc_id,
            dataverse_table=mapping.dataverse_table,
            dataverse_id=row_id,
            **fields,
        )

    def customer(self, name: str, **values) -> uuid.UUID:
        return bc.create("Customer", {"Name": name, **values}).row_id

    def currency(self, code: str) -> uuid.UUID:
        return bc.create("Currency", {"Code": code, "Description": code, "ISO Code": code, "Symbol": code}).row_id

    def account(self, name: str, **values) -> uuid.UUID:
        body = {"name": name, "customertypecode": 3, **values}
        return dataverse.create(table_named("account"), body, caller_id=demo.ADMIN_USER_ID).row_id

    def dataverse_currency(self, iso: str, rate: float) -> uuid.UUID:
        body = {"isocurrencycode": iso, "currencyname": iso, "currencysymbol": iso, "exchangerate": rate}
        return dataverse.create(
            table_named("transactioncurrency"), {**body, "currencyprecision": 2}, caller_id=demo.ADMIN_USER_ID
        ).row_id


@pytest.fixture
def world(settings) -> World:
    settings.BCSALES_HTTP_TRANSPORT = in_process_transport()
    settings.ALLOWED_SERVER_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    clear_token_caches()
    seed_integration_user()
    bc.create("Company", {"Name": "CRONUS", "Display Name": demo.COMPANY_NAME}, row_id=demo.COMPANY_ID)
    connection = sandbox_connection(bc_company_id=demo.COMPANY_ID, integration_user_id=demo.INTEGRATION_USER_ID)
    apply_default_synchronization_setup(connection)
    yield World(connection)
    clear_token_caches()


@pytest.fixture
def run_tasks(monkeypatch, django_capture_on_commit_callbacks):
    """Queued django-q2 tasks run in-process when the test leaves the block: ``with run_tasks(): ...``."""
    monkeypatch.setattr(Conf, "SYNC", True)
    return lambda: django_capture_on_commit_callbacks(execute=True)
