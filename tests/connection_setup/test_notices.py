"""The setup page's notifications and the web client URL published to Sales, from stored facts only."""

import pytest
from django.urls import reverse

from connection_setup.models import Connection
from connection_setup.services.notices import job_counter_message, notices_for
from connection_setup.services.web_client import company_web_client_url, default_web_client_url

pytestmark = pytest.mark.django_db


def texts(connection: Connection) -> list[str]:
    return [notice.text for notice in notices_for(connection)]


def test_a_disabled_connection_says_it_is_not_enabled_and_links_the_assisted_setup(connection):
    notices = notices_for(connection)
    assert notices[0].text.startswith("Dynamics 365 Sales Integration Setup is not enabled")
    assert notices[0].link_url == reverse("connection_setup:wizard_start")


def test_a_connection_disabled_by_an_error_shows_the_reason_first(connection):
    connection.disable_reason = "the integration user has insufficient privileges"
    assert texts(connection)[0] == (
        "The connection to Dynamics 365 is broken and has been disabled due to an error: "
        "the integration user has insufficient privileges"
    )


def test_several_companies_sharing_one_environment_get_the_multiple_companies_notice(connection):
    connection.is_enabled = connection.is_solution_installed = True
    assert not any("Several Business Central companies" in text for text in texts(connection))
    Connection.objects.create(
        name="CRONUS Canada", server_address=connection.server_address, tenant="t", bc_tenant="t", bc_company_name="CA"
    )
    assert any("Several Business Central companies" in text for text in texts(connection))


def test_the_companies_read_from_sales_also_raise_the_notice(connection):
    connection.is_enabled = connection.is_solution_installed = True
    connection.connected_companies = 2
    assert any("Several Business Central companies" in text for text in texts(connection))


def test_an_enabled_connection_without_the_solution_says_so(connection):
    connection.is_enabled = True
    assert texts(connection) == [
        "The integration solution was not detected in Dynamics 365 Sales. Choose Test Connection to read it again, "
        "or disable the connection and redeploy the integration solution."
    ]


@pytest.mark.parametrize(
    ("active", "total", "start"),
    [(0, 0, "No job queue entry is scheduled"), (3, 3, "All scheduled"), (1, 3, "Only 1 of 3 scheduled")],
)
def test_the_job_counter_explains_itself(active, total, start):
    assert job_counter_message(active, total).startswith(start)


def test_the_setup_page_shows_the_notices(admin_client, connection):
    page = admin_client.get(reverse("connection_setup:detail", args=[connection.pk])).content.decode()
    assert "Dynamics 365 Sales Integration Setup is not enabled" in page


def test_the_web_client_url_names_the_company_path_encoded(connection):
    assert company_web_client_url(connection) == (
        "https://businesscentral.dynamics.com/contoso.onmicrosoft.com/production?company=CRONUS%20International%20Ltd."
    )


def test_a_web_client_url_that_names_a_company_is_kept(connection):
    connection.bc_web_client_url = "https://businesscentral.dynamics.com/contoso/production?company=Other"
    assert company_web_client_url(connection) == connection.bc_web_client_url
    connection.bc_web_client_url = "https://businesscentral.dynamics.com/contoso/production?page=22"
    assert company_web_client_url(connection).endswith("?page=22&company=CRONUS%20International%20Ltd.")


def test_another_service_root_serves_its_own_web_client(connection):
    connection.bc_service_root = "http://127.0.0.1:8000/sandbox/bc"
    assert default_web_client_url(connection) == "http://127.0.0.1:8000/sandbox/bc/contoso.onmicrosoft.com/production"
