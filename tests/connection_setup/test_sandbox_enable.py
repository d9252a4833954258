"""Test Connection, Enable, Disable and Use Default Synchronization Setup end to end against the seeded demo."""

import pytest
from django.urls import reverse

from bcsales.models import AuditEntry
from connection_setup.forms import AdminCredentials
from connection_setup.models import Connection
from connection_setup.services import checks
from connection_setup.services.defaults import use_default_synchronization_setup
from connection_setup.services.enablement import (
    AdminCredentialsRequired,
    SetupError,
    disable_connection,
    enable_connection,
)
from mappings.models import JobQueueEntry, JobQueueStatus, TableMapping
from sandbox import store
from sandbox.dataverse import service
from sandbox.dataverse.schema import table_named
from sandbox.demo import credentials as demo
from tests.connection_setup.sandbox_setup import BASE, DEMO_ADMIN

pytestmark = [pytest.mark.django_db(databases=["default", "sandbox"]), pytest.mark.usefixtures("demo_sandbox")]
STEPS = [
    "Token",
    "WhoAmI",
    "Organization and version",
    "Integration user and roles",
    "Business Central company",
    "Local currency in Dataverse",
]


def enabled_connection(make, **changes) -> Connection:
    connection = make(**changes)
    enable_connection(connection, admin=DEMO_ADMIN)
    return connection


def nav_connection_urls() -> list[str]:
    return [row.data.get("nav_dynamicsnavurl") for row in store.find("dataverse", "nav_connection")]


def test_before_deployment_test_connection_names_the_missing_integration_roles(demo_connection):
    connection = demo_connection()
    report = checks.test_connection(connection)
    assert [check.name for check in report.checks] == STEPS
    assert [check.ok for check in report.checks[:3]] == [True, True, True]
    failed = report.first_failure
    assert failed.name == "Integration user and roles" and "does not have the required roles" in failed.detail
    assert "Redeploy Integration Solution" in failed.fix


def test_after_deployment_every_step_passes_and_the_sales_facts_are_saved(demo_connection):
    connection = enabled_connection(demo_connection)
    report = checks.test_connection(connection)
    assert report.ok, [(check.name, check.detail) for check in report.checks]
    connection.refresh_from_db()
    assert connection.crm_version.startswith("9.") and connection.base_currency_code == "USD"
    assert connection.is_solution_installed and str(connection.bc_company_id) == demo.COMPANY_ID
    assert connection.integration_user_id is not None


def test_a_wrong_secret_fails_at_the_token_step_with_its_fix(demo_connection):
    report = checks.test_connection(demo_connection(client_secret="not-the-secret"))
    failed = report.first_failure
    assert failed.name == "Token" and "AADSTS7000215" in failed.detail
    assert failed.fix == "The client secret is wrong: copy a current secret of the app registration."
    assert all(check.skipped for check in report.checks[1:])


def test_an_sdk_version_older_than_the_server_is_refused_with_its_fix(demo_connection):
    report = checks.test_connection(demo_connection(proxy_version=9))
    failed = report.first_failure
    assert failed.name == "Organization and version" and "is older than the server's" in failed.detail
    assert failed.fix.startswith("Choose a Dynamics 365 SDK Version equal to or newer")


def test_enable_asks_for_an_administrator_when_the_integration_user_may_not_import(demo_connection):
    connection = demo_connection()
    with pytest.raises(AdminCredentialsRequired, match="Sign in with a Dynamics 365 Sales administrator"):
        enable_connection(connection)
    assert not Connection.objects.get(pk=connection.pk).is_enabled
    assert not TableMapping.objects.filter(connection=connection).exists()


def test_enable_refuses_wrong_administrator_credentials(demo_connection):
    with pytest.raises(AdminCredentialsRequired, match="Enter valid Dynamics 365 Sales administrator credentials"):
        enable_connection(demo_connection(), admin=AdminCredentials(demo.ADMIN_UPN, "wrong-password"))


def test_enable_deploys_tests_creates_the_default_setup_and_publishes_the_web_client_url(demo_connection):
    connection = demo_connection()
    done = enable_connection(connection, admin=DEMO_ADMIN)
    connection.refresh_from_db()
    assert connection.is_enabled and connection.is_solution_installed and connection.disable_reason == ""
    assert TableMapping.objects.filter(connection=connection, name="CUSTOMER").exists()
    statistics = JobQueueEntry.objects.get(connection=connection, code="CRM STATISTICS JOB")
    assert statistics.interval_minutes == 30
    url = f"{BASE}/sandbox/bc/{demo.TENANT_ID}/{demo.ENVIRONMENT}?company=CRONUS%20USA%2C%20Inc."
    assert nav_connection_urls() == [url] and connection.bc_web_client_url == url
    assert f"The Business Central web client URL {url} was published to Dynamics 365 Sales." in done
    assert AuditEntry.objects.filter(action="Connection enabled").exists()


def test_enabling_with_legacy_sales_orders_sets_the_organization_flag_in_sales(demo_connection):
    enabled_connection(demo_connection, legacy_sales_order_integration=True)
    organization = store.find("dataverse", "organization")[0]
    assert organization.data["issopintegrationenabled"] is True


def test_enabling_fails_when_the_local_currency_is_missing_in_dataverse(demo_connection):
    for row in store.find("dataverse", "transactioncurrency", isocurrencycode="USD"):
        store.update("dataverse", "transactioncurrency", row.row_id, {**row.data, "isocurrencycode": "USX"})
    connection = demo_connection()
    with pytest.raises(SetupError, match="Local currency code USD matches no ISO currency code") as raised:
        enable_connection(connection, admin=DEMO_ADMIN)
    assert "Create the currency USD in Dynamics 365 Sales" in str(raised.value)
    assert not Connection.objects.get(pk=connection.pk).is_enabled


def test_disable_holds_the_jobs_keeps_item_availability_running_and_withdraws_the_url(demo_connection):
    connection = enabled_connection(demo_connection, item_availability_enabled=True)
    disable_connection(connection)
    connection.refresh_from_db()
    assert not connection.is_enabled and connection.crm_version == "" and not connection.is_solution_installed
    entries = JobQueueEntry.objects.filter(connection=connection)
    assert entries.get(code="CRM STATISTICS JOB").status == JobQueueStatus.ON_HOLD
    assert entries.get(code="CUSTOMER").status == JobQueueStatus.ON_HOLD
    assert entries.get(code="CRM ITEM AVAILABILITY JOB").status != JobQueueStatus.ON_HOLD
    assert nav_connection_urls() == []


def test_use_default_synchronization_setup_restores_a_deleted_mapping_and_its_job(demo_connection):
    connection = enabled_connection(demo_connection)
    TableMapping.objects.filter(connection=connection, name="CUSTOMER").delete()
    JobQueueEntry.objects.filter(connection=connection, code="CUSTOMER").delete()
    done = use_default_synchronization_setup(connection)
    assert done[0] == "The default synchronization setup has completed successfully."
    assert TableMapping.objects.filter(connection=connection, name="CUSTOMER").exists()
    assert JobQueueEntry.objects.filter(connection=connection, code="CUSTOMER").exists()


def test_the_enable_action_asks_for_the_administrator_on_the_page_and_then_enables(admin_client, demo_connection):
    connection = demo_connection()
    url = reverse("connection_setup:enable", args=[connection.pk])
    page = admin_client.post(url).content.decode()
    assert "Dynamics 365 Sales Admin Credentials" in page and 'name="admin_password"' in page
    response = admin_client.post(url, {"admin_user_name": demo.ADMIN_UPN, "admin_password": demo.ADMIN_PASSWORD})
    assert response.status_code == 302
    assert Connection.objects.get(pk=connection.pk).is_enabled
    assert demo.ADMIN_PASSWORD not in "".join(AuditEntry.objects.values_list("detail", flat=True))


def test_the_test_connection_action_shows_each_step_then_the_preflight_checklist(
    admin_client, demo_connection, sandbox_transport, settings
):
    connection = enabled_connection(demo_connection)
    settings.BCSALES_HTTP_TRANSPORT = sandbox_transport
    page = admin_client.post(reverse("connection_setup:test", args=[connection.pk])).content.decode()
    assert "The connection test was successful. The settings are valid." in page
    assert "Preflight checklist" in page and "CUSTOMER: permissions on account" in page
    assert demo.CLIENT_SECRET not in page


def test_several_companies_in_one_environment_show_the_notice(admin_client, demo_connection):
    connection = enabled_connection(demo_connection)
    other = {"nav_name": "Other company", "nav_dynamicsnavurl": "https://businesscentral.dynamics.com/x/y?company=B"}
    service.create(table_named("nav_connection"), other, caller_id=demo.ADMIN_USER_ID)
    assert checks.test_connection(connection).ok
    page = admin_client.get(reverse("connection_setup:detail", args=[connection.pk])).content.decode()
    assert "Several Business Central companies are connected to this Dataverse environment." in page


def test_reset_web_client_url_publishes_the_default_url_instead_of_a_custom_one(admin_client, demo_connection):
    connection = enabled_connection(demo_connection, bc_web_client_url="https://bc.example.dynamics.com/custom")
    assert nav_connection_urls() == ["https://bc.example.dynamics.com/custom?company=CRONUS%20USA%2C%20Inc."]
    admin_client.post(reverse("connection_setup:reset_web_client_url", args=[connection.pk]))
    default = f"{BASE}/sandbox/bc/{demo.TENANT_ID}/{demo.ENVIRONMENT}?company=CRONUS%20USA%2C%20Inc."
    assert Connection.objects.get(pk=connection.pk).bc_web_client_url == default
    assert set(nav_connection_urls()) == {
        "https://bc.example.dynamics.com/custom?company=CRONUS%20USA%2C%20Inc.",
        default,
    }


def test_the_disable_action_holds_the_jobs_and_says_so(admin_client, demo_connection):
    connection = enabled_connection(demo_connection)
    response = admin_client.post(reverse("connection_setup:disable", args=[connection.pk]), follow=True)
    assert "The connection is disabled; its synchronization jobs are on hold." in response.content.decode()
    assert AuditEntry.objects.filter(action="Connection disabled").exists()
