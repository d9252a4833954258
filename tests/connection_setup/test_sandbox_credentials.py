"""The wizard's credential check and the integration-user rules against the sandbox, bad input included."""

import pytest

from connection_setup.services.checks import check_credentials
from sandbox.demo import credentials as demo
from tests.connection_setup.sandbox_setup import (
    ADMIN_TEMPLATE_ID,
    give_role,
    seed_integration_user,
)

pytestmark = [
    pytest.mark.django_db(databases=["default", "sandbox"]),
    pytest.mark.usefixtures("product_reaches_sandbox"),
]


def test_the_demo_credentials_pass_the_credentials_step(demo_connection):
    seed_integration_user()
    connection = demo_connection()
    assert check_credentials(connection) == ""
    assert str(connection.integration_user_id) == demo.INTEGRATION_USER_ID


def test_a_wrong_secret_is_reported_with_its_cause(demo_connection):
    seed_integration_user()
    message = check_credentials(demo_connection(client_secret="not-the-secret"))
    assert "AADSTS7000215" in message


def test_an_unknown_tenant_is_reported_with_its_cause(demo_connection):
    seed_integration_user()
    message = check_credentials(demo_connection(tenant="00000000-0000-4000-8000-000000000001"))
    assert "AADSTS90002" in message


def test_an_unreachable_host_is_reported(settings, demo_connection):
    settings.BCSALES_HTTP_TRANSPORT = None
    connection = demo_connection(
        server_address="http://127.0.0.1:9/sandbox/dataverse", authority_host="http://127.0.0.1:9/sandbox/login"
    )
    message = check_credentials(connection)
    assert "did not answer" in message or "cannot be reached" in message


def test_an_integration_user_with_the_administrator_role_is_refused(demo_connection):
    seed_integration_user()
    give_role(demo.INTEGRATION_USER_ID, name="System Administrator", template_id=ADMIN_TEMPLATE_ID)
    message = check_credentials(demo_connection())
    assert f"User {demo.INTEGRATION_UPN} has role System Administrator" in message
    assert "Choose a user without role System Administrator" in message


def test_a_disabled_integration_user_is_refused(demo_connection):
    seed_integration_user(disabled=True)
    assert f"User {demo.INTEGRATION_UPN} is disabled on server" in check_credentials(demo_connection())
