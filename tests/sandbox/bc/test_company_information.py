"""companyInformation: the company's name and address, and its local currency from General Ledger Setup."""

import pytest

from sandbox.bc import service
from tests.sandbox.bc.conftest import api_root

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_company_information_shows_the_lcy_code_of_general_ledger_setup_as_currency_code(bc_client):
    service.create("General Ledger Setup", {"Primary Key": "", "LCY Code": "USD"})
    service.create("Company Information", {"Primary Key": "", "Name": "CRONUS USA, Inc.", "City": "Atlanta"})

    rows = bc_client.get(f"{api_root()}/companyInformation").json()["value"]

    assert [(row["displayName"], row["city"], row["currencyCode"]) for row in rows] == [
        ("CRONUS USA, Inc.", "Atlanta", "USD")
    ]


def test_company_information_without_general_ledger_setup_has_a_blank_currency_code(bc_client):
    service.create("Company Information", {"Primary Key": "", "Name": "CRONUS USA, Inc."})

    rows = bc_client.get(f"{api_root()}/companyInformation").json()["value"]

    assert rows[0]["currencyCode"] == ""


def test_company_information_is_read_only(bc_client):
    response = bc_client.post(f"{api_root()}/companyInformation", json={"displayName": "Other"})

    assert response.status_code in (400, 405)
    assert service.find("Company Information") == []
