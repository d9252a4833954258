"""One run of a mapping against the sandbox, rule by rule (sync_engine §2.2 to §2.5, §2.7, §2.9, §2.12, §1.5)."""

import pytest
from django.utils import timezone

from mappings.models import Coupling, SynchResult
from sandbox import store
from sandbox.demo import credentials as demo
from synclog.choices import PassDirection, RecordAction
from synclog.models import RecordChange, SyncJob
from tests.mappings.engine.world import (
    age_records,
    bc_create,
    bc_row,
    bc_update,
    sales_create,
    sales_row,
    sales_rows,
    sales_update,
)

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

IDLE = "inserted=0 modified=0 deleted=0 unchanged=0 skipped=0 failed=0 coupled=0 uncoupled=0"


def _lines(results) -> list[str]:
    return [result.line() for result in results]


def _coupling_of(bc_id) -> Coupling:
    return Coupling.objects.get(bc_table="Customer", bc_system_id=bc_id)


def _customers(world) -> list:
    return sorted(store.find("bc", "Customer"), key=lambda row: row.data["Name"])


def _synchronized(world) -> None:
    """A full synchronization an hour ago: what follows is a later change, outside the watermark's overlap."""
    age_records()
    world.run("CUSTOMER", full=True)
    age_records()


def test_a_full_synchronization_inserts_and_couples_every_uncoupled_customer(world):
    age_records()
    lines = _lines(world.run("CUSTOMER", full=True))
    assert lines == [
        "CUSTOMER to-dataverse: inserted=3 modified=0 deleted=0 unchanged=0 skipped=0 failed=0 coupled=0 uncoupled=0",
        f"CUSTOMER to-bc: {IDLE}",
    ]
    accounts = sales_rows("account")
    assert sorted(a.data["name"] for a in accounts) == ["Customer 1", "Customer 2", "Customer 3"]
    assert {a.data["customertypecode"] for a in accounts} == {3}
    for customer in _customers(world):
        coupling = _coupling_of(customer.row_id)
        account = sales_row("account", coupling.dataverse_id)
        assert account["name"] == customer.data["Name"]
        assert coupling.last_result_to == SynchResult.SUCCESS and not coupling.pending
        assert coupling.bc_modified_on == customer.modified_at
        stamp = store.get("dataverse", "account", coupling.dataverse_id).modified_at.replace(microsecond=0)
        assert coupling.dataverse_modified_on == stamp  # Dataverse's modifiedon has whole seconds


def test_each_pass_is_one_job_and_bc_to_dataverse_runs_first(world):
    results = world.run("CUSTOMER", full=True)
    assert [r.direction for r in results] == [PassDirection.TO_INTEGRATION, PassDirection.FROM_INTEGRATION]
    jobs = list(SyncJob.objects.order_by("started_at", "id"))
    assert [(j.direction, j.status, j.inserted) for j in jobs] == [
        (PassDirection.TO_INTEGRATION, "success", 3),
        (PassDirection.FROM_INTEGRATION, "success", 0),
    ]
    assert jobs[0].finished_at <= jobs[1].started_at


def test_an_incremental_run_reads_only_what_changed_since_the_watermark(world):
    _synchronized(world)
    first = _customers(world)[0]
    bc_update("Customer", first.row_id, {"Phone No.": "+1 555 0199"})
    lines = _lines(world.run("CUSTOMER"))
    assert lines == [
        "CUSTOMER to-dataverse: inserted=0 modified=1 deleted=0 unchanged=0 skipped=0 failed=0 coupled=0 uncoupled=0",
        f"CUSTOMER to-bc: {IDLE}",
    ]
    assert sales_row("account", _coupling_of(first.row_id).dataverse_id)["telephone1"] == "+1 555 0199"
    change = RecordChange.objects.get(action=RecordAction.MODIFIED)
    assert change.fields == {"telephone1": ["+1 555 0101", "+1 555 0199"]}
    assert (change.bc_system_id, change.dataverse_row_id) == (first.row_id, _coupling_of(first.row_id).dataverse_id)


def test_a_run_that_finds_nothing_writes_nothing(world):
    _synchronized(world)
    assert _lines(world.run("CUSTOMER")) == [f"CUSTOMER to-dataverse: {IDLE}", f"CUSTOMER to-bc: {IDLE}"]
    assert not any(job.is_active for job in SyncJob.objects.all()[:2])


def test_our_own_writes_look_unchanged_when_read_back(world):
    """Loop prevention by stamps alone: without the modified-by filter the From pass re-reads our rows."""
    world.connection.integration_user_id = None
    world.connection.save(update_fields=["integration_user_id"])
    world.run("CUSTOMER", full=True)
    bc_update("Customer", _customers(world)[1].row_id, {"City": "Redmond"})
    to_dataverse, to_bc = world.run("CUSTOMER")
    assert to_dataverse.counters.modified == 1
    assert to_bc.counters.unchanged >= 1
    assert (to_bc.counters.modified, to_bc.counters.inserted, to_bc.counters.failed) == (0, 0, 0)


def test_rows_last_modified_by_the_integration_user_are_not_fetched(world):
    world.run("CUSTOMER", full=True)
    bc_update("Customer", _customers(world)[1].row_id, {"City": "Redmond"})
    _, to_bc = world.run("CUSTOMER")
    assert to_bc.counters.processed == 0


def test_a_change_made_in_sales_flows_to_business_central(world):
    _synchronized(world)
    customer = _customers(world)[2]
    sales_update("account", _coupling_of(customer.row_id).dataverse_id, {"telephone1": "+1 555 0777"})
    lines = _lines(world.run("CUSTOMER"))
    assert lines[1] == (
        "CUSTOMER to-bc: inserted=0 modified=1 deleted=0 unchanged=0 skipped=0 failed=0 coupled=0 uncoupled=0"
    )
    assert bc_row("Customer", customer.row_id)["Phone No."] == "+1 555 0777"
    assert _coupling_of(customer.row_id).last_result_from == SynchResult.SUCCESS


def test_a_new_account_in_sales_is_created_in_business_central_by_a_full_synchronization(world):
    account = sales_create("account", {"name": "Sales Only Ltd", "customertypecode": 3, "statecode": 0})
    _, to_bc = world.run("CUSTOMER", full=True)
    assert to_bc.counters.inserted == 1
    coupling = Coupling.objects.get(dataverse_id=account)
    assert bc_row("Customer", coupling.bc_system_id)["Name"] == "Sales Only Ltd"
    assert not coupling.pending and coupling.last_result_from == SynchResult.SUCCESS


def test_uncoupled_records_are_ignored_when_only_coupled_records_are_synchronized(world):
    _synchronized(world)
    bc_create("Customer", {"Name": "Late Customer"})
    to_dataverse, _ = world.run("CUSTOMER")
    assert to_dataverse.counters.processed == 0
    assert len(sales_rows("account")) == 3


def _cost(world, run) -> tuple[int, int]:
    """(queries on the app's database, requests to both services) of one run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        run()
    return len(queries), world.requests


def test_the_cost_of_a_run_does_not_grow_with_the_number_of_records(world):
    def add_customers_and_run(count: int) -> tuple[int, int]:
        for number in range(count):
            bc_create("Customer", {"Name": f"Bulk {count} {number}", "City": "Spokane"})
        age_records()  # what earlier runs wrote is read back and compared in both runs alike
        return _cost(world, lambda: world.run("CUSTOMER", full=True))

    world.run("CUSTOMER", full=True)
    small, large = add_customers_and_run(2), add_customers_and_run(40)
    assert len(sales_rows("account")) == 45
    assert large[1] == small[1]  # requests per page (read, counterparts, batch, read-back), never per record
    assert large[0] <= small[0] + 2  # SQLite caps the rows of one bulk statement; 38 more records, ≤ 2 more batches


def test_the_from_pass_of_a_full_synchronization_does_not_read_back_what_its_to_pass_just_wrote(world):
    age_records()
    to_dataverse, to_bc = world.run("CUSTOMER", full=True)
    assert to_bc.line() == f"CUSTOMER to-bc: {IDLE}"
    assert "The 3 row(s) this run wrote to Dataverse were not read back" in SyncJob.objects.get(pk=to_bc.job_id).message
    # The customers' page and the company look-ups (companies, companyInformation); no counterpart read.
    assert world.sides[-1].bc_client.stats.requests == 3
    for customer in _customers(world):
        assert _coupling_of(customer.row_id).last_job_to_id == to_dataverse.job_id


def test_the_from_pass_of_a_full_synchronization_reads_nothing_its_to_pass_wrote_in_the_runs_first_second(
    world, monkeypatch
):
    age_records()
    moment = timezone.now().replace(microsecond=500000)
    monkeypatch.setattr(timezone, "now", lambda: moment)  # the run and every row it writes stamped in one second
    to_dataverse, to_bc = world.run("CUSTOMER", full=True)
    assert to_dataverse.counters.inserted == 3 and to_bc.line() == f"CUSTOMER to-bc: {IDLE}"
    assert SyncJob.objects.get(pk=to_bc.job_id).progress_done == 0  # not read at all, not even to be passed over


def test_an_account_the_integration_user_wrote_before_the_run_is_still_read_by_a_full_synchronization(world):
    _synchronized(world)
    created = sales_create(
        "account", {"name": "Made by the integration", "customertypecode": 3}, caller=demo.INTEGRATION_USER_ID
    )
    age_records()
    _, to_bc = world.run("CUSTOMER", full=True)
    assert to_bc.line() == f"CUSTOMER to-bc: {IDLE.replace('inserted=0', 'inserted=1')}"
    assert Coupling.objects.get(dataverse_id=created).bc_system_id is not None


def test_a_run_closes_its_service_clients_when_it_ends(world):
    """An unclosed client keeps its sockets open until the garbage collector finds it; a server that counts
    connections then stops accepting new ones."""
    world.run("CUSTOMER", full=True)
    sides = world.sides[-1]
    assert sides.bc_client.http.client.is_closed and sides.dataverse_client.http.client.is_closed
