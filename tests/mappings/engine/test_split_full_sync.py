"""A full synchronization split into page-range parts, run here one part after another in-process.

The parts' tasks are queued on commit, which never comes inside a test transaction; each test runs the parts it
needs through the same service function the task calls. ``test_split_full_sync_redis`` runs them on real workers.
"""

import pytest

from mappings.locks import MappingLockBusy
from mappings.models import Coupling
from mappings.services.sync_actions import execute_full_sync_part, execute_queued_sync, synchronize_now
from synclog.choices import JobStatus, PassDirection
from synclog.models import SyncJob, SyncJobPart
from tests.mappings.engine.world import build_world, sales_rows

TO_DATAVERSE = PassDirection.TO_INTEGRATION.value
pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def split_world(in_process_sandbox):
    return build_world(customers=7)


def _plan(world, *, part_size: int = 3) -> SyncJob:
    queued = synchronize_now(world.mapping("CUSTOMER"), full=True, direction=TO_DATAVERSE, split=True)
    execute_queued_sync(
        queued.pk, full=True, direction=TO_DATAVERSE, split=True, part_size=part_size, sides_factory=world._sides
    )
    return SyncJob.objects.get(pk=queued.pk)


def _run_part(world, part: SyncJobPart) -> SyncJobPart:
    return execute_full_sync_part(part.job_id, part.part_no, part.first_key, part.last_key, sides_factory=world._sides)


def test_a_split_full_sync_is_planned_as_key_ranges_of_part_size(split_world):
    job = _plan(split_world)
    parts = list(job.parts.all())
    assert [p.records for p in parts] == [3, 3, 1]
    assert job.parts_pending == 3 and job.progress_total == 7
    assert job.status == JobStatus.IN_PROCESS and job.direction == TO_DATAVERSE


def test_parts_add_up_to_one_job_and_the_last_closes_it_and_moves_the_watermark(split_world):
    job = _plan(split_world)
    for part in job.parts.all():
        _run_part(split_world, part)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCESS and job.parts_pending == 0
    assert job.inserted == 7 and job.progress_done == 7
    assert len(sales_rows("account")) == 7 and Coupling.objects.count() == 7
    assert split_world.mapping("CUSTOMER").bc_watermark is not None


def test_a_part_run_again_after_a_lost_attempt_writes_no_duplicate_and_counts_once(split_world):
    job = _plan(split_world)
    first = job.parts.get(part_no=1)
    _run_part(split_world, first)
    # The broker hands the part out again as if its worker had died before closing it.
    SyncJobPart.objects.filter(pk=first.pk).update(status=JobStatus.IN_PROCESS)
    SyncJob.objects.filter(pk=job.pk).update(parts_pending=3)
    for part in job.parts.all():
        _run_part(split_world, part)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCESS
    assert sum(job.counters.values()) == 7 and job.progress_done == 7
    assert job.inserted == 4 and job.unchanged == 3  # the second attempt found its range already written
    assert len(sales_rows("account")) == 7 and Coupling.objects.count() == 7
    assert job.parts.get(part_no=1).attempts == 2


def test_a_finished_part_run_again_changes_nothing(split_world):
    job = _plan(split_world)
    part = _run_part(split_world, job.parts.get(part_no=1))
    again = _run_part(split_world, part)
    job.refresh_from_db()
    assert again.attempts == 1 and job.parts_pending == 2 and job.inserted == 3


def test_an_ordinary_run_waits_while_parts_are_open(split_world):
    _plan(split_world)
    with pytest.raises(MappingLockBusy, match="in parts"):
        split_world.run("CUSTOMER")


def test_a_failed_part_aborts_the_job_and_leaves_the_watermark(split_world):
    job = _plan(split_world)
    broken = job.parts.get(part_no=2)
    with pytest.raises(ValueError):
        execute_full_sync_part(job.pk, 2, "not-a-key", broken.last_key, sides_factory=split_world._sides)
    for part in job.parts.exclude(part_no=2):
        _run_part(split_world, part)
    job.refresh_from_db()
    assert job.status == JobStatus.ABORTED and "1 of 3 part(s) failed" in job.message
    assert split_world.mapping("CUSTOMER").bc_watermark is None


def test_a_bidirectional_full_sync_without_a_direction_is_not_split(split_world):
    queued = synchronize_now(split_world.mapping("CUSTOMER"), full=True, split=True)
    execute_queued_sync(queued.pk, full=True, split=True, part_size=3, sides_factory=split_world._sides)
    assert not SyncJobPart.objects.exists()
    assert len(sales_rows("account")) == 7
