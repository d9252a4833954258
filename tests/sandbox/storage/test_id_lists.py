"""Reading records by a list of ids (``id in (…)``, or the ``id eq … or id eq …`` clients send) is a key look-up:
the rows are found through the row-id index, never by projecting and testing every row of the table."""

import uuid

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from sandbox.bc import service
from sandbox.odata import Condition, parse_filter
from sandbox.routers import SANDBOX_DB
from tests.sandbox.bc.conftest import CUSTOM, api_root
from tests.sandbox.dataverse.conftest import create

A, B = "5f0e3a2b-1111-4222-8333-444455556666", "5f0e3a2b-1111-4222-8333-444455556667"


def test_an_or_of_equalities_on_one_column_is_one_in_term():
    assert parse_filter(f"id eq {A} or id eq {B.upper()}").conditions() == [Condition("id", "in", [A, B])]
    assert parse_filter(f"x eq 1 and id in ({A}, {B})").conditions() == [
        Condition("x", "eq", 1),
        Condition("id", "in", [A, B]),
    ]


def test_an_or_over_different_columns_or_operators_is_an_or_of_its_terms_not_a_list():
    assert parse_filter(f"id eq {A} or code eq 'X'").conditions() == [
        Condition("", "or", [Condition("id", "eq", A), Condition("code", "eq", "X")])
    ]
    assert parse_filter(f"id eq {A} or id gt {B}").conditions() == [
        Condition("", "or", [Condition("id", "eq", A), Condition("id", "gt", B)])
    ]
    assert parse_filter(f"id eq {A} or contains(code, 'X')").conditions() == []


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.text
    return {row["id"] for row in response.json()["value"]}


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_bc_records_by_an_id_list_come_from_the_key_index(bc_client):
    rows = [service.create("Customer", {"Name": f"Customer {n}"}) for n in range(5)]
    wanted = [str(rows[1].row_id), str(rows[3].row_id)]
    id_list = " or ".join(f"id eq {row_id}" for row_id in [*wanted, str(uuid.uuid4())])

    with CaptureQueriesContext(connections[SANDBOX_DB]) as queries:
        found = _ids(bc_client.get(f"{api_root()}/customers", params={"$filter": id_list}))

    assert found == set(wanted)
    record_reads = [q["sql"] for q in queries.captured_queries if "sandbox_sandboxrecord" in q["sql"]]
    assert any('"row_id" IN' in sql for sql in record_reads)


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_bc_records_by_an_in_list_skip_values_that_are_no_guid(bc_client):
    rows = [service.create("Customer", {"Name": f"Customer {n}"}) for n in range(3)]

    response = bc_client.get(f"{api_root()}/customers", params={"$filter": f"id in ('{rows[0].row_id}', 'nope')"})

    assert _ids(response) == {str(rows[0].row_id)}


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_list_of_codes_narrows_in_sql_and_still_compares_without_case(bc_client):
    for name in ("Adatum", "Alpine", "Coho"):
        service.create("Customer", {"Name": name})
    names = "displayName eq 'adatum' or displayName eq 'COHO' or displayName eq 'Fabrikam'"

    with CaptureQueriesContext(connections[SANDBOX_DB]) as queries:
        response = bc_client.get(f"{api_root()}/customers", params={"$filter": names})

    assert sorted(row["displayName"] for row in response.json()["value"]) == ["Adatum", "Coho"]
    assert any("LOWER(" in q["sql"].upper() and " IN " in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_dataverse_rows_by_a_list_of_lookup_ids_are_found_in_sql(dataverse):
    parents = [create(dataverse, "accounts", {"name": f"Parent {n}"}) for n in range(3)]
    for parent in parents:
        create(
            dataverse, "contacts", {"lastname": "Child", "parentcustomerid_account@odata.bind": f"/accounts({parent})"}
        )
    wanted = " or ".join(f"_parentcustomerid_value eq {parent}" for parent in parents[:2])

    with CaptureQueriesContext(connections[SANDBOX_DB]) as queries:
        response = dataverse.get("contacts", params={"$select": "lastname,_parentcustomerid_value", "$filter": wanted})

    assert sorted(row["_parentcustomerid_value"] for row in response.json()["value"]) == sorted(parents[:2])
    assert any("_parentcustomerid_value" in q["sql"] and " IN " in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_bc_records_by_a_list_of_their_numbers_come_from_the_key_index_whatever_the_case_asked(bc_client):
    numbers = [service.create("Customer", {"Name": f"Customer {n}"}).data["No."] for n in range(4)]
    relation = {"Contact No.": "CT000001", "Business Relation Code": "CUST", "Link to Table": "Customer"}
    service.create("Contact", {"No.": "CT000001", "Type": "Company", "Name": "Adatum"})
    service.create("Contact Business Relation", relation | {"No.": numbers[0]})
    by_number = f"number eq '{numbers[1]}' or number eq '{numbers[2].lower()}' or number eq 'NOPE'"

    with CaptureQueriesContext(connections[SANDBOX_DB]) as queries:
        response = bc_client.get(f"{api_root()}/customers", params={"$filter": by_number})
        relations = bc_client.get(
            f"{api_root(api=CUSTOM)}/contactBusinessRelations",
            params={"$filter": "contactNo eq 'ct000001' or contactNo eq 'CT000009'"},
        )

    assert response.status_code == 200, response.text
    assert sorted(row["number"] for row in response.json()["value"]) == numbers[1:3]
    assert relations.status_code == 200, relations.text
    assert [row["no"] for row in relations.json()["value"]] == [numbers[0]]
    record_reads = [q["sql"] for q in queries.captured_queries if "sandbox_sandboxrecord" in q["sql"]]
    assert any('"lookup_key" IN' in sql for sql in record_reads)
    assert any('"parent_key" IN' in sql for sql in record_reads)


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_rows_not_written_by_a_user_since_a_moment_are_found_by_sql_then_checked_exactly(dataverse):
    from sandbox.dataverse import service as dataverse_service
    from sandbox.dataverse.schema import table_named

    ours, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    account = table_named("account")
    mine = {dataverse_service.create(account, {"name": f"Ours {n}"}, caller_id=ours).row_id for n in range(3)}
    other = {dataverse_service.create(account, {"name": "Theirs"}, caller_id=theirs).row_id}

    def found(moment: str) -> set[uuid.UUID]:
        where = f"_modifiedby_value ne {ours} or modifiedon lt {moment}"
        with CaptureQueriesContext(connections[SANDBOX_DB]) as queries:
            response = dataverse.get("accounts", params={"$select": "name", "$filter": where})
        assert response.status_code == 200, response.text
        assert any("modified_at" in q["sql"] and "NOT" in q["sql"] for q in queries.captured_queries)
        return {uuid.UUID(row["accountid"]) for row in response.json()["value"]}

    assert found("2000-01-01T00:00:00Z") == other
    assert found("2999-01-01T00:00:00Z") == mine | other
