"""JSON $batch: answers per operation, the 100-operation limit, and atomic batches with Isolation: snapshot."""

import pytest

from sandbox.bc import service
from tests.sandbox.bc.conftest import service_root

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _create(index: int, name: str) -> dict:
    company = "companies(1f0a5c2e-3b4d-4e6f-8a9b-0c1d2e3f4a5b)"
    return {"id": str(index), "method": "POST", "url": f"{company}/customers", "body": {"displayName": name}}


def test_batch_answers_each_operation_in_order(bc_client):
    requests = [_create(1, "Alpine"), _create(2, "x" * 200), _create(3, "Coho")]

    response = bc_client.post(f"{service_root()}/$batch", json={"requests": requests})

    assert response.status_code == 200
    responses = response.json()["responses"]
    assert [(r["id"], r["status"]) for r in responses] == [("1", 201), ("2", 400), ("3", 201)]
    assert responses[0]["body"]["displayName"] == "Alpine"
    assert len(service.find("Customer")) == 2


def test_snapshot_batch_is_all_or_nothing(bc_client):
    requests = [_create(1, "Alpine"), _create(2, "x" * 200)]

    response = bc_client.post(
        f"{service_root()}/$batch", json={"requests": requests}, headers={"Isolation": "snapshot"}
    )

    assert [(r["id"], r["status"]) for r in response.json()["responses"]] == [("2", 400)]
    assert service.find("Customer") == []


def test_batch_of_more_than_100_operations_is_refused(bc_client):
    requests = [_create(index, f"Customer {index}") for index in range(101)]

    response = bc_client.post(f"{service_root()}/$batch", json={"requests": requests})

    assert response.status_code == 400 and "at most 100" in response.json()["error"]["message"]
    assert service.find("Customer") == []


def test_batch_operations_may_read_and_patch_with_if_match(bc_client, customer):
    url = f"companies(1f0a5c2e-3b4d-4e6f-8a9b-0c1d2e3f4a5b)/customers({customer['id']})"
    requests = [
        {"id": "a", "method": "PATCH", "url": url, "headers": {"If-Match": "*"}, "body": {"city": "Boston"}},
        {"id": "b", "method": "GET", "url": f"{url}?$select=city"},
    ]

    responses = bc_client.post(f"{service_root()}/$batch", json={"requests": requests}).json()["responses"]

    assert responses[0]["status"] == 200 and responses[1]["body"]["city"] == "Boston"


def test_batch_answers_non_ascii_text_as_utf8_json(bc_client):
    name = "Müller & Söhne, 東京"

    response = bc_client.post(f"{service_root()}/$batch", json={"requests": [_create(1, name)]})

    assert response.headers["Content-Type"].endswith("charset=utf-8")
    assert name.encode() in response.content
    assert response.json()["responses"][0]["body"]["displayName"] == name
