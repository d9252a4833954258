"""The Integration Table Mappings page, the mapping card, the field mapping list and every action on them."""

import pytest
from django.urls import reverse

from bcsales.models import AuditEntry
from mappings.choices import Direction
from mappings.models import FieldMapping, JobQueueEntry, JobQueueStatus, TableMapping
from mappings.services.mapping_setup import create_default_mapping
from synclog.models import SyncJob
from tests.mappings.defaults.connections import make_connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def connection():
    connection = make_connection()
    for name in ("CURRENCY", "CUSTOMER", "POSTEDSALESINV-INV", "POSTEDSALESLINE-INV"):
        create_default_mapping(connection, name)
    return connection


@pytest.fixture
def customer(connection) -> TableMapping:
    return TableMapping.objects.get(connection=connection, name="CUSTOMER")


def _actions(mapping: TableMapping) -> dict[str, str]:
    field = mapping.field_mappings.first()
    return {
        "card_save": reverse("mappings:card_save", args=[mapping.pk]),
        "field_mapping_add": reverse("mappings:field_mapping_add", args=[mapping.pk]),
        "field_mapping_save": reverse("mappings:field_mapping_save", args=[field.pk]),
        "field_mapping_remove": reverse("mappings:field_mapping_remove", args=[field.pk]),
        "synchronize_now": reverse("mappings:synchronize_now", args=[mapping.pk]),
        "reset_to_default": reverse("mappings:reset_to_default", args=[mapping.pk]),
        "restart": reverse("mappings:restart", args=[mapping.pk]),
        "recommend_full_sync": reverse("mappings:recommend_full_sync", args=[mapping.pk]),
        "uncouple_all": reverse("mappings:uncouple_all", args=[mapping.pk]),
        "set_on_hold": reverse("mappings:set_on_hold", args=[mapping.pk]),
        "set_ready": reverse("mappings:set_ready", args=[mapping.pk]),
        "import": reverse("mappings:import"),
    }


ACTIONS = [
    *("card_save", "field_mapping_add", "field_mapping_save", "field_mapping_remove", "synchronize_now"),
    *("reset_to_default", "restart", "recommend_full_sync", "uncouple_all", "set_on_hold", "set_ready", "import"),
]


def test_list_shows_a_row_per_mapping_with_tables_direction_filters_dependency_and_job(admin_client, connection):
    response = admin_client.get(reverse("mappings:list"), {"connection": connection.pk})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == TableMapping.objects.filter(connection=connection).count() == 4
    customer = next(row for row in rows if row.mapping.name == "CUSTOMER")
    assert customer.entry.code == "CUSTOMER"
    body = response.content.decode()
    assert "statecode eq 0 and customertypecode eq 3" in body
    assert "CURRENCY|PAYMENT TERMS|SHIPMENT METHOD|SHIPPING AGENT" in body
    assert "Synchronize Modified Records" in body and "Uncouple All" in body


def test_list_shows_the_last_run_result_and_counts(admin_client, connection, customer):
    SyncJob.objects.create(connection=connection, mapping=customer, mapping_name="CUSTOMER", inserted=7, failed=2)
    response = admin_client.get(reverse("mappings:list"), {"connection": connection.pk})
    row = next(row for row in response.context["rows"] if row.mapping.name == "CUSTOMER")
    assert (row.last_job.inserted, row.last_job.failed) == (7, 2)


def test_viewer_sees_the_list_without_action_buttons(viewer_client, connection):
    response = viewer_client.get(reverse("mappings:list"), {"connection": connection.pk})
    assert response.status_code == 200
    assert "Reset to Default" not in response.content.decode()


def test_list_with_an_unknown_connection_is_not_found(admin_client, connection):
    assert admin_client.get(reverse("mappings:list"), {"connection": "abc"}).status_code == 404


def test_card_and_field_mappings_pages_show_the_mapping(admin_client, customer):
    card = admin_client.get(reverse("mappings:card", args=[customer.pk]))
    assert card.status_code == 200 and "Integration Table Mapping CUSTOMER" in card.content.decode()
    fields = admin_client.get(reverse("mappings:field_mappings", args=[customer.pk]))
    assert fields.status_code == 200 and "address1_primarycontactname" in fields.content.decode()
    field = customer.field_mappings.first()
    assert admin_client.get(reverse("mappings:field_card", args=[field.pk])).status_code == 200


@pytest.mark.parametrize("action", ACTIONS)
def test_viewer_is_refused_every_action(viewer_client, customer, action):
    assert viewer_client.post(_actions(customer)[action]).status_code == 403


@pytest.mark.parametrize("action", ACTIONS)
def test_get_on_an_action_is_not_allowed(admin_client, customer, action):
    assert admin_client.get(_actions(customer)[action]).status_code == 405


def test_card_save_changes_the_mapping_and_audits_it(admin_client, customer):
    data = {
        "direction": Direction.TO_INTEGRATION,
        "status": "Enabled",
        "bc_table_filter": "blocked eq ' '",
        "dataverse_table_filter": "statecode eq 0",
        "dependency_filter": "CURRENCY",
        "update_conflict_resolution": "SendUpdateToIntegration",
        "deletion_conflict_resolution": "None",
        "synch_only_coupled_records": "on",
    }
    response = admin_client.post(reverse("mappings:card_save", args=[customer.pk]), data)
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.direction, customer.dependency_filter) == (Direction.TO_INTEGRATION, "CURRENCY")
    assert AuditEntry.objects.filter(action="Edit Integration Table Mapping").count() == 1


def test_field_mapping_add_edit_and_remove(admin_client, customer):
    add = {
        "bc_field": "Name 2",
        "dataverse_field": "description",
        "direction": "ToIntegrationTable",
        "match_priority": 0,
    }
    response = admin_client.post(reverse("mappings:field_mapping_add", args=[customer.pk]), add | {"status": "Enabled"})
    assert response.status_code == 302
    added = customer.field_mappings.get(bc_field="Name 2")
    assert added.position == 210  # after the 18 default fields and the two extras
    edit = add | {"status": "Disabled", "match_priority": 1, "use_for_match_based_coupling": "on"}
    assert admin_client.post(reverse("mappings:field_mapping_save", args=[added.pk]), edit).status_code == 302
    added.refresh_from_db()
    assert (added.status, added.match_priority) == ("Disabled", 1)
    assert admin_client.post(reverse("mappings:field_mapping_remove", args=[added.pk])).status_code == 302
    assert not FieldMapping.objects.filter(pk=added.pk).exists()


def test_synchronize_now_queues_a_modified_only_or_a_full_run(admin_client, customer):
    url = reverse("mappings:synchronize_now", args=[customer.pk])
    admin_client.post(url)
    admin_client.post(url, {"full": "1"})
    assert list(SyncJob.objects.filter(mapping=customer).order_by("pk").values_list("full", flat=True)) == [False, True]


def test_uncouple_all_needs_the_confirmation(admin_client, customer):
    confirm_page = admin_client.get(reverse("mappings:uncouple_all_confirm", args=[customer.pk]))
    assert confirm_page.status_code == 200
    url = reverse("mappings:uncouple_all", args=[customer.pk])
    assert admin_client.post(url).status_code == 302
    assert not SyncJob.objects.filter(mapping=customer).exists()
    admin_client.post(url, {"confirm": "yes"})
    assert SyncJob.objects.filter(mapping=customer, job_type="uncoupling").count() == 1


def test_set_on_hold_and_set_ready_change_the_mapping_job_queue_entry(admin_client, customer):
    admin_client.post(reverse("mappings:set_on_hold", args=[customer.pk]))
    entry = JobQueueEntry.objects.get(connection=customer.connection, code="CUSTOMER")
    assert entry.status == JobQueueStatus.ON_HOLD
    admin_client.post(reverse("mappings:set_ready", args=[customer.pk]))
    entry.refresh_from_db()
    assert entry.status == JobQueueStatus.READY


def test_set_on_hold_of_a_mapping_without_entry_says_so(admin_client, connection):
    line = TableMapping.objects.get(connection=connection, name="POSTEDSALESLINE-INV")
    response = admin_client.post(reverse("mappings:set_on_hold", args=[line.pk]), follow=True)
    assert "has no job queue entry" in response.content.decode()


def test_reset_restart_and_recommend_full_synchronization(admin_client, customer):
    customer.field_mappings.all().delete()
    admin_client.post(reverse("mappings:reset_to_default", args=[customer.pk]))
    assert customer.field_mappings.filter(status="Enabled").count() == 18  # and the two disabled extras
    admin_client.post(reverse("mappings:restart", args=[customer.pk]))
    admin_client.post(reverse("mappings:recommend_full_sync", args=[customer.pk]))
    customer.refresh_from_db()
    assert (customer.bc_watermark, customer.full_sync_recommended) == (None, True)
