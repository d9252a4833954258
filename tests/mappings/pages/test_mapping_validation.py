"""Refused edits: the parser's message for a bad filter, impossible combinations, names missing from metadata."""

import pytest
from django.urls import reverse

from connection_setup.clients.auth import clear_token_caches
from mappings.models import TableMapping
from mappings.services.mapping_setup import create_default_mapping
from tests.connection_setup.sandbox_setup import in_process_transport, sandbox_connection, seed_integration_user
from tests.mappings.defaults.connections import make_connection

pytestmark = pytest.mark.django_db

CARD = {
    "direction": "Bidirectional",
    "status": "Enabled",
    "update_conflict_resolution": "None",
    "deletion_conflict_resolution": "None",
}
FIELD = {"direction": "ToIntegrationTable", "status": "Enabled", "match_priority": 0}


@pytest.fixture
def customer() -> TableMapping:
    return create_default_mapping(make_connection(), "CUSTOMER")


def _saved(mapping: TableMapping) -> tuple:
    mapping.refresh_from_db()
    return mapping.direction, mapping.bc_table_filter, mapping.dataverse_table_filter


def test_an_invalid_filter_is_refused_with_the_parsers_message(admin_client, customer):
    before = _saved(customer)
    data = CARD | {"dataverse_table_filter": "statecode eq"}
    response = admin_client.post(reverse("mappings:card_save", args=[customer.pk]), data)
    assert response.status_code == 400
    errors = response.context["form"].errors["dataverse_table_filter"]
    assert errors == [
        "The filter is not a valid OData filter: Failed to parse at: Token(type='WS', value=' ', lineno=1, index=9)"
    ]
    assert _saved(customer) == before


def test_a_filter_on_a_missing_field_is_refused(admin_client, customer):
    data = CARD | {"bc_table_filter": "creditLimitLCY gt 0 and shoeSize eq 42"}
    response = admin_client.post(reverse("mappings:card_save", args=[customer.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["bc_table_filter"] == [
        "The table filter uses 'shoeSize', which is not a field of Customer."
    ]


def test_an_option_mapping_cannot_be_bidirectional(admin_client):
    terms = create_default_mapping(make_connection(), "PAYMENT TERMS")
    response = admin_client.post(reverse("mappings:card_save", args=[terms.pk]), CARD)
    assert response.status_code == 400
    assert "one direction only" in response.context["form"].errors["direction"][0]
    terms.refresh_from_db()
    assert terms.direction == "ToIntegrationTable"


def test_a_bidirectional_field_in_an_option_mapping_is_refused(admin_client):
    terms = create_default_mapping(make_connection(), "PAYMENT TERMS")
    data = FIELD | {"bc_field": "Description", "dataverse_field": "paymenttermscode", "direction": "Bidirectional"}
    response = admin_client.post(reverse("mappings:field_mapping_add", args=[terms.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["direction"] == [
        "A field of an option mapping synchronizes in one direction only."
    ]


def test_not_null_and_clear_value_on_failed_sync_exclude_each_other(admin_client, customer):
    data = FIELD | {"bc_field": "Name", "dataverse_field": "name", "not_null": "on", "clear_value_on_failed_sync": "on"}
    response = admin_client.post(reverse("mappings:field_mapping_add", args=[customer.pk]), data)
    assert response.status_code == 400
    assert customer.field_mappings.filter(bc_field="Name").count() == 1


def test_a_dependency_on_an_unknown_mapping_is_refused(admin_client, customer):
    response = admin_client.post(
        reverse("mappings:card_save", args=[customer.pk]), CARD | {"dependency_filter": "NOPE"}
    )
    assert response.context["form"].errors["dependency_filter"] == [
        "The dependency filter names mappings that do not exist here: NOPE."
    ]


@pytest.fixture
def sandbox(settings):
    settings.ALLOWED_SERVER_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.BCSALES_HTTP_TRANSPORT = in_process_transport()
    clear_token_caches()
    seed_integration_user()
    yield
    clear_token_caches()


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_an_unknown_column_is_refused_against_the_sandbox_metadata_when_enabled(admin_client, sandbox):
    customer = create_default_mapping(sandbox_connection(is_enabled=True), "CUSTOMER")
    url = reverse("mappings:field_mapping_add", args=[customer.pk])
    refused = admin_client.post(url, FIELD | {"bc_field": "Name", "dataverse_field": "nosuchcolumn"})
    assert refused.status_code == 400
    assert refused.context["form"].errors["dataverse_field"] == ["account has no column 'nosuchcolumn'."]
    accepted = admin_client.post(url, FIELD | {"bc_field": "Name 2", "dataverse_field": "description"})
    assert accepted.status_code == 302


def _refused_field(admin_client, bc_field: str, dataverse_field: str):
    customer = create_default_mapping(sandbox_connection(is_enabled=True), "CUSTOMER")
    refused = admin_client.post(
        reverse("mappings:field_mapping_add", args=[customer.pk]),
        FIELD | {"bc_field": bc_field, "dataverse_field": dataverse_field},
    )
    assert refused.status_code == 400
    return refused


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_bc_field_the_endpoint_does_not_expose_is_refused_naming_the_field_and_endpoint(admin_client, sandbox):
    [message] = _refused_field(admin_client, "Favourite Colour", "description").context["form"].errors["bc_field"]
    assert message.startswith("Customer has no field 'Favourite Colour': the Business Central endpoint ")
    assert "/customers does not expose 'favouriteColour' in its $metadata." in message


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_disabled_connection_is_not_checked_against_metadata(admin_client, sandbox):
    customer = create_default_mapping(sandbox_connection(is_enabled=False), "CUSTOMER")
    url = reverse("mappings:field_mapping_add", args=[customer.pk])
    assert admin_client.post(url, FIELD | {"bc_field": "Name", "dataverse_field": "nosuchcolumn"}).status_code == 302
