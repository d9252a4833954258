"""`$batch` with atomic change sets and Content-ID references, and the bulk messages."""

import uuid

import pytest

from tests.sandbox.dataverse.conftest import ROOT

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _part(method: str, url: str, body: str = "", content_id: str = "") -> str:
    head = "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n"
    if content_id:
        head += f"Content-ID: {content_id}\r\n"
    request = f"{method} {url} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{body}"
    return f"{head}\r\n{request}"


def _batch(dataverse, parts: list[str], changeset: bool, prefer: str = ""):
    if changeset:
        inner = "".join(f"--changeset_1\r\n{part}\r\n" for part in parts) + "--changeset_1--\r\n"
        body = f"--batch_1\r\nContent-Type: multipart/mixed; boundary=changeset_1\r\n\r\n{inner}--batch_1--\r\n"
    else:
        body = "".join(f"--batch_1\r\n{part}\r\n" for part in parts) + "--batch_1--\r\n"
    headers = {"Content-Type": "multipart/mixed; boundary=batch_1", **({"Prefer": prefer} if prefer else {})}
    return dataverse.post("$batch", content=body.encode(), headers=headers)


def test_changeset_commits_all_and_references_earlier_parts(dataverse):
    parts = [
        _part("POST", f"{ROOT}accounts", '{"name": "Batch parent"}', "1"),
        _part(
            "POST", f"{ROOT}contacts", '{"lastname": "Batch child", "parentcustomerid_account@odata.bind": "$1"}', "2"
        ),
    ]
    response = _batch(dataverse, parts, changeset=True)
    assert response.status_code == 200 and response.headers["content-type"].startswith("multipart/mixed")
    assert response.text.count("HTTP/1.1 204 No Content") == 2
    [contact] = dataverse.get("contacts").json()["value"]
    [account] = dataverse.get("accounts").json()["value"]
    assert contact["_parentcustomerid_value"] == account["accountid"]


def test_a_failing_changeset_writes_nothing(dataverse):
    parts = [
        _part("POST", "accounts", '{"name": "Rolled back"}', "1"),
        _part("POST", "accounts", '{"name": "' + "x" * 200 + '"}', "2"),
    ]
    response = _batch(dataverse, parts, changeset=True)
    assert "HTTP/1.1 400 Bad Request" in response.text and "0x80044331" in response.text
    assert dataverse.get("accounts").json()["value"] == []


def test_batch_stops_at_the_first_failure_unless_continue_on_error(dataverse):
    parts = [_part("GET", f"accounts({uuid.uuid4()})"), _part("POST", "accounts", '{"name": "After"}')]
    stopped = _batch(dataverse, parts, changeset=False)
    assert "HTTP/1.1 404 Not Found" in stopped.text and "HTTP/1.1 204" not in stopped.text
    continued = _batch(dataverse, parts, changeset=False, prefer="odata.continue-on-error")
    assert "HTTP/1.1 204 No Content" in continued.text
    assert [row["name"] for row in dataverse.get("accounts").json()["value"]] == ["After"]


def test_upsert_multiple_writes_1000_rows_in_one_request(dataverse):
    targets = [
        {"@odata.type": "Microsoft.Dynamics.CRM.account", "accountid": str(uuid.uuid4()), "name": f"Bulk {n}"}
        for n in range(1000)
    ]
    response = dataverse.post("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", json={"Targets": targets})
    assert response.status_code == 204, response.text
    assert dataverse.get("accounts?$count=true&$top=1").json()["@odata.count"] == 1000
    targets[0]["name"] = "Bulk renamed"
    assert (
        dataverse.post("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", json={"Targets": targets[:1]}).status_code
        == 204
    )
    assert dataverse.get(f"accounts({targets[0]['accountid']})").json()["name"] == "Bulk renamed"


def test_create_multiple_returns_ids_and_is_all_or_nothing(dataverse):
    good = {"@odata.type": "Microsoft.Dynamics.CRM.account", "name": "Good"}
    bad = {"@odata.type": "Microsoft.Dynamics.CRM.account", "name": "B" * 161}
    refused = dataverse.post("accounts/Microsoft.Dynamics.CRM.CreateMultiple", json={"Targets": [good, bad]})
    assert refused.status_code == 400 and "Targets[1]" in refused.json()["error"]["message"]
    assert dataverse.get("accounts").json()["value"] == []
    created = dataverse.post("accounts/Microsoft.Dynamics.CRM.CreateMultiple", json={"Targets": [good]})
    assert created.status_code == 200 and len(created.json()["Ids"]) == 1


def test_update_multiple_refuses_missing_rows(dataverse):
    target = {"@odata.type": "Microsoft.Dynamics.CRM.account", "accountid": str(uuid.uuid4()), "name": "Ghost"}
    response = dataverse.post("accounts/Microsoft.Dynamics.CRM.UpdateMultiple", json={"Targets": [target]})
    assert response.status_code == 404 and response.json()["error"]["code"] == "0x80040217"


def test_a_part_may_carry_a_url_up_to_65536_characters_and_a_longer_one_is_refused_with_414(dataverse):
    def query(count: int) -> str:
        return "accounts?$filter=" + "%20or%20".join(f"name%20eq%20'Account%20{n:05}'" for n in range(count))

    fits, too_long = query(1000), query(2000)
    assert 32768 < len(fits) < 65536 < len(too_long)
    answered = _batch(dataverse, [_part("GET", fits)], changeset=False)
    assert "HTTP/1.1 200 OK" in answered.text
    refused = _batch(dataverse, [_part("GET", too_long)], changeset=False)
    assert "HTTP/1.1 414 URI Too Long" in refused.text and "at most 65,536" in refused.text
