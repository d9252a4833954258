"""Multi-company synchronization: the company part of the Integration Table Filter, Toggle Multi-Company
Synchronization on the review line, and new rows stamped with this company (sync_engine §4.3, §5.4)."""

import uuid

import pytest
from django.urls import reverse

from mappings.engine.company import company_row_id
from mappings.models import FullSyncReviewLine, Recommendation
from mappings.services.sync_actions import run_mapping_now, service_sides
from sandbox import store
from sandbox.demo import credentials as demo
from tests.mappings.companies import company_row as _company
from tests.mappings.companies import of_company as _of

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _line(world, name="CUSTOMER") -> FullSyncReviewLine:
    return FullSyncReviewLine.objects.create(connection=world.connection, mapping=world.mapping(name))


def _toggle(client, line) -> str:
    url = reverse("mappings:full_sync_review_toggle_multi_company", args=[line.pk])
    return client.post(url, follow=True).content.decode()


@pytest.fixture
def three_companies_accounts(world):
    """One account of this company, one of another company, one of no company; and one BC customer."""
    this, other = _company(demo.COMPANY_ID), _company(uuid.uuid4())
    world.account("Ours", **_of(this))
    world.account("Theirs", **_of(other))
    world.account("Nobody's")
    world.customer("Adatum")
    return this


def test_enabling_removes_the_company_filter_and_recounts_the_line(world, admin_client, three_companies_accounts):
    line = _line(world)
    text = _toggle(admin_client, line)
    assert "account entities will be synchronized regardless of their Company field value." in text
    line.refresh_from_db()
    mapping = line.mapping
    assert mapping.multi_company_synch_enabled and "bcbi_companyid" not in mapping.dataverse_table_filter
    assert (line.dataverse_count, line.recommendation) == (3, Recommendation.COUPLE_RECORDS)


def test_disabling_reads_only_this_company_and_no_company_keeping_other_conditions(
    world, admin_client, three_companies_accounts
):
    line = _line(world)
    before = line.mapping.dataverse_table_filter
    _toggle(admin_client, line)
    text = _toggle(admin_client, line)
    assert "The company field filter on the Integration Table Filter is reset to default." in text
    line.refresh_from_db()
    mapping = line.mapping
    company = three_companies_accounts
    assert not mapping.multi_company_synch_enabled
    assert mapping.dataverse_table_filter == (
        f"{before} and (_bcbi_companyid_value eq {company} or _bcbi_companyid_value eq null)"
    )
    assert line.dataverse_count == 2
    _toggle(admin_client, line)
    line.mapping.refresh_from_db()
    assert line.mapping.dataverse_table_filter == before


def test_a_mapping_whose_rows_have_no_company_cannot_be_toggled(world, admin_client):
    line = _line(world, "CURRENCY")
    text = _toggle(admin_client, line)
    assert "transactioncurrency rows do not record the company they belong to" in text
    assert not world.mapping("CURRENCY").multi_company_synch_enabled


def test_a_viewer_cannot_toggle_multi_company_synchronization(world, viewer_client):
    line = _line(world)
    url = reverse("mappings:full_sync_review_toggle_multi_company", args=[line.pk])
    assert viewer_client.post(url).status_code == 403
    assert not world.mapping("CUSTOMER").multi_company_synch_enabled


def test_new_dataverse_rows_belong_to_this_company_whose_row_is_made_when_missing(world):
    world.customer("Adatum")
    run_mapping_now(world.mapping("CUSTOMER"), full=True)
    sides = service_sides(world.connection)
    company = company_row_id(sides.dataverse_client, sides.bc_client, create=False)
    assert company is not None
    accounts = [row for row in store.find("dataverse", "account") if row.data.get("name") == "Adatum"]
    assert [row.data.get("_bcbi_companyid_value") for row in accounts] == [str(company)]
