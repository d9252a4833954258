"""What a full synchronization's first write needs of Sales (the BC company's row) is asked while its first page is
read, once for the run; a recurring run that creates nothing never asks for it."""

import pytest

from mappings.engine.company import COMPANY_ENTITY_SET
from mappings.services import sync_actions
from mappings.services.sync_actions import run_mapping_now, service_sides
from sandbox import store
from tests.mappings.engine.world import age_records, bc_update, build_world

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


class CompanyLookups:
    """A ``sides_factory`` that counts the run's look-ups of the company row (GETs of its entity set)."""

    def __init__(self) -> None:
        self.count = 0

    def _seen(self, request) -> None:
        self.count += request.method == "GET" and f"/{COMPANY_ENTITY_SET}" in request.url.path

    def __call__(self, connection):
        sides = service_sides(connection)
        sides.dataverse_client.http.client.event_hooks["request"].append(self._seen)
        return sides


def test_a_full_run_looks_up_the_company_row_once_however_many_pages_write_new_rows(in_process_sandbox, monkeypatch):
    monkeypatch.setattr(sync_actions, "SYNC_PAGE_SIZE", 2)
    world = build_world(customers=5)
    lookups = CompanyLookups()

    results = run_mapping_now(world.mapping("CUSTOMER"), full=True, sides_factory=lookups)

    assert results[0].counters.inserted == 5
    assert lookups.count == 1


def test_a_recurring_run_that_creates_nothing_never_looks_up_the_company_row(in_process_sandbox):
    world = build_world(customers=2)
    world.run("CUSTOMER", full=True)
    age_records()
    bc_update("Customer", store.find("bc", "Customer")[0].row_id, {"Phone No.": "+1 555 0199"})
    lookups = CompanyLookups()

    results = run_mapping_now(world.mapping("CUSTOMER"), sides_factory=lookups)

    assert (results[0].counters.modified, results[0].counters.inserted) == (1, 0)
    assert lookups.count == 0
