"""Use Default Synchronization Setup, Reset to Default and Restart against the database (connection_setup §6.7)."""

from datetime import UTC, datetime

import pytest

from mappings.choices import Direction
from mappings.models import FieldMapping, JobQueueEntry, OptionMapping, TableMapping
from mappings.services.mapping_setup import (
    MappingSetupError,
    apply_default_synchronization_setup,
    recommend_full_synchronization,
    reset_to_default,
    restart,
)
from tests.mappings.defaults.connections import make_connection

pytestmark = pytest.mark.django_db

STAMP = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
BASE = {
    "SALESPEOPLE",
    "CUSTOMER",
    "VENDOR",
    "CONTACT",
    "CURRENCY",
    "PAYMENT TERMS",
    "SHIPMENT METHOD",
    "SHIPPING AGENT",
}
SALES = {"ITEM-PRODUCT", "RESOURCE-PRODUCT", "PLHEADER-PRICE", "PLLINE-PRODPRICE"}
SALES |= {"POSTEDSALESINV-INV", "POSTEDSALESLINE-INV", "OPPORTUNITY"}
UNIT_GROUPS = {"UNIT GROUP", "ITEM UOM", "RESOURCE UOM"}


def _names(connection) -> set[str]:
    return set(TableMapping.objects.filter(connection=connection).values_list("name", flat=True))


def _entries(connection) -> dict[str, tuple[int, int]]:
    return {
        entry.code: (entry.interval_minutes, entry.inactivity_timeout_minutes)
        for entry in JobQueueEntry.objects.filter(connection=connection)
    }


def test_default_setup_creates_every_default_mapping_with_its_fields_and_jobs():
    connection = make_connection()
    apply_default_synchronization_setup(connection)
    assert _names(connection) == BASE | SALES | UNIT_GROUPS
    customer = TableMapping.objects.get(connection=connection, name="CUSTOMER")
    assert customer.direction == Direction.BIDIRECTIONAL
    assert customer.dependency_filter == "CURRENCY|PAYMENT TERMS|SHIPMENT METHOD|SHIPPING AGENT"
    assert customer.field_mappings.filter(status="Enabled").count() == 18  # plus two disabled extras
    assert list(customer.field_mappings.values_list("position", flat=True))[:3] == [10, 20, 30]
    entries = _entries(connection)
    assert entries["CUSTOMER"] == (30, 720)
    assert entries["ITEM-PRODUCT"] == (30, 1440)
    assert entries["PAYMENT TERMS"] == (30, 1440)
    assert {"SALESPEOPLE", "POSTEDSALESLINE-INV", "OPPORTUNITY"}.isdisjoint(entries)
    line = TableMapping.objects.get(connection=connection, name="POSTEDSALESLINE-INV")
    assert line.parent_mapping.name == "POSTEDSALESINV-INV"


def test_person_ownership_adds_owner_fields_and_the_salespeople_job():
    connection = make_connection(ownership_model="Person")
    apply_default_synchronization_setup(connection)
    customer = TableMapping.objects.get(connection=connection, name="CUSTOMER")
    assert customer.dependency_filter.startswith("SALESPEOPLE|")
    owner = customer.field_mappings.get(dataverse_field="ownerid")
    assert (owner.bc_field, owner.direction, owner.not_null) == ("Salesperson Code", Direction.TO_INTEGRATION, True)
    assert _entries(connection)["SALESPEOPLE"] == (30, 1440)


def test_unit_group_switch_replaces_the_unit_mappings_and_their_jobs():
    connection = make_connection()
    apply_default_synchronization_setup(connection)
    connection.unit_group_mapping_enabled = False
    connection.save()
    apply_default_synchronization_setup(connection)
    names = _names(connection)
    assert "UNIT OF MEASURE" in names and names.isdisjoint(UNIT_GROUPS)
    assert set(_entries(connection)).isdisjoint(UNIT_GROUPS)
    item = TableMapping.objects.get(connection=connection, name="ITEM-PRODUCT")
    assert item.dependency_filter == "UNIT OF MEASURE"
    assert item.field_mappings.filter(dataverse_field="defaultuomscheduleid").exists()
    assert not item.field_mappings.filter(dataverse_field="defaultuomid").exists()


def test_bidirectional_sales_orders_add_order_and_line_mappings_and_legacy_removes_the_lines():
    connection = make_connection(bidirectional_sales_order_integration=True)
    apply_default_synchronization_setup(connection)
    order = TableMapping.objects.get(connection=connection, name="SALESORDER-ORDER")
    assert order.direction == Direction.BIDIRECTIONAL
    assert order.child_mappings.get().name == "SOLINE-ORDERDETAIL"
    connection.bidirectional_sales_order_integration = False
    connection.legacy_sales_order_integration = True
    connection.save()
    apply_default_synchronization_setup(connection)
    assert (
        TableMapping.objects.get(connection=connection, name="SALESORDER-ORDER").direction == Direction.TO_INTEGRATION
    )
    assert "SOLINE-ORDERDETAIL" not in _names(connection)


def test_default_setup_restores_defaults_but_keeps_custom_mappings_and_option_couplings():
    connection = make_connection()
    apply_default_synchronization_setup(connection)
    custom = TableMapping.objects.create(
        connection=connection, name="MY-TABLE", bc_table="Item", dataverse_table="product"
    )
    customer = TableMapping.objects.get(connection=connection, name="CUSTOMER")
    customer.field_mappings.all().delete()
    TableMapping.objects.filter(pk=customer.pk).update(bc_watermark=STAMP, direction=Direction.TO_INTEGRATION)
    terms = TableMapping.objects.get(connection=connection, name="PAYMENT TERMS")
    OptionMapping.objects.create(table_mapping=terms, bc_code="14 DAYS", option_value=100000001)
    apply_default_synchronization_setup(connection)
    customer.refresh_from_db()
    assert (customer.direction, customer.bc_watermark, customer.field_mappings.filter(status="Enabled").count()) == (
        "Bidirectional",
        None,
        18,
    )
    assert TableMapping.objects.filter(pk=custom.pk).exists()
    assert terms.option_mappings.get().bc_code == "14 DAYS"


def test_reset_to_default_restores_one_mapping_and_refuses_a_custom_one():
    connection = make_connection()
    apply_default_synchronization_setup(connection)
    currency = TableMapping.objects.get(connection=connection, name="CURRENCY")
    currency.field_mappings.filter(bc_field="Symbol").delete()
    FieldMapping.objects.create(table_mapping=currency, bc_field="Code", dataverse_field="currencyname")
    reset_to_default(currency)
    assert list(currency.field_mappings.values_list("bc_field", "dataverse_field")) == [
        ("Code", "isocurrencycode"),
        ("Symbol", "currencysymbol"),
        ("Description", "currencyname"),
    ]
    custom = TableMapping.objects.create(
        connection=connection, name="MY-TABLE", bc_table="Item", dataverse_table="product"
    )
    with pytest.raises(MappingSetupError, match="MY-TABLE is not a default mapping"):
        reset_to_default(custom)


def test_restart_clears_both_watermarks_and_the_delta_link():
    connection = make_connection()
    mapping = TableMapping.objects.create(
        connection=connection,
        name="CUSTOMER",
        bc_table="Customer",
        dataverse_table="account",
        bc_watermark=STAMP,
        dataverse_watermark=STAMP,
        dataverse_delta_link="https://x/api/data/v9.2/accounts?$deltatoken=1",
    )
    restart(mapping)
    mapping.refresh_from_db()
    assert (mapping.bc_watermark, mapping.dataverse_watermark, mapping.dataverse_delta_link) == (None, None, "")


def test_recommend_full_synchronization_marks_the_mapping_for_the_review():
    connection = make_connection()
    mapping = TableMapping.objects.create(
        connection=connection, name="ITEM UOM", bc_table="Item Unit of Measure", dataverse_table="uom"
    )
    recommend_full_synchronization(mapping)
    mapping.refresh_from_db()
    assert mapping.full_sync_recommended is True
