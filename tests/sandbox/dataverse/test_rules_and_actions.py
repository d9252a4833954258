"""Business rules a synchronization must cope with, and the functions and actions the setup uses."""

import base64
import io
import uuid
import zipfile

import pytest

from sandbox import store
from tests.fixtures.sandbox import TEST_APP_ID
from tests.sandbox.dataverse.conftest import create

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])
ADMIN_ROLE = "8c8d4f51-a72b-e511-80d9-3863bb349780"


def _order_with_line(dataverse) -> tuple[str, str]:
    order = create(dataverse, "salesorders", {"name": "SO-1"})
    line = create(dataverse, "salesorderdetails", {"quantity": 2, "salesorderid@odata.bind": f"/salesorders({order})"})
    return order, line


def test_lines_of_a_submitted_order_are_read_only(dataverse):
    order, line = _order_with_line(dataverse)
    assert dataverse.patch(f"salesorders({order})", json={"statecode": 1, "statuscode": 3}).status_code == 204
    refused = dataverse.patch(f"salesorderdetails({line})", json={"quantity": 5}, headers={"If-Match": "*"})
    assert refused.status_code == 400 and "read-only" in refused.json()["error"]["message"]
    assert dataverse.get(f"salesorderdetails({line})").json()["quantity"] == 2


def test_a_submitted_order_accepts_only_a_change_of_state(dataverse):
    order, _ = _order_with_line(dataverse)
    dataverse.patch(f"salesorders({order})", json={"statecode": 1})
    assert dataverse.get(f"salesorders({order})").json()["statuscode"] == 3
    assert dataverse.patch(f"salesorders({order})", json={"name": "Renamed"}).status_code == 400
    assert dataverse.patch(f"salesorders({order})", json={"statecode": 0, "statuscode": 1}).status_code == 204
    assert dataverse.patch(f"salesorders({order})", json={"name": "Renamed"}).status_code == 204


def test_invalid_state_and_status_pairs_are_refused(dataverse):
    order = create(dataverse, "salesorders", {"name": "SO-2"})
    response = dataverse.patch(f"salesorders({order})", json={"statecode": 1, "statuscode": 100001})
    assert response.status_code == 400 and response.json()["error"]["code"] == "0x80048306"


def test_a_retired_product_cannot_go_on_an_order_line(dataverse):
    group = create(dataverse, "uomschedules", {"name": "Pieces", "baseuomname": "PCS"})
    unit = create(dataverse, "uoms", {"name": "PCS", "uomscheduleid@odata.bind": f"/uomschedules({group})"})
    product = create(
        dataverse,
        "products",
        {
            "name": "Old bicycle",
            "productnumber": "1000",
            "quantitydecimal": 0,
            "statecode": 1,
            "defaultuomscheduleid@odata.bind": f"/uomschedules({group})",
            "defaultuomid@odata.bind": f"/uoms({unit})",
        },
    )
    order = create(dataverse, "salesorders", {"name": "SO-3"})
    response = dataverse.post(
        "salesorderdetails",
        json={
            "quantity": 1,
            "salesorderid@odata.bind": f"/salesorders({order})",
            "productid@odata.bind": f"/products({product})",
        },
    )
    assert response.status_code == 400 and "retired" in response.json()["error"]["message"]


def test_modifiedby_is_the_calling_application_user(dataverse):
    user = create(
        dataverse,
        "systemusers",
        {
            "lastname": "Integration",
            "applicationid": TEST_APP_ID,
            "businessunitid@odata.bind": f"/businessunits({create(dataverse, 'businessunits', {'name': 'Root'})})",
        },
    )
    account = create(dataverse, "accounts", {"name": "Stamped"})
    assert dataverse.get(f"accounts({account})").json()["_modifiedby_value"] == user
    assert dataverse.get("WhoAmI").json()["UserId"] == user


def _solution_payload() -> dict:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "solution.xml",
            "<ImportExportXml><SolutionManifest><UniqueName>MicrosoftDynamicsNavIntegration</UniqueName><Version>26.0.0.1</Version><Managed>1</Managed></SolutionManifest></ImportExportXml>",
        )
    return {
        "CustomizationFile": base64.b64encode(buffer.getvalue()).decode(),
        "OverwriteUnmanagedCustomizations": True,
        "PublishWorkflows": True,
        "ImportJobId": str(uuid.uuid4()),
    }


def _make_caller(dataverse, template_id: str, name: str) -> None:
    """Give the test's caller a role of that template (as the demo does for its administrator)."""
    caller = dataverse.get("WhoAmI").json()["UserId"]
    unit = create(dataverse, "businessunits", {"name": f"Unit for {name}"})
    role = create(
        dataverse,
        "roles",
        {"name": name, "roletemplateid": template_id, "businessunitid@odata.bind": f"/businessunits({unit})"},
    )
    store.insert("dataverse", "systemuserroles", uuid.uuid4(), {"systemuserid": caller, "roleid": role})


def test_import_solution_needs_a_system_administrator_or_customizer(dataverse):
    refused = dataverse.post("ImportSolution", json=_solution_payload())
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "0x80040220"
    assert "prvImportCustomization" in refused.json()["error"]["message"]
    assert store.find("dataverse", "solution") == []
    _make_caller(dataverse, "119f245c-3cc8-4b62-b31c-d1a046ced15d", "System Customizer")
    assert dataverse.post("ImportSolution", json=_solution_payload()).status_code == 204


def test_import_solution_records_the_solution_and_roles_can_be_assigned(dataverse):
    _make_caller(dataverse, "627090ff-40a3-4053-8790-584edc5be201", "System Administrator")
    payload = _solution_payload()
    assert dataverse.post("ImportSolution", json=payload).status_code == 204
    [solution] = dataverse.get(
        "solutions", params={"$filter": "uniquename eq 'MicrosoftDynamicsNavIntegration'"}
    ).json()["value"]
    assert solution["version"] == "26.0.0.1" and solution["installedon"] and solution["ismanaged"] is True
    assert dataverse.post("ImportSolution", json={"CustomizationFile": "not a zip"}).status_code == 400
    unit = create(dataverse, "businessunits", {"name": "Root"})
    role = create(
        dataverse,
        "roles",
        {
            "roleid": ADMIN_ROLE,
            "name": "BC integration administrator",
            "businessunitid@odata.bind": f"/businessunits({unit})",
        },
    )
    user = create(
        dataverse, "systemusers", {"lastname": "Integration", "businessunitid@odata.bind": f"/businessunits({unit})"}
    )
    reference = {"@odata.id": f"{dataverse.base_url}roles({role})"}
    assert dataverse.post(f"systemusers({user})/systemuserroles_association/$ref", json=reference).status_code == 204
    roles = dataverse.get(f"systemusers({user})/systemuserroles_association").json()["value"]
    assert [r["roleid"] for r in roles] == [ADMIN_ROLE]


def test_requests_without_a_valid_token_get_401_in_dataverse_shape(dataverse, sandbox_token):
    missing = dataverse.get("accounts", headers={"Authorization": ""})
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "0x80072560"
    wrong = dataverse.get("accounts", headers={"Authorization": f"Bearer {sandbox_token('bc')}"})
    assert wrong.status_code == 401 and "not for" in wrong.json()["error"]["message"]


def test_document_totals_follow_every_change_of_its_lines(dataverse):
    order = create(dataverse, "salesorders", {"name": "SO-T", "discountamount": 10, "freightamount": 5})
    bind = {"salesorderid@odata.bind": f"/salesorders({order})"}
    first = create(
        dataverse,
        "salesorderdetails",
        {"quantity": 2, "priceperunit": 100, "manualdiscountamount": 20, "tax": 8, **bind},
    )
    second = create(dataverse, "salesorderdetails", {"quantity": 1, "priceperunit": 50, **bind})
    line = dataverse.get(f"salesorderdetails({first})").json()
    assert (line["baseamount"], line["extendedamount"]) == (200, 188)
    totals = dataverse.get(f"salesorders({order})").json()
    assert (totals["totallineitemamount"], totals["totaldiscountamount"], totals["totaltax"]) == (238, 10, 8)
    assert (totals["totalamountlessfreight"], totals["totalamount"]) == (228, 241)
    dataverse.patch(f"salesorderdetails({second})", json={"quantity": 3})
    assert dataverse.get(f"salesorders({order})").json()["totalamount"] == 341
    dataverse.delete(f"salesorderdetails({second})")
    assert dataverse.get(f"salesorders({order})").json()["totalamount"] == 191
