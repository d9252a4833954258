"""Batch formats: what we write, and one result per operation read back from the services' answers."""

import json

import httpx
import pytest

from connection_setup.clients.batch import (
    BatchRequest,
    Write,
    chunks,
    decode_bc_batch,
    encode_bc_batch,
)
from connection_setup.clients.errors import NotFoundError, PreconditionFailedError, ValidationError
from connection_setup.clients.multipart import decode_dataverse_batch, encode_dataverse_batch

ROOT = "https://org.example/api/data/v9.2/"
A = "11111111-1111-1111-1111-111111111111"
B = "22222222-2222-2222-2222-222222222222"
NEW = "33333333-3333-3333-3333-333333333333"


def requests_abc() -> list[BatchRequest]:
    return [
        BatchRequest("PATCH", f"accounts({A})", {"name": "A"}, {}, A, "accountid"),
        BatchRequest("PATCH", f"accounts({B})", {"name": "B"}, {"If-Match": 'W/"7"'}, B, "accountid"),
        BatchRequest("POST", "accounts", {"name": "C"}, {}, None, "accountid"),
    ]


def multipart(boundary: str, parts: list[str]) -> httpx.Response:
    body = "".join(f"--{boundary}\r\n{part}\r\n" for part in parts) + f"--{boundary}--\r\n"
    return httpx.Response(200, content=body.encode(), headers={"Content-Type": f"multipart/mixed; boundary={boundary}"})


def http_part(status_line: str, headers: dict, body: str = "") -> str:
    lines = [f"{name}: {value}" for name, value in headers.items()]
    return "\r\n".join(
        ["Content-Type: application/http", "Content-Transfer-Encoding: binary", "", status_line, *lines, "", body]
    )


def test_a_dataverse_batch_writes_one_http_part_per_operation():
    body, content_type = encode_dataverse_batch(requests_abc(), ROOT)
    boundary = content_type.split("boundary=")[1]
    text = body.decode()
    assert text.count(f"--{boundary}\r\n") == 3 and text.endswith(f"--{boundary}--\r\n")
    assert f'PATCH {ROOT}accounts({B}) HTTP/1.1\r\nIf-Match: W/"7"' in text
    assert "POST https://org.example/api/data/v9.2/accounts HTTP/1.1" in text
    assert '{"name":"C"}' in text


def test_an_atomic_dataverse_batch_is_one_change_set_with_content_ids():
    body, _ = encode_dataverse_batch(requests_abc(), ROOT, atomic=True)
    text = body.decode()
    assert "Content-Type: multipart/mixed; boundary=changeset_" in text
    assert all(f"Content-ID: {n}" in text for n in (1, 2, 3))


def test_a_dataverse_batch_answer_gives_each_operation_its_own_result():
    response = multipart(
        "batchresponse_1",
        [
            http_part("HTTP/1.1 204 No Content", {"OData-EntityId": f"{ROOT}accounts({A})"}),
            http_part(
                "HTTP/1.1 412 Precondition Failed",
                {"Content-Type": "application/json"},
                json.dumps(
                    {"error": {"code": "0x80060882", "message": "The version of the existing record does not match"}}
                ),
            ),
            http_part(
                "HTTP/1.1 201 Created",
                {"Content-Type": "application/json"},
                json.dumps({"accountid": NEW, "@odata.etag": 'W/"9"'}),
            ),
        ],
    )
    first, second, third = decode_dataverse_batch(response, requests_abc(), ROOT)
    assert (first.ok, first.status, first.id) == (True, 204, A)
    assert (second.ok, second.status, second.id) == (False, 412, B)
    assert isinstance(second.error, PreconditionFailedError)
    assert second.error.code == "0x80060882" and second.error.url == f"{ROOT}accounts({B})"
    assert (third.ok, third.id, third.etag) == (True, NEW, 'W/"9"')


def test_operations_after_a_stop_are_reported_as_not_run():
    response = multipart(
        "batchresponse_2",
        [
            http_part("HTTP/1.1 204 No Content", {}),
            http_part("HTTP/1.1 400 Bad Request", {}, json.dumps({"error": {"code": "0x80040203", "message": "bad"}})),
        ],
    )
    results = decode_dataverse_batch(response, requests_abc(), ROOT)
    assert [r.ok for r in results] == [True, False, False]
    assert isinstance(results[1].error, ValidationError)
    assert results[2].error.code == "NotRun" and results[2].error.retryable


def test_a_failed_change_set_fails_every_operation_in_it():
    inner = "\r\n".join(
        [
            "Content-Type: multipart/mixed; boundary=changesetresponse_9",
            "",
            "--changesetresponse_9",
            http_part(
                "HTTP/1.1 404 Not Found", {}, json.dumps({"error": {"code": "0x80040217", "message": "missing"}})
            ),
            "--changesetresponse_9--",
        ]
    )
    results = decode_dataverse_batch(multipart("batchresponse_3", [inner]), requests_abc(), ROOT, atomic=True)
    assert [r.ok for r in results] == [False, False, False]
    assert all(isinstance(r.error, NotFoundError) for r in results)
    assert [r.id for r in results] == [A, B, None]


def test_a_bc_batch_numbers_its_requests_and_matches_answers_by_id():
    requests = [
        BatchRequest("PATCH", f"companies(c)/customers({A})", {"displayName": "A"}, {"If-Match": "*"}, A),
        BatchRequest("POST", "companies(c)/customers", {"displayName": "C"}),
    ]
    encoded = encode_bc_batch(requests)
    assert [r["id"] for r in encoded["requests"]] == ["1", "2"]
    assert encoded["requests"][1]["headers"] == {"Content-Type": "application/json"}
    payload = {
        "responses": [
            {"id": "2", "status": 201, "headers": {"ETag": 'W/"x"'}, "body": {"id": NEW, "displayName": "C"}},
            {"id": "1", "status": 412, "body": {"error": {"code": "Request_EntityChanged", "message": "changed"}}},
        ]
    }
    first, second = decode_bc_batch(payload, requests, "https://bc.example/api/v2.0")
    assert isinstance(first.error, PreconditionFailedError) and first.error.code == "Request_EntityChanged"
    assert (second.ok, second.status, second.id, second.etag) == (True, 201, NEW, 'W/"x"')
    assert second.body == {"id": NEW, "displayName": "C"}


def test_an_atomic_bc_batch_keeps_nothing_when_one_operation_fails():
    requests = [BatchRequest("DELETE", f"x({A})", None, {}, A), BatchRequest("DELETE", f"x({B})", None, {}, B)]
    payload = {"responses": [{"id": "1", "status": 204}, {"id": "2", "status": 404, "body": {"error": {"code": "NF"}}}]}
    results = decode_bc_batch(payload, requests, "https://bc.example/api/v2.0", atomic=True)
    assert [(r.ok, r.status) for r in results] == [(False, 404), (False, 404)]


def test_large_sets_split_at_the_services_limit():
    assert [len(c) for c in chunks(list(range(2501)), 1000)] == [1000, 1000, 501]


def test_a_write_other_than_a_create_needs_the_row_id():
    with pytest.raises(ValueError, match="needs the row id"):
        Write("update", "account", None, {"name": "x"})
    with pytest.raises(ValueError, match="Unknown write action"):
        Write("merge", "account", A)
