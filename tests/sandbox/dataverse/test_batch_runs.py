"""`$batch` parts that write rows are stored together, yet each keeps its own answer, error and order rules."""

import uuid

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from connection_setup.clients.batch import BatchRequest
from connection_setup.clients.multipart import encode_dataverse_batch
from sandbox.routers import SANDBOX_DB
from tests.sandbox.dataverse.conftest import ROOT
from tests.sandbox.dataverse.test_batch_and_bulk import _batch, _part

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

REPRESENTATION = {"Prefer": "return=representation"}


def _upsert(row_id: uuid.UUID, body: dict, **headers: str) -> BatchRequest:
    return BatchRequest("PATCH", f"accounts({row_id})?$select=name", body, {**REPRESENTATION, **headers})


def _send(dataverse, requests: list[BatchRequest], *, atomic: bool = False, prefer: str = "") -> list[int]:
    """The status of each answered part, in order."""
    body, content_type = encode_dataverse_batch(requests, f"http://testserver{ROOT}", atomic=atomic)
    headers = {"Content-Type": content_type, **({"Prefer": prefer} if prefer else {})}
    response = dataverse.post("$batch", content=body, headers=headers)
    assert response.status_code == 200, response.text
    return [int(line.split()[1]) for line in response.text.splitlines() if line.startswith("HTTP/1.1 ")]


def _names(dataverse) -> dict[str, str]:
    return {row["accountid"]: row["name"] for row in dataverse.get("accounts?$select=name").json()["value"]}


def test_each_part_of_a_run_keeps_its_own_answer_and_the_valid_ones_are_stored(dataverse):
    old, new, bad = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    _send(dataverse, [_upsert(old, {"name": "Before"})])

    statuses = _send(
        dataverse,
        [_upsert(new, {"name": "Created"}), _upsert(bad, {"name": "x" * 200}), _upsert(old, {"name": "Changed"})],
        prefer="odata.continue-on-error",
    )

    assert statuses == [201, 400, 200]
    assert _names(dataverse) == {str(new): "Created", str(old): "Changed"}


def test_without_continue_on_error_a_run_stops_at_its_first_failure(dataverse):
    first, bad, last = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()

    statuses = _send(
        dataverse, [_upsert(first, {"name": "Kept"}), _upsert(bad, {"name": "x" * 200}), _upsert(last, {"name": "No"})]
    )

    assert statuses == [201, 400]
    assert _names(dataverse) == {str(first): "Kept"}


def test_a_stale_if_match_fails_only_its_own_part(dataverse):
    row, other = uuid.uuid4(), uuid.uuid4()
    _send(dataverse, [_upsert(row, {"name": "Current"})])
    etag = dataverse.get(f"accounts({row})").json()["@odata.etag"]
    _send(dataverse, [_upsert(row, {"name": "Newer"})])

    statuses = _send(
        dataverse,
        [_upsert(row, {"name": "Stale"}, **{"If-Match": etag}), _upsert(other, {"name": "Other"})],
        prefer="odata.continue-on-error",
    )

    assert statuses == [412, 201]
    assert _names(dataverse) == {str(row): "Newer", str(other): "Other"}


def test_a_part_that_names_an_earlier_row_of_the_batch_sees_it_written(dataverse):
    parent, child = uuid.uuid4(), uuid.uuid4()
    bound = {"name": "Child", "parentaccountid@odata.bind": f"/accounts({parent})"}

    statuses = _send(
        dataverse,
        [_upsert(parent, {"name": "Parent"}), _upsert(child, bound), _upsert(parent, {"name": "Parent again"})],
    )

    assert statuses == [201, 201, 200]
    assert dataverse.get(f"accounts({child})").json()["_parentaccountid_value"] == str(parent)
    assert _names(dataverse)[str(parent)] == "Parent again"


def test_a_change_set_run_with_one_invalid_row_stores_nothing(dataverse):
    requests = [_upsert(uuid.uuid4(), {"name": f"Row {n}"}) for n in range(3)]
    requests.append(_upsert(uuid.uuid4(), {"name": "x" * 200}))

    assert _send(dataverse, requests, atomic=True) == [400]
    assert _names(dataverse) == {}


def test_a_create_of_an_existing_row_is_refused_without_stopping_the_others(dataverse):
    row, other = uuid.uuid4(), uuid.uuid4()
    _send(dataverse, [_upsert(row, {"name": "Exists"})])
    create = BatchRequest("POST", "accounts", {"accountid": str(row), "name": "Again"}, {})

    statuses = _send(dataverse, [create, _upsert(other, {"name": "Other"})], prefer="odata.continue-on-error")

    assert statuses == [412, 201]
    assert _names(dataverse) == {str(row): "Exists", str(other): "Other"}


def test_a_body_that_is_not_multipart_is_refused(dataverse):
    response = dataverse.post("$batch", content=b"{}", headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "The $batch body must be multipart/mixed with a boundary."


def _record_reads(dataverse, requests: list[BatchRequest]) -> tuple[list[int], int]:
    """The parts' statuses and how many SQL statements read the emulated tables while the batch ran."""
    with CaptureQueriesContext(connections[SANDBOX_DB]) as queries:
        statuses = _send(dataverse, requests, prefer="odata.continue-on-error")
    return statuses, sum('FROM "sandbox_sandboxrecord"' in q["sql"] for q in queries.captured_queries)


def test_a_run_checks_the_rows_it_binds_to_with_one_read_per_table(dataverse):
    parents = [uuid.uuid4() for _ in range(6)]
    _send(dataverse, [_upsert(parent, {"name": f"Parent {n}"}) for n, parent in enumerate(parents)])
    missing = uuid.uuid4()

    def children(count: int) -> list[BatchRequest]:
        bound = [{"parentaccountid@odata.bind": f"/accounts({parent})"} for parent in [*parents[:count], missing]]
        return [_upsert(uuid.uuid4(), {"name": f"Child {n}"} | bind) for n, bind in enumerate(bound)]

    few_statuses, few_reads = _record_reads(dataverse, children(2))
    many_statuses, many_reads = _record_reads(dataverse, children(6))

    assert few_statuses == [201, 201, 404] and many_statuses == [201] * 6 + [404]
    assert many_reads == few_reads


def test_a_row_of_the_run_bound_to_the_first_of_many_pending_rows_sees_it_stored(dataverse):
    accounts = [uuid.uuid4() for _ in range(12)]
    parts = [_part("PATCH", f"{ROOT}accounts({a})", f'{{"name": "A{n}"}}', str(n + 1)) for n, a in enumerate(accounts)]
    child = uuid.uuid4()
    parts.append(
        _part("PATCH", f"{ROOT}accounts({child})", '{"name": "Child", "parentaccountid@odata.bind": "$1"}', "13")
    )

    response = _batch(dataverse, parts, changeset=True)

    assert response.status_code == 200, response.text
    assert dataverse.get(f"accounts({child})").json()["_parentaccountid_value"] == str(accounts[0])


def test_a_row_bound_by_full_url_to_a_pending_row_of_the_run_sees_it_stored(dataverse):
    parent, child = uuid.uuid4(), uuid.uuid4()
    bind = {"parentaccountid@odata.bind": f"http://testserver{ROOT}accounts({parent})"}

    statuses = _send(dataverse, [_upsert(parent, {"name": "Parent"}), _upsert(child, {"name": "Child"} | bind)])

    assert statuses == [201, 201]
    assert dataverse.get(f"accounts({child})").json()["_parentaccountid_value"] == str(parent)


def test_a_row_of_a_run_bound_to_a_missing_row_is_refused_with_its_id(dataverse):
    missing, kept, refused = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    bind = {"parentaccountid@odata.bind": f"/accounts({missing})"}
    body, content_type = encode_dataverse_batch(
        [_upsert(kept, {"name": "Kept"}), _upsert(refused, {"name": "Orphan"} | bind)], f"http://testserver{ROOT}"
    )

    response = dataverse.post("$batch", content=body, headers={"Content-Type": content_type})

    assert "HTTP/1.1 404" in response.text
    assert f"account With Ids = {missing} Do Not Exist" in response.text
    assert _names(dataverse) == {str(kept): "Kept"}
