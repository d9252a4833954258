"""Look-ups by lists of values on indexed data columns (``VALUE_INDEXES``) return exactly the rows the unindexed
path returns, whatever the case, nulls, numbers or GUID look-ups, and read the column's index instead of every
row's JSON."""

import uuid

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from sandbox import store
from sandbox.bc import service
from sandbox.routers import SANDBOX_DB
from sandbox.storage.values import index_statements
from tests.sandbox.bc.conftest import CUSTOM, api_root
from tests.sandbox.dataverse.conftest import create

# accountnumber is indexed, description is not: the same values in both columns must select the same rows.
VALUES = ["ABC-1", "abc-2", "Abc-3", "1000", "01000", "", None]
FILTERS = [
    "{c} eq 'abc-1' or {c} eq 'ABC-2' or {c} eq 'aBc-3'",
    "{c} eq '1000' or {c} eq 'nope'",
    "{c} eq '01000'",
    "{c} eq '' or {c} eq 'abc-1'",
    "{c} eq null",
    "{c} ne null and ({c} eq 'ABC-1' or {c} eq '1000')",
]


def _accounts(dataverse) -> None:
    for number, value in enumerate(VALUES):
        columns = {"accountnumber": value, "description": value} if value is not None else {}
        create(dataverse, "accounts", {"name": f"Account {number}"} | columns)


def _found(client, entity_set: str, key: str, expression: str) -> set[str]:
    response = client.get(entity_set, params={"$select": key, "$filter": expression})
    assert response.status_code == 200, response.text
    return {row[key] for row in response.json()["value"]}


@pytest.mark.django_db(databases=["default", "sandbox"])
@pytest.mark.parametrize("template", FILTERS)
def test_an_indexed_column_selects_the_same_rows_as_an_unindexed_one(dataverse, template):
    _accounts(dataverse)

    indexed = _found(dataverse, "accounts", "accountid", template.format(c="accountnumber"))
    unindexed = _found(dataverse, "accounts", "accountid", template.format(c="description"))

    assert indexed == unindexed
    assert indexed


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_list_of_account_numbers_ignores_case_through_the_value_index(dataverse):
    wanted = {create(dataverse, "accounts", {"name": n, "accountnumber": n}) for n in ("ACC-1", "acc-2")}
    create(dataverse, "accounts", {"name": "Other", "accountnumber": "ACC-3"})

    with CaptureQueriesContext(connections[SANDBOX_DB]) as queries:
        found = _found(dataverse, "accounts", "accountid", "accountnumber eq 'acc-1' or accountnumber eq 'ACC-2'")

    assert found == wanted
    assert any("LOWER(" in q["sql"] and "accountnumber" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_contacts_by_a_list_of_parent_accounts_skip_contacts_without_one(dataverse):
    parents = [create(dataverse, "accounts", {"name": f"Parent {n}"}) for n in range(3)]
    children = {
        create(dataverse, "contacts", {"lastname": "Child", "parentcustomerid_account@odata.bind": f"/accounts({p})"})
        for p in parents[:2]
    }
    create(dataverse, "contacts", {"lastname": "Orphan"})
    wanted = f"_parentcustomerid_value eq {parents[0].upper()} or _parentcustomerid_value eq {parents[1]}"

    assert _found(dataverse, "contacts", "contactid", wanted) == children
    assert _found(dataverse, "contacts", "contactid", f"_parentcustomerid_value eq {parents[2]}") == set()


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_bc_unit_groups_by_a_list_of_source_numbers_compare_codes_without_case(bc_client):
    for number in ("1000", "1001", "1002"):
        service.create("Item", {"No.": number, "Description": f"Item {number}"})
    groups = {
        row.data["Source No."]: str(row.row_id) for row in store.find("bc", "Unit Group", **{"Source Type": "Item"})
    }

    response = bc_client.get(
        f"{api_root(api=CUSTOM)}/unitGroups", params={"$filter": "sourceNo eq '1000' or sourceNo eq '1002'"}
    )

    assert response.status_code == 200, response.text
    assert {row["id"] for row in response.json()["value"]} == {groups["1000"], groups["1002"]}


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_find_by_an_indexed_column_compares_exactly(dataverse):
    upper = create(dataverse, "accounts", {"name": "Upper", "accountnumber": "ACC-9"})
    create(dataverse, "accounts", {"name": "Lower", "accountnumber": "acc-9"})

    assert [str(row.row_id) for row in store.find("dataverse", "account", accountnumber="ACC-9")] == [upper]
    assert store.find("dataverse", "account", accountnumber="ACC-10") == []


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_every_declared_value_index_exists():
    connection = connections[SANDBOX_DB]
    with connection.cursor() as cursor:
        existing = {info for info in connection.introspection.get_constraints(cursor, "sandbox_sandboxrecord")}

    assert {name for name, _ in index_statements(connection.vendor)} <= existing


def _plan(sql: str) -> str:
    """The plan of ``sql``. On PostgreSQL with statistics up to date (autovacuum's work on a served sandbox), and
    told to avoid plain scans, which a test-sized table would otherwise make cheapest."""
    connection = connections[SANDBOX_DB]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute('ANALYZE "sandbox_sandboxrecord"')
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {'QUERY PLAN ' if connection.vendor == 'sqlite' else ''}{sql}")
        return " ".join(str(step) for step in cursor.fetchall())


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_look_up_by_values_reads_the_value_index_rather_than_walking_the_table_in_order(dataverse):
    parents = [str(uuid.uuid4()) for _ in range(2000)]
    store.write_many(
        "dataverse", "contact", [(uuid.uuid4(), {"lastname": "Child", "_parentcustomerid_value": p}) for p in parents]
    )

    with CaptureQueriesContext(connections[SANDBOX_DB]) as queries:
        found = _found(dataverse, "contacts", "_parentcustomerid_value", f"_parentcustomerid_value eq {parents[7]}")

    assert found == {parents[7]}
    reads = [q["sql"] for q in queries.captured_queries if "_parentcustomerid_value" in q["sql"]]
    assert "sandbox_value_" in _plan(reads[0])
