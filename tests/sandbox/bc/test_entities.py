"""Create, read, update and delete through API v2.0: etags, If-Match, lastModifiedDateTime, BC's error shape."""

import pytest

from sandbox.bc import service
from tests.sandbox.bc.conftest import api_root

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_create_answers_201_with_id_etag_and_last_modified(bc_client):
    response = bc_client.post(f"{api_root()}/customers", json={"displayName": "Trey Research", "city": "Chicago"})

    assert response.status_code == 201
    body = response.json()
    assert body["number"] == "C00010"
    assert body["@odata.etag"].startswith('W/"') and response.headers["ETag"] == body["@odata.etag"]
    assert body["lastModifiedDateTime"].endswith("Z")
    assert response.headers["Location"].endswith(f"/customers({body['id']})")
    assert service.get("Customer", body["id"]).data["Name"] == "Trey Research"


def test_get_entity_shows_lookup_ids_of_related_records(bc_client, customer):
    salesperson = service.find_one("Salesperson/Purchaser", Code="PS")
    service.update("Customer", customer["id"], {"Currency Code": "EUR"})

    body = bc_client.get(f"{api_root()}/customers({customer['id']})").json()

    assert body["salespersonCode"] == "PS" and salesperson is not None
    assert body["currencyCode"] == "EUR"
    assert body["currencyId"] == str(service.find_one("Currency", Code="EUR").row_id)
    assert body["blocked"] == "_x0020_"


def test_patch_without_if_match_is_refused_and_changes_nothing(bc_client, customer):
    response = bc_client.patch(f"{api_root()}/customers({customer['id']})", json={"displayName": "Changed"})

    assert response.status_code == 400
    assert "If-Match" in response.json()["error"]["message"]
    assert service.get("Customer", customer["id"]).data["Name"] == "Adatum Corporation"


def test_patch_with_stale_etag_is_412_entity_changed(bc_client, customer):
    url = f"{api_root()}/customers({customer['id']})"
    stale = bc_client.get(url).json()["@odata.etag"]
    bc_client.patch(url, json={"city": "Boston"}, headers={"If-Match": stale})

    response = bc_client.patch(url, json={"city": "Dallas"}, headers={"If-Match": stale})

    assert response.status_code == 412
    assert response.json()["error"]["code"] == "Request_EntityChanged"
    assert service.get("Customer", customer["id"]).data["City"] == "Boston"


def test_patch_with_current_etag_updates_and_advances_last_modified(bc_client, customer):
    url = f"{api_root()}/customers({customer['id']})"
    before = bc_client.get(url).json()

    response = bc_client.patch(url, json={"website": "www.adatum.com"}, headers={"If-Match": before["@odata.etag"]})

    assert response.status_code == 200
    after = response.json()
    assert after["website"] == "www.adatum.com"
    assert after["@odata.etag"] != before["@odata.etag"]
    assert after["lastModifiedDateTime"] > before["lastModifiedDateTime"]


def test_delete_needs_if_match_and_then_the_record_is_gone(bc_client, customer):
    url = f"{api_root()}/customers({customer['id']})"
    assert bc_client.delete(url).status_code == 400

    assert bc_client.delete(url, headers={"If-Match": "*"}).status_code == 204

    missing = bc_client.get(url)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "Internal_RecordNotFound"
    assert "CorrelationId" in missing.json()["error"]["message"]


def test_too_long_value_is_a_field_validation_error_naming_the_length(bc_client):
    response = bc_client.post(f"{api_root()}/customers", json={"displayName": "x" * 101})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "Application_FieldValidationException"
    assert "must be less than or equal to 100 characters" in error["message"]


def test_unknown_related_code_is_refused_with_bc_message(bc_client):
    response = bc_client.post(f"{api_root()}/customers", json={"displayName": "A", "salespersonCode": "NOPE"})

    assert response.status_code == 400
    assert "cannot be found in the related table (Salesperson/Purchaser)" in response.json()["error"]["message"]
    assert service.find("Customer") == []


def test_unknown_and_read_only_properties_are_refused(bc_client):
    unknown = bc_client.post(f"{api_root()}/customers", json={"displayName": "A", "faxNumber": "1"})
    read_only = bc_client.post(f"{api_root()}/customers", json={"displayName": "A", "balanceDue": 5})

    assert unknown.status_code == 400 and "does not exist on type 'Microsoft.NAV.customer'" in unknown.text
    assert read_only.status_code == 400 and "read-only" in read_only.json()["error"]["message"]


def test_invalid_option_value_lists_the_valid_ones(bc_client):
    response = bc_client.post(f"{api_root()}/items", json={"displayName": "Desk", "type": "Gadget"})

    assert response.status_code == 400
    assert "'Inventory', 'Service', 'Non-Inventory'" in response.json()["error"]["message"]


def test_unknown_entity_set_and_company_are_404(bc_client):
    assert bc_client.get(f"{api_root()}/widgets").json()["error"]["code"] == "BadRequest_NotFound"
    other = bc_client.get(f"{api_root('00000000-0000-0000-0000-000000000001')}/customers")
    assert other.status_code == 404 and other.json()["error"]["code"] == "Internal_CompanyNotFound"


def test_new_item_gets_its_base_unit_and_unit_group(bc_client):
    response = bc_client.post(f"{api_root()}/items", json={"displayName": "Lamp", "baseUnitOfMeasureCode": "PCS"})

    number = response.json()["number"]
    assert service.find("Item Unit of Measure", **{"Item No.": number, "Code": "PCS"})
    group = service.find_one("Unit Group", **{"Source Type": "Item", "Source No.": number})
    assert group.data["Code"] == f"ITEM {number} UOM GR"
