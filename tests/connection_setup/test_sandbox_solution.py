"""Import Solution / Redeploy Integration Solution against the sandbox: the zip, the three roles, their assignment."""

import pytest
from django.urls import reverse

from connection_setup.clients.auth import clear_token_caches
from connection_setup.services import dataverse_ops
from connection_setup.services.checks import check_credentials
from connection_setup.services.enablement import deploy_solution
from connection_setup.services.factory import dataverse_client
from connection_setup.solution import INTEGRATION_ROLES, SOLUTION_VERSION
from sandbox import store
from sandbox.demo import credentials as demo
from tests.connection_setup.sandbox_setup import in_process_transport, sandbox_connection, seed_integration_user

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture(autouse=True)
def _in_process(settings):
    settings.BCSALES_HTTP_TRANSPORT = in_process_transport()
    clear_token_caches()
    yield
    clear_token_caches()


def test_deploying_imports_the_solution_and_assigns_the_three_roles():
    seed_integration_user()
    connection = sandbox_connection()
    deploy_solution(connection)
    assert connection.is_solution_installed and connection.solution_version == SOLUTION_VERSION
    assert store.find("dataverse", "solution", uniquename="MicrosoftDynamicsNavIntegration")
    with dataverse_client(connection) as client:
        roles = dataverse_ops.user_with_roles(client, demo.INTEGRATION_USER_ID)["roles"]
    assert {str(role["roleid"]) for role in roles} == {role.id for role in INTEGRATION_ROLES}


def test_redeploying_twice_assigns_each_role_once():
    seed_integration_user()
    connection = sandbox_connection()
    deploy_solution(connection)
    deploy_solution(connection)
    assert len(store.find("dataverse", "systemuserroles", systemuserid=demo.INTEGRATION_USER_ID)) == 3


def test_after_deployment_the_integration_user_meets_every_requirement():
    seed_integration_user()
    connection = sandbox_connection()
    deploy_solution(connection)
    assert check_credentials(connection) == ""


def test_the_import_solution_action_reports_success_on_the_page(admin_client):
    seed_integration_user()
    connection = sandbox_connection()
    response = admin_client.post(reverse("connection_setup:import_solution", args=[connection.pk]), follow=True)
    assert "The solution, user roles and entities have been deployed." in response.content.decode()
