"""Sync All on a fresh demo, both ways an administrator can run it.

The Full Synchronization Review's Sync All couples what both sides already hold by the preselected criteria and
creates the rest, line after line in dependency order: every line finishes and no record fails, and a second,
incremental run of every mapping writes nothing. A full synchronization of each mapping (the mapping list's Run
Full Synchronization, which never couples) runs clean outside the customer chain (an existing Sales currency is
coupled by ISO code, foreign currencies have exchange rates, the unit chain has its unit groups, salespeople get
"SP NO." codes, products take their unit group and base unit from the item's own couplings), except for the demo's
Sales-only products: they share Sales' one "Default Unit" group, whose unit no item unit of measure is coupled to,
so — as in BC, where a unit group may belong to one product only — they cannot become items in the From pass.
"""

import pytest

from mappings.engine.errors import SyncConfigurationError
from mappings.management.commands.sync import dependency_order
from mappings.models import Coupling, FullSyncReviewLine, TableMapping
from mappings.services import full_sync_review as review
from mappings.services.mapping_setup import apply_default_synchronization_setup
from sandbox.bc.service import find as bc_find
from sandbox.demo import credentials as demo
from sandbox.demo.seed import seed_demo
from synclog.choices import PassDirection
from synclog.models import SyncError
from tests.connection_setup.sandbox_setup import sandbox_connection
from tests.mappings.engine.world import World

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

CUSTOMER_CHAIN = ("CUSTOMER", "CONTACT", "OPPORTUNITY", "POSTEDSALESINV-INV")
SALES_ONLY_PRODUCTS = 11  # the demo's Sales products of type Sales Inventory, all in the "Default Unit" group


def _sync_all(world: World, *, full: bool) -> dict:
    """Counters per mapping and direction, or the message of the pass (or configuration) that stopped."""
    mappings = TableMapping.objects.filter(connection=world.connection, status="Enabled", parent_name="")
    outcome = {}
    for mapping in dependency_order(list(mappings)):
        try:
            for result in world.run(mapping.name, full=full):
                outcome[(mapping.name, result.direction)] = result.message or result.counters
        except SyncConfigurationError as error:
            outcome[(mapping.name, None)] = str(error)
    return outcome


def _fresh_demo() -> World:
    seed_demo()
    connection = sandbox_connection(bc_company_id=demo.COMPANY_ID, integration_user_id=demo.INTEGRATION_USER_ID)
    apply_default_synchronization_setup(connection)
    return World(connection)


def _failures(outcome: dict, names) -> dict:
    return {
        key: value if isinstance(value, str) else value.failed
        for key, value in outcome.items()
        if key[0] in names and (isinstance(value, str) or value.failed)
    }


def test_sync_all_fails_no_record_outside_the_customer_chain_and_a_second_sync_all_writes_nothing(in_process_sandbox):
    world = _fresh_demo()
    full = _sync_all(world, full=True)
    outside = {name for name, _ in full} - set(CUSTOMER_CHAIN)
    failed = _failures(full, outside)
    item_from = ("ITEM-PRODUCT", PassDirection.FROM_INTEGRATION)
    assert failed == {item_from: SALES_ONLY_PRODUCTS}, SyncError.objects.values_list("mapping_name", "message")
    assert {"SALESPEOPLE", "UNIT GROUP", "ITEM-PRODUCT", "RESOURCE-PRODUCT", "PLLINE-PRODPRICE"} <= outside
    messages = set(SyncError.objects.filter(mapping_name="ITEM-PRODUCT").values_list("message", flat=True))
    assert all(m.startswith("Base Unit of Measure ") and m.endswith("Business Central.") for m in messages), messages

    incremental = _sync_all(world, full=False)
    written = {key: (c.inserted, c.modified) for key, c in incremental.items() if not isinstance(c, str)}
    assert {key: w for key, w in written.items() if w != (0, 0)} == {}
    assert _failures(incremental, outside) == {item_from: SALES_ONLY_PRODUCTS}


def test_the_reviews_sync_all_on_the_fresh_demo_finishes_every_line_and_fails_no_record(
    in_process_sandbox, run_tasks, admin_user
):
    world = _fresh_demo()
    review.generate_review(world.connection)
    with run_tasks():
        review.sync_all(world.connection, user=admin_user)
    lines = FullSyncReviewLine.objects.filter(connection=world.connection).select_related("mapping")
    assert {line.mapping.name: line.status for line in lines} == {line.mapping.name: "finished" for line in lines}
    assert SyncError.objects.values_list("mapping_name", "message").first() is None
    assert set(CUSTOMER_CHAIN) <= {line.mapping.name for line in lines}
    customers = Coupling.objects.filter(connection=world.connection, bc_table="Customer")
    assert customers.count() == len(bc_find("Customer"))

    # Couple Records writes only to Sales; the first scheduled run brings Sales' own opportunities to BC, as the
    # OPPORTUNITY mapping synchronizes uncoupled records; after that, nothing is left to write in either direction.
    first = _written(_sync_all(world, full=False))
    assert first == {("OPPORTUNITY", PassDirection.FROM_INTEGRATION): (3, 0)}
    second = _sync_all(world, full=False)
    assert _written(second) == {}
    assert _failures(second, {name for name, _ in second}) == {}


def _written(outcome: dict) -> dict:
    written = {key: (c.inserted, c.modified) for key, c in outcome.items() if not isinstance(c, str)}
    return {key: w for key, w in written.items() if w != (0, 0)}
