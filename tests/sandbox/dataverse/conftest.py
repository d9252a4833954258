"""A Dataverse Web API client for the conformance tests: in-process, signed in with an app-only token."""

import httpx
import pytest

ROOT = "/sandbox/dataverse/api/data/v9.2/"
HEADERS = {"OData-MaxVersion": "4.0", "OData-Version": "4.0", "Accept": "application/json"}


@pytest.fixture
def dataverse(sandbox_http: httpx.Client, sandbox_token) -> httpx.Client:
    sandbox_http.base_url = f"http://testserver{ROOT}"
    sandbox_http.headers.update({**HEADERS, "Authorization": f"Bearer {sandbox_token('dataverse')}"})
    return sandbox_http


def create(client: httpx.Client, entity_set: str, body: dict) -> str:
    """Create a row and return its id, taken from the OData-EntityId header as a client would."""
    response = client.post(entity_set, json=body)
    assert response.status_code == 204, response.text
    return response.headers["OData-EntityId"].rsplit("(", 1)[1].rstrip(")")
