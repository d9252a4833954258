"""A coupling line's run includes the jobs that follow it (creating what had no match, synchronizing what was
coupled): the line finishes, and its dependents start, only when the last of them has ended; a queued job whose
mapping stays busy ends Aborted with the reason instead of waiting in the log forever."""

import pytest
from django.utils import timezone
from django_q.conf import Conf

from mappings import tasks
from mappings.models import FullSyncReviewLine, ReviewStatus
from mappings.services import full_sync_review as review
from mappings.services import sync_actions
from mappings.services.sync_actions import synchronize_now
from sandbox.bc import service as bc
from synclog.choices import JobStatus
from synclog.models import SyncJob, SyncJobPart

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _line(world, name: str) -> FullSyncReviewLine:
    return FullSyncReviewLine.objects.select_related("mapping").get(connection=world.connection, mapping__name=name)


def test_a_coupling_line_finishes_when_its_follow_up_jobs_end_and_only_then_its_dependents_start(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    world.customer("Adatum Corporation")
    world.account("Adatum Corporation")
    world.customer("Trey Research")
    bc.create("Contact", {"Type": "Person", "First Name": "Ann", "Surname": "Beebe"})  # CONTACT has work to do
    review.generate_review(world.connection)
    customers = _line(world, "CUSTOMER")
    assert review.start_line(customers) is not None
    with django_capture_on_commit_callbacks() as follow_ups:
        review.run_review_line(customers.pk)
    run = SyncJob.objects.filter(run_id=_line(world, "CUSTOMER").run_id)
    assert (_line(world, "CUSTOMER").status, run.filter(status=JobStatus.QUEUED).count()) == (
        ReviewStatus.IN_PROCESS,
        2,
    )
    assert _line(world, "CONTACT").status == ReviewStatus.BLANK

    monkeypatch.setattr(Conf, "SYNC", True)
    follow_ups[0]()
    assert _line(world, "CUSTOMER").status == ReviewStatus.IN_PROCESS
    with django_capture_on_commit_callbacks():
        follow_ups[1]()
    assert _line(world, "CUSTOMER").status == ReviewStatus.FINISHED
    assert run.filter(coupled=1).exists() and run.filter(inserted=1).exists()
    assert _line(world, "CONTACT").status == ReviewStatus.IN_PROCESS


def test_a_queued_job_whose_mapping_stays_busy_ends_aborted_and_says_why(world, monkeypatch):
    monkeypatch.setattr(tasks, "LOCK_WAIT_SECONDS", 0)
    job = synchronize_now(world.mapping("CUSTOMER"))
    SyncJob.objects.create(  # a full synchronization split into parts that other workers are still running
        connection=world.connection, mapping_name="CUSTOMER", parts_pending=2, started_at=timezone.now()
    )
    tasks.run_queued_sync(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.ABORTED
    assert "being fully synchronized in parts by other workers" in job.message and "run it again" in job.message


def test_a_split_full_synchronization_settles_its_line_when_the_last_part_ends(
    world, run_tasks, admin_user, settings, monkeypatch
):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"  # with a Redis broker, full synchronizations run in parts
    monkeypatch.setattr(sync_actions, "PART_SIZE", 2)
    world.dataverse_currency("USD", 1.0)  # only the base currency in Sales: CURRENCY is fully synchronized
    for code in ("CAD", "DKK", "EUR", "GBP", "NOK"):
        world.currency(code)
        rate = {"Currency Code": code, "Starting Date": "2024-01-01", "Exchange Rate Amount": 90}
        bc.create("Currency Exchange Rate", rate | {"Relational Exch. Rate Amount": 100})
    review.generate_review(world.connection)
    with run_tasks():
        review.sync_all(world.connection, user=admin_user)
    currencies = _line(world, "CURRENCY")
    assert SyncJobPart.objects.filter(job__run_id=currencies.run_id).count() == 3
    assert currencies.status == ReviewStatus.FINISHED
