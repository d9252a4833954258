"""Sales documents: deep insert, $expand of lines, line navigation, totals, release and the bound actions."""

import pytest

from sandbox.bc import service
from tests.sandbox.bc.conftest import CUSTOM, api_root

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def order(bc_client, customer, item) -> dict:
    body = {"customerId": customer["id"], "salesOrderLines": [{"lineObjectNumber": item["No."], "quantity": 3}]}
    response = bc_client.post(f"{api_root()}/salesOrders", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_deep_insert_creates_header_and_lines_with_customer_and_item_defaults(order, customer):
    assert order["customerNumber"] == customer["No."] and order["customerName"] == "Adatum Corporation"
    assert order["salesperson"] == "PS" and order["status"] == "Open"
    [line] = order["salesOrderLines"]
    assert line["lineType"] == "Item" and line["description"] == "ATHENS Desk" and line["unitPrice"] == 100
    assert line["sequence"] == 10000 and line["documentId"] == order["id"]
    assert order["totalAmountExcludingTax"] == 300


def test_expand_returns_the_lines_of_each_order(bc_client, order):
    body = bc_client.get(f"{api_root()}/salesOrders", params={"$expand": "salesOrderLines"}).json()

    assert [len(o["salesOrderLines"]) for o in body["value"]] == [1]


def test_lines_navigation_adds_changes_and_removes_lines_and_keeps_totals(bc_client, order, item):
    lines_url = f"{api_root()}/salesOrders({order['id']})/salesOrderLines"
    added = bc_client.post(lines_url, json={"lineObjectNumber": item["No."], "quantity": 2, "discountPercent": 10})
    assert added.status_code == 201 and added.json()["sequence"] == 20000
    line_url = f"{lines_url}({added.json()['id']})"

    changed = bc_client.patch(line_url, json={"quantity": 4}, headers={"If-Match": added.json()["@odata.etag"]})

    assert changed.json()["amountExcludingTax"] == 360
    assert bc_client.get(f"{api_root()}/salesOrders({order['id']})").json()["totalAmountExcludingTax"] == 660
    assert bc_client.delete(line_url, headers={"If-Match": "*"}).status_code == 204
    assert len(bc_client.get(lines_url).json()["value"]) == 1


def test_released_order_cannot_be_changed_until_reopened(bc_client, order):
    url = f"{api_root()}/salesOrders({order['id']})"
    assert bc_client.post(f"{url}/Microsoft.NAV.release").status_code == 204

    refused = bc_client.patch(url, json={"externalDocumentNumber": "PO-1"}, headers={"If-Match": "*"})
    assert refused.status_code == 400 and "Status must be equal to 'Open'" in refused.json()["error"]["message"]

    assert bc_client.post(f"{url}/Microsoft.NAV.reopen").status_code == 204
    assert bc_client.patch(url, json={"externalDocumentNumber": "PO-1"}, headers={"If-Match": "*"}).status_code == 200


def test_release_of_an_order_without_quantities_is_refused(bc_client, customer):
    order = bc_client.post(f"{api_root()}/salesOrders", json={"customerNumber": customer["No."]}).json()

    response = bc_client.post(f"{api_root()}/salesOrders({order['id']})/Microsoft.NAV.release")

    assert response.status_code == 400 and "nothing to release" in response.json()["error"]["message"]


def test_order_of_a_customer_blocked_for_all_is_refused(bc_client, customer):
    service.update("Customer", customer["id"], {"Blocked": "All"})

    response = bc_client.post(f"{api_root()}/salesOrders", json={"customerId": customer["id"]})

    assert response.status_code == 400 and "blocked with type All" in response.json()["error"]["message"]


def test_quotes_and_orders_are_separate_entity_sets(bc_client, customer, order):
    quote = bc_client.post(f"{api_root()}/salesQuotes", json={"customerId": customer["id"]}).json()

    assert bc_client.get(f"{api_root()}/salesOrders({quote['id']})").status_code == 404
    assert [q["number"] for q in bc_client.get(f"{api_root()}/salesQuotes").json()["value"]] == [quote["number"]]


def test_make_order_turns_the_quote_into_an_order_and_archives_the_quote(bc_client, customer, item):
    body = {"customerId": customer["id"], "salesQuoteLines": [{"lineObjectNumber": item["No."], "quantity": 1}]}
    quote = bc_client.post(f"{api_root()}/salesQuotes", json=body).json()

    response = bc_client.post(f"{api_root()}/salesQuotes({quote['id']})/Microsoft.NAV.makeOrder")

    assert response.status_code == 204
    order = bc_client.get(response.headers["Location"], params={"$expand": "salesOrderLines"}).json()
    assert len(order["salesOrderLines"]) == 1
    assert service.get("Sales Header", order["id"]).data["Quote No."] == quote["number"]
    assert bc_client.get(f"{api_root()}/salesQuotes({quote['id']})").status_code == 404


def test_ship_and_invoice_posts_an_invoice_archives_the_order_and_updates_balances(bc_client, order, customer, item):
    response = bc_client.post(f"{api_root()}/salesOrders({order['id']})/Microsoft.NAV.shipAndInvoice")

    assert response.status_code == 204
    invoice = bc_client.get(response.headers["Location"], params={"$expand": "salesInvoiceLines"}).json()
    assert invoice["orderNumber"] == order["number"] and invoice["status"] == "Open"
    assert invoice["totalAmountIncludingTax"] == 300 and len(invoice["salesInvoiceLines"]) == 1
    archives = bc_client.get(f"{api_root(api=CUSTOM)}/salesOrderArchives").json()["value"]
    assert [(a["no"], a["versionNo"], a["invoice"]) for a in archives] == [(order["number"], 1, True)]
    assert service.get("Customer", customer["id"]).data["Balance (LCY)"] == 300
    assert service.get("Item", item["id"]).data["Inventory"] == -3
    assert bc_client.get(f"{api_root()}/salesOrders({order['id']})").status_code == 404


def test_posted_invoices_are_read_only(bc_client, order):
    bc_client.post(f"{api_root()}/salesOrders({order['id']})/Microsoft.NAV.shipAndInvoice")

    response = bc_client.post(f"{api_root()}/salesInvoices", json={})

    assert response.status_code == 405 and response.json()["error"]["code"] == "BadRequest_MethodNotAllowed"
