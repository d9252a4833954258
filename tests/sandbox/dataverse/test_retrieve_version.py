"""RetrieveVersion: the function the connection check reads the server version with."""

import pytest

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_retrieve_version_reports_a_9_2_server_in_its_response_shape(dataverse):
    body = dataverse.get("RetrieveVersion()").json()

    assert body["Version"].startswith("9.2.")
    assert body["@odata.context"].endswith("$metadata#Microsoft.Dynamics.CRM.RetrieveVersionResponse")


def test_retrieve_version_is_a_function_and_refuses_post(dataverse):
    response = dataverse.post("RetrieveVersion", json={})

    assert response.status_code == 405
    assert "RetrieveVersion is a function" in response.json()["error"]["message"]
