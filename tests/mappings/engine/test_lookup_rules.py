"""Lookups through couplings, Clear Value on Failed Sync, the skip rule, and the other default mappings
(sync_engine §2.11, §3.2) against the sandbox."""

import uuid

import pytest

from mappings.models import Coupling, FieldMapping, SynchResult
from sandbox import store
from synclog.models import SyncError
from tests.mappings.engine.world import (
    age_records,
    bc_create,
    bc_row,
    bc_update,
    sales_create,
    sales_row,
    sales_update,
)

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

NOT_COUPLED = "Currency Code EUR must be coupled to a record in Dynamics 365 Sales."


def _eur_id() -> uuid.UUID:
    return store.find("bc", "Currency", **{"Code": "EUR"})[0].row_id


def _couple_eur(world) -> uuid.UUID:
    """EUR coupled to a Sales currency, as a manual coupling (Set Up Coupling) leaves it."""
    body = {"isocurrencycode": "EUR", "currencyname": "Euro", "currencysymbol": "€", "exchangerate": 0.9}
    currency = sales_create("transactioncurrency", body | {"currencyprecision": 2})
    Coupling.objects.create(
        connection=world.connection,
        bc_table="Currency",
        bc_system_id=_eur_id(),
        dataverse_table="transactioncurrency",
        dataverse_id=currency,
    )
    return currency


def _customer(name: str):
    return store.find("bc", "Customer", **{"Name": name})[0]


def test_a_related_record_that_is_not_coupled_fails_the_record_with_must_be_coupled(world):
    euro = bc_create("Customer", {"Name": "Euro Customer", "Currency Code": "EUR"})
    to_dataverse, _ = world.run("CUSTOMER", full=True)
    assert (to_dataverse.counters.inserted, to_dataverse.counters.failed) == (3, 1)
    error = SyncError.objects.get()
    assert (error.message, error.bc_system_id, error.dataverse_row_id) == (NOT_COUPLED, euro, None)
    assert Coupling.objects.get(bc_system_id=euro).is_pending  # held for the retry list, no counterpart created


def test_a_lookup_writes_the_id_of_the_coupled_row_and_reads_it_back_as_the_code(world):
    currency = _couple_eur(world)
    euro = bc_create("Customer", {"Name": "Euro Customer", "Currency Code": "EUR"})
    world.run("CUSTOMER", full=True)
    account = Coupling.objects.get(bc_table="Customer", bc_system_id=euro).dataverse_id
    assert sales_row("account", account)["_transactioncurrencyid_value"] == str(currency)
    created = sales_create("account", {"name": "Sales Euro", "customertypecode": 3, "statecode": 0})
    sales_update("account", created, {"transactioncurrencyid@odata.bind": f"/transactioncurrencies({currency})"})
    world.run("CUSTOMER", full=True)
    coupling = Coupling.objects.get(dataverse_id=created)
    assert bc_row("Customer", coupling.bc_system_id)["Currency Code"] == "EUR"


def test_clear_value_on_failed_sync_clears_the_value_instead_of_failing(world):
    FieldMapping.objects.filter(table_mapping=world.mapping("CUSTOMER"), bc_field="Currency Code").update(
        clear_value_on_failed_sync=True
    )
    euro = bc_create("Customer", {"Name": "Euro Customer", "Currency Code": "EUR"})
    to_dataverse, _ = world.run("CUSTOMER", full=True)
    assert (to_dataverse.counters.inserted, to_dataverse.counters.failed) == (4, 0)
    account = Coupling.objects.get(bc_table="Customer", bc_system_id=euro).dataverse_id
    assert sales_row("account", account).get("_transactioncurrencyid_value") is None


def test_the_same_error_twice_in_a_row_marks_the_coupling_skipped(world):
    age_records()
    world.run("CUSTOMER", full=True)
    age_records()
    customer = _customer("Customer 1")
    bc_update("Customer", customer.row_id, {"Currency Code": "EUR"})
    first, _ = world.run("CUSTOMER")
    coupling = Coupling.objects.get(bc_table="Customer", bc_system_id=customer.row_id)
    assert (first.counters.failed, coupling.last_result_to, coupling.skipped) == (1, SynchResult.FAILURE, False)
    age_records()
    second, _ = world.run("CUSTOMER")  # the retry list brings it back although nothing changed
    coupling.refresh_from_db()
    assert (second.counters.failed, coupling.skipped) == (1, True)
    bc_update("Customer", customer.row_id, {"City": "Everett"})
    third, _ = world.run("CUSTOMER")
    assert (third.counters.skipped, third.counters.failed) == (1, 0)
    assert SyncError.objects.filter(bc_system_id=customer.row_id).count() == 2


def _rate(code: str, starting: str, amount: float, relational: float) -> None:
    values = {"Currency Code": code, "Starting Date": starting, "Exchange Rate Amount": amount}
    bc_create("Currency Exchange Rate", values | {"Relational Exch. Rate Amount": relational})


def test_a_currency_gets_the_exchange_rate_of_bc_and_a_currency_without_one_fails(world):
    """CURRENCY maps code, symbol and name; the exchange rate comes from BC's latest started rate (§2.11)."""
    world.connection.base_currency_code = "USD"
    world.connection.save(update_fields=["base_currency_code"])
    currency = _couple_eur(world)
    _rate("EUR", "2020-01-01", 100, 110)
    _rate("EUR", "2024-01-01", 100, 125)
    _rate("EUR", "2999-01-01", 100, 1)  # not started yet
    bc_update("Currency", _eur_id(), {"Symbol": "EUR€"})
    gbp = bc_create("Currency", {"Code": "GBP", "Description": "Pound", "Symbol": "£", "ISO Code": "GBP"})
    usd = bc_create("Currency", {"Code": "USD", "Description": "US Dollar", "Symbol": "$", "ISO Code": "USD"})
    (to_dataverse,) = world.run("CURRENCY", full=True)
    assert (to_dataverse.counters.inserted, to_dataverse.counters.modified, to_dataverse.counters.failed) == (1, 1, 1)
    euro = sales_row("transactioncurrency", currency)
    assert (euro["currencysymbol"], float(euro["exchangerate"])) == ("EUR€", 0.8)
    dollar = Coupling.objects.get(bc_table="Currency", bc_system_id=usd).dataverse_id
    assert float(sales_row("transactioncurrency", dollar)["exchangerate"]) == 1.0
    error = SyncError.objects.get()
    assert error.bc_system_id == gbp
    assert error.message == (
        "Cannot create or update the currency GBP in Dataverse, because there is no exchange rate defined for it."
    )


def test_salespeople_flow_from_the_coupled_sales_users(world):
    salesperson = store.find("bc", "Salesperson/Purchaser", **{"Code": "JR"})[0]
    user = next(u for u in store.find("dataverse", "systemuser") if u.data.get("fullname") == "Jim Red")
    Coupling.objects.create(
        connection=world.connection,
        bc_table="Salesperson/Purchaser",
        bc_system_id=salesperson.row_id,
        dataverse_table="systemuser",
        dataverse_id=user.row_id,
    )
    sales_update("systemuser", user.row_id, {"lastname": "Reddington", "mobilephone": "+1 555 0123"})
    (to_bc,) = world.run("SALESPEOPLE")
    assert to_bc.counters.modified == 1
    assert (bc_row("Salesperson/Purchaser", salesperson.row_id)["Name"]) == "Jim Reddington"


def test_an_item_whose_unit_is_not_coupled_fails_with_must_be_coupled(world):
    bc_create("Unit of Measure", {"Code": "PCS", "Description": "Pieces"})
    item = bc_create("Item", {"No.": "1000", "Description": "Bicycle", "Base Unit of Measure": "PCS"})
    to_dataverse, _ = world.run("ITEM-PRODUCT", full=True)
    assert to_dataverse.counters.failed == 1
    error = SyncError.objects.get()
    assert error.bc_system_id == item and "must be coupled" in error.message
