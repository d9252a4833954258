"""Each company's data is its own: a request below ``companies({id})`` sees and writes that company's records
only, number series and key uniqueness are per company, and a company that does not exist is BC's 404."""

import pytest

from sandbox.bc import service
from sandbox.bc.company_scope import in_company
from tests.sandbox.bc.conftest import COMPANY_ID, api_root

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

SECOND_ID = "2e4f6a8c-0b1d-4e3f-9a5b-7c9d1e3f5a7b"
ALWAYS = {"If-Match": "*"}


@pytest.fixture
def second_company(bc_company) -> str:
    """A second company of the same environment, created after the test's first one."""
    service.create("Company", {"Name": "CRONUS Second", "Display Name": "CRONUS Second"}, row_id=SECOND_ID)
    return SECOND_ID


def _numbers(bc_client, company_id: str) -> list[str]:
    response = bc_client.get(f"{api_root(company_id)}/customers", params={"$select": "number"})
    assert response.status_code == 200, response.text
    return [entity["number"] for entity in response.json()["value"]]


def test_each_company_lists_only_its_own_customers(bc_client, customer, second_company):
    created = bc_client.post(f"{api_root(second_company)}/customers", json={"displayName": "Second Customer"})

    assert created.status_code == 201, created.text
    assert _numbers(bc_client, COMPANY_ID) == [customer["No."]]
    assert _numbers(bc_client, second_company) == [created.json()["number"]]


def test_number_series_and_keys_are_per_company(bc_client, customer, second_company):
    created = bc_client.post(f"{api_root(second_company)}/customers", json={"displayName": "Same number"})

    assert created.json()["number"] == customer["No."] == "C00010"


def test_a_record_of_one_company_cannot_be_read_changed_or_deleted_through_another(bc_client, customer, second_company):
    path = f"{api_root(second_company)}/customers({customer['id']})"

    read = bc_client.get(path)
    changed = bc_client.patch(path, json={"displayName": "Hijacked"}, headers=ALWAYS)
    deleted = bc_client.delete(path, headers=ALWAYS)

    assert [read.status_code, changed.status_code, deleted.status_code] == [404, 404, 404]
    assert read.json()["error"]["code"] == "Internal_RecordNotFound"
    assert service.get("Customer", customer["id"]).data["Name"] == "Adatum Corporation"


def test_related_codes_are_checked_against_the_companys_own_tables(bc_client, second_company):
    response = bc_client.post(
        f"{api_root(second_company)}/customers", json={"displayName": "Needs PS", "salespersonCode": "PS"}
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "Application_FieldValidationException"
    assert _numbers(bc_client, second_company) == []


def test_a_batch_runs_each_operation_in_the_company_its_url_names(bc_client, customer, second_company):
    requests = [
        {"id": "1", "method": "POST", "url": f"companies({second_company})/customers", "body": {"displayName": "B"}},
        {"id": "2", "method": "GET", "url": f"companies({COMPANY_ID})/customers({customer['id']})"},
        {"id": "3", "method": "GET", "url": f"companies({second_company})/customers({customer['id']})"},
    ]

    response = bc_client.post(f"{api_root().rsplit('/companies', 1)[0]}/$batch", json={"requests": requests})

    assert [item["status"] for item in response.json()["responses"]] == [201, 200, 404]
    with in_company(second_company):
        assert [row.data["Name"] for row in service.find("Customer")] == ["B"]


def test_companies_lists_every_company_but_a_missing_one_is_not_found(bc_client, second_company):
    listed = bc_client.get(f"{api_root().rsplit('/companies', 1)[0]}/companies").json()["value"]
    missing = bc_client.get(f"{api_root('6f1e2d3c-4b5a-4978-8685-746352413021')}/items")

    assert sorted(company["name"] for company in listed) == ["CRONUS Second", "CRONUS USA, Inc."]
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "Internal_CompanyNotFound"
    assert "6f1e2d3c-4b5a-4978-8685-746352413021" in missing.json()["error"]["message"]
