"""BusinessCentralClient against the BC emulator, through the Django app in-process."""

import uuid

import pytest

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from connection_setup.clients.errors import NotFoundError, PreconditionFailedError
from connection_setup.clients.policy import BC_URL_LIMIT
from tests.connection_setup.clients.conftest import new_id, walk_pages

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_companies_lists_the_environments_companies_and_binding_chooses_one(bc, bc_company):
    assert bc_company in {company["id"] for company in bc.companies()}
    other = bc.for_company(new_id())
    assert other.company_id != bc.company_id and other.http is bc.http


def test_records_come_back_in_bc_field_names(bc):
    created = bc.create("Customer", {"Name": "Adatum", "Phone No.": "555-0100"})
    row = bc.get("Customer", created.id, select=["No.", "Name", "Phone No."])
    assert row["Name"] == "Adatum" and row["Phone No."] == "555-0100"
    assert row["No."] and row["id"] == created.id and row["@odata.etag"]


def test_paging_through_12000_records_holds_one_page_at_a_time(make_bc, bc_company):
    _seed_customers(12_000)
    with make_bc(company_id=bc_company, page_size=5000) as bc:
        sizes, numbers = walk_pages(bc.iter_pages("Customer", select=["No.", "Name"]), "No.")
        assert sizes == [5000, 5000, 2000]
        assert len(numbers) == 12_000
        assert bc.stats.requests == 3


def _seed_customers(count: int) -> None:
    """Records written straight into the emulator's store: the test is about reading them back."""
    from sandbox import store

    store.write_many("bc", "Customer", [(uuid.uuid4(), {"No.": f"S{n:06d}", "Name": f"C{n}"}) for n in range(count)])


def test_a_filter_in_bc_field_names_is_sent_in_api_names(bc):
    bc.create("Customer", {"Name": "O'Neil Ltd"})
    bc.create("Customer", {"Name": "Other"})
    pages = list(bc.iter_pages("Customer", filter=odata.eq("Name", "O'Neil Ltd"), select=["Name"]))
    assert [row["Name"] for page in pages for row in page] == ["O'Neil Ltd"]


def test_a_look_up_of_many_numbers_sends_lists_with_in_each_as_long_as_a_url_allows(bc):
    """An ``or`` of more than 20 ``eq`` terms exceeds BC's 100-node filter limit; ``in`` is one node, so a list
    takes as many values as fit in BC's URL budget: 1,500 numbers in three requests, none over the limit."""
    _seed_customers(3000)
    wanted = [f"S{n:06d}" for n in range(0, 3000, 2)]
    urls: list[int] = []
    bc.http.client.event_hooks["request"].append(lambda request: urls.append(len(str(request.url))))

    rows = bc.rows_matching("Customer", "No.", wanted, select=["No."])

    assert sorted(row["No."] for row in rows) == wanted
    assert bc.stats.requests == len(urls) == 3
    assert max(urls) <= BC_URL_LIMIT


def test_a_stale_etag_is_refused(bc):
    created = bc.create("Customer", {"Name": "v1"})
    bc.update("Customer", created.id, {"Name": "v2"}, etag=created.etag)
    with pytest.raises(PreconditionFailedError) as failure:
        bc.update("Customer", created.id, {"Name": "v3"}, etag=created.etag)
    assert failure.value.code == "Request_EntityChanged"
    assert bc.get("Customer", created.id)["Name"] == "v2"


def test_a_missing_record_is_a_not_found_error(bc):
    with pytest.raises(NotFoundError):
        bc.get("Customer", new_id())
    with pytest.raises(NotFoundError):
        bc.delete("Customer", new_id())


def test_an_upsert_of_a_missing_record_inserts_it(bc):
    result = bc.upsert("Customer", new_id(), {"Name": "Inserted"})
    assert result.ok and bc.get("Customer", result.id)["Name"] == "Inserted"


def test_a_batch_in_which_one_operation_fails_reports_each_result(bc):
    kept = bc.create("Customer", {"Name": "Kept"})
    missing = new_id()
    results = bc.write_batch(
        [
            Write("update", "Customer", kept.id, {"Name": "Kept and changed"}),
            Write("delete", "Customer", missing),
            Write("create", "Customer", data={"Name": "New"}),
            Write("upsert", "Customer", new_id(), {"Name": "Upserted"}),
        ]
    )
    assert [r.ok for r in results] == [True, False, True, True]
    assert isinstance(results[1].error, NotFoundError) and results[1].id == missing
    assert bc.get("Customer", kept.id)["Name"] == "Kept and changed"
    assert bc.get("Customer", results[2].id)["Name"] == "New"
    assert bc.get("Customer", results[3].id)["Name"] == "Upserted"
