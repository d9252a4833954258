"""The engine's prepared-statement writes: what reaches the database equals what the ORM would have stored."""

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from django.db import connection as database
from django.test.utils import CaptureQueriesContext
from django.utils import timezone as dj_timezone

from mappings.engine.coupling_rows import (
    coupled_counterparts,
    insert_couplings,
    insert_rows,
    remember_saved,
    save_couplings,
)
from mappings.engine.couplings import CouplingScope, mark_succeeded
from mappings.engine.row_values import column_reader, column_values
from mappings.models import Coupling, PendingCreate, SynchResult
from synclog.choices import PassDirection, RecordAction
from synclog.models import RecordChange

TO = PassDirection.TO_INTEGRATION
T = datetime(2026, 1, 1, 12, 0, 30, 123000, tzinfo=UTC)


def _scope(connection) -> CouplingScope:
    return CouplingScope(connection.pk, "Customer", "account", "CUSTOMER")


def _pending(connection, count: int) -> list[Coupling]:
    scope = _scope(connection)
    return [
        scope.new(bc_system_id=uuid.uuid4(), dataverse_id=uuid.uuid4(), pending=PendingCreate.IN_DATAVERSE)
        for _ in range(count)
    ]


def test_inserted_couplings_get_their_primary_keys_and_every_value(connection):
    couplings = _pending(connection, 3)
    insert_couplings(couplings)
    stored = {c.pk: c for c in Coupling.objects.filter(pk__in=[c.pk for c in couplings])}
    assert len(stored) == 3
    for coupling in couplings:
        row = stored[coupling.pk]
        assert (row.bc_system_id, row.dataverse_id, row.pending) == (
            coupling.bc_system_id,
            coupling.dataverse_id,
            "dataverse",
        )
        assert row.created is not None and row.pending_match == {}


def test_a_saved_coupling_writes_only_the_fields_that_changed(connection, job):
    (coupling,) = _pending(connection, 1)
    insert_couplings([coupling])
    mark_succeeded(coupling, TO, job.pk, T, T, dataverse_version=7)
    with CaptureQueriesContext(database) as queries:
        save_couplings([coupling])
    (update,) = [q["sql"] for q in queries if "UPDATE" in q["sql"]]
    assert "bc_modified_on" in update and "bc_system_id" not in update and "last_result_from" not in update
    row = Coupling.objects.get(pk=coupling.pk)
    assert (row.bc_modified_on, row.dataverse_version, row.last_result_to, row.pending) == (
        T,
        7,
        SynchResult.SUCCESS,
        "",
    )


def test_an_unchanged_coupling_is_not_written_again(connection, job):
    (coupling,) = _pending(connection, 1)
    insert_couplings([coupling])
    with CaptureQueriesContext(database) as queries:
        save_couplings([coupling])
    assert len(queries) == 0


def test_saving_never_brings_back_a_coupling_removed_meanwhile(connection, job):
    (coupling,) = _pending(connection, 1)
    insert_couplings([coupling])
    Coupling.objects.filter(pk=coupling.pk).delete()
    mark_succeeded(coupling, TO, job.pk, T, T)
    save_couplings([coupling])
    assert not Coupling.objects.filter(pk=coupling.pk).exists()


def test_a_coupling_never_remembered_has_every_field_written(connection, job):
    (coupling,) = _pending(connection, 1)
    insert_couplings([coupling])
    stale = Coupling.objects.get(pk=coupling.pk)
    Coupling.objects.filter(pk=coupling.pk).update(last_error_to="changed elsewhere")
    save_couplings([stale])
    assert Coupling.objects.get(pk=coupling.pk).last_error_to == ""
    remember_saved([stale])
    stale.skipped = True
    Coupling.objects.filter(pk=coupling.pk).update(last_error_to="changed again")
    save_couplings([stale])
    assert Coupling.objects.values_list("last_error_to", "skipped").get(pk=coupling.pk) == ("changed again", True)


def test_inserted_rows_hold_what_the_orm_would_store(connection, job):
    change = RecordChange(
        job=job,
        mapping_id=None,
        direction=TO,
        bc_table="Customer",
        bc_system_id=uuid.uuid4(),
        dataverse_table="account",
        dataverse_row_id=uuid.uuid4(),
        action=RecordAction.INSERTED,
        fields={"name": [None, "Adatum"], "creditlimit": [None, 12.5]},
        at=T,
    )
    insert_rows([change])
    row = RecordChange.objects.get(job=job)
    assert (row.bc_system_id, row.dataverse_row_id, row.fields, row.at, row.direction) == (
        change.bc_system_id,
        change.dataverse_row_id,
        change.fields,
        T,
        TO,
    )


def test_column_values_equal_the_fields_own_adaptation(connection, job):
    (coupling,) = _pending(connection, 1)
    coupling.bc_modified_on, coupling.dataverse_version, coupling.last_job_to_id = T, 5, job.pk
    coupling.last_result_to, coupling.skipped, coupling.pending_match = SynchResult.FAILURE, True, {"Name": "A"}
    plain = [f for f in Coupling._meta.concrete_fields if f.name not in ("id", "created", "pending_match")]
    for field in plain:  # (a JSON value and ``created`` go through the field's own methods)
        expected = field.get_db_prep_save(getattr(coupling, field.attname), database)
        assert column_reader(field, database)(coupling) == expected, field.name


def test_datetimes_in_utc_and_in_other_zones_equal_the_fields_own_adaptation(connection):
    (coupling,) = _pending(connection, 1)
    field = Coupling._meta.get_field("bc_modified_on")
    for stamp in (T, T.astimezone(timezone(timedelta(hours=2))), T.replace(microsecond=123456)):
        coupling.bc_modified_on = stamp
        assert column_reader(field, database)(coupling) == field.get_db_prep_save(stamp, database), stamp


def test_json_values_read_back_as_the_orm_would_store_them(connection, job):
    """SQLite's JSON text comes from orjson, the field's encoder deciding datetimes, decimals and the like, and
    Django's own adaptation what orjson refuses: either way the value read back is the ORM's."""
    field = RecordChange._meta.get_field("fields")
    values = [
        {"name": [None, "Ådatum ☕"], "creditlimit": [None, 12.5], "active": [False, True]},
        {"modifiedon": [T, T.replace(microsecond=0)], "price": [Decimal("1.10"), Decimal("2")]},
        {"ownerid": [None, uuid.uuid4()], "day": [date(2026, 1, 2), None]},
        {1: "a key that is not text", "big": 2**70},
        {},
    ]
    for value in values:
        change = RecordChange(job=job, direction=TO, bc_table="Customer", dataverse_table="account", fields=value)
        through_orm = RecordChange(job=job, direction=TO, bc_table="Customer", dataverse_table="account", fields=value)
        insert_rows([change])
        through_orm.save()
        stored = RecordChange.objects.filter(job=job).order_by("-pk").values_list("fields", flat=True)[:2]
        assert stored[0] == stored[1], value
        if database.vendor == "sqlite":
            text = column_reader(field, database, adding=True)(change)
            assert json.loads(text) == json.loads(field.get_db_prep_save(value, database)), value


def test_a_missing_json_value_stays_sql_null():
    field = Coupling._meta.get_field("pending_match")
    coupling = Coupling(pending_match=None)
    assert column_reader(field, database)(coupling) is None


def test_a_column_at_a_time_gives_each_rows_own_values(connection, job):
    """Shared values, plain ones, GUIDs, stamps, missing values and choices: each column equals what the reader
    gives row by row (PostgreSQL's JSON wrappers compared by what they wrap)."""
    couplings = _pending(connection, 3)
    couplings[0].bc_modified_on, couplings[1].bc_modified_on = T, T.astimezone(timezone(timedelta(hours=2)))
    couplings[1].dataverse_id, couplings[2].bc_system_id = None, None
    couplings[0].last_result_to, couplings[1].last_result_to = SynchResult.FAILURE, "Success"
    couplings[2].dataverse_version, couplings[0].last_job_to_id = 7, job.pk
    for field in [f for f in Coupling._meta.concrete_fields if f.name != "created"]:  # (stamped at each call)
        expected = [column_reader(field, database, adding=True)(c) for c in couplings]
        got = column_values(field, database, couplings, adding=True)
        assert [getattr(v, "obj", v) for v in got] == [getattr(v, "obj", v) for v in expected], field.name


def test_rows_inserted_together_share_one_creation_stamp_set_on_each_row(connection):
    couplings = _pending(connection, 3)
    field = Coupling._meta.get_field("created")
    before = dj_timezone.now()
    got = column_values(field, database, couplings, adding=True)
    assert len(set(got)) == 1 and len(got) == 3
    assert len({c.created for c in couplings}) == 1 and couplings[0].created >= before
    assert got[0] == column_reader(field, database)(couplings[0])


def test_counterparts_are_read_by_a_list_of_ids_within_the_scope_and_without_empty_ones(connection):
    couplings = _pending(connection, 3)
    couplings[0].pending = couplings[1].pending = ""
    couplings[1].bc_system_id = None  # a create pending in BC: no counterpart yet
    insert_couplings(couplings)
    where = {"connection_id": connection.pk, "bc_table": "Customer", "pending": ""}
    by_dataverse = coupled_counterparts(where, "dataverse_id", [c.dataverse_id for c in couplings], "bc_system_id")
    assert by_dataverse == {couplings[0].dataverse_id: couplings[0].bc_system_id}
    by_bc = coupled_counterparts(
        where | {"bc_table": "Vendor"}, "bc_system_id", [couplings[0].bc_system_id], "dataverse_id"
    )
    assert by_bc == {}


def test_a_stamp_many_rows_share_is_stored_alike_on_each_of_them(connection):
    couplings = _pending(connection, 5)
    stamps = [T, T + timedelta(seconds=1), T, None, T.astimezone(timezone(timedelta(hours=-5)))]
    for coupling, stamp in zip(couplings, stamps, strict=True):
        coupling.dataverse_modified_on = stamp
    field = Coupling._meta.get_field("dataverse_modified_on")
    expected = [field.get_db_prep_save(stamp, database) for stamp in stamps]
    assert column_values(field, database, couplings) == expected
    assert expected[0] == expected[2] == expected[4] != expected[1]
