"""Every way of reading stored rows gives the same row: by a prepared statement, by a query, by a list of ids with
or without its data; timestamps with and without a fraction of a second come back exact and aware."""

import datetime as dt
import uuid

import pytest
from django.db import connections

from sandbox import store
from sandbox.models import SandboxRecord
from sandbox.routers import SANDBOX_DB
from sandbox.storage.paging import table_rows
from sandbox.storage.rows import read_rows
from sandbox.storage.statements import rows_by_ids

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

TABLE = "readtest"
WHOLE_SECOND = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
FRACTION = dt.datetime(2024, 5, 6, 7, 8, 9, 120, tzinfo=dt.UTC)


def _rows(count: int) -> list[uuid.UUID]:
    ids = [uuid.uuid5(uuid.NAMESPACE_URL, f"read/{n}") for n in range(count)]
    store.write_many("dataverse", TABLE, [(row_id, {"n": n}) for n, row_id in enumerate(ids)])
    table = connections[SANDBOX_DB].ops.quote_name(SandboxRecord._meta.db_table)
    adapt = connections[SANDBOX_DB].ops.adapt_datetimefield_value
    with connections[SANDBOX_DB].cursor() as cursor:
        cursor.execute(
            f'UPDATE {table} SET "created_at" = %s, "modified_at" = %s WHERE "table" = %s',
            [adapt(WHOLE_SECOND), adapt(FRACTION), TABLE],
        )
    return ids


def test_rows_read_by_ids_by_a_query_and_one_by_one_are_the_same():
    ids = _rows(3)

    one_by_one = [store.get("dataverse", TABLE, row_id) for row_id in ids]
    by_ids = sorted(rows_by_ids("dataverse", TABLE, [*ids, uuid.uuid4()]), key=lambda row: ids.index(row.row_id))
    by_query = sorted(read_rows(table_rows("dataverse", TABLE)), key=lambda row: ids.index(row.row_id))

    assert by_ids == by_query == one_by_one
    assert (one_by_one[0].created_at, one_by_one[0].modified_at) == (WHOLE_SECOND, FRACTION)
    assert one_by_one[0].modified_at.tzinfo is not None and one_by_one[0].data == {"n": 0}


def test_rows_read_by_ids_without_data_have_the_same_stamps_and_empty_data():
    ids = _rows(2)

    full = {row.row_id: row for row in rows_by_ids("dataverse", TABLE, ids)}
    stamps = rows_by_ids("dataverse", TABLE, ids, data=False)

    assert {row.row_id for row in stamps} == set(ids)
    for row in stamps:
        assert row.data == {}
        assert (row.version, row.created_at, row.modified_at) == (
            full[row.row_id].version,
            full[row.row_id].created_at,
            full[row.row_id].modified_at,
        )
