"""The Skipped Records services close the service clients they build, as every action does (issue 10)."""

import pytest

from mappings.models import Coupling
from sandbox.bc import service as bc
from synclog.services.broken_couplings import delete_records
from synclog.services.skipped import find_for_deleted, skipped_rows
from tests.mappings.sides import RecordingSides

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _broken(world, name: str) -> Coupling:
    """A skipped coupling whose BC record was deleted: its account survives."""
    coupling = world.coupling(world.mapping("CUSTOMER"), world.customer(name), world.account(name), skipped=True)
    bc.delete("Customer", coupling.bc_system_id)
    return coupling


ENTRY_POINTS = {
    "skipped_rows": lambda w, s: skipped_rows([_broken(w, "Adatum")], sides_factory=s),
    "find_for_deleted": lambda w, s: find_for_deleted(w.mapping("CUSTOMER"), sides_factory=s),
    "delete_records": lambda w, s: delete_records(
        skipped_rows([_broken(w, "Adatum"), _broken(w, "Trey")], sides_factory=RecordingSides()), sides_factory=s
    ),
}


@pytest.mark.parametrize("call", ENTRY_POINTS.values(), ids=ENTRY_POINTS.keys())
def test_a_skipped_records_action_closes_the_service_clients_it_built(world, call):
    sides = RecordingSides()
    call(world, sides)
    assert sides.all_closed(), sides.open_clients
