"""Customer statistics, item availability, notes, product rules and the job table (sales_flows §5-§8)."""

import pytest

from connection_setup.services.jobs import JOBS
from mappings.flows import products
from mappings.flows.base import FlowOptions
from mappings.flows.item_availability import synchronize_item_availability
from mappings.flows.jobs import JOB_HANDLERS, run_job
from mappings.flows.legacy_orders import create_in_business_central
from mappings.flows.notes import annotation_text, synchronize_notes
from mappings.flows.products import DEFAULT_PRICE_LIST, apply_product_rules
from mappings.flows.statistics import run_statistics_job
from mappings.flows.unit_groups import UPGRADE_ENTRY
from mappings.models import Coupling, TableMapping
from sandbox import store
from sandbox.bc import service as bc_service
from synclog.models import SyncError, SyncJob
from tests.mappings.flows.world import (
    bc_rows,
    bind,
    later,
    sales_create,
    sales_insert,
    sales_row,
    sales_rows,
    sales_update,
)

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_every_codeunit_job_and_the_one_off_unit_group_upgrade_has_a_flow():
    assert set(JOB_HANDLERS) == {job.code for job in JOBS} | {UPGRADE_ENTRY}
    with pytest.raises(KeyError, match="No flow runs the job queue entry 'NOPE'"):
        run_job(None, "NOPE")


def test_statistics_are_uploaded_once_per_coupled_customer_and_linked(world):
    bc_service.update("Customer", bc_rows("Customer", **{"No.": "C00010"})[0]["id"], {"Balance (LCY)": 150.5})

    first = run_statistics_job(world.connection)
    second = run_statistics_job(world.connection)

    rows = {row["nav_customerno"]: row for row in sales_rows("nav_accountstatistics")}
    assert set(rows) == {"C00010", "C00020"} and rows["C00010"]["nav_balancelcy"] == 150.5
    assert sales_row("account", world.accounts["C00010"])["_nav_accountstatisticsid_value"] == str(rows["C00010"]["id"])
    assert (rows["C00010"]["nav_totallcy"], rows["C00010"]["nav_outstandingorderslcy"]) == (150.5, 0)
    assert rows["C00010"]["nav_outstandingserviceorderslcy"] == 1 and rows["C00010"]["nav_overdueamountsasof"]
    assert not any("has no column" in message for message in first.messages)
    assert first.counters.inserted == 2 and second.counters.inserted == second.counters.modified == 0
    assert Coupling.objects.filter(bc_table="Customer", statistics_uploaded=True).count() == 2


def test_item_availability_queues_one_item_product_run_for_changed_coupled_items(world):
    TableMapping.objects.create(
        connection=world.connection, name="ITEM-PRODUCT", bc_table="Item", dataverse_table="product"
    )
    run_job(world.connection, "CRM ITEM AVAILABILITY JOB")
    later()
    bc_service.update("Item", bc_rows("Item", **{"No.": "1100"})[0]["id"], {"Inventory": 7})

    result = synchronize_item_availability(world.connection)

    assert result.counters.modified == 1
    queued = SyncJob.objects.filter(mapping_name="ITEM-PRODUCT", status="queued")
    assert queued.count() == 2  # the first run saw every item; the second only the changed one


def test_product_rules_set_type_price_list_and_retire_blocked_items(world):
    bc_service.update("Item", bc_rows("Item", **{"No.": "1100"})[0]["id"], {"Blocked": True})

    result = apply_product_rules(world.connection)

    wheel, bicycle = sales_row("product", world.products["1100"]), sales_row("product", world.products["1000"])
    linda = sales_row("product", world.products["LINDA"])
    assert (wheel["statecode"], wheel["statuscode"]) == (1, 2) and (bicycle["statecode"], bicycle["statuscode"]) == (
        0,
        1,
    )
    assert (bicycle["producttypecode"], linda["producttypecode"]) == (1, 3)
    price_list = [row for row in sales_rows("pricelevel") if row["name"] == DEFAULT_PRICE_LIST]
    assert len(price_list) == 1 and bicycle["_pricelevelid_value"] == str(price_list[0]["id"])
    assert result.counters.modified == 3


def test_product_rules_in_chunks_reach_every_coupled_product(world, monkeypatch):
    monkeypatch.setattr(products, "RULES_CHUNK", 1)

    result = apply_product_rules(world.connection)

    price_list = next(row["id"] for row in sales_rows("pricelevel") if row["name"] == DEFAULT_PRICE_LIST)
    rows = [sales_row("product", world.products[number]) for number in ("1000", "1100", "LINDA")]
    assert {row["_pricelevelid_value"] for row in rows} == {str(price_list)}
    assert result.counters.modified == 3 and not result.counters.failed


def test_product_rules_of_a_full_run_fail_only_the_couplings_whose_product_is_gone(world, monkeypatch):
    monkeypatch.setattr(products, "RULES_CHUNK", 1)
    store.delete_many("dataverse", "product", [world.products["LINDA"]])

    result = apply_product_rules(world.connection, options=FlowOptions(full=True))

    error = SyncError.objects.get()
    assert (result.counters.modified, result.counters.failed) == (2, 1)
    assert error.dataverse_row_id == world.products["LINDA"] and error.bc_system_id is not None
    assert error.message == "The coupled resource or its product no longer exists."


def test_product_rules_in_chunks_add_one_price_list_item_per_unit_of_each_product(world, monkeypatch):
    monkeypatch.setattr(products, "RULES_CHUNK", 1)
    units = {}
    for number, price in (("1000", 40.0), ("1100", 7.5)):
        group = sales_insert("uomschedule", {"name": f"{number} units", "baseuomname": "PCS"})
        units[number] = {
            code: sales_insert("uom", {"name": code, "quantity": quantity, "_uomscheduleid_value": str(group)})
            for code, quantity in (("PCS", 1), ("BOX", 12))
        }
        body = {"price": price} | bind("defaultuomscheduleid", "uomschedules", group)
        sales_update("product", world.products[number], body)

    first = apply_product_rules(world.connection)
    again = apply_product_rules(world.connection, options=FlowOptions(full=True))

    items = {(row["_productid_value"], row["_uomid_value"]): row["amount"] for row in sales_rows("productpricelevel")}
    assert items == {
        (str(world.products["1000"]), str(units["1000"]["PCS"])): 40.0,
        (str(world.products["1000"]), str(units["1000"]["BOX"])): 480.0,
        (str(world.products["1100"]), str(units["1100"]["PCS"])): 7.5,
        (str(world.products["1100"]), str(units["1100"]["BOX"])): 90.0,
    }
    assert "4 price list item(s) added to the default price list." in first.messages
    assert "0 price list item(s) added to the default price list." in again.messages
    assert (first.counters.modified, first.counters.failed) == (3, 0)


def test_product_rules_run_again_only_for_what_changed(world):
    apply_product_rules(world.connection)
    assert apply_product_rules(world.connection).counters.processed == 0
    later()
    bc_service.update("Item", bc_rows("Item", **{"No.": "1000"})[0]["id"], {"Blocked": True})

    result = apply_product_rules(world.connection)

    assert (result.counters.modified, result.counters.unchanged) == (1, 0)
    assert sales_row("product", world.products["1000"])["statecode"] == 1


def test_annotation_text_joins_div_blocks_without_formatting():
    html = "<div><b>Deliver</b> before noon</div><div>Gate&nbsp;4<br/></div>"
    assert annotation_text(html) == "Deliver before noon\nGate\xa04"
    assert annotation_text("plain text") == "plain text"


def test_notes_flow_both_ways_between_coupled_orders(world):
    order_id = world.order(ordernumber="ORD-N")
    header = create_in_business_central(world.connection, order_id).header
    later()
    annotation = {"subject": "Call first", "notetext": "<div>Ring twice</div>", "objecttypecode": "salesorder"}
    annotation_id = sales_create("annotation", annotation | bind("objectid_salesorder", "salesorders", order_id))
    bc_service.create(
        "Record Link",
        {
            "Record ID": f"Sales Header: Order,{header['No.']}",
            "Type": "Note",
            "Description": "From BC",
            "Note": "Packed",
        },
    )

    result = synchronize_notes(world.connection)

    notes = {row["Description"]: row for row in bc_rows("Record Link")}
    assert notes["Call first"]["Note"] == "Ring twice"
    created = [row for row in sales_rows("annotation") if row["id"] != annotation_id]
    assert [(row["subject"], row["notetext"]) for row in created] == [("From BC", "Packed")]
    assert result.counters.inserted == 2 and synchronize_notes(world.connection).counters.inserted == 0
