"""Dataverse rows created by a synchronization get ids derived from their BC record: a create repeated after its
coupling was lost (a crash between the write and the commit) upserts the same row instead of making a second."""

import uuid

import pytest

from mappings.engine.couplings import CREATED_ROW_NAMESPACE, CouplingScope
from mappings.models import Coupling, PendingCreate
from sandbox import store
from tests.mappings.engine.world import bc_rows, sales_rows

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _scope(world) -> CouplingScope:
    return CouplingScope(world.connection.pk, "Customer", "account", "CUSTOMER")


def test_a_first_create_goes_to_the_row_id_its_bc_record_derives(world):
    world.run("CUSTOMER", full=True)
    scope = _scope(world)
    couplings = list(Coupling.objects.filter(bc_table="Customer"))
    assert len(couplings) == len(bc_rows("Customer"))
    assert all(c.dataverse_id == scope.created_row_id(c.bc_system_id) for c in couplings)
    assert {c.dataverse_id for c in couplings} == {row.row_id for row in sales_rows("account")}


def test_a_create_repeated_after_its_coupling_was_lost_upserts_the_same_row(world):
    world.run("CUSTOMER", full=True)
    before = {row.row_id for row in sales_rows("account")}
    Coupling.objects.filter(bc_table="Customer").delete()  # as if the run had died before committing them
    to_dataverse, _ = world.run("CUSTOMER", full=True)
    assert to_dataverse.counters.inserted == len(before)
    assert {row.row_id for row in sales_rows("account")} == before
    assert Coupling.objects.filter(bc_table="Customer").count() == len(before)


def test_a_derived_row_id_another_record_holds_gives_the_create_a_new_id_committed_first(world):
    first = store.find("bc", "Customer")[0].row_id
    derived = _scope(world).created_row_id(first)
    holder = _scope(world).new(bc_system_id=uuid.uuid4(), dataverse_id=derived, skipped=True)
    holder.save()
    to_dataverse, _ = world.run("CUSTOMER", full=True)
    assert to_dataverse.counters.failed == 0
    coupling = Coupling.objects.get(bc_table="Customer", bc_system_id=first)
    assert coupling.dataverse_id != derived and coupling.pending == PendingCreate.NONE
    assert coupling.dataverse_id in {row.row_id for row in sales_rows("account")}
    assert Coupling.objects.get(pk=holder.pk).dataverse_id == derived


def test_a_derived_row_id_is_the_name_based_guid_of_the_connection_tables_and_record():
    """The ids must never change between versions: a retry after an upgrade must find the row created before."""
    scope = CouplingScope(7, "Customer", "account", "CUSTOMER")
    record = uuid.UUID("5d1f64a0-3b7e-4c2f-9a51-0c3d2e1f4a6b")
    expected = uuid.uuid5(CREATED_ROW_NAMESPACE, f"7/Customer/account/{record}")
    assert scope.created_row_id(record) == expected == scope.created_row_id(record)
