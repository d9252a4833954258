"""The switches: confirmations, refusals, and the job queue entries each one creates or removes (§6)."""

import pytest
from django.urls import reverse

from connection_setup.models import Connection
from mappings.models import JobQueueEntry

pytestmark = pytest.mark.django_db


def post_switches(client, connection: Connection, **values):
    data = {name: "on" for name, value in values.items() if value}
    return client.post(reverse("connection_setup:switches", args=[connection.pk]), data, follow=True)


def enabled(connection: Connection) -> Connection:
    Connection.objects.filter(pk=connection.pk).update(is_enabled=True)
    connection.refresh_from_db()
    return connection


def test_item_availability_creates_and_removes_its_job_every_30_minutes(admin_client, connection):
    enabled(connection)
    post_switches(admin_client, connection, unit_group_mapping_enabled=True, item_availability_enabled=True)
    entry = JobQueueEntry.objects.get(connection=connection, code="CRM ITEM AVAILABILITY JOB")
    assert entry.interval_minutes == 30
    assert entry.description == "Item Availability - Dynamics 365 Sales synchronization job"
    post_switches(admin_client, connection, unit_group_mapping_enabled=True, item_availability_enabled=False)
    assert not JobQueueEntry.objects.filter(connection=connection, code="CRM ITEM AVAILABILITY JOB").exists()


def test_automatically_process_sales_quotes_creates_its_job(admin_client, connection):
    enabled(connection)
    post_switches(admin_client, connection, unit_group_mapping_enabled=True, auto_process_sales_quotes=True)
    codes = set(JobQueueEntry.objects.filter(connection=connection).values_list("code", flat=True))
    assert codes == {"AUTO PROCESS SALES QUOTES", "CRM STATISTICS JOB"}


def test_bidirectional_sales_orders_create_the_notes_and_archived_orders_jobs(admin_client, connection):
    enabled(connection)
    post_switches(admin_client, connection, unit_group_mapping_enabled=True, bidirectional_sales_order_integration=True)
    codes = set(JobQueueEntry.objects.filter(connection=connection).values_list("code", flat=True))
    assert {"CRM NOTES SYNCH JOB", "CRM ARCHIVED SALES ORDERS JOB"} <= codes
    assert JobQueueEntry.objects.get(connection=connection, code="CRM NOTES SYNCH JOB").interval_minutes == 5


def test_the_sales_order_modes_exclusion_is_shown_and_nothing_changes(admin_client, connection):
    response = post_switches(
        admin_client,
        connection,
        unit_group_mapping_enabled=True,
        legacy_sales_order_integration=True,
        bidirectional_sales_order_integration=True,
    )
    assert "exclude each other" in response.content.decode()
    connection.refresh_from_db()
    assert not connection.legacy_sales_order_integration and not connection.bidirectional_sales_order_integration


def test_legacy_sales_orders_need_the_solution_after_confirmation(admin_client, connection):
    response = post_switches(
        admin_client, connection, unit_group_mapping_enabled=True, legacy_sales_order_integration=True
    )
    assert "Do you want to continue?" in response.content.decode()
    assert not Connection.objects.get(pk=connection.pk).legacy_sales_order_integration
    data = {"unit_group_mapping_enabled": "on", "legacy_sales_order_integration": "on", "confirmed": "True"}
    page = admin_client.post(reverse("connection_setup:switches", args=[connection.pk]), data).content.decode()
    assert "Integration Solution Imported must be Yes" in page
    assert not Connection.objects.get(pk=connection.pk).legacy_sales_order_integration


def test_unit_group_mapping_asks_before_it_is_turned_on(admin_client, connection):
    Connection.objects.filter(pk=connection.pk).update(unit_group_mapping_enabled=False)
    response = post_switches(admin_client, connection, unit_group_mapping_enabled=True)
    assert "Do you want to enable Unit Group Mapping?" in response.content.decode()
    assert not Connection.objects.get(pk=connection.pk).unit_group_mapping_enabled
    data = {"unit_group_mapping_enabled": "on", "confirmed": "True"}
    response = admin_client.post(reverse("connection_setup:switches", args=[connection.pk]), data)
    assert response["Location"] == reverse("mappings:unit_groups", args=[connection.pk])
    assert Connection.objects.get(pk=connection.pk).unit_group_mapping_enabled


def test_unit_group_mapping_is_refused_while_enabled(admin_client, connection):
    enabled(connection)
    response = post_switches(admin_client, connection, unit_group_mapping_enabled=False)
    assert "can be changed only while the connection is disabled" in response.content.decode()
    assert Connection.objects.get(pk=connection.pk).unit_group_mapping_enabled
