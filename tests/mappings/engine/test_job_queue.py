"""Job queue entries: deterministic schedules, the inactivity timeout, On Hold and Ready, the page (§6)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from mappings.engine.types import Counters, PassResult
from mappings.models import JobQueueStatus
from mappings.services.job_queue import after_run, ensure_entry, remove_entry, wake_entries
from synclog.choices import PassDirection


def make_entry(connection, mapping, **options):
    return ensure_entry(
        connection,
        code="CUSTOMER",
        description=" CUSTOMER - Dynamics 365 Sales synchronization job.",
        mapping=mapping,
        interval_minutes=30,
        **options,
    )


def test_each_entry_has_one_schedule_upserted_by_a_deterministic_name(connection, customer_mapping):
    entry = make_entry(connection, customer_mapping)
    make_entry(connection, customer_mapping)
    schedule = Schedule.objects.get(name=entry.schedule_name)
    assert (schedule.func, schedule.minutes, schedule.args) == (
        "mappings.tasks.run_job_queue_entry",
        30,
        f"({entry.pk},)",
    )
    assert Schedule.objects.count() == 1
    remove_entry(connection, code="CUSTOMER")
    assert Schedule.objects.count() == 0


def test_an_idle_run_puts_the_entry_on_hold_with_inactivity_timeout(connection, customer_mapping):
    entry = make_entry(connection, customer_mapping, inactivity_timeout_minutes=720)
    idle = [PassResult("CUSTOMER", PassDirection.TO_INTEGRATION, Counters(unchanged=3))]
    after_run(entry, idle, active=False)
    entry.refresh_from_db()
    assert entry.status == JobQueueStatus.ON_HOLD_INACTIVITY
    assert entry.hold_until - timezone.now() > timedelta(minutes=719)
    assert Schedule.objects.filter(name=entry.schedule_name).exists(), "the probe keeps running every interval"
    after_run(entry, idle, active=True)
    assert entry.status == JobQueueStatus.READY


def test_a_change_made_through_the_app_wakes_an_idle_entry(connection, customer_mapping):
    entry = make_entry(connection, customer_mapping, inactivity_timeout_minutes=720)
    after_run(entry, [], active=False)
    assert wake_entries(connection, bc_table="Customer") == 1
    entry.refresh_from_db()
    assert entry.status == JobQueueStatus.READY
    assert entry.next_run_at - timezone.now() < timedelta(seconds=31)


def test_set_on_hold_removes_the_schedule_and_set_ready_restores_it(connection, customer_mapping):
    entry = make_entry(connection, customer_mapping)
    entry.set_on_hold()
    assert not Schedule.objects.filter(name=entry.schedule_name).exists()
    entry.set_ready()
    assert Schedule.objects.filter(name=entry.schedule_name).exists()


def test_job_queue_page_lists_entries_with_actions_for_administrators(admin_client, connection, customer_mapping):
    make_entry(connection, customer_mapping)
    page = admin_client.get(reverse("mappings:job_queue"))
    assert page.status_code == 200
    assert b"CUSTOMER" in page.content and b"Set On Hold" in page.content


def test_set_on_hold_needs_post_and_the_administrator_role(viewer_client, admin_client, connection, customer_mapping):
    entry = make_entry(connection, customer_mapping)
    url = reverse("mappings:job_queue_set_on_hold", args=[entry.pk])
    assert admin_client.get(url).status_code == 405
    assert viewer_client.post(url).status_code == 403
    assert admin_client.post(url).status_code == 302
    entry.refresh_from_db()
    assert entry.status == JobQueueStatus.ON_HOLD
