"""The Full Synchronization Review's Sync All on a fresh demo: every default mapping, in dependency order, runs
clean on the demo company, as it does on CRONUS in BC (an existing Sales currency is coupled by ISO code, foreign
currencies have exchange rates, the unit chain has its unit groups)."""

import pytest

from mappings.engine.errors import SyncConfigurationError
from mappings.management.commands.sync import dependency_order
from mappings.models import TableMapping
from mappings.services.mapping_setup import apply_default_synchronization_setup
from sandbox.demo import credentials as demo
from sandbox.demo.seed import seed_demo
from synclog.models import SyncError
from tests.connection_setup.sandbox_setup import sandbox_connection
from tests.mappings.engine.world import World

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

BASE_CHAIN = ("CURRENCY", "UNIT GROUP", "ITEM UOM", "RESOURCE UOM")
ACCOUNTS_AND_PRODUCTS = ("CUSTOMER", "CONTACT", "ITEM-PRODUCT")


def _sync_all() -> tuple[dict, set]:
    """Failed records per mapping (or the configuration error that stopped it) and the error messages."""
    seed_demo()
    connection = sandbox_connection(bc_company_id=demo.COMPANY_ID, integration_user_id=demo.INTEGRATION_USER_ID)
    apply_default_synchronization_setup(connection)
    world = World(connection)
    mappings = TableMapping.objects.filter(
        connection=connection, status="Enabled", parent_name="", dataverse_option_field=""
    )
    failed = {}
    for mapping in dependency_order(list(mappings)):
        try:
            failed[mapping.name] = sum(result.counters.failed for result in world.run(mapping.name, full=True))
        except SyncConfigurationError as error:
            failed[mapping.name] = str(error)
    return failed, {(error.mapping_name, error.message) for error in SyncError.objects.all()}


def test_sync_all_on_the_fresh_demo_fails_no_currency_or_unit_line(in_process_sandbox):
    failed, errors = _sync_all()
    assert {name: failed.get(name) for name in BASE_CHAIN} == dict.fromkeys(BASE_CHAIN, 0), errors


@pytest.mark.xfail(
    strict=True,
    reason="Option mappings (SHIPMENT METHOD …) have no synchronization pass yet, and ITEM-PRODUCT's base unit "
    "lookup needs UNIT OF MEASURE couplings even with Unit Group Mapping on.",
)
def test_sync_all_on_the_fresh_demo_fails_no_customer_contact_or_item_line(in_process_sandbox):
    failed, errors = _sync_all()
    assert {name: failed.get(name) for name in ACCOUNTS_AND_PRODUCTS} == dict.fromkeys(ACCOUNTS_AND_PRODUCTS, 0), errors
