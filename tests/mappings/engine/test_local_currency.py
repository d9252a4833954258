"""The LCY's Dataverse currency: read once per connection, then taken from the connection without a request."""

import uuid

import pytest

from connection_setup.models import Connection
from mappings.engine.local_currency import LocalCurrency
from mappings.services.sync_actions import service_sides
from sandbox.bc import service as bc
from tests.mappings.engine.world import sales_create

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _lcy(code: str) -> None:
    """BC's company information names ``code`` as the LCY (General Ledger Setup's LCY Code)."""
    bc.create("Company Information", {"Name": "CRONUS"})
    bc.create("General Ledger Setup", {"Primary Key": "", "LCY Code": code})


def _usd() -> uuid.UUID:
    _lcy("USD")
    body = {"isocurrencycode": "USD", "currencyname": "US Dollar", "currencysymbol": "$", "exchangerate": 1}
    return sales_create("transactioncurrency", body | {"currencyprecision": 2})


def _requests(sides) -> int:
    return sides.bc_client.stats.requests + sides.dataverse_client.stats.requests


def _local_currency(connection: Connection) -> tuple[uuid.UUID | None, int]:
    """The LCY id a fresh pass finds, and the requests it cost."""
    sides = service_sides(connection)
    return LocalCurrency(connection.pk, sides)(), _requests(sides)


def test_the_lcy_currency_is_read_once_and_stored_on_the_connection(world):
    usd = _usd()

    first, first_requests = _local_currency(world.connection)
    second, second_requests = _local_currency(world.connection)

    assert first == second == usd and first_requests > 0 and second_requests == 0
    stored = Connection.objects.get(pk=world.connection.pk)
    assert (stored.base_currency_code, stored.base_currency_id) == ("USD", usd)


def test_a_connection_holding_its_base_currency_asks_no_service(world):
    base = uuid.uuid4()
    Connection.objects.filter(pk=world.connection.pk).update(base_currency_code="USD", base_currency_id=base)

    assert _local_currency(world.connection) == (base, 0)


def test_an_lcy_without_a_sales_currency_is_none_and_stores_no_id(world):
    _lcy("DKK")

    assert _local_currency(world.connection)[0] is None
    stored = Connection.objects.get(pk=world.connection.pk)
    assert (stored.base_currency_code, stored.base_currency_id) == ("DKK", None)
