"""The service root: companies, the service document and $metadata (CSDL with types and lengths)."""

from xml.etree import ElementTree

import pytest

from tests.sandbox.bc.conftest import COMPANY_ID, CUSTOM, service_root

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])
EDM = "{http://docs.oasis-open.org/odata/ns/edm}"


def test_companies_lists_the_company_with_id_and_names(bc_client):
    [company] = bc_client.get(f"{service_root()}/companies").json()["value"]

    assert company["id"] == COMPANY_ID and company["name"] == "CRONUS USA, Inc."
    assert bc_client.get(f"{service_root()}/companies({COMPANY_ID})").json()["displayName"] == "CRONUS USA, Inc."


def test_metadata_describes_entity_types_properties_and_lengths(bc_client):
    response = bc_client.get(f"{service_root()}/$metadata")

    assert response.headers["Content-Type"].startswith("application/xml")
    schema = ElementTree.fromstring(response.content)
    customer = schema.find(f".//{EDM}EntityType[@Name='customer']")
    number = customer.find(f"{EDM}Property[@Name='number']")
    assert (number.get("Type"), number.get("MaxLength")) == ("Edm.String", "20")
    order = schema.find(f".//{EDM}EntityType[@Name='salesOrder']")
    assert order.find(f"{EDM}NavigationProperty[@Name='salesOrderLines']") is not None
    assert schema.find(f".//{EDM}Action[@Name='release']") is not None


def test_custom_api_metadata_lists_tables_v2_lacks(bc_client):
    schema = ElementTree.fromstring(bc_client.get(f"{service_root(CUSTOM)}/$metadata").content)

    sets = {element.get("Name") for element in schema.iter(f"{EDM}EntitySet")}
    assert {"salespeople", "resources", "unitGroups", "priceListLines", "opportunities", "salesOrderArchives"} <= sets
    customer = schema.find(f".//{EDM}EntityType[@Name='customer']")
    assert customer.find(f"{EDM}Property[@Name='faxNo']") is not None


def test_service_document_lists_entity_sets(bc_client):
    names = {entry["name"] for entry in bc_client.get(f"{service_root()}/").json()["value"]}

    assert {"customers", "items", "salesOrders", "salesQuotes", "salesInvoices"} <= names
