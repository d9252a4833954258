"""The SyncJob lifecycle and counters (sync_engine §2.12, §3.4)."""

import pytest

from connection_setup.models import Connection
from synclog.choices import JobStatus, PassDirection
from synclog.models import SyncJob


@pytest.fixture
def job(db) -> SyncJob:
    connection = Connection.objects.create(
        name="C", bc_tenant="t", server_address="https://c.crm.dynamics.com", tenant="t"
    )
    return SyncJob.objects.create(
        connection=connection, mapping_name="CUSTOMER", direction=PassDirection.TO_INTEGRATION
    )


def test_a_job_with_failed_records_finishes_as_error(job):
    job.start()
    job.add(modified=2, failed=1)
    job.terminate()
    assert (job.status, job.failed, job.is_active) == (JobStatus.ERROR, 1, True)
    assert job.finished_at >= job.started_at


def test_a_job_without_failures_finishes_as_success_and_unchanged_is_not_activity(job):
    job.start()
    job.add(unchanged=5, skipped=1)
    job.terminate()
    assert (job.status, job.is_active) == (JobStatus.SUCCESS, False)


def test_page_range_parts_add_up_and_the_last_part_terminates(job):
    SyncJob.objects.filter(pk=job.pk).update(parts_pending=2)
    job.add(inserted=3)
    assert job.finish_part() is False
    job.add(inserted=4)
    assert job.finish_part() is True
    assert job.inserted == 7


def test_pass_result_line_is_what_the_sync_command_prints():
    from mappings.engine.types import Counters, PassResult

    result = PassResult("CUSTOMER", PassDirection.TO_INTEGRATION, Counters(inserted=1, unchanged=2))
    assert result.line() == (
        "CUSTOMER to-dataverse: inserted=1 modified=0 deleted=0 unchanged=2 skipped=0 failed=0 coupled=0 uncoupled=0"
    )
