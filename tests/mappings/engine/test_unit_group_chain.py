"""The unit-group model (sales_flows §8.4): UNIT GROUP → ITEM UOM. A Sales unit belongs
to a unit group, so a new ``uom`` gets the Sales unit group coupled to its item's Unit Group, as BC's subscriber
sets it."""

import pytest

from mappings.models import Coupling
from sandbox import store
from synclog.models import SyncError
from tests.mappings.engine.world import bc_create, sales_row

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _item(number: str) -> None:
    bc_create("Item", {"No.": number, "Description": f"Item {number}", "Base Unit of Measure": "PCS"})
    if not store.find("bc", "Item Unit of Measure", **{"Item No.": number}):
        bc_create("Item Unit of Measure", {"Item No.": number, "Code": "PCS", "Qty. per Unit of Measure": 1})
    if not store.find("bc", "Unit Group", **{"Source No.": number}):
        bc_create("Unit Group", {"Source Type": "Item", "Source No.": number})


def _failures() -> list[str]:
    return [error.message for error in SyncError.objects.all()]


def test_a_new_sales_unit_belongs_to_the_unit_group_coupled_to_its_items_unit_group(world):
    bc_create("Unit of Measure", {"Code": "PCS", "Description": "Pieces"})
    _item("1000")
    _item("1001")
    for name in ("UNIT GROUP", "ITEM UOM"):
        to_dataverse = world.run(name, full=True)[0]
        assert (to_dataverse.counters.inserted, to_dataverse.counters.failed, _failures()) == (2, 0, []), name
    for unit in store.find("bc", "Item Unit of Measure"):
        group = store.find("bc", "Unit Group", **{"Source No.": unit.data["Item No."]})[0]
        coupled_group = Coupling.objects.get(bc_table="Unit Group", bc_system_id=group.row_id).dataverse_id
        sales_unit = Coupling.objects.get(bc_table="Item Unit of Measure", bc_system_id=unit.row_id).dataverse_id
        assert sales_row("uom", sales_unit)["_uomscheduleid_value"] == str(coupled_group)


def test_a_unit_whose_items_unit_group_is_not_coupled_fails_with_must_be_coupled(world):
    bc_create("Unit of Measure", {"Code": "PCS", "Description": "Pieces"})
    _item("1000")
    unit = store.find("bc", "Item Unit of Measure")[0].row_id
    to_dataverse = world.run("ITEM UOM", full=True)[0]
    assert to_dataverse.counters.failed == 1
    error = SyncError.objects.get()
    assert error.bc_system_id == unit
    assert error.message == "Unit Group ITEM 1000 UOM GR must be coupled to a record in Dynamics 365 Sales."
