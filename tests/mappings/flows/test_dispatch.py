"""The engine's run entry points hand flow mappings to their flows: ``manage.py sync``, job queue entries (mapping
and codeunit entries), Synchronize Now, and the product rules after ITEM-PRODUCT."""

from io import StringIO

import pytest
from django.core.management import call_command

from mappings.models import JobQueueEntry, TableMapping
from mappings.services.job_queue import run_entry
from mappings.services.sync_actions import execute_queued_sync, run_mapping_now, synchronize_now
from synclog.choices import JobStatus
from synclog.models import SyncJob
from tests.mappings.flows.world import bc_rows, build_sales_world

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def world(in_process_sandbox):
    world = build_sales_world(bidirectional_sales_order_integration=True)
    TableMapping.objects.create(
        connection=world.connection, name="SALESORDER-ORDER", bc_table="Sales Header", dataverse_table="salesorder"
    )
    return world


def test_sync_command_runs_the_sales_order_flow_and_prints_both_passes(world):
    world.order(ordernumber="CMD-1")
    out = StringIO()

    call_command("sync", "SALESORDER-ORDER", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("SALESORDER-ORDER to-dataverse: inserted=0")
    assert lines[1].startswith("SALESORDER-ORDER to-bc: inserted=1 modified=0")
    assert bc_rows("Sales Header", **{"Your Reference": "CMD-1"})[0]["Status"] == "Released"


def test_job_queue_entry_of_the_mapping_runs_the_flow_and_links_its_jobs(world):
    world.order(ordernumber="JQ-1")
    mapping = TableMapping.objects.get(name="SALESORDER-ORDER")
    entry = JobQueueEntry.objects.create(connection=world.connection, code=mapping.name, mapping=mapping)

    run_entry(entry.pk)

    entry.refresh_from_db()
    assert "SALESORDER-ORDER to-bc: inserted=1" in entry.last_result and entry.status == "ready"
    assert SyncJob.objects.filter(job_queue_entry=entry).count() == 2


def test_codeunit_entry_runs_its_flow(world):
    world.connection.bidirectional_sales_order_integration = False
    world.connection.legacy_sales_order_integration = True
    world.connection.save()
    world.order(ordernumber="AUTO-1")
    entry = JobQueueEntry.objects.create(connection=world.connection, code="AUTO CREATE SALES ORDERS")

    run_entry(entry.pk)

    assert bc_rows("Sales Header", **{"Your Reference": "AUTO-1"})[0]["Status"] == "Open"
    assert SyncJob.objects.get(job_queue_entry=entry).inserted == 1


def test_synchronize_now_runs_the_flow_in_the_queued_job(world):
    world.order(ordernumber="NOW-1")
    job = synchronize_now(TableMapping.objects.get(name="SALESORDER-ORDER"))

    results = execute_queued_sync(job.pk)

    job.refresh_from_db()
    assert results[0].job_id == job.pk and job.status == JobStatus.SUCCESS
    assert results[1].counters.inserted == 1


def test_product_rules_follow_an_item_product_run(world):
    mapping = TableMapping.objects.create(
        connection=world.connection,
        name="ITEM-PRODUCT",
        bc_table="Item",
        dataverse_table="product",
        direction="ToIntegrationTable",
    )

    run_mapping_now(mapping)

    rules = SyncJob.objects.get(mapping_name="PRODUCT-RULES")
    assert (rules.modified, rules.status) == (3, JobStatus.SUCCESS)
