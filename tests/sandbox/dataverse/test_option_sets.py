"""Choice columns' local option sets: read through PicklistAttributeMetadata, extended by InsertOptionValue and
relabelled by UpdateOptionValue, as option mappings use them."""

import pytest

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])
PAYMENT_TERMS = (
    "EntityDefinitions(LogicalName='account')/Attributes(LogicalName='paymenttermscode')/"
    "Microsoft.Dynamics.CRM.PicklistAttributeMetadata"
)
QUERY = {"$select": "LogicalName", "$expand": "OptionSet($select=Options)"}


def _label(text: str) -> dict:
    return {"LocalizedLabels": [{"Label": text, "LanguageCode": 1033}]}


def _options(dataverse) -> dict[int, str]:
    response = dataverse.get(PAYMENT_TERMS, params=QUERY)
    assert response.status_code == 200, response.text
    assert response.json()["LogicalName"] == "paymenttermscode"
    options = response.json()["OptionSet"]["Options"]
    return {item["Value"]: item["Label"]["UserLocalizedLabel"]["Label"] for item in options}


def _option(**body) -> dict:
    return {"EntityLogicalName": "account", "AttributeLogicalName": "paymenttermscode"} | body


def test_a_choice_column_starts_with_the_organization_s_default_options(dataverse):
    assert _options(dataverse) == {1: "Net 30", 2: "2% 10, Net 30", 3: "Net 45", 4: "Net 60"}


def test_insert_option_value_adds_an_option_from_the_publisher_range_and_returns_its_value(dataverse):
    response = dataverse.post("InsertOptionValue", json=_option(Label=_label("14 DAYS")))
    assert response.status_code == 200 and response.json()["NewOptionValue"] == 100000000
    again = dataverse.post("InsertOptionValue", json=_option(Label=_label("21 DAYS")))
    assert again.json()["NewOptionValue"] == 100000001
    assert _options(dataverse)[100000000] == "14 DAYS"


def test_insert_option_value_refuses_a_value_the_column_already_has(dataverse):
    response = dataverse.post("InsertOptionValue", json=_option(Value=3, Label=_label("Net 45 bis")))
    assert response.status_code == 400 and "option value 3 already exists" in response.json()["error"]["message"]


def test_update_option_value_relabels_an_existing_option_only(dataverse):
    updated = dataverse.post("UpdateOptionValue", json=_option(Value=1, Label=_label("30 DAYS"), MergeLabels=True))
    assert updated.status_code == 204 and _options(dataverse)[1] == "30 DAYS"
    missing = dataverse.post("UpdateOptionValue", json=_option(Value=77, Label=_label("X"), MergeLabels=True))
    assert missing.status_code == 404 and "no option with the value 77" in missing.json()["error"]["message"]


def test_option_actions_name_a_choice_column_and_a_label(dataverse):
    not_choice = dataverse.post("InsertOptionValue", json=_option(AttributeLogicalName="name", Label=_label("A")))
    assert not_choice.status_code == 400 and "'name' is not a choice" in not_choice.json()["error"]["message"]
    unlabelled = dataverse.post("InsertOptionValue", json=_option(Label={"LocalizedLabels": []}))
    assert unlabelled.status_code == 400 and "LocalizedLabel for language 1033" in unlabelled.json()["error"]["message"]


def test_a_column_without_default_options_answers_an_empty_option_set(dataverse):
    path = PAYMENT_TERMS.replace("paymenttermscode", "industrycode")
    assert dataverse.get(path, params=QUERY).json()["OptionSet"]["Options"] == []
