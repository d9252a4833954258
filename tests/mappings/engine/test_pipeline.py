"""A pass over many pages: pages read ahead and written behind, finished in order, every record coupled once."""

import uuid

import pytest

from mappings.models import Coupling
from mappings.services import sync_actions
from sandbox import store
from synclog.models import SyncError, SyncJob
from tests.mappings.engine.world import age_records, bc_create, build_world, sales_rows

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def small_pages(monkeypatch, in_process_sandbox):
    monkeypatch.setattr(sync_actions, "SYNC_PAGE_SIZE", 2)


def test_a_pass_over_many_pages_couples_every_record_once_and_counts_each_page(small_pages):
    world = build_world(customers=7)
    age_records()
    to_dataverse, to_bc = world.run("CUSTOMER", full=True)
    assert to_dataverse.counters.inserted == 7 and to_dataverse.counters.failed == 0
    assert to_bc.counters.processed == 0  # what the To pass wrote is not read back
    assert world.sides[-1].bc_client.stats.requests == 4 + 2  # four pages of customers; the company, read once
    couplings = Coupling.objects.filter(bc_table="Customer", pending="")
    assert couplings.count() == 7 == couplings.values("dataverse_id").distinct().count()
    assert len(sales_rows("account")) == 7
    job = SyncJob.objects.get(pk=to_dataverse.job_id)
    assert (job.inserted, job.progress_done) == (7, 7)


def test_a_record_the_service_refuses_on_one_page_does_not_stop_the_pages_after_it(small_pages):
    world = build_world(customers=3)
    euro = store.find("bc", "Currency", **{"Code": "EUR"})[0].row_id
    # EUR coupled to a Sales currency that no longer exists: Dataverse refuses the account that binds to it.
    Coupling.objects.create(
        connection=world.connection,
        bc_table="Currency",
        bc_system_id=euro,
        dataverse_table="transactioncurrency",
        dataverse_id=uuid.uuid4(),
    )
    refused = bc_create("Customer", {"Name": "Customer 4", "Currency Code": "EUR"})
    for number in range(5, 8):
        bc_create("Customer", {"Name": f"Customer {number}", "City": "Seattle"})
    age_records()
    to_dataverse, _ = world.run("CUSTOMER", full=True)
    assert (to_dataverse.counters.inserted, to_dataverse.counters.failed) == (6, 1)
    error = SyncError.objects.get(job_id=to_dataverse.job_id)
    assert error.bc_system_id == refused and "do not exist" in error.message.lower()
    assert sorted(a.data["name"] for a in sales_rows("account")) == [f"Customer {n}" for n in (1, 2, 3, 5, 6, 7)]
