"""A product is written once with what BC's product subscriber sets after the field transfer (sales_flows §8.2): its
type, the default price list and the local currency come with the mapping's own insert, so the product rules job
that follows the mapping finds nothing left to change on it."""

import pytest

from mappings.flows.products import DEFAULT_PRICE_LIST, PRODUCT_RULES_JOB
from mappings.models import Coupling
from sandbox import store
from synclog.models import SyncJob
from tests.mappings.engine.test_unit_group_chain import _item
from tests.mappings.engine.world import bc_create, sales_create, sales_row, sales_rows

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _product_of(number: str) -> dict:
    item = store.find("bc", "Item", **{"No.": number})[0]
    return sales_row("product", Coupling.objects.get(bc_table="Item", bc_system_id=item.row_id).dataverse_id)


def _item_product_run(world) -> None:
    """ITEM-PRODUCT's To pass for one new item, its unit chain coupled first; the product rules follow it."""
    bc_create("Unit of Measure", {"Code": "PCS", "Description": "Pieces"})
    _item("1000")
    for name in ("UNIT GROUP", "ITEM UOM"):
        world.run(name, full=True)
    to_dataverse = world.run("ITEM-PRODUCT", full=True)[0]
    assert (to_dataverse.counters.inserted, to_dataverse.counters.failed) == (1, 0)


def test_a_new_product_gets_its_type_default_price_list_and_local_currency_in_its_first_write(world):
    dollar = sales_create(
        "transactioncurrency",
        {"isocurrencycode": "USD", "currencyname": "US Dollar", "currencysymbol": "$", "exchangerate": 1},
    )
    world.connection.base_currency_code = "USD"
    world.connection.save(update_fields=["base_currency_code"])

    _item_product_run(world)

    product = _product_of("1000")
    price_list = [row for row in sales_rows("pricelevel") if row.data["name"] == DEFAULT_PRICE_LIST]
    assert len(price_list) == 1 and product["producttypecode"] == 1
    assert product["_pricelevelid_value"] == str(price_list[0].row_id)
    assert product["_transactioncurrencyid_value"] == str(dollar)
    rules = SyncJob.objects.get(mapping_name=PRODUCT_RULES_JOB)  # it follows the mapping's run
    assert (rules.modified, rules.unchanged, rules.failed) == (0, 1, 0)
    again = world.run("ITEM-PRODUCT", full=True)[0]
    assert (again.counters.modified, again.counters.unchanged) == (0, 1)


def test_without_the_local_currency_in_sales_the_product_is_still_written_and_the_rules_job_says_why(world):
    _item_product_run(world)

    product = _product_of("1000")
    assert product["producttypecode"] == 1 and product.get("_pricelevelid_value") is None
    rules = SyncJob.objects.get(mapping_name=PRODUCT_RULES_JOB)
    assert "does not match any ISO Currency Code in the Dataverse currency table" in rules.message
