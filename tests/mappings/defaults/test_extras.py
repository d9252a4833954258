"""BC's extra field mappings (AddExtraIntegrationFieldMappings) and the job queue categories of the default set-up."""

from pathlib import Path

import pytest

from mappings.choices import Direction, MappingStatus
from mappings.defaults import EXTRA_FIELD_MAPPINGS
from mappings.models import FieldMapping, JobQueueEntry, TableMapping
from mappings.services.mapping_setup import (
    add_extra_field_mappings,
    apply_default_synchronization_setup,
    create_default_mapping,
)
from tests.mappings.defaults.connections import make_connection

REFERENCE = Path(__file__).with_name("reference_extras.txt")
SHORT = {Direction.TO_INTEGRATION: "To", Direction.FROM_INTEGRATION: "From", Direction.BIDIRECTIONAL: "Both"}


def _reference() -> list[tuple[str, ...]]:
    lines = [line for line in REFERENCE.read_text().splitlines() if line and not line.startswith("#")]
    return [tuple(cell.strip() for cell in line.split(" | ")) for line in lines]


def test_extra_field_mappings_match_the_al_source_list_table_by_table_and_field_by_field():
    actual = [
        (bc_table, dv_table, spec.bc_field, spec.dataverse_field, SHORT[spec.direction])
        for (bc_table, dv_table), specs in EXTRA_FIELD_MAPPINGS.items()
        for spec in specs
    ]
    assert actual == _reference()


def test_extra_field_mappings_are_created_disabled_as_bc_creates_them():
    assert {spec.status for specs in EXTRA_FIELD_MAPPINGS.values() for spec in specs} == {MappingStatus.DISABLED}


@pytest.mark.django_db
def test_default_setup_appends_the_extras_disabled_after_the_mappings_own_fields():
    connection = make_connection(ownership_model="Person")
    apply_default_synchronization_setup(connection)
    customer = TableMapping.objects.get(connection=connection, name="CUSTOMER")
    last_two = list(customer.field_mappings.order_by("-position")[:2])[::-1]
    assert [(f.bc_field, f.dataverse_field, f.direction, f.status) for f in last_two] == [
        ("No.", "accountnumber", Direction.TO_INTEGRATION, MappingStatus.DISABLED),
        ("Mobile Phone No.", "telephone2", Direction.BIDIRECTIONAL, MappingStatus.DISABLED),
    ]
    salespeople = TableMapping.objects.get(connection=connection, name="SALESPEOPLE")
    assert set(
        salespeople.field_mappings.filter(status=MappingStatus.DISABLED).values_list("dataverse_field", flat=True)
    ) == {
        "jobtitle",
        "personalemailaddress",
    }


@pytest.mark.django_db
def test_an_extra_is_skipped_when_its_field_or_column_is_mapped_already():
    mapping = create_default_mapping(make_connection(), "CONTACT")
    assert mapping.field_mappings.filter(dataverse_field="salutation").count() == 1
    assert add_extra_field_mappings(mapping) == 0
    FieldMapping.objects.filter(table_mapping__connection=mapping.connection, dataverse_field="salutation").update(
        bc_field="Job Title", status=MappingStatus.ENABLED
    )
    assert add_extra_field_mappings(mapping) == 0
    assert mapping.field_mappings.filter(dataverse_field="salutation").get().bc_field == "Job Title"


@pytest.mark.django_db
def test_a_custom_mapping_between_the_same_tables_gets_the_extras_too():
    connection = make_connection()
    custom = TableMapping.objects.create(
        connection=connection, name="MY ACCOUNTS", bc_table="Customer", dataverse_table="account"
    )
    apply_default_synchronization_setup(connection)
    assert sorted(custom.field_mappings.values_list("dataverse_field", flat=True)) == ["accountnumber", "telephone2"]


@pytest.mark.django_db
def test_job_queue_entries_carry_bcs_job_queue_category_codes():
    connection = make_connection(ownership_model="Person")
    apply_default_synchronization_setup(connection)
    categories = dict(JobQueueEntry.objects.filter(connection=connection).values_list("code", "category"))
    assert {code: categories[code] for code in ("CUSTOMER", "VENDOR", "CONTACT")} == dict.fromkeys(
        ("CUSTOMER", "VENDOR", "CONTACT"), "BCI CUST"
    )
    assert {categories[code] for code in ("PAYMENT TERMS", "SHIPMENT METHOD", "SHIPPING AGENT")} == {"BCI OPTION"}
    assert categories["CURRENCY"] == categories["ITEM-PRODUCT"] == ""
