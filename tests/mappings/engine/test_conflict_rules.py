"""Update and deletion conflicts of the scheduled run, and the one-off runs that bypass them (sync_engine §2.6)."""

import pytest

from mappings.choices import DeletionConflictResolution, UpdateConflictResolution
from mappings.models import Coupling, SynchResult
from sandbox import store
from synclog.models import SyncError
from tests.mappings.engine.world import age_records, bc_row, bc_update, sales_row, sales_rows, sales_update

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _first_pair(world) -> Coupling:
    """CUSTOMER fully synchronized an hour ago; the coupling of its first customer."""
    age_records()
    world.run("CUSTOMER", full=True)
    age_records()
    return Coupling.objects.order_by("id").first()


def _set(world, **fields) -> None:
    world.mapping("CUSTOMER").__class__.objects.filter(pk=world.mapping("CUSTOMER").pk).update(**fields)


def _change_both_names(coupling: Coupling) -> None:
    bc_update("Customer", coupling.bc_system_id, {"Name": "Changed in BC"})
    sales_update("account", coupling.dataverse_id, {"name": "Changed in Sales"})


def test_an_update_conflict_without_a_resolution_fails_the_record_in_both_passes(world):
    coupling = _first_pair(world)
    _change_both_names(coupling)
    to_dataverse, to_bc = world.run("CUSTOMER")
    assert (to_dataverse.counters.failed, to_bc.counters.failed) == (1, 1)
    error = SyncError.objects.filter(job_id=to_dataverse.job_id).get()
    assert error.message == (
        "Cannot update a record in the account table. The mapping between Name field on the Customer table and the"
        " name field on the account table is bi-directional, and one or both values have changed since the last"
        " synchronization."
    )
    assert (error.bc_system_id, error.dataverse_row_id) == (coupling.bc_system_id, coupling.dataverse_id)
    coupling.refresh_from_db()
    assert coupling.last_result_to == coupling.last_result_from == SynchResult.FAILURE
    assert (bc_row("Customer", coupling.bc_system_id)["Name"], sales_row("account", coupling.dataverse_id)["name"]) == (
        "Changed in BC",
        "Changed in Sales",
    )


@pytest.mark.parametrize(
    ("resolution", "winner", "counts"),
    [
        # BC wins in the To pass; the From pass then no longer fetches the row, now last modified by us.
        (UpdateConflictResolution.SEND_UPDATE, "Changed in BC", ((1, 0), (0, 0))),
        (UpdateConflictResolution.GET_UPDATE, "Changed in Sales", ((0, 1), (1, 0))),
    ],
)
def test_an_update_conflict_resolution_lets_one_side_win_and_the_other_pass_skip(world, resolution, winner, counts):
    coupling = _first_pair(world)
    _set(world, update_conflict_resolution=resolution)
    _change_both_names(coupling)
    to_dataverse, to_bc = world.run("CUSTOMER")
    to, back = to_dataverse.counters, to_bc.counters
    assert ((to.modified, to.skipped), (back.modified, back.skipped)) == counts
    assert bc_row("Customer", coupling.bc_system_id)["Name"] == winner
    assert sales_row("account", coupling.dataverse_id)["name"] == winner
    assert not SyncError.objects.exists()


def _delete_account(coupling: Coupling) -> None:
    store.delete("dataverse", "account", coupling.dataverse_id)
    bc_update("Customer", coupling.bc_system_id, {"City": "Tacoma"})


def test_a_deletion_conflict_without_a_resolution_fails_the_record(world):
    coupling = _first_pair(world)
    _delete_account(coupling)
    to_dataverse, _ = world.run("CUSTOMER")
    assert to_dataverse.counters.failed == 1
    assert SyncError.objects.get().message == "The record cannot be updated because it is coupled to a deleted record."
    coupling.refresh_from_db()
    assert coupling.last_result_to == SynchResult.FAILURE


def test_restore_records_inserts_a_new_counterpart_and_couples_it(world):
    coupling = _first_pair(world)
    _set(world, deletion_conflict_resolution=DeletionConflictResolution.RESTORE_RECORDS)
    _delete_account(coupling)
    to_dataverse, _ = world.run("CUSTOMER")
    assert to_dataverse.counters.inserted == 1
    fresh = Coupling.objects.get(bc_table="Customer", bc_system_id=coupling.bc_system_id)
    assert fresh.dataverse_id != coupling.dataverse_id
    assert sales_row("account", fresh.dataverse_id)["address1_city"] == "Tacoma"
    assert len(sales_rows("account")) == 3


def test_remove_coupling_drops_the_coupling_and_writes_nothing(world):
    coupling = _first_pair(world)
    _set(world, deletion_conflict_resolution=DeletionConflictResolution.REMOVE_COUPLING)
    _delete_account(coupling)
    to_dataverse, _ = world.run("CUSTOMER")
    assert to_dataverse.counters.processed == 0
    assert not Coupling.objects.filter(pk=coupling.pk).exists()
    assert len(sales_rows("account")) == 2


def test_a_one_off_run_forces_the_write_and_detects_no_conflict(world):
    coupling = _first_pair(world)
    _change_both_names(coupling)
    to_dataverse, to_bc = world.run("CUSTOMER", full=True)
    assert (to_dataverse.counters.modified, to_dataverse.counters.failed) == (1, 0)
    assert sales_row("account", coupling.dataverse_id)["name"] == "Changed in BC"
    assert to_bc.counters.failed == 0
