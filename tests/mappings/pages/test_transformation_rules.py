"""Each Transformation Rule type through the transform step, and the rule editor's messages on the field card."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mappings.engine.errors import MappingError
from mappings.engine.transform import transfer_fields
from mappings.engine.types import FieldRule
from mappings.models import FieldMapping
from mappings.services.mapping_setup import create_default_mapping
from synclog.choices import PassDirection
from tests.mappings.defaults.connections import make_connection

TO = PassDirection.TO_INTEGRATION


def _written(value, **settings):
    """The value the transform step writes for a BC "Name" field mapped to "name" under the given rule."""
    rule = FieldRule("Name", "name", "ToIntegrationTable", transformation=FieldMapping(**settings).transformation)
    return transfer_fields([rule], {"Name": value}, None, lookups=None, direction=TO).payload["name"]


@pytest.mark.parametrize(
    ("value", "rule", "expected"),
    [
        ("  Adatum  ", {"transformation_rule": "Trim"}, "Adatum"),
        ("adatum corp", {"transformation_rule": "TitleCase"}, "Adatum Corp"),
        ("A-100/7", {"transformation_rule": "RemoveNonAlphanumeric"}, "A1007"),
        ("ABCDEFGH", {"transformation_rule": "Substring", "start_position": 4, "substring_length": 3}, "DEF"),
        ("ABCDEFGH", {"transformation_rule": "Substring", "start_position": 6}, "FGH"),
        ("Ref: 42; end", {"transformation_rule": "Substring", "starting_text": "'Ref: '", "ending_text": ";"}, "42"),
        ("Ref 42", {"transformation_rule": "Substring", "starting_text": "Code"}, ""),
        ("NOTPROVIDED", {"transformation_rule": "Replace", "find_value": "NOT", "replace_value": "UN"}, "UNPROVIDED"),
        (
            "a1b22",
            {"transformation_rule": "RegexReplace", "find_value": r"(\d+)", "replace_value": "<$1>"},
            "a<1>b<22>",
        ),
        ("Phone: +47 22-33", {"transformation_rule": "RegexMatch", "find_value": r"(\d+)"}, "472233"),
        ("20240517", {"transformation_rule": "DateFormatting", "data_format": "yyyyMMdd"}, "2024-05-17"),
        ("17.05.2024", {"transformation_rule": "DateFormatting", "data_format": "yyyyMMdd"}, "17.05.2024"),
        (
            "20240517093000",
            {"transformation_rule": "DateTimeFormatting", "data_format": "yyyyMMddHHmmss"},
            "2024-05-17T09:30:00Z",
        ),
        ("12.345", {"transformation_rule": "Round", "precision": Decimal("0.01")}, Decimal("12.35")),
        (
            12.341,
            {"transformation_rule": "Round", "precision": Decimal("0.01"), "rounding_direction": ">"},
            Decimal("12.35"),
        ),
        (17, {"transformation_rule": "Round", "precision": Decimal("5"), "rounding_direction": "<"}, Decimal("15")),
        ("2024-05-17", {"transformation_rule": "ExtractFromDate", "date_part": "Month"}, 5),
        ("2024-05-17T10:00:00Z", {"transformation_rule": "ExtractFromDate", "date_part": "Year"}, 2024),
        ("NO", {"transformation_rule": "FieldLookup", "lookup_values": "NO=Norway\nDK=Denmark"}, "Norway"),
        ("SE", {"transformation_rule": "FieldLookup", "lookup_values": "NO=Norway"}, ""),
        (
            "XX",
            {"transformation_rule": "FieldLookup", "lookup_values": "XX=", "lookup_rule": "OriginalIfTargetIsBlank"},
            "XX",
        ),
    ],
)
def test_each_transformation_rule_changes_the_source_value_before_it_is_written(value, rule, expected):
    assert _written(value, **rule) == expected


def test_a_rule_that_cannot_read_its_value_fails_the_record_with_the_field_and_the_reason():
    with pytest.raises(MappingError, match=r"^Name: Round cannot transform 'ten': it is not a number\.$"):
        _written("ten", transformation_rule="Round", precision=Decimal(1))


def test_blank_values_pass_every_rule_unchanged():
    assert _written("", transformation_rule="Substring", start_position=2) == ""
    assert _written(None, transformation_rule="ExtractFromDate") is None


FIELD = {"direction": "ToIntegrationTable", "status": "Enabled", "match_priority": 0, "bc_field": "Name"}
RULE_DEFAULTS = {"rounding_direction": "=", "date_part": "Day", "lookup_rule": "Target", "start_position": 0}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rule", "field", "message"),
    [
        ({"transformation_rule": "RegexReplace", "find_value": "(a"}, "find_value", "not a valid regular expression"),
        ({"transformation_rule": "Replace"}, "find_value", "The Replace rule needs a Find Value."),
        ({"transformation_rule": "Round"}, "precision", "needs a Precision greater than zero"),
        ({"transformation_rule": "FieldLookup", "lookup_values": "NO Norway"}, "lookup_values", "SOURCE=TARGET"),
        (
            {"transformation_rule": "Substring", "start_position": 2, "starting_text": "x"},
            "starting_text",
            "either a Start Position or a Starting Text",
        ),
    ],
)
def test_the_rule_editor_refuses_bad_settings_with_a_message_and_saves_nothing(admin_client, rule, field, message):
    mapping = create_default_mapping(make_connection(), "CURRENCY")
    target = mapping.field_mappings.get(bc_field="Description")
    data = FIELD | RULE_DEFAULTS | {"bc_field": "Description", "dataverse_field": "currencyname", "substring_length": 0}
    response = admin_client.post(reverse("mappings:field_mapping_save", args=[target.pk]), data | rule)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    target.refresh_from_db()
    assert target.transformation_rule == ""


@pytest.mark.django_db
def test_the_rule_editor_saves_a_rule_and_clears_settings_of_other_rule_types(admin_client):
    mapping = create_default_mapping(make_connection(), "CURRENCY")
    target = mapping.field_mappings.get(bc_field="Description")
    data = FIELD | RULE_DEFAULTS | {"bc_field": "Description", "dataverse_field": "currencyname"}
    rule = {"transformation_rule": "Substring", "substring_length": 3, "find_value": "left over"}
    response = admin_client.post(reverse("mappings:field_mapping_save", args=[target.pk]), data | rule)
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.transformation_rule, target.substring_length, target.find_value) == ("Substring", 3, "")
