"""The custom API group bcsales/integration/v1.0: tables v2.0 lacks, all mapped fields, read-only views."""

import pytest

from sandbox.bc import service
from tests.sandbox.bc.conftest import CUSTOM, api_root

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_salespeople_are_listed_with_camel_case_bc_field_names(bc_client):
    [salesperson] = bc_client.get(f"{api_root(api=CUSTOM)}/salespeople").json()["value"]

    assert salesperson["code"] == "PS" and salesperson["name"] == "Peter Saddow"
    assert {"eMail", "phoneNo", "jobTitle", "commissionPercent", "lastModifiedDateTime"} <= set(salesperson)


def test_customer_fields_missing_from_v2_can_be_written(bc_client, customer):
    url = f"{api_root(api=CUSTOM)}/customers({customer['id']})"

    response = bc_client.patch(
        url, json={"faxNo": "+1 425 555 0100", "homePage": "www.adatum.com"}, headers={"If-Match": "*"}
    )

    assert response.status_code == 200, response.text
    data = service.get("Customer", customer["id"]).data
    assert (data["Fax No."], data["Home Page"]) == ("+1 425 555 0100", "www.adatum.com")


def test_resources_and_their_units_are_created_like_items(bc_client):
    response = bc_client.post(
        f"{api_root(api=CUSTOM)}/resources", json={"name": "Katherine Hull", "baseUnitOfMeasure": "PCS"}
    )

    number = response.json()["no"]
    units = bc_client.get(
        f"{api_root(api=CUSTOM)}/resourceUnitsOfMeasure", params={"$filter": f"resourceNo eq '{number}'"}
    )
    assert [u["code"] for u in units.json()["value"]] == ["PCS"]


def test_customer_statistics_view_is_read_only(bc_client, customer):
    service.update("Customer", customer["id"], {"Balance (LCY)": 1234.5})
    statistics = bc_client.get(f"{api_root(api=CUSTOM)}/customerStatistics({customer['id']})").json()

    refused = bc_client.patch(f"{api_root(api=CUSTOM)}/customerStatistics({customer['id']})", json={"balanceLCY": 0},
                              headers={"If-Match": "*"})  # fmt: skip

    assert statistics["balanceLCY"] == 1234.5 and statistics["no"] == customer["No."]
    assert refused.status_code == 405


def test_item_availability_shows_inventory(bc_client, item):
    service.update("Item", item["id"], {"Inventory": 42})

    [availability] = bc_client.get(f"{api_root(api=CUSTOM)}/itemAvailabilities").json()["value"]

    assert (availability["no"], availability["inventory"]) == ("1896-S", 42)


def test_price_list_lines_must_name_an_existing_price_list(bc_client):
    response = bc_client.post(f"{api_root(api=CUSTOM)}/priceListLines", json={"priceListCode": "NONE", "lineNo": 10000})

    assert response.status_code == 400 and "related table (Price List Header)" in response.json()["error"]["message"]
