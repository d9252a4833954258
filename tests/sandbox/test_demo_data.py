"""The demo data: one CRONUS-like BC company and one Sales environment, idempotent; and the scale generator."""

import uuid

import pytest

from sandbox import store
from sandbox.bc import service
from sandbox.demo import credentials as demo
from sandbox.demo.scale import seed_scale
from sandbox.demo.seed import seed_demo
from sandbox.identity.models import AppRegistration, UserAccount
from sandbox.identity.registrations import secret_matches
from tests.fixtures.sandbox import TEST_TENANT_ID

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _bc(table: str, **values) -> list[dict]:
    return [row.data for row in store.find("bc", table, **values)]


def _dataverse(table: str, **values) -> list[dict]:
    return [row.data for row in store.find("dataverse", table, **values)]


def test_demo_seed_builds_both_systems_once_and_a_second_run_adds_nothing():
    first = seed_demo()

    assert (first.business_central, first.sales) == (True, True)
    assert first.counts["Customer"] == 30 and first.counts["Item"] == 30 and first.counts["Resource"] == 6
    assert len(_bc("Sales Header", **{"Document Type": "Quote"})) == 6
    assert (
        sorted(order["Status"] for order in _bc("Sales Header", **{"Document Type": "Order"}))
        == ["Open"] * 6 + ["Released"] * 4
    )
    assert len(_bc("Sales Invoice Header")) == 8 and len(_bc("Sales Invoice Header", Closed=True)) == 2
    assert len(_bc("Sales Header Archive")) == 8
    for customer in _bc("Customer"):
        primary = _bc("Contact", **{"No.": customer["Primary Contact No."]})[0]
        assert primary["Type"] == "Person" and primary["Company Name"] == customer["Name"]
    assert {o["statecode"] for o in _dataverse("salesorder")} == {1} and len(_dataverse("salesorder")) == 4
    assert {q["statecode"] for q in _dataverse("quote")} == {1} and len(_dataverse("quote")) == 3
    item_numbers = {item["No."] for item in _bc("Item")}
    assert len([p for p in _dataverse("product") if p["productnumber"] in item_numbers]) == 10
    customer_names = {customer["Name"] for customer in _bc("Customer")}
    assert len([a for a in _dataverse("account") if a["name"] in customer_names]) == 12

    second = seed_demo()

    assert (second.business_central, second.sales) == (False, False)
    assert second.counts == first.counts
    assert "Tenant: " + demo.TENANT_ID in str(second)
    _assert_identities()


def _assert_identities() -> None:
    """The app registration with its secret and certificate, the administrator and the non-admin integration
    user, and the application user that app-only calls to Dataverse act as."""
    app = AppRegistration.objects.get(client_id=uuid.UUID(demo.CLIENT_ID))
    assert secret_matches(demo.CLIENT_SECRET, app.secret_hash) and app.certificate_sha1
    admin = UserAccount.objects.get(upn=demo.ADMIN_UPN)
    assert secret_matches(demo.ADMIN_PASSWORD, admin.password_hash) and str(admin.object_id) == demo.ADMIN_USER_ID
    roles = {row.data["roleid"]: row for row in store.find("dataverse", "systemuserroles")}
    role_names = {str(row.row_id): row.data["name"] for row in store.find("dataverse", "role")}
    integration = store.find("dataverse", "systemuser", internalemailaddress=demo.INTEGRATION_UPN)[0]
    assigned = [
        role_names[role] for role, pair in roles.items() if pair.data["systemuserid"] == str(integration.row_id)
    ]
    assert "System Administrator" not in assigned and integration.data["isintegrationuser"] is True
    assert store.find("dataverse", "systemuser", applicationid=demo.CLIENT_ID)


def _company() -> None:
    service.create("Company", {"Name": "CRONUS USA, Inc."}, row_id=demo.COMPANY_ID)


def test_scale_adds_n_customers_with_contacts_and_n_items_with_units():
    _company()

    written = seed_scale(40)

    assert written == {
        "Customer": 40,
        "Contact": 80,
        "Contact Business Relation": 40,
        "Item": 40,
        "Item Unit of Measure": 40,
        "Unit Group": 40,
    }
    customers = _bc("Customer")
    assert sorted(c["No."] for c in customers)[:2] == ["C00010", "C00020"]
    for customer in customers:
        [person] = _bc("Contact", **{"No.": customer["Primary Contact No."]})
        assert (
            person["Type"] == "Person"
            and _bc("Contact", **{"No.": person["Company No."]})[0]["Name"] == customer["Name"]
        )
        [relation] = _bc("Contact Business Relation", **{"Contact No.": person["Company No."]})
        assert (relation["Link to Table"], relation["No."]) == ("Customer", customer["No."])
    assert all(_bc("Item Unit of Measure", **{"Item No.": item["No."]}) for item in _bc("Item"))


def test_scale_values_are_deterministic():
    _company()
    seed_scale(10)
    first = {str(row.row_id): row.data["Name"] for row in store.find("bc", "Customer")}
    store.reset("bc")
    _company()

    seed_scale(10)

    assert {str(row.row_id): row.data["Name"] for row in store.find("bc", "Customer")} == first


def test_scale_needs_the_demo_company():
    with pytest.raises(ValueError, match="Seed the demo company first"):
        seed_scale(5)


def test_demo_environment_has_a_second_empty_company(seeded_sandbox, sandbox_http, sandbox_token):
    root = f"/sandbox/bc/v2.0/{TEST_TENANT_ID}/{demo.ENVIRONMENT}/api/v2.0"
    sandbox_http.headers["Authorization"] = f"Bearer {sandbox_token('bc')}"

    listed = sandbox_http.get(f"{root}/companies").json()["value"]
    second = f"{root}/companies({demo.SECOND_COMPANY_ID})"

    assert [(c["id"], c["displayName"]) for c in listed] == [
        (demo.SECOND_COMPANY_ID, demo.SECOND_COMPANY_NAME),
        (demo.COMPANY_ID, demo.COMPANY_NAME),
    ]
    for entity_set in ("customers", "items", "salesOrders", "currencies"):
        assert sandbox_http.get(f"{second}/{entity_set}").json()["value"] == [], entity_set
    assert sandbox_http.get(f"{second}/companyInformation").json()["value"][0]["displayName"] == "CRONUS Second"
    assert len(sandbox_http.get(f"{root}/companies({demo.COMPANY_ID})/customers").json()["value"]) == 30


def test_every_demo_customer_is_tied_to_its_company_contact_by_a_business_relation():
    seed_demo()
    relations = {r["No."]: r["Contact No."] for r in _bc("Contact Business Relation", **{"Link to Table": "Customer"})}
    for customer in _bc("Customer"):
        [company] = _bc("Contact", **{"No.": relations[customer["No."]]})
        assert (company["Type"], company["Name"]) == ("Company", customer["Name"])
