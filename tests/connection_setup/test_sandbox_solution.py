"""Import Solution / Redeploy Integration Solution against the seeded demo: the zip, the three roles, their assignment."""

import pytest
from django.urls import reverse

from connection_setup.services import dataverse_ops
from connection_setup.services.checks import check_credentials
from connection_setup.services.enablement import AdminCredentialsRequired, deploy_solution
from connection_setup.services.factory import dataverse_client
from connection_setup.solution import INTEGRATION_ROLES, SOLUTION_VERSION
from sandbox import store
from sandbox.demo import credentials as demo
from tests.connection_setup.sandbox_setup import DEMO_ADMIN

pytestmark = [pytest.mark.django_db(databases=["default", "sandbox"]), pytest.mark.usefixtures("demo_sandbox")]
ROLE_IDS = {role.id for role in INTEGRATION_ROLES}


def integration_role_ids(connection) -> list[str]:
    with dataverse_client(connection) as client:
        roles = dataverse_ops.user_with_roles(client, connection.integration_user_id)["roles"]
    return [str(role["roleid"]) for role in roles if str(role["roleid"]) in ROLE_IDS]


def test_deploying_imports_the_solution_and_assigns_the_three_roles(demo_connection):
    connection = demo_connection()
    deploy_solution(connection, admin=DEMO_ADMIN)
    assert connection.is_solution_installed and connection.solution_version == SOLUTION_VERSION
    assert store.find("dataverse", "solution", uniquename="MicrosoftDynamicsNavIntegration")
    assert set(integration_role_ids(connection)) == ROLE_IDS


def test_redeploying_twice_assigns_each_role_once(demo_connection):
    connection = demo_connection()
    deploy_solution(connection, admin=DEMO_ADMIN)
    deploy_solution(connection, admin=DEMO_ADMIN)
    assert sorted(integration_role_ids(connection)) == sorted(ROLE_IDS)


def test_the_integration_user_alone_may_not_import_and_is_asked_for_an_administrator(demo_connection):
    with pytest.raises(AdminCredentialsRequired, match="Sign in with a Dynamics 365 Sales administrator"):
        deploy_solution(demo_connection())
    assert not store.find("dataverse", "solution", uniquename="MicrosoftDynamicsNavIntegration")


def test_after_deployment_the_integration_user_meets_every_requirement(demo_connection):
    connection = demo_connection()
    deploy_solution(connection, admin=DEMO_ADMIN)
    assert check_credentials(connection) == ""


def test_the_import_solution_action_asks_for_the_administrator_and_reports_success(admin_client, demo_connection):
    connection = demo_connection()
    url = reverse("connection_setup:import_solution", args=[connection.pk])
    assert "Dynamics 365 Sales Admin Credentials" in admin_client.post(url).content.decode()
    credentials = {"admin_user_name": demo.ADMIN_UPN, "admin_password": demo.ADMIN_PASSWORD}
    response = admin_client.post(url, credentials, follow=True)
    assert "The solution, user roles and entities have been deployed." in response.content.decode()
