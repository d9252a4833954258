"""Configuration templates: which one a new record gets, that the insert starts from it, and its editor and transfer."""

import uuid

import pytest
from django.urls import reverse

from mappings.engine.context import MappingPlan
from mappings.engine.decide import RecordInput, decide
from mappings.engine.templates import chosen_template, load_templates
from mappings.engine.types import Action, FieldRule, SourceRecord
from mappings.models import ConfigTemplate, TableMapping
from mappings.services.mapping_setup import create_default_mapping
from mappings.services.mapping_transfer import export_mappings, import_mappings
from synclog.choices import PassDirection
from tests.mappings.defaults.connections import make_connection

pytestmark = pytest.mark.django_db
TO, FROM = PassDirection.TO_INTEGRATION, PassDirection.FROM_INTEGRATION


@pytest.fixture
def customer() -> TableMapping:
    mapping = create_default_mapping(make_connection(), "CUSTOMER")
    templates = [
        ("dataverse", "DOMESTIC", 2, "countryRegionCode eq 'NO'", {"address1_country": "Norway", "telephone2": "+47"}),
        ("dataverse", "ANY", 3, "", {"description": "any account"}),
        ("dataverse", "BIG", 1, "creditLimit gt 10000 and startswith(name,'Ad')", {"creditlimit": 0}),
        ("bc", "FROMSALES", 0, "statecode eq 0", {"customerPostingGroup": "DOMESTIC"}),
    ]
    for side, code, priority, source_filter, defaults in templates:
        ConfigTemplate.objects.create(
            table_mapping=mapping,
            side=side,
            code=code,
            priority=priority,
            source_filter=source_filter,
            defaults=defaults,
        )
    return mapping


def _code(mapping: TableMapping, direction: PassDirection, source: dict) -> str | None:
    template = chosen_template(load_templates(mapping), direction, source)
    return template.code if template else None


def test_the_template_with_the_lowest_priority_number_whose_filter_matches_is_chosen(customer):
    assert _code(customer, TO, {"countryRegionCode": "NO", "creditLimit": 50000, "name": "Adatum"}) == "BIG"
    assert _code(customer, TO, {"countryRegionCode": "no", "creditLimit": 50000, "name": "Trey"}) == "DOMESTIC"
    assert _code(customer, TO, {"countryRegionCode": "DK", "creditLimit": 500, "name": "Adatum"}) == "ANY"


def test_templates_of_the_other_side_are_never_chosen_and_no_match_means_no_template(customer):
    assert _code(customer, FROM, {"statecode": 0}) == "FROMSALES"
    assert _code(customer, FROM, {"statecode": 1}) is None


def test_a_new_record_starts_from_the_chosen_template_and_mapped_fields_win(customer):
    plan = MappingPlan(
        mapping_id=customer.pk,
        name="CUSTOMER",
        connection_id=customer.connection_id,
        bc_table="Customer",
        dataverse_table="account",
        direction="Bidirectional",
        rules=(FieldRule("Country/Region Code", "address1_country", "Bidirectional"),),
        only_coupled=False,
        templates=load_templates(customer),
    )
    source = SourceRecord(uuid.uuid4(), None, {"countryRegionCode": "NO", "creditLimit": 1, "name": "Trey"})
    source.values["Country/Region Code"] = "NO"
    step = decide(plan, list(plan.rules), RecordInput(source, None, None), lookups=None, direction=TO)
    assert step.action == Action.INSERT
    assert step.plan.payload["address1_country"] == "NO"  # the field mapping overrides the template's "Norway"
    assert step.plan.payload["telephone2"] == "+47"  # from DOMESTIC, the first template that accepts the record
    assert "description" not in step.plan.payload  # ANY comes later, so it supplies nothing


def test_a_template_with_an_invalid_filter_is_refused_on_the_card_and_nothing_is_saved(admin_client, customer):
    data = {"side": "bc", "code": "BAD", "priority": 1, "source_filter": "statecode eq", "defaults": "{}"}
    response = admin_client.post(reverse("mappings:template_add", args=[customer.pk]), data)
    assert response.status_code == 400
    errors = response.context["template_form"].errors["source_filter"]
    assert errors[0].startswith("The filter is not a valid OData filter:")
    assert not customer.config_templates.filter(code="BAD").exists()


def test_the_card_adds_changes_and_removes_templates(admin_client, customer):
    data = {"side": "bc", "code": "NEW", "priority": 4, "source_filter": "", "defaults": '{"blocked": " "}'}
    assert admin_client.post(reverse("mappings:template_add", args=[customer.pk]), data).status_code == 302
    added = customer.config_templates.get(code="NEW")
    assert added.defaults == {"blocked": " "}
    change = {f"template-{added.pk}-{key}": value for key, value in (data | {"priority": 9}).items()}
    assert admin_client.post(reverse("mappings:template_save", args=[added.pk]), change).status_code == 302
    added.refresh_from_db()
    assert added.priority == 9
    page = admin_client.get(reverse("mappings:card", args=[customer.pk])).content.decode()
    assert "FROMSALES" in page and "NEW" in page
    assert admin_client.post(reverse("mappings:template_remove", args=[added.pk])).status_code == 302
    assert not customer.config_templates.filter(code="NEW").exists()


def test_templates_travel_with_their_mapping_through_export_and_import(customer):
    TableMapping.objects.filter(pk=customer.pk).update(dependency_filter="")
    exported = export_mappings(customer.connection)
    target = make_connection("PRODUCTION")
    import_mappings(target, exported)
    copied = TableMapping.objects.get(connection=target, name="CUSTOMER")
    assert list(copied.config_templates.values_list("side", "code", "priority", "source_filter", "defaults")) == list(
        customer.config_templates.values_list("side", "code", "priority", "source_filter", "defaults")
    )
