"""DataverseClient against the Dataverse emulator, through the Django app in-process."""

import uuid

import pytest

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from connection_setup.clients.errors import NotFoundError, PreconditionFailedError, ValidationError
from tests.connection_setup.clients.conftest import new_id, walk_pages

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def seed_accounts(count: int) -> None:
    """Rows written straight into the emulator: the test is about reading them back, not about writing them."""
    from sandbox import store

    store.write_many("dataverse", "account", [(uuid.uuid4(), {"name": f"Account {n:05d}"}) for n in range(count)])


def test_paging_through_12000_rows_holds_one_page_of_at_most_5000(dataverse):
    seed_accounts(12_000)
    sizes, ids = walk_pages(dataverse.iter_pages("account", select=["accountid", "name"]), "accountid")
    assert sizes == [5000, 5000, 2000]
    assert len(ids) == 12_000
    assert dataverse.stats.requests == 3


def test_a_filter_value_with_quotes_matches_exactly_one_row(dataverse):
    dataverse.upsert("account", new_id(), {"name": "O'Brien's Bikes"})
    dataverse.upsert("account", new_id(), {"name": "Other"})
    rows = [row for page in dataverse.iter_pages("account", filter=odata.eq("name", "O'Brien's Bikes")) for row in page]
    assert [row["name"] for row in rows] == ["O'Brien's Bikes"]
    with pytest.raises(TypeError, match="text filters are refused"):
        next(dataverse.iter_pages("account", filter="name eq 'x'"))


def test_an_upsert_by_a_chosen_id_creates_once_then_updates(dataverse):
    row_id = new_id()
    created = dataverse.upsert("account", row_id, {"name": "Adatum"})
    updated = dataverse.upsert("account", row_id, {"name": "Adatum Corporation"})
    assert created.ok and created.id == row_id and created.body["modifiedon"]
    assert updated.etag != created.etag
    assert dataverse.get("account", row_id, select=["name"])["name"] == "Adatum Corporation"
    rows = [row for page in dataverse.iter_pages("account", filter=odata.startswith("name", "Adatum")) for row in page]
    assert len(rows) == 1


def test_a_stale_etag_is_refused_and_changes_nothing(dataverse):
    row_id = new_id()
    first = dataverse.upsert("account", row_id, {"name": "v1"})
    second = dataverse.update("account", row_id, {"name": "v2"}, etag=first.etag)
    with pytest.raises(PreconditionFailedError) as failure:
        dataverse.update("account", row_id, {"name": "v3"}, etag=first.etag)
    assert failure.value.status == 412 and failure.value.record_level
    assert dataverse.get("account", row_id)["@odata.etag"] == second.etag
    assert dataverse.get("account", row_id)["name"] == "v2"


def test_a_missing_row_is_a_not_found_error_with_the_services_code(dataverse):
    missing = new_id()
    with pytest.raises(NotFoundError) as failure:
        dataverse.get("account", missing)
    assert failure.value.code == "0x80040217"
    with pytest.raises(NotFoundError):
        dataverse.update("account", missing, {"name": "x"})
    with pytest.raises(NotFoundError):
        dataverse.delete("account", missing)


def test_create_returns_the_new_id_and_delete_removes_the_row(dataverse):
    created = dataverse.create("account", {"name": "Fabrikam"})
    assert created.status in (201, 204) and created.id
    dataverse.delete("account", created.id)
    with pytest.raises(NotFoundError):
        dataverse.get("account", created.id)


def test_a_batch_in_which_one_operation_fails_reports_each_result(dataverse):
    kept, missing, other = new_id(), new_id(), new_id()
    results = dataverse.write_batch(
        [
            Write("upsert", "account", kept, {"name": "Kept"}),
            Write("update", "account", missing, {"name": "Nobody"}),
            Write("upsert", "account", other, {"name": "Other"}),
        ]
    )
    assert [(r.ok, r.id) for r in results] == [(True, kept), (False, missing), (True, other)]
    assert isinstance(results[1].error, NotFoundError)
    assert dataverse.get("account", kept)["name"] == "Kept"
    assert dataverse.get("account", other)["name"] == "Other"


def test_an_atomic_batch_keeps_nothing_when_one_operation_fails(dataverse):
    kept = new_id()
    results = dataverse.write_batch(
        [Write("upsert", "account", kept, {"name": "Kept"}), Write("update", "account", new_id(), {"name": "x"})],
        atomic=True,
    )
    assert [r.ok for r in results] == [False, False]
    with pytest.raises(NotFoundError):
        dataverse.get("account", kept)


def test_invalid_data_in_a_batch_is_a_record_level_validation_error(dataverse):
    results = dataverse.write_batch([Write("upsert", "account", new_id(), {"name": "x" * 500})])
    assert isinstance(results[0].error, ValidationError)
    assert results[0].error.record_level


def test_upsert_multiple_writes_every_row_in_batches_of_the_limit(make_dataverse):
    with make_dataverse(batch_size=1000) as dataverse:
        rows = [(new_id(), {"name": f"Bulk {n}"}) for n in range(2500)]
        results = dataverse.upsert_multiple("account", rows)
        assert [r.id for r in results] == [row_id for row_id, _ in rows]
        assert dataverse.stats.requests == 3
        assert sum(len(page) for page in dataverse.iter_pages("account", select=["accountid"])) == 2500


def test_bulk_upserts_answer_each_row_with_its_stamps_as_a_batch_would(make_dataverse):
    with make_dataverse(batch_size=1000) as dataverse:
        rows = [(new_id(), {"name": f"Bulk {n}"}) for n in range(1200)]
        results = dataverse.upsert_rows("account", rows)
        assert [r.id for r in results] == [row_id for row_id, _ in rows]
        stored = dataverse.get("account", rows[5][0], select=["name"])
        assert (results[5].etag, results[5].body["modifiedon"]) == (stored["@odata.etag"], stored["modifiedon"])
        assert dataverse.stats.requests == 2 + 3 + 1 + 1  # two bulk writes, stamps read 400 ids at a time, the get


def test_a_bulk_upsert_refused_for_one_row_still_writes_the_others_and_names_the_bad_one(make_dataverse):
    with make_dataverse(batch_size=1000) as dataverse:
        rows = [(new_id(), {"name": f"Bulk {n}"}) for n in range(5)] + [(new_id(), {"name": "x" * 500})]
        results = dataverse.upsert_rows("account", rows)
        assert [r.ok for r in results] == [True] * 5 + [False]
        assert isinstance(results[5].error, ValidationError) and "name" in results[5].error.message
        assert all(r.body["modifiedon"] for r in results[:5])
        names = {row["name"] for page in dataverse.iter_pages("account", select=["name"]) for row in page}
        assert names == {f"Bulk {n}" for n in range(5)}


def test_bulk_updates_of_rows_that_must_exist_refuse_only_the_missing_one(make_dataverse):
    with make_dataverse(batch_size=1000) as dataverse:
        rows = [(new_id(), {"name": f"Bulk {n}"}) for n in range(3)]
        dataverse.upsert_rows("account", rows, stamps=False)
        missing = new_id()
        results = dataverse.update_rows("account", [(rows[0][0], {"name": "Renamed"}), (missing, {"name": "Nope"})])
        assert [r.ok for r in results] == [True, False]
        assert isinstance(results[1].error, NotFoundError)
        assert dataverse.get("account", rows[0][0], select=["name"])["name"] == "Renamed"
        assert results[0].body["modifiedon"]


def test_change_tracking_returns_changed_and_deleted_rows_since_the_delta_link(dataverse):
    changed, deleted = new_id(), new_id()
    dataverse.upsert("account", changed, {"name": "Before"})
    dataverse.upsert("account", deleted, {"name": "Doomed"})
    first = list(dataverse.iter_changes("account", select=["name"]))
    assert {row["accountid"] for page in first for row in page.rows} == {changed, deleted}
    dataverse.upsert("account", changed, {"name": "After"})
    dataverse.delete("account", deleted)
    second = list(dataverse.iter_changes("account", select=["name"], delta_link=first[-1].delta_link))
    assert [row["name"] for page in second for row in page.rows] == ["After"]
    assert [row_id for page in second for row_id in page.deleted] == [deleted]
    assert second[-1].delta_link


def test_who_am_i_names_the_caller(dataverse):
    assert set(dataverse.who_am_i()) >= {"UserId", "BusinessUnitId", "OrganizationId"}


def test_a_look_up_by_ids_reads_400_ids_a_request_as_bcs_engine_does(dataverse):
    ids = [uuid.uuid4() for _ in range(1000)]
    from sandbox import store

    store.write_many("dataverse", "account", [(row_id, {"name": f"Account {n}"}) for n, row_id in enumerate(ids)])
    rows = dataverse.rows_matching("account", "accountid", ids, select=["accountid"])
    assert {uuid.UUID(row["accountid"]) for row in rows} == set(ids)
    assert dataverse.stats.requests == 3


def test_a_look_up_by_long_values_splits_its_filter_to_stay_within_the_url_limit(dataverse):
    """400 names of 150 characters would make a URL of about 70,000 characters; the service refuses one over
    32,768, so the values go in as many requests as their filters need."""
    names = [f"{n:04d} " + "Contoso Pharmaceuticals & Sons " * 5 for n in range(400)]
    from sandbox import store

    store.write_many("dataverse", "account", [(uuid.uuid4(), {"name": name}) for name in names])
    rows = dataverse.rows_matching("account", "name", names, select=["name"])
    assert sorted(row["name"] for row in rows) == sorted(names)
    assert 2 < dataverse.stats.requests < 10
