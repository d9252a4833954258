"""The Sales Orders page, one order, Create in Business Central, and the guided unit group page."""

import pytest
from django.urls import reverse

from mappings.models import TableMapping
from sandbox import store
from tests.mappings.flows.world import bc_rows

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def legacy(world):
    world.connection.legacy_sales_order_integration = True
    world.connection.save()
    return world


def test_sales_orders_page_lists_eligible_orders(admin_client, legacy):
    legacy.order(ordernumber="ORD-P1")
    legacy.order(ordernumber="ORD-P2", state=0)

    page = admin_client.get(reverse("mappings:sales_orders")).content.decode()

    assert "ORD-P1" in page and "ORD-P2" not in page


def test_create_in_business_central_from_the_order_page(admin_client, legacy):
    order_id = legacy.order(ordernumber="ORD-P3")
    url = reverse("mappings:sales_order_create", args=[legacy.connection.pk, order_id])

    response = admin_client.post(url, follow=True)

    assert "was created in Business Central" in response.content.decode()
    assert bc_rows("Sales Header", **{"Your Reference": "ORD-P3"})


def test_viewer_cannot_create_orders(viewer_client, legacy):
    order_id = legacy.order(ordernumber="ORD-P4")
    url = reverse("mappings:sales_order_create", args=[legacy.connection.pk, order_id])

    assert viewer_client.post(url).status_code == 403 and bc_rows("Sales Header") == []


def test_unit_group_steps_upgrade_recommend_and_restart(admin_client, world):
    for name in ("UNIT GROUP", "ITEM UOM", "ITEM-PRODUCT"):
        TableMapping.objects.create(
            connection=world.connection,
            name=name,
            bc_table="Item",
            dataverse_table="product",
            bc_watermark="2024-01-01T00:00:00Z",
        )
    group = store.find("bc", "Unit Group", **{"Source No.": "1000"})[0]
    store.delete("bc", "Unit Group", group.row_id)
    step = lambda name, **data: admin_client.post(  # noqa: E731
        reverse("mappings:unit_group_step", args=[world.connection.pk, name]), data, follow=True
    ).content.decode()

    assert "1 unit group(s) created" in step("upgrade")
    assert "Full synchronization is recommended for UNIT GROUP, ITEM UOM" in step("recommend")
    assert "Restarted ITEM-PRODUCT" in step("restart")
    assert "Enter a suffix" in step("retire", suffix="")
    assert TableMapping.objects.get(name="ITEM-PRODUCT").bc_watermark is None
    assert TableMapping.objects.get(name="UNIT GROUP").full_sync_recommended


def test_retire_step_renames_and_retires_uncoupled_products(admin_client, world):
    from mappings.models import Coupling

    Coupling.objects.filter(bc_table="Item").delete()
    url = reverse("mappings:unit_group_step", args=[world.connection.pk, "retire"])

    admin_client.post(url, {"suffix": "(old)"})

    product = store.get("dataverse", "product", world.products["1000"]).data
    assert (product["name"], product["statecode"]) == ("Bicycle (old)", 1)
    assert store.get("dataverse", "product", world.products["LINDA"]).data["statecode"] == 0
