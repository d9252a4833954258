"""The Sales stand-ins of the Sandbox Browser: the web client's record link and changing a field as a Sales user."""

import pytest
from django.urls import reverse

from sandbox import store
from sandbox.dataverse import service
from sandbox.dataverse.schema import TABLES
from sandbox.demo import credentials as demo

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def account() -> store.StoredRow:
    body = {"name": "Fourth Coffee", "telephone1": "555-0100"}
    return service.create(TABLES["account"], body, caller_id=demo.INTEGRATION_USER_ID)


def change_url(row_id) -> str:
    return reverse("sandbox:browser_change_field", args=["dataverse", "account", row_id])


def test_the_web_client_record_link_opens_the_row_in_the_sandbox_browser(viewer_client, account):
    response = viewer_client.get("/sandbox/dataverse/main.aspx", {"pagetype": "entityrecord", "etn": "account",
                                                                  "id": str(account.row_id)})  # fmt: skip

    assert response.status_code == 302
    assert response.url == reverse("sandbox:browser_record", args=["dataverse", "account", account.row_id])


def test_a_web_client_link_to_an_unknown_table_or_id_is_404(viewer_client, account):
    assert (
        viewer_client.get("/sandbox/dataverse/main.aspx", {"etn": "nothing", "id": str(account.row_id)}).status_code
        == 404
    )
    assert viewer_client.get("/sandbox/dataverse/main.aspx", {"etn": "account", "id": "x"}).status_code == 404


def test_the_record_page_offers_only_writable_text_fields(admin_client, account):
    page = admin_client.get(reverse("sandbox:browser_record", args=["dataverse", "account", account.row_id]))

    fields = page.context["editable_fields"]
    assert "name" in fields and "telephone1" in fields
    assert "accountid" not in fields and "creditlimit" not in fields and "modifiedon" not in fields
    assert 'for="change-value"' in page.content.decode()


def test_changing_a_field_writes_it_as_the_sales_administrator_with_a_new_version(admin_client, account):
    response = admin_client.post(change_url(account.row_id), {"field": "telephone1", "value": "555-0199"})

    row = store.get("dataverse", "account", account.row_id)
    assert response.status_code == 302
    assert row.data["telephone1"] == "555-0199" and row.data["name"] == "Fourth Coffee"
    assert row.version > account.version and row.modified_at >= account.modified_at
    assert row.data["_modifiedby_value"] == demo.ADMIN_USER_ID


def test_a_field_that_is_not_writable_text_is_refused_and_nothing_changes(admin_client, account):
    response = admin_client.post(change_url(account.row_id), {"field": "creditlimit", "value": "10"}, follow=True)

    assert "creditlimit is not a text field of account that can be changed here." in response.content.decode()
    assert store.get("dataverse", "account", account.row_id).version == account.version


def test_a_value_the_service_refuses_shows_its_message(admin_client, account):
    response = admin_client.post(change_url(account.row_id), {"field": "telephone1", "value": "9" * 200}, follow=True)

    assert "Dynamics 365 Sales refused the change:" in response.content.decode()
    assert store.get("dataverse", "account", account.row_id).data["telephone1"] == "555-0100"


def test_a_viewer_cannot_change_a_field(viewer_client, account):
    response = viewer_client.post(change_url(account.row_id), {"field": "telephone1", "value": "555-0199"})

    assert response.status_code == 403
    assert store.get("dataverse", "account", account.row_id).data["telephone1"] == "555-0100"
