"""Products with Unit Group Mapping on (sync_engine §2.11, BC's CRM Synch. Helper): a product's unit group is the one
coupled to its item's Unit Group, and its default unit the one coupled to the item's own base Item Unit of Measure,
never a shared Unit of Measure; an item whose unit is not coupled yet fails with "must be coupled"."""

import pytest

from mappings.models import Coupling
from sandbox import store
from synclog.models import SyncError
from tests.mappings.engine.test_unit_group_chain import _item
from tests.mappings.engine.world import bc_create, sales_row

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _coupled(bc_table: str, **values) -> str:
    record = store.find("bc", bc_table, **values)[0]
    return str(Coupling.objects.get(bc_table=bc_table, bc_system_id=record.row_id).dataverse_id)


def test_a_product_takes_the_unit_group_and_base_unit_coupled_to_its_own_item(world):
    bc_create("Unit of Measure", {"Code": "PCS", "Description": "Pieces"})
    _item("1000")
    _item("1001")
    for name in ("UNIT GROUP", "ITEM UOM"):
        world.run(name, full=True)
    to_dataverse = world.run("ITEM-PRODUCT", full=True)[0]
    assert (to_dataverse.counters.inserted, to_dataverse.counters.failed) == (2, 0)
    for number in ("1000", "1001"):
        product = sales_row("product", _coupled("Item", **{"No.": number}))
        assert product["_defaultuomscheduleid_value"] == _coupled("Unit Group", **{"Source No.": number})
        assert product["_defaultuomid_value"] == _coupled("Item Unit of Measure", **{"Item No.": number})


def test_a_product_whose_item_unit_is_not_coupled_fails_with_must_be_coupled(world):
    bc_create("Unit of Measure", {"Code": "PCS", "Description": "Pieces"})
    _item("1000")
    world.run("UNIT GROUP", full=True)
    to_dataverse = world.run("ITEM-PRODUCT", full=True)[0]
    assert to_dataverse.counters.failed == 1
    error = SyncError.objects.get()
    assert error.bc_system_id == store.find("bc", "Item", **{"No.": "1000"})[0].row_id
    assert error.message == "Base Unit of Measure PCS must be coupled to a record in Dynamics 365 Sales."
