"""Fixtures for the BC API conformance tests: a company with a few codes, and httpx clients that call it."""

import httpx
import pytest

from sandbox.bc import service
from tests.fixtures.sandbox import TEST_TENANT_ID

COMPANY_ID = "1f0a5c2e-3b4d-4e6f-8a9b-0c1d2e3f4a5b"
CUSTOM = "bcsales/integration/v1.0"


def service_root(api: str = "v2.0") -> str:
    return f"/sandbox/bc/v2.0/{TEST_TENANT_ID}/production/api/{api}"


def api_root(company_id: str = COMPANY_ID, api: str = "v2.0") -> str:
    return f"{service_root(api)}/companies({company_id})"


@pytest.fixture
def bc_company():
    """A company with the codes that customers, items and orders refer to."""
    company = service.create(
        "Company", {"Name": "CRONUS USA, Inc.", "Display Name": "CRONUS USA, Inc."}, row_id=COMPANY_ID
    )
    service.create("Salesperson/Purchaser", {"Code": "PS", "Name": "Peter Saddow"})
    service.create("Currency", {"Code": "EUR", "Description": "Euro", "ISO Code": "EUR"})
    service.create("Payment Terms", {"Code": "30 DAYS", "Description": "Net 30 days", "Due Date Calculation": "30D"})
    service.create("Unit of Measure", {"Code": "PCS", "Description": "Piece"})
    service.create("Unit of Measure", {"Code": "BOX", "Description": "Box"})
    return company


@pytest.fixture
def bc_client(sandbox_http, sandbox_token, bc_company) -> httpx.Client:
    """An httpx client into the app (WSGI) with a valid BC token."""
    sandbox_http.headers["Authorization"] = f"Bearer {sandbox_token('bc')}"
    return sandbox_http


@pytest.fixture
def customer(bc_company) -> dict:
    row = service.create("Customer", {"Name": "Adatum Corporation", "Salesperson Code": "PS", "City": "Atlanta"})
    return {"id": str(row.row_id), **row.data}


@pytest.fixture
def item(bc_company) -> dict:
    row = service.create(
        "Item", {"No.": "1896-S", "Description": "ATHENS Desk", "Base Unit of Measure": "PCS", "Unit Price": 100}
    )
    return {"id": str(row.row_id), **row.data}
