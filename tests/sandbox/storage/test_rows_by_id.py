"""Rows read and written by lists of ids through hand-written SQL: every id found however long the list, the
creation time of a replaced row kept, and the stored JSON read back as it was written."""

import uuid

import pytest

from sandbox import store

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

TABLE = "speedtest"


def _ids(count: int) -> list[uuid.UUID]:
    return [uuid.uuid5(uuid.NAMESPACE_URL, f"row/{n}") for n in range(count)]


def test_rows_are_found_by_ids_beyond_one_statements_worth_of_ids():
    ids = _ids(2500)
    store.write_many("dataverse", TABLE, [(row_id, {"n": n}) for n, row_id in enumerate(ids)])
    asked = [*ids[::2], uuid.uuid4(), ids[0]]

    found = store.get_many("dataverse", TABLE, asked)

    assert set(found) == set(ids[::2])
    assert all(found[row_id].data == {"n": ids.index(row_id)} for row_id in ids[:20:2])
    assert store.existing_ids("dataverse", TABLE, asked) == set(ids[::2])
    assert store.existing_ids("bc", TABLE, asked) == set()
    texts = [str(row_id) for row_id in asked]
    assert store.existing_id_texts("dataverse", TABLE, texts) == {str(row_id) for row_id in ids[::2]}
    assert store.existing_id_texts("bc", TABLE, texts) == set()


def test_a_replaced_row_keeps_its_creation_time_and_gets_a_new_version():
    first, second = _ids(2)
    created = store.write_many("dataverse", TABLE, [(first, {"v": 1})])[0]

    replaced = {row.row_id: row for row in store.write_many("dataverse", TABLE, [(first, {"v": 2}), (second, {})])}

    assert replaced[first].created_at == created.created_at and replaced[first].version > created.version
    assert store.get("dataverse", TABLE, first).created_at == created.created_at
    assert replaced[second].created_at == replaced[second].modified_at


def test_stored_data_reads_back_as_written_whatever_its_text_or_numbers():
    row_id = _ids(1)[0]
    data = {"name": "Café Ünïcode ☕", "quote": 'a "b" \\ c', "price": 12.5, "tiny": 1e-7, "none": None}

    store.write_many("dataverse", TABLE, [(row_id, data)])

    assert store.get("dataverse", TABLE, row_id).data == data
    assert store.get_many("dataverse", TABLE, [row_id])[row_id].data == data


def _keyed(number: str, name: str) -> dict:
    return {"accountnumber": number, "name": name}


def test_a_rewrite_that_keeps_the_key_updates_in_place_and_one_that_changes_it_moves_the_key():
    kept, moved = _ids(2)
    existing = {
        row.row_id: row
        for row in store.write_many("dataverse", "account", [(kept, _keyed("A1", "a")), (moved, _keyed("B1", "b"))])
    }

    store.write_many(
        "dataverse", "account", [(kept, _keyed("A1", "a2")), (moved, _keyed("B2", "b2"))], existing=existing
    )

    assert [row.data["name"] for row in store.find("dataverse", "account", accountnumber="A1")] == ["a2"]
    assert [row.data["name"] for row in store.find("dataverse", "account", accountnumber="B2")] == ["b2"]
    assert store.find("dataverse", "account", accountnumber="B1") == []


def test_a_row_deleted_or_re_keyed_since_it_was_read_is_still_written_with_its_key():
    gone, rekeyed = _ids(2)
    existing = {
        row.row_id: row
        for row in store.write_many("dataverse", "account", [(gone, _keyed("G1", "g")), (rekeyed, _keyed("R1", "r"))])
    }
    store.delete("dataverse", "account", gone)
    store.write_many("dataverse", "account", [(rekeyed, _keyed("R2", "elsewhere"))])

    store.write_many(
        "dataverse", "account", [(gone, _keyed("G1", "g2")), (rekeyed, _keyed("R1", "r2"))], existing=existing
    )

    assert [row.data["name"] for row in store.find("dataverse", "account", accountnumber="G1")] == ["g2"]
    assert [row.data["name"] for row in store.find("dataverse", "account", accountnumber="R1")] == ["r2"]
    assert store.find("dataverse", "account", accountnumber="R2") == []
