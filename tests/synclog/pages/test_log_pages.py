"""The Synchronization Log, a job's page and its progress partial, Integration Errors and the dashboard."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from connection_setup.models import Connection
from mappings.models import JobQueueEntry
from synclog.choices import JobStatus, JobType, PassDirection
from synclog.models import SyncError, SyncJob


@pytest.fixture
def connection(db) -> Connection:
    return Connection.objects.create(
        name="CRONUS", bc_tenant="t", server_address="https://cronus.crm.dynamics.com", tenant="t"
    )


def _job(connection, name="CUSTOMER", **values) -> SyncJob:
    return SyncJob.objects.create(connection=connection, mapping_name=name, **values)


def _error(job, message="Salesperson XX must be coupled.", **values) -> SyncError:
    return SyncError.objects.create(job=job, mapping_name=job.mapping_name, message=message, **values)


def test_the_log_filters_jobs_by_mapping_type_and_status(connection, viewer_client):
    _job(connection, "CUSTOMER", job_type=JobType.COUPLING, status=JobStatus.SUCCESS, message="customer coupling")
    _job(connection, "CONTACT", status=JobStatus.ERROR, message="contact run")
    text = viewer_client.get(reverse("synclog:jobs"), {"job_type": "coupling"}).content.decode()
    assert "customer coupling" in text and "contact run" not in text
    text = viewer_client.get(reverse("synclog:jobs"), {"mapping_name": "contact", "status": "error"}).content.decode()
    assert "contact run" in text and "customer coupling" not in text


def test_an_unknown_filter_value_is_reported_and_ignored(connection, viewer_client):
    _job(connection, message="still listed")
    text = viewer_client.get(reverse("synclog:jobs"), {"status": "exploded"}, follow=True).content.decode()
    assert "&#x27;exploded&#x27; is not a valid status; that filter was ignored." in text and "still listed" in text


def test_a_job_page_lists_its_errors_with_both_ids(connection, viewer_client):
    job = _job(connection, direction=PassDirection.TO_INTEGRATION, failed=1, status=JobStatus.ERROR)
    error = _error(
        job, bc_table="Customer", bc_system_id="6f1c0d35-2d0b-4b8e-9f4f-111111111111", dataverse_table="account"
    )
    text = viewer_client.get(reverse("synclog:job_detail", args=[job.pk])).content.decode()
    assert error.message in text and str(error.bc_system_id) in text


def test_the_progress_partial_polls_while_the_job_runs_and_stops_with_286(connection, viewer_client):
    job = _job(connection, status=JobStatus.IN_PROCESS, started_at=timezone.now() - timedelta(seconds=10))
    SyncJob.objects.filter(pk=job.pk).update(progress_done=50, progress_total=200)
    response = viewer_client.get(reverse("synclog:job_progress", args=[job.pk]))
    assert response.status_code == 200 and b"50 of 200 records" in response.content and b"every 2s" in response.content
    job.terminate(JobStatus.SUCCESS)
    response = viewer_client.get(reverse("synclog:job_progress", args=[job.pk]))
    assert response.status_code == 286 and b"every 2s" not in response.content


def test_delete_entries_older_than_seven_days_keeps_the_recent_ones(connection, admin_client):
    job = _job(connection)
    _error(job, "old", created=timezone.now() - timedelta(days=8))
    _error(job, "recent", created=timezone.now() - timedelta(days=6))
    admin_client.post(reverse("synclog:errors_delete_older"))
    assert list(SyncError.objects.values_list("message", flat=True)) == ["recent"]


def test_delete_all_entries_empties_the_list(connection, admin_client):
    _error(_job(connection))
    admin_client.post(reverse("synclog:errors_delete_all"))
    assert not SyncError.objects.exists()


def test_a_viewer_cannot_delete_errors(connection, viewer_client):
    _error(_job(connection))
    assert viewer_client.post(reverse("synclog:errors_delete_all")).status_code == 403
    assert viewer_client.get(reverse("synclog:errors_delete_all")).status_code in (403, 405)
    assert SyncError.objects.count() == 1


def test_the_errors_page_searches_messages(connection, viewer_client):
    job = _job(connection)
    _error(job, "Currency EUR must be coupled.")
    _error(job, "Salesperson XX must be coupled.")
    text = viewer_client.get(reverse("synclog:errors"), {"q": "currency"}).content.decode()
    assert "Currency EUR" in text and "Salesperson XX" not in text


def test_the_dashboard_draws_records_synchronized_and_failed_per_mapping(connection, viewer_client):
    _job(connection, "CUSTOMER", inserted=8, modified=2, failed=5)
    _job(connection, "CONTACT", inserted=5)
    JobQueueEntry.objects.create(connection=connection, code="CUSTOMER", description="x")
    for url in (reverse("home"), reverse("synclog:dashboard")):
        text = viewer_client.get(url).content.decode()
        assert 'aria-label="CUSTOMER: 10 synchronized, 5 failed"' in text
        assert 'aria-label="CONTACT: 5 synchronized, 0 failed"' in text
        assert "css/monitoring.css" in text and "<svg" in text
        assert '<span class="queue-count">1</span>' in text
