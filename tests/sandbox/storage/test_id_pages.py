"""A page of rows looked up by a list of row ids, or by a list of values of an indexed column, is read by a
hand-written statement and answers exactly as the general page does: same rows, same order, same paging, same
scope; a read-back of stamps only skips the data."""

import uuid

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from sandbox import store
from sandbox.routers import SANDBOX_DB
from tests.sandbox.bc.conftest import api_root
from tests.sandbox.dataverse.conftest import create

# A term SQL cannot decide alone, so the filter takes the general path; true for every row.
GENERAL = " and versionnumber ge 0"


def _listed(ids: list[str], column: str = "accountid") -> str:
    return "(" + " or ".join(f"{column} eq {row_id}" for row_id in ids) + ")"


def _rows(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["value"]


def _accounts(dataverse, count: int) -> list[str]:
    ids = [create(dataverse, "accounts", {"name": f"Account {n}"}) for n in range(count)]
    dataverse.patch(f"accounts({ids[1]})", json={"name": "Renamed"}, headers={"If-Match": "*"})
    return ids


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_an_id_list_page_has_the_rows_and_order_of_the_general_page(dataverse):
    ids = _accounts(dataverse, 5)
    wanted = [*ids[:4], str(uuid.uuid4())]
    for order in (None, "modifiedon desc", "versionnumber asc"):
        params = {"$select": "accountid,name,modifiedon,versionnumber"} | ({"$orderby": order} if order else {})

        by_key = _rows(dataverse.get("accounts", params=params | {"$filter": _listed(wanted)}))
        general = _rows(dataverse.get("accounts", params=params | {"$filter": _listed(wanted) + GENERAL}))

        assert by_key == general
        assert sorted(row["accountid"] for row in by_key) == sorted(ids[:4])


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_an_id_list_longer_than_the_page_links_to_the_rest(dataverse):
    ids = _accounts(dataverse, 5)
    headers = {"Prefer": "odata.maxpagesize=2"}
    params = {"$select": "accountid", "$orderby": "versionnumber desc", "$filter": _listed(ids)}

    first = dataverse.get("accounts", params=params, headers=headers).json()
    general = dataverse.get("accounts", params=params | {"$filter": _listed(ids) + GENERAL}, headers=headers).json()
    seen = [row["accountid"] for row in first["value"]]
    link = first["@odata.nextLink"]
    while link:
        page = dataverse.get(link, headers=headers).json()
        seen += [row["accountid"] for row in page["value"]]
        link = page.get("@odata.nextLink")

    assert first["value"] == general["value"]
    assert len(seen) == len(set(seen)) == 5


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_an_equality_with_the_key_is_a_list_of_one_and_a_string_for_the_key_is_refused(dataverse):
    ids = _accounts(dataverse, 2)

    assert [
        row["accountid"] for row in _rows(dataverse.get("accounts", params={"$filter": f"accountid eq {ids[0]}"}))
    ] == [ids[0]]
    refused = dataverse.get("accounts", params={"$filter": "accountid eq 'nope'"})
    assert refused.status_code == 400 and "'Edm.Guid' and 'Edm.String'" in refused.json()["error"]["message"]


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_read_back_of_stamps_reads_no_data_and_shows_what_a_full_read_shows(dataverse):
    ids = _accounts(dataverse, 3)
    stamps = {"$select": "accountid,modifiedon,versionnumber", "$filter": _listed(ids)}
    headers = {"Prefer": 'odata.include-annotations="*"'}

    with CaptureQueriesContext(connections[SANDBOX_DB]) as queries:
        light = _rows(dataverse.get("accounts", params=stamps, headers=headers))
    reads = [q["sql"] for q in queries.captured_queries if '"row_id" IN' in q["sql"]]
    full = _rows(dataverse.get("accounts", params=stamps | {"$select": stamps["$select"] + ",name"}, headers=headers))

    assert light == [{key: value for key, value in row.items() if key != "name"} for row in full]
    assert reads and not any('"data"' in sql for sql in reads)


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_read_that_shows_or_filters_a_data_column_still_reads_the_data(dataverse):
    ids = _accounts(dataverse, 2)

    named = _rows(dataverse.get("accounts", params={"$select": "name", "$filter": _listed(ids)}))
    everything = _rows(dataverse.get("accounts", params={"$filter": _listed(ids)}))

    assert sorted(row["name"] for row in named) == ["Account 0", "Renamed"]
    assert sorted(row["name"] for row in everything) == ["Account 0", "Renamed"]


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_bc_id_list_page_keeps_the_endpoints_scope_and_matches_the_general_page(bc_client, customer, item):
    body = {"customerId": customer["id"], "salesOrderLines": [{"lineObjectNumber": item["No."], "quantity": 1}]}
    orders = [bc_client.post(f"{api_root()}/salesOrders", json=body).json()["id"] for _ in range(3)]
    id_list = _listed([*orders, str(uuid.uuid4())], column="id")

    by_key = _rows(bc_client.get(f"{api_root()}/salesOrders", params={"$filter": id_list}))
    general = _rows(bc_client.get(f"{api_root()}/salesOrders", params={"$filter": f"{id_list} and number ne 'X'"}))
    quotes = _rows(bc_client.get(f"{api_root()}/salesQuotes", params={"$filter": id_list}))

    assert by_key == general
    assert sorted(row["id"] for row in by_key) == sorted(orders)
    assert quotes == []


def _contacts_of(dataverse, parents: list[str], each: int) -> None:
    for parent in parents:
        for n in range(each):
            bind = {"parentcustomerid_account@odata.bind": f"/accounts({parent})"}
            create(dataverse, "contacts", {"lastname": f"Contact {n}", **bind})


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_lookup_by_an_indexed_column_has_the_rows_and_order_of_the_general_page(dataverse):
    parents = _accounts(dataverse, 3)
    _contacts_of(dataverse, parents, 2)
    wanted = _listed([parents[0], parents[2].upper(), str(uuid.uuid4())], column="_parentcustomerid_value")
    for order in (None, "modifiedon desc,versionnumber asc"):
        params = {"$select": "lastname,_parentcustomerid_value"} | ({"$orderby": order} if order else {})

        by_index = _rows(dataverse.get("contacts", params=params | {"$filter": wanted}))
        general = _rows(dataverse.get("contacts", params=params | {"$filter": wanted + GENERAL}))

        assert by_index == general
        assert sorted({row["_parentcustomerid_value"] for row in by_index}) == sorted([parents[0], parents[2]])
        assert len(by_index) == 4


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_lookup_matching_more_rows_than_one_read_takes_is_paged_in_order(dataverse):
    parent = create(dataverse, "accounts", {"name": "Parent"})
    rows = [(uuid.uuid4(), {"lastname": f"C{n}", "_parentcustomerid_value": parent}) for n in range(501)]
    store.write_many("dataverse", "contact", rows)
    headers = {"Prefer": "odata.maxpagesize=300"}
    params = {"$select": "contactid", "$filter": f"_parentcustomerid_value eq {parent}"}

    first = dataverse.get("contacts", params=params, headers=headers).json()
    general = dataverse.get("contacts", params=params | {"$filter": params["$filter"] + GENERAL}, headers=headers)
    rest = dataverse.get(first["@odata.nextLink"], headers=headers).json()

    assert first["value"] == general.json()["value"]
    assert len(first["value"]) == 300 and len(rest["value"]) == 201 and "@odata.nextLink" not in rest
    assert len({row["contactid"] for row in first["value"] + rest["value"]}) == 501
