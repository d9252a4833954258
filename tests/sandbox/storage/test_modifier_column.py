"""A row's last modifier is a column of its own: the change reads that leave out a user's writes compare it
instead of parsing every row's JSON, and every way of writing a row keeps it equal to ``_modifiedby_value``."""

import importlib
import uuid

import pytest
from django.apps import apps
from django.db import connections
from django.test.utils import CaptureQueriesContext

from sandbox.models import SandboxRecord
from sandbox.routers import SANDBOX_DB

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _found(dataverse, where: str) -> tuple[set[uuid.UUID], list[str]]:
    with CaptureQueriesContext(connections[SANDBOX_DB]) as queries:
        response = dataverse.get("accounts", params={"$select": "name", "$filter": where})
    assert response.status_code == 200, response.text
    reads = [q["sql"] for q in queries.captured_queries if "sandbox_sandboxrecord" in q["sql"]]
    return {uuid.UUID(row["accountid"]) for row in response.json()["value"]}, reads


def test_every_write_path_keeps_the_modifier_column_and_filters_on_the_modifier_read_it(dataverse):
    from sandbox.dataverse import service
    from sandbox.dataverse.schema import table_named

    ours, theirs = str(uuid.uuid4()), str(uuid.uuid4()).upper()
    account = table_named("account")
    created = [service.create(account, {"name": f"Ours {n}"}, caller_id=ours).row_id for n in range(4)]
    patched = service.update(account, created[0], {"name": "Theirs now"}, caller_id=theirs).row_id
    bulk = [
        {"accountid": str(created[1]), "name": "Theirs in bulk"},
        {"accountid": str(uuid.uuid4()), "name": "New and theirs"},
    ]
    in_bulk = {row.row_id for row in service.write_many(account, bulk, mode="upsert", caller_id=theirs)}
    service.write_many(account, [{"accountid": str(created[2]), "name": "Ours again"}], mode="update", caller_id=ours)

    stored = dict(SandboxRecord.objects.using(SANDBOX_DB).filter(table="account").values_list("row_id", "modified_by"))
    assert {row_id: stored[row_id] for row_id in created} == {
        created[0]: theirs.lower(),
        created[1]: theirs.lower(),
        created[2]: ours,
        created[3]: ours,
    }

    others, reads = _found(dataverse, f"_modifiedby_value ne {ours}")
    assert {patched, *in_bulk} <= others and not others & {created[2], created[3]}
    assert any('"modified_by"' in sql for sql in reads)
    assert not any("JSON_EXTRACT" in sql.upper() or "->" in sql for sql in reads)

    assert _found(dataverse, f"_modifiedby_value eq {ours}")[0] == {created[2], created[3]}
    assert _found(dataverse, f"_modifiedby_value eq {theirs.lower()}")[0] == {patched, *in_bulk}


def test_the_migration_fills_the_modifier_of_rows_stored_before_it(dataverse):
    from sandbox.dataverse import service
    from sandbox.dataverse.schema import table_named

    user = str(uuid.uuid4())
    row_id = service.create(table_named("account"), {"name": "Old row"}, caller_id=user).row_id
    records = SandboxRecord.objects.using(SANDBOX_DB)
    records.update(modified_by=None)
    migration = importlib.import_module("sandbox.migrations.0004_record_modified_by")

    class Editor:
        connection = connections[SANDBOX_DB]

    migration.fill_modified_by(apps, Editor())

    assert records.get(table="account", row_id=row_id).modified_by == user
    assert not records.filter(service="bc").exclude(modified_by=None).exists()
