"""The Sandbox Browser: login required, read-only, every table of both systems, search, paging, record page."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from sandbox import store
from sandbox.bc import service
from sandbox.bc.company_scope import in_company

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def customers():
    service.create("Company", {"Name": "CRONUS USA, Inc."})
    return [service.create("Customer", {"Name": f"Customer {index:02d}", "City": "Seattle"}) for index in range(55)]


def test_browser_requires_login():
    response = Client().get(reverse("sandbox:browser"))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_index_lists_every_table_of_both_systems_with_counts(viewer_client, customers):
    response = viewer_client.get(reverse("sandbox:browser"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Customer (table 18)" in page and "account (accounts)" in page
    assert reverse("sandbox:browser_table", args=["bc", "Salesperson/Purchaser"]) in page
    tables = dict(response.context["systems"][0]["tables"])
    assert next(count for table, count in tables.items() if table.name == "Customer") == 55


def test_table_page_pages_by_fifty_most_recent_first(viewer_client, customers):
    url = reverse("sandbox:browser_table", args=["bc", "Customer"])
    first = viewer_client.get(url)

    assert [row["data"]["Name"] for row in first.context["rows"]][:2] == ["Customer 54", "Customer 53"]
    assert len(first.context["rows"]) == 50 and first.context["total"] == 55
    second = viewer_client.get(url, {"after": first.context["next_token"]})
    assert [row["data"]["Name"] for row in second.context["rows"]] == [f"Customer {i:02d}" for i in range(4, -1, -1)]
    assert second.context["next_token"] is None


def test_search_matches_any_value(viewer_client, customers):
    service.update("Customer", customers[7].row_id, {"City": "Reykjavik"})

    response = viewer_client.get(reverse("sandbox:browser_table", args=["bc", "Customer"]), {"q": "reykjavik"})

    assert [row["data"]["Name"] for row in response.context["rows"]] == ["Customer 07"]
    assert response.context["total"] == 1


def test_record_page_shows_every_field_version_etag_and_stamps(viewer_client, customers):
    row = store.get("bc", "Customer", customers[0].row_id)

    response = viewer_client.get(reverse("sandbox:browser_record", args=["bc", "Customer", row.row_id]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Fax No." in page and "Credit Limit (LCY)" in page and "Customer 00" in page
    assert response.context["etag"].startswith('W/"') and str(row.version) in page


def test_dataverse_tables_are_browsable(viewer_client):
    store.insert("dataverse", "account", uuid.uuid4(), {"name": "Fourth Coffee"})

    response = viewer_client.get(reverse("sandbox:browser_table", args=["dataverse", "account"]))

    assert [row["cells"][0] for row in response.context["rows"]] == ["Fourth Coffee"]


def test_unknown_table_and_record_are_404(viewer_client, customers):
    assert viewer_client.get(reverse("sandbox:browser_table", args=["bc", "Nothing"])).status_code == 404
    missing = reverse("sandbox:browser_record", args=["bc", "Customer", "00000000-0000-0000-0000-000000000000"])
    assert viewer_client.get(missing).status_code == 404


def test_browser_is_read_only(admin_client, customers):
    response = admin_client.post(reverse("sandbox:browser_table", args=["bc", "Customer"]), {"q": "x"})

    assert response.status_code == 405


def test_bc_pages_show_one_company_at_a_time(viewer_client, customers):
    second = service.create("Company", {"Name": "CRONUS Second"})
    with in_company(second.row_id):
        own = service.create("Customer", {"Name": "Only in Second"})
    table_url = reverse("sandbox:browser_table", args=["bc", "Customer"])

    index = viewer_client.get(reverse("sandbox:browser"), {"company": str(second.row_id)})
    listed = viewer_client.get(table_url, {"company": str(second.row_id)})
    home_record = reverse("sandbox:browser_record", args=["bc", "Customer", customers[0].row_id])

    counts = {table.name: count for table, count in index.context["systems"][0]["tables"]}
    assert counts["Customer"] == 1 and "Company: <strong>CRONUS Second</strong>" in index.content.decode()
    assert [row["id"] for row in listed.context["rows"]] == [str(own.row_id)]
    assert viewer_client.get(home_record, {"company": str(second.row_id)}).status_code == 404
    assert viewer_client.get(home_record).context["company"].data["Name"] == "CRONUS USA, Inc."
    assert viewer_client.get(table_url, {"company": str(uuid.uuid4())}).status_code == 404
