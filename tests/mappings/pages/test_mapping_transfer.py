"""Export and import of a connection's mappings: a round trip, and a file with one bad item that changes nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mappings.models import FieldMapping, OptionMapping, TableMapping
from mappings.services.mapping_setup import create_default_mapping
from mappings.services.mapping_transfer import ImportRejected, export_mappings, import_mappings
from tests.mappings.defaults.connections import make_connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    connection = make_connection("SANDBOX")
    for name in ("CURRENCY", "PAYMENT TERMS", "CUSTOMER", "POSTEDSALESINV-INV", "POSTEDSALESLINE-INV"):
        create_default_mapping(connection, name)
    terms = TableMapping.objects.get(connection=connection, name="PAYMENT TERMS")
    OptionMapping.objects.create(table_mapping=terms, bc_code="14 DAYS", option_value=100000001, option_caption="14")
    TableMapping.objects.filter(connection=connection, name="CUSTOMER").update(
        dataverse_table_filter="statecode eq 0", dependency_filter="CURRENCY|PAYMENT TERMS"
    )
    TableMapping.objects.filter(connection=connection, name="POSTEDSALESINV-INV").update(dependency_filter="CUSTOMER")
    return connection


def _snapshot(connection) -> list:
    return [
        (m.name, m.direction, m.dataverse_table_filter, m.parent_mapping.name if m.parent_mapping else "", fields)
        for m in TableMapping.objects.filter(connection=connection).order_by("name")
        for fields in [list(m.field_mappings.values_list("bc_field", "dataverse_field", "direction", "not_null"))]
    ]


def test_export_then_import_carries_the_set_up_to_another_connection(admin_client, source):
    response = admin_client.get(reverse("mappings:export"), {"connection": source.pk})
    assert response["Content-Disposition"] == 'attachment; filename="mappings-sandbox.json"'
    production = make_connection("PRODUCTION")
    upload = SimpleUploadedFile("mappings.json", response.content, content_type="application/json")
    result = admin_client.post(reverse("mappings:import"), {"connection": production.pk, "file": upload})
    assert result.status_code == 302
    assert _snapshot(production) == _snapshot(source)
    terms = TableMapping.objects.get(connection=production, name="PAYMENT TERMS")
    assert list(terms.option_mappings.values_list("bc_code", "option_value")) == [("14 DAYS", 100000001)]


def test_import_with_one_bad_item_changes_nothing(source):
    production = make_connection("PRODUCTION")
    create_default_mapping(production, "CURRENCY")
    before = _snapshot(production)
    data = export_mappings(source)
    customer = next(item for item in data["mappings"] if item["name"] == "CUSTOMER")
    customer["dataverse_table_filter"] = "statecode eq eq 0"
    with pytest.raises(ImportRejected) as rejected:
        import_mappings(production, json.dumps(data))
    assert len(rejected.value.problems) == 1
    assert rejected.value.problems[0].startswith(
        "CUSTOMER: dataverse_table_filter: The filter is not a valid OData filter: Failed to parse at"
    )
    assert _snapshot(production) == before
    assert FieldMapping.objects.filter(table_mapping__connection=production).count() == 3


def test_import_names_every_bad_item(source):
    data = export_mappings(source)
    data["mappings"][0]["direction"] = "Sideways"
    data["mappings"][1]["field_mappings"][0]["shoe_size"] = 42
    data["mappings"].append(dict(data["mappings"][2]))
    with pytest.raises(ImportRejected) as rejected:
        import_mappings(make_connection("PRODUCTION"), data)
    problems = rejected.value.problems
    assert any(p == "CURRENCY: direction: Value 'Sideways' is not a valid choice." for p in problems)
    assert any("unknown attribute 'shoe_size'" in p for p in problems)
    assert any("the file holds this mapping more than once" in p for p in problems)


def test_a_file_that_is_not_an_export_is_refused_on_the_page(admin_client, source):
    upload = SimpleUploadedFile("x.json", b"{not json", content_type="application/json")
    response = admin_client.post(reverse("mappings:import"), {"connection": source.pk, "file": upload}, follow=True)
    assert "The file is not valid JSON" in response.content.decode()
    assert "Nothing was changed." in response.content.decode()
