"""The job runner: entries without a mapping run the flow of their code; an idle entry wakes on a Sales change
found by the cheap probe, within one interval (sync_engine §6.2, §6.3)."""

import pytest

from connection_setup.services.jobs import STATISTICS
from mappings.flows.statistics import STATISTICS_JOB
from mappings.models import Coupling, JobQueueEntry, JobQueueStatus
from mappings.services.job_queue import ensure_entry, run_entry, wake_entries
from sandbox import store
from synclog.models import SyncJob
from tests.mappings.engine.world import age_records, sales_update

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _entry(world, code: str = "CUSTOMER") -> JobQueueEntry:
    return JobQueueEntry.objects.get(connection=world.connection, code=code)


def test_an_entry_without_a_mapping_runs_the_flow_of_its_code_and_logs_it(world):
    entry = ensure_entry(
        world.connection, code=STATISTICS.code, description=STATISTICS.description, inactivity_timeout_minutes=30
    )
    result = run_entry(entry.pk)
    entry.refresh_from_db()
    job = SyncJob.objects.get(job_queue_entry=entry)
    assert (job.mapping_name, job.status) == (STATISTICS_JOB[:20], "success")
    assert entry.last_result == result and result.startswith(STATISTICS_JOB)
    assert not job.is_active and entry.status == JobQueueStatus.ON_HOLD_INACTIVITY  # no coupled customers: idle


def test_an_idle_entry_probes_cheaply_and_runs_when_sales_changed(world):
    entry = _entry(world)
    world.run("CUSTOMER", full=True)
    age_records()
    run_entry(entry.pk)  # nothing changed since the full synchronization: idle
    entry.refresh_from_db()
    assert entry.status == JobQueueStatus.ON_HOLD_INACTIVITY
    runs = SyncJob.objects.count()
    assert run_entry(entry.pk) == "On Hold with Inactivity Timeout: no changes found by the probe."
    assert SyncJob.objects.count() == runs  # the probe ran no pass
    account = Coupling.objects.filter(bc_table="Customer").first()
    sales_update("account", account.dataverse_id, {"telephone1": "+1 555 0144"})
    assert "CUSTOMER to-bc: inserted=0 modified=1" in run_entry(entry.pk)
    entry.refresh_from_db()
    assert entry.status == JobQueueStatus.READY
    assert store.get("bc", "Customer", account.bc_system_id).data["Phone No."] == "+1 555 0144"


def test_a_change_made_through_the_app_wakes_the_entries_of_that_table(world):
    entry = _entry(world)
    entry.status = JobQueueStatus.ON_HOLD_INACTIVITY
    entry.save(update_fields=["status"])
    assert wake_entries(world.connection, bc_table="Customer") == 1
    entry.refresh_from_db()
    assert entry.status == JobQueueStatus.READY
