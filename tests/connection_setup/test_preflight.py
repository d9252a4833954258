"""The preflight checklist against the seeded demo: each check made to fail, with the fix it shows."""

import uuid

import httpx
import pytest

from connection_setup.models import Connection, OwnershipModel
from connection_setup.services.enablement import deploy_solution
from connection_setup.services.preflight import run_preflight
from mappings.choices import MappingStatus
from mappings.models import OptionMapping, TableMapping
from mappings.services.mapping_setup import apply_default_synchronization_setup
from sandbox import store
from sandbox.dataverse import service
from sandbox.dataverse.schema import table_named
from sandbox.demo import credentials as demo
from sandbox.demo.bc_seed import demo_id
from tests.connection_setup.sandbox_setup import DEMO_ADMIN

pytestmark = [pytest.mark.django_db(databases=["default", "sandbox"]), pytest.mark.usefixtures("checklist")]
APPLICATION_USER = demo_id("dataverse", "systemuser", "application")


class CountingTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner, self.paths = inner, []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return self.inner.handle_request(request)


@pytest.fixture
def checklist(demo_sandbox, sandbox_transport, settings) -> CountingTransport:
    settings.BCSALES_HTTP_TRANSPORT = CountingTransport(sandbox_transport)
    return settings.BCSALES_HTTP_TRANSPORT


def prepared(make, *only: str, deploy: bool = True, **changes) -> Connection:
    """A connection whose default mappings exist, with only the named ones enabled."""
    connection = make(**changes)
    if deploy:
        deploy_solution(connection, admin=DEMO_ADMIN)
    else:
        connection.integration_user_id = APPLICATION_USER
        connection.save()
    apply_default_synchronization_setup(connection)
    TableMapping.objects.filter(connection=connection).exclude(name__in=only).update(status=MappingStatus.DISABLED)
    return connection


def check(connection: Connection, name: str):
    report = run_preflight(connection)
    return next(item for item in report.checks if item.name == name)


def sales_update(table: str, row_id: uuid.UUID, values: dict) -> None:
    service.update(table_named(table), row_id, values, caller_id=demo.ADMIN_USER_ID)


def test_without_enabled_mappings_the_checklist_says_to_use_the_default_setup(demo_connection):
    report = run_preflight(demo_connection())
    assert [(c.name, c.ok) for c in report.checks] == [("Integration table mappings", False)]
    assert report.checks[0].fix.startswith("Choose Use Default Synchronization Setup")


def test_an_integration_user_without_the_integration_roles_may_not_write_the_tables(demo_connection):
    failed = check(prepared(demo_connection, "CUSTOMER", deploy=False), "CUSTOMER: permissions on account")
    assert not failed.ok and "lacks prvReadaccount, prvWriteaccount, prvCreateaccount" in failed.detail
    assert failed.fix.startswith("Choose Redeploy Integration Solution")


def test_after_deployment_the_integration_user_may_read_and_write_the_mapped_tables(demo_connection):
    passed = check(prepared(demo_connection, "CUSTOMER"), "CUSTOMER: permissions on account")
    assert passed.ok and passed.detail == "The integration user may read and write account."


def test_a_currency_that_customers_use_but_sales_lacks_fails_with_its_fix(demo_connection):
    connection = prepared(demo_connection, "CUSTOMER")
    failed = check(connection, "CUSTOMER: Currency Code → transactioncurrencyid")
    assert not failed.ok and failed.detail == (
        "Customer records use Currency Code values CAD that do not exist in Dynamics 365 Sales."
    )
    assert "synchronize the CURRENCY mapping first" in failed.fix
    service.create(
        table_named("transactioncurrency"),
        {"isocurrencycode": "CAD", "currencyname": "Canadian Dollar", "currencysymbol": "$", "exchangerate": 1.3},
        caller_id=demo.ADMIN_USER_ID,
    )
    assert check(connection, "CUSTOMER: Currency Code → transactioncurrencyid").ok


def test_a_unit_that_items_use_but_sales_lacks_names_the_unit_mappings_to_run_first(demo_connection):
    failed = check(prepared(demo_connection, "ITEM-PRODUCT"), "ITEM-PRODUCT: Base Unit of Measure → defaultuomid")
    assert not failed.ok and "values PCS that do not exist in Dynamics 365 Sales" in failed.detail
    assert "UNIT GROUP, ITEM UOM and RESOURCE UOM" in failed.fix


def test_payment_terms_without_option_values_fail_until_they_are_mapped(demo_connection):
    connection = prepared(demo_connection, "CUSTOMER")
    name = "CUSTOMER: Payment Terms Code → paymenttermscode"
    failed = check(connection, name)
    assert not failed.ok and "Synchronize the PAYMENT TERMS mapping" in failed.fix
    terms = TableMapping.objects.get(connection=connection, name="PAYMENT TERMS")
    codes = failed.detail.split("values ")[1].split(" that")[0].split(", ")
    for value, code in enumerate(codes, start=1):
        OptionMapping.objects.create(table_mapping=terms, bc_code=code, option_value=value)
    assert check(connection, name).ok


def test_with_person_ownership_salespeople_must_be_coupled_to_sales_users(demo_connection):
    connection = prepared(demo_connection, "CUSTOMER", ownership_model=OwnershipModel.PERSON)
    failed = check(connection, "CUSTOMER: Salesperson Code → ownerid")
    assert not failed.ok and "Couple Salespersons" in failed.fix


def test_an_account_currency_missing_in_business_central_fails_from_dataverse(demo_connection):
    connection = prepared(demo_connection, "CUSTOMER")
    currency = service.create(
        table_named("transactioncurrency"),
        {"isocurrencycode": "CHF", "currencyname": "Swiss Franc", "currencysymbol": "Fr", "exchangerate": 0.9},
        caller_id=demo.ADMIN_USER_ID,
    )
    account = store.find("dataverse", "account")[0]
    sales_update(
        "account", account.row_id, {"transactioncurrencyid@odata.bind": f"/transactioncurrencies({currency.row_id})"}
    )
    failed = check(connection, "CUSTOMER: Currency Code ← transactioncurrencyid")
    assert not failed.ok and "values CHF that do not exist in Business Central" in failed.detail
    assert failed.fix.startswith("Create these currencies in Business Central")


def test_a_mapping_whose_lookup_has_no_related_mapping_names_the_missing_table(demo_connection):
    connection = prepared(demo_connection, "CUSTOMER")
    TableMapping.objects.filter(connection=connection, name="CURRENCY").delete()
    failed = check(connection, "CUSTOMER: field mappings")
    assert not failed.ok and "Table Currency must be mapped to table transactioncurrency" in failed.detail


def test_the_checklist_costs_a_few_requests_per_mapping_not_one_per_record(checklist, demo_connection):
    connection = prepared(demo_connection, "CUSTOMER", "CONTACT")
    checklist.paths.clear()
    report = run_preflight(connection)

    assert len([c for c in report.checks if c.name.startswith(("CUSTOMER", "CONTACT"))]) >= 8
    records = len(store.find("bc", "Customer")) + len(store.find("bc", "Contact"))
    assert len(checklist.paths) <= 12 < records
