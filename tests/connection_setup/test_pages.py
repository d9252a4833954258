"""The Connection Setup pages and actions: rendering, saving, secrets, permissions and the audit trail."""

import pytest
from django.db import connection as db_connection
from django.urls import reverse

from bcsales.models import AuditEntry
from connection_setup.models import Connection
from tests.connection_setup.conftest import SECRET

ACTIONS = [
    "save",
    "switches",
    "test",
    "enable",
    "disable",
    "import_solution",
    "redeploy",
    "apply_default_setup",
    "reset_web_client_url",
]


@pytest.mark.django_db
def test_the_list_and_the_setup_page_render_for_a_viewer(viewer_client, connection):
    assert "CRONUS" in viewer_client.get(reverse("connection_setup:list")).content.decode()
    page = viewer_client.get(reverse("connection_setup:setup", args=[connection.pk])).content.decode()
    assert "Dynamics 365 Sales Integration Setup" in page
    assert "Test Connection" not in page  # actions are offered to administrators only


@pytest.mark.django_db
@pytest.mark.parametrize("action", ACTIONS)
def test_a_viewer_posting_any_action_gets_403(viewer_client, connection, action):
    response = viewer_client.post(reverse(f"connection_setup:{action}", args=[connection.pk]))
    assert response.status_code == 403
    assert Connection.objects.get(pk=connection.pk).is_enabled is False


@pytest.mark.django_db
def test_a_viewer_cannot_start_the_assisted_setup(viewer_client):
    response = viewer_client.post(reverse("connection_setup:wizard_begin"), {"name": "X", "server_address": "x"})
    assert response.status_code == 403
    assert not Connection.objects.exists()


@pytest.mark.django_db
def test_the_secret_is_never_rendered_in_the_page(admin_client, connection):
    page = admin_client.get(reverse("connection_setup:detail", args=[connection.pk])).content.decode()
    assert "Test Connection" in page
    assert SECRET not in page


@pytest.mark.django_db
def test_the_secret_is_encrypted_at_rest(connection):
    with db_connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM connection_setup_connection WHERE id = %s", [connection.pk])
        stored = cursor.fetchone()[0]
    assert stored and SECRET not in stored
    assert Connection.objects.get(pk=connection.pk).client_secret == SECRET


def form_data(connection: Connection, **changes) -> dict:
    data = {
        "name": connection.name,
        "server_address": connection.server_address,
        "authority_host": connection.authority_host,
        "tenant": connection.tenant,
        "authentication_type": connection.authentication_type,
        "client_id": connection.client_id,
        "proxy_version": connection.proxy_version,
        "ownership_model": connection.ownership_model,
        "bc_service_root": connection.bc_service_root,
        "bc_tenant": connection.bc_tenant,
        "bc_environment": connection.bc_environment,
        "bc_company_name": connection.bc_company_name,
    }
    return data | changes


@pytest.mark.django_db
def test_saving_records_who_changed_which_fields_without_the_secret(admin_client, connection):
    data = form_data(connection, tenant="fabrikam.onmicrosoft.com", client_secret="new-secret-value")
    response = admin_client.post(reverse("connection_setup:save", args=[connection.pk]), data)
    assert response.status_code == 302
    connection.refresh_from_db()
    assert connection.tenant == "fabrikam.onmicrosoft.com"
    assert connection.client_secret == "new-secret-value"
    entry = AuditEntry.objects.get(action="Modify Connection Setup", detail__startswith="Changed")
    assert entry.username == "admin"
    assert "tenant" in entry.detail and "client_secret (secret)" in entry.detail
    assert "new-secret-value" not in entry.detail


@pytest.mark.django_db
def test_saving_a_malformed_url_shows_the_error_and_changes_nothing(admin_client, connection):
    data = form_data(connection, server_address="https://exa mple.com")
    response = admin_client.post(reverse("connection_setup:save", args=[connection.pk]), data)
    assert "not a valid URL" in response.content.decode()
    assert Connection.objects.get(pk=connection.pk).server_address == "https://cronus.crm4.dynamics.com"


@pytest.mark.django_db
def test_the_connection_fields_cannot_be_saved_while_enabled(admin_client, connection):
    Connection.objects.filter(pk=connection.pk).update(is_enabled=True)
    admin_client.post(reverse("connection_setup:save", args=[connection.pk]), form_data(connection, tenant="other"))
    assert Connection.objects.get(pk=connection.pk).tenant == "contoso.onmicrosoft.com"


@pytest.mark.django_db
def test_create_refuses_an_internal_address(admin_client):
    data = form_data(
        Connection(name="New", server_address="", tenant="t", client_id="c", bc_tenant="t"),
        server_address="http://10.1.2.3",
        client_secret="x",
    )
    response = admin_client.post(reverse("connection_setup:create"), data)
    assert "is not an allowed server" in response.content.decode()
    assert not Connection.objects.exists()


@pytest.mark.django_db
def test_default_setup_is_refused_while_disabled(admin_client, connection):
    page = admin_client.get(reverse("connection_setup:default_setup", args=[connection.pk])).content.decode()
    assert "will be overwritten" in page
    response = admin_client.post(reverse("connection_setup:apply_default_setup", args=[connection.pk]), follow=True)
    assert "Enable the connection before you use the default synchronization setup." in response.content.decode()
