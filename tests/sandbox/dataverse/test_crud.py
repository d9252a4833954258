"""Create, read, update, upsert and delete through the Web API, with ETags and the service's error bodies."""

import uuid

import pytest

from tests.sandbox.dataverse.conftest import create

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_post_answers_204_with_odata_entity_id_and_the_row_reads_back(dataverse):
    account_id = create(dataverse, "accounts", {"name": "Adatum", "accountnumber": "C-1"})
    response = dataverse.get(f"accounts({account_id})", params={"$select": "name,accountnumber"})
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["accountnumber"], body["accountid"]) == ("Adatum", "C-1", account_id)
    assert body["@odata.etag"].startswith('W/"') and response.headers["ETag"] == body["@odata.etag"]
    assert set(body) == {"@odata.context", "@odata.etag", "name", "accountnumber", "accountid"}


def test_post_with_return_representation_answers_201_and_the_row(dataverse):
    response = dataverse.post("accounts", json={"name": "Fabrikam"}, headers={"Prefer": "return=representation"})
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Fabrikam" and body["statecode"] == 0 and body["statuscode"] == 1
    assert body["_modifiedby_value"] == body["_createdby_value"] == body["_ownerid_value"]
    assert body["createdon"].endswith("Z") and body["versionnumber"] > 0


def test_primary_id_may_be_chosen_by_the_client(dataverse):
    chosen = str(uuid.uuid4())
    assert create(dataverse, "accounts", {"accountid": chosen, "name": "Chosen"}) == chosen


def test_patch_without_if_match_upserts_and_with_if_match_star_only_updates(dataverse):
    row_id = str(uuid.uuid4())
    assert dataverse.patch(f"accounts({row_id})", json={"name": "Upserted"}).status_code == 204
    assert dataverse.get(f"accounts({row_id})").json()["name"] == "Upserted"
    missing = dataverse.patch(f"accounts({uuid.uuid4()})", json={"name": "x"}, headers={"If-Match": "*"})
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "0x80040217"


def test_if_none_match_star_creates_only(dataverse):
    row_id = create(dataverse, "accounts", {"name": "Exists"})
    response = dataverse.patch(f"accounts({row_id})", json={"name": "Again"}, headers={"If-None-Match": "*"})
    assert response.status_code == 412
    assert response.json()["error"]["code"] == "0x80040237"
    assert dataverse.get(f"accounts({row_id})").json()["name"] == "Exists"


def test_stale_etag_is_refused_with_412_and_a_fresh_one_is_accepted(dataverse):
    row_id = create(dataverse, "accounts", {"name": "Versioned"})
    etag = dataverse.get(f"accounts({row_id})").json()["@odata.etag"]
    assert dataverse.patch(f"accounts({row_id})", json={"name": "v2"}, headers={"If-Match": etag}).status_code == 204
    stale = dataverse.patch(f"accounts({row_id})", json={"name": "v3"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert dataverse.get(f"accounts({row_id})").json()["name"] == "v2"


def test_delete_answers_204_and_the_row_is_gone(dataverse):
    row_id = create(dataverse, "accounts", {"name": "Doomed"})
    assert dataverse.delete(f"accounts({row_id})").status_code == 204
    gone = dataverse.get(f"accounts({row_id})")
    assert gone.status_code == 404
    assert gone.json()["error"]["message"] == f"account With Id = {row_id} Does Not Exist"


def test_alternate_key_addresses_a_row(dataverse):
    assert dataverse.patch("accounts(accountnumber='K-9')", json={"name": "Keyed"}).status_code == 204
    assert dataverse.get("accounts(accountnumber='K-9')").json()["name"] == "Keyed"


def test_odata_bind_sets_a_lookup_and_a_missing_target_is_refused(dataverse):
    account_id = create(dataverse, "accounts", {"name": "Parent"})
    contact_id = create(
        dataverse, "contacts", {"lastname": "Smith", "parentcustomerid_account@odata.bind": f"/accounts({account_id})"}
    )
    contact = dataverse.get(f"contacts({contact_id})", params={"$select": "_parentcustomerid_value,fullname"}).json()
    assert contact["_parentcustomerid_value"] == account_id and contact["fullname"] == "Smith"
    missing = dataverse.post(
        "contacts", json={"lastname": "X", "parentcustomerid_account@odata.bind": f"/accounts({uuid.uuid4()})"}
    )
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "0x80040217"


def test_a_bind_names_its_row_by_a_guid_in_8_4_4_4_12_form_in_either_case(dataverse):
    account_id = create(dataverse, "accounts", {"name": "Parent"})
    upper = create(
        dataverse,
        "contacts",
        {"lastname": "Up", "parentcustomerid_account@odata.bind": f"/accounts({account_id.upper()})"},
    )
    contact = dataverse.get(f"contacts({upper})", params={"$select": "_parentcustomerid_value"}).json()
    assert contact["_parentcustomerid_value"] == account_id
    digits = account_id.replace("-", "")
    misplaced = "-".join((digits[:4], digits[4:8], digits[8:12], digits[12:16], digits[16:]))  # 36 characters
    refused = dataverse.post(
        "contacts", json={"lastname": "X", "parentcustomerid_account@odata.bind": f"/accounts({misplaced})"}
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == (
        f"The entity reference '/accounts({misplaced})' is not valid; use /entityset(guid)."
    )


def test_unknown_column_too_long_text_and_missing_system_required_column_are_refused(dataverse):
    unknown = dataverse.post("accounts", json={"name": "A", "nosuchcolumn": 1})
    assert unknown.status_code == 400
    assert (
        unknown.json()["error"]["message"]
        == "Could not find a property named 'nosuchcolumn' on type 'Microsoft.Dynamics.CRM.account'."
    )
    too_long = dataverse.post("accounts", json={"name": "A" * 161})
    assert too_long.status_code == 400 and too_long.json()["error"]["code"] == "0x80044331"
    assert "maximum allowed length of '160'" in too_long.json()["error"]["message"]
    required = dataverse.post("pricelevels", json={"description": "No name"})
    assert required.status_code == 400 and required.json()["error"]["code"] == "0x80040203"
    assert dataverse.get("pricelevels", params={"$count": "true"}).json()["@odata.count"] == 0
    assert dataverse.get("accounts", params={"$count": "true"}).json()["@odata.count"] == 0


def test_every_api_version_answers(dataverse):
    for version in ("9.0", "9.1", "9.2"):
        assert dataverse.get(f"http://testserver/sandbox/dataverse/api/data/v{version}/accounts").status_code == 200
