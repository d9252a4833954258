"""The assisted setup "Set up a connection to Dynamics 365 Sales": steps in order, validation, htmx, resume."""

import pytest
from django.urls import reverse

from connection_setup.models import AssistedSetup, Connection, WizardStep
from sandbox.demo import credentials as demo
from tests.connection_setup.sandbox_setup import BASE, WIZARD_CREDENTIALS, seed_integration_user

pytestmark = [
    pytest.mark.django_db(databases=["default", "sandbox"]),
    pytest.mark.usefixtures("product_reaches_sandbox"),
]
HTMX = {"HTTP_HX_REQUEST": "true"}
CREDENTIALS = WIZARD_CREDENTIALS | {"nav": "next"}


def begin(client, **extra) -> AssistedSetup:
    data = {"name": "CRONUS USA", "server_address": f"{BASE}/sandbox/dataverse"}
    client.post(reverse("connection_setup:wizard_begin"), data, **extra)
    return AssistedSetup.objects.get()


def submit(client, setup: AssistedSetup, step: str, data: dict, **extra):
    return client.post(reverse("connection_setup:wizard_submit", args=[setup.pk, step]), data, **extra)


def test_next_without_a_url_names_the_missing_url(admin_client):
    response = admin_client.post(reverse("connection_setup:wizard_begin"), {"name": "X", "server_address": ""})
    assert "You must specify the URL of your Dynamics 365 Sales solution." in response.content.decode()
    assert not Connection.objects.exists()


def test_without_javascript_each_step_redirects_to_the_next(admin_client):
    seed_integration_user()
    setup = begin(admin_client)
    assert setup.step == WizardStep.CREDENTIALS
    response = submit(admin_client, setup, "credentials", CREDENTIALS)
    assert response.status_code == 302
    assert response["Location"] == reverse("connection_setup:wizard_step", args=[setup.pk, "business_central"])


def test_with_htmx_the_next_step_comes_back_as_a_partial(admin_client):
    seed_integration_user()
    response = admin_client.post(
        reverse("connection_setup:wizard_begin"),
        {"name": "CRONUS USA", "server_address": f"{BASE}/sandbox/dataverse"},
        **HTMX,
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "Specify the user used for synchronization" in page
    setup = AssistedSetup.objects.get()
    assert response["HX-Push-Url"] == reverse("connection_setup:wizard_step", args=[setup.pk, "credentials"])


def test_a_wrong_secret_keeps_the_wizard_on_the_credentials_step(admin_client):
    seed_integration_user()
    setup = begin(admin_client)
    response = submit(admin_client, setup, "credentials", CREDENTIALS | {"client_secret": "wrong"}, **HTMX)
    assert "AADSTS7000215" in response.content.decode()
    setup.refresh_from_db()
    assert setup.step == WizardStep.CREDENTIALS
    assert "wrong" not in response.content.decode().split("AADSTS")[0].split("client_secret")[-1]


def test_the_two_sales_order_modes_exclude_each_other_in_the_advanced_settings(admin_client):
    seed_integration_user()
    setup = begin(admin_client)
    data = CREDENTIALS | {"legacy_sales_order_integration": "on", "bidirectional_sales_order_integration": "on"}
    page = submit(admin_client, setup, "credentials", data).content.decode()
    assert "Legacy Sales Order Integration and Bidirectional Sales Order Integration exclude each other" in page


def test_leaving_and_coming_back_resumes_at_the_saved_step(admin_client):
    seed_integration_user()
    setup = begin(admin_client)
    submit(admin_client, setup, "credentials", CREDENTIALS)
    start_page = admin_client.get(reverse("connection_setup:wizard_start")).content.decode()
    assert reverse("connection_setup:wizard_step", args=[setup.pk, "business_central"]) in start_page
    skipped_ahead = admin_client.get(reverse("connection_setup:wizard_step", args=[setup.pk, "finish"]))
    assert skipped_ahead["Location"] == reverse("connection_setup:wizard_step", args=[setup.pk, "business_central"])
    back = admin_client.get(reverse("connection_setup:wizard_step", args=[setup.pk, "credentials"]))
    assert "Specify the user used for synchronization" in back.content.decode()


def test_an_unknown_company_is_refused_on_the_business_central_step(admin_client):
    seed_integration_user()
    setup = begin(admin_client)
    submit(admin_client, setup, "credentials", CREDENTIALS)
    data = {
        "bc_service_root": f"{BASE}/sandbox/bc",
        "bc_tenant": demo.TENANT_ID,
        "bc_environment": demo.ENVIRONMENT,
        "bc_company_name": "No Such Company",
        "nav": "next",
    }
    page = submit(admin_client, setup, "business_central", data).content.decode()
    assert "Company No Such Company does not exist in environment production" in page
    setup.refresh_from_db()
    assert setup.step == WizardStep.BUSINESS_CENTRAL


def test_the_advanced_button_shows_the_advanced_settings(admin_client):
    seed_integration_user()
    setup = begin(admin_client)
    page = submit(admin_client, setup, "credentials", {"nav": "advanced"}, **HTMX).content.decode()
    assert "Advanced Connection Settings" in page and "Import Dynamics 365 Sales Solution" in page
