"""SALESPEOPLE: a salesperson made from a Sales user gets the next code of BC's "SP NO. 00001" series (sync_engine
§2.11), after the highest such code BC already has; a code is given once, never changed by a later run."""

import pytest

from mappings.models import Coupling
from sandbox import store
from tests.mappings.engine.world import bc_create, build_world

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _codes_from_sales() -> list[str]:
    ids = Coupling.objects.filter(bc_table="Salesperson/Purchaser").values_list("bc_system_id", flat=True)
    return sorted(store.get("bc", "Salesperson/Purchaser", i).data["Code"] for i in ids)


def test_new_salespeople_get_the_next_codes_after_the_highest_sp_no_code(in_process_sandbox):
    world = build_world(ownership="Person")
    bc_create("Salesperson/Purchaser", {"Code": "SP NO. 00007", "Name": "Earlier import"})
    result = world.run("SALESPEOPLE", full=True)[0]
    inserted = result.counters.inserted
    assert (inserted >= 2, result.counters.failed) == (True, 0)
    assert _codes_from_sales() == [f"SP NO. {number:05d}" for number in range(8, 8 + inserted)]


def test_a_salesperson_keeps_its_code_when_synchronized_again(in_process_sandbox):
    world = build_world(ownership="Person")
    world.run("SALESPEOPLE", full=True)
    codes = _codes_from_sales()
    again = world.run("SALESPEOPLE", full=True)[0]
    assert (again.counters.inserted, again.counters.failed, _codes_from_sales()) == (0, 0, codes)
    assert codes[0] == "SP NO. 00001"
