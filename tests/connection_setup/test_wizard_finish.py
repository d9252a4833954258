"""The wizard's Finish against the seeded demo: the administrator prompt, enabling, and the Full Sync Review offer."""

import pytest
from django.urls import reverse

from connection_setup.models import AssistedSetup, Connection, WizardStep
from mappings.models import TableMapping
from sandbox.demo import credentials as demo
from tests.connection_setup.sandbox_setup import BASE, WIZARD_CREDENTIALS

pytestmark = [pytest.mark.django_db(databases=["default", "sandbox"]), pytest.mark.usefixtures("demo_sandbox")]
HTMX = {"HTTP_HX_REQUEST": "true"}
ADMIN = {"admin_user_name": demo.ADMIN_UPN, "admin_password": demo.ADMIN_PASSWORD, "nav": "finish"}
STEPS = {
    "credentials": WIZARD_CREDENTIALS,
    "business_central": {
        "bc_service_root": f"{BASE}/sandbox/bc",
        "bc_tenant": demo.TENANT_ID,
        "bc_environment": demo.ENVIRONMENT,
        "bc_company_name": demo.COMPANY_NAME,
    },
    "field_service": {},
}


def at_finish(client, **extra) -> AssistedSetup:
    data = {"name": "CRONUS USA", "server_address": f"{BASE}/sandbox/dataverse"}
    client.post(reverse("connection_setup:wizard_begin"), data, **extra)
    setup = AssistedSetup.objects.get()
    for step, values in STEPS.items():
        client.post(
            reverse("connection_setup:wizard_submit", args=[setup.pk, step]), {**values, "nav": "next"}, **extra
        )
    setup.refresh_from_db()
    assert setup.step == WizardStep.FINISH
    return setup


def finish(client, setup: AssistedSetup, data: dict, **extra) -> str:
    url = reverse("connection_setup:wizard_submit", args=[setup.pk, "finish"])
    return client.post(url, data, **extra).content.decode()


def test_finish_asks_for_an_administrator_then_enables_and_offers_the_full_synchronization_review(admin_client):
    setup = at_finish(admin_client)
    page = finish(admin_client, setup, {"nav": "finish"})
    assert "Dynamics 365 Sales Admin Credentials" in page and not Connection.objects.get().is_enabled
    page = finish(admin_client, setup, ADMIN)
    assert "The connection is set up" in page and "Open Full Synchronization Review" in page
    assert f"{reverse('mappings:full_sync_review')}?connection={setup.connection_id}" in page
    setup.refresh_from_db()
    assert setup.completed and setup.connection.is_enabled and setup.connection.is_solution_installed
    assert TableMapping.objects.filter(connection=setup.connection, name="CUSTOMER").exists()
    assert demo.ADMIN_PASSWORD not in page and demo.CLIENT_SECRET not in page


def test_finish_with_htmx_returns_the_partials(admin_client):
    setup = at_finish(admin_client, **HTMX)
    page = finish(admin_client, setup, {"nav": "finish"}, **HTMX)
    assert "<html" not in page and 'hx-target="#wizard"' in page and 'name="admin_password"' in page
    page = finish(admin_client, setup, ADMIN, **HTMX)
    assert "<html" not in page and "The connection is set up" in page


def test_wrong_administrator_credentials_keep_the_wizard_at_finish(admin_client):
    setup = at_finish(admin_client)
    page = finish(admin_client, setup, ADMIN | {"admin_password": "wrong"})
    assert "Enter valid Dynamics 365 Sales administrator credentials" in page
    setup.refresh_from_db()
    assert not setup.completed and not setup.connection.is_enabled
