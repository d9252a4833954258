"""The default company filter: mappings of company-scoped tables read this company's rows and rows of no company,
as BC's ResetConfiguration writes it (sync_engine §4.3, connection_setup §6.7)."""

import uuid

import pytest

from mappings.engine.company import company_row_id
from mappings.models import TableMapping
from mappings.services.multi_company import (
    NO_COMPANY,
    MultiCompanyRefused,
    apply_default_company_filters,
    company_clause,
    company_filter_notes,
)
from mappings.services.sync_actions import run_mapping_now, service_sides
from sandbox import store
from tests.mappings.companies import company_row, of_company

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])
# The default mappings flagged to filter by company whose table has the column (products have none in our schema).
SCOPED = ["CONTACT", "CUSTOMER", "OPPORTUNITY", "PLHEADER-PRICE", "POSTEDSALESINV-INV", "VENDOR"]


def _filters(world) -> dict[str, str]:
    mappings = TableMapping.objects.filter(connection=world.connection, parent_name="")
    return dict(mappings.values_list("name", "dataverse_table_filter"))


def _this_company(world) -> uuid.UUID:
    sides = service_sides(world.connection)
    return company_row_id(sides.dataverse_client, sides.bc_client, create=False)


def test_the_clause_goes_into_the_company_scoped_mappings_only_and_creates_the_company_row(world):
    before = _filters(world)
    assert apply_default_company_filters(world.connection) == len(SCOPED)
    company = _this_company(world)
    assert company is not None
    after = _filters(world)
    for name in SCOPED:
        assert after[name] == " and ".join(part for part in (before[name], company_clause(company)) if part)
    assert {name: text for name, text in after.items() if name not in SCOPED} == {
        name: text for name, text in before.items() if name not in SCOPED
    }


def test_reapplying_replaces_the_clause_instead_of_adding_a_second_one(world):
    apply_default_company_filters(world.connection)
    first = _filters(world)
    apply_default_company_filters(world.connection)
    assert _filters(world) == first
    assert first["CUSTOMER"].count(str(_this_company(world))) == 1


def test_a_mapping_synchronizing_every_company_keeps_reading_every_company(world):
    TableMapping.objects.filter(connection=world.connection, name="VENDOR").update(multi_company_synch_enabled=True)
    before = _filters(world)["VENDOR"]
    apply_default_company_filters(world.connection)
    assert _filters(world)["VENDOR"] == before


def test_the_engine_then_reads_only_this_companys_rows_and_rows_of_no_company(world):
    apply_default_company_filters(world.connection)
    world.account("Ours", **of_company(_this_company(world)))
    world.account("Theirs", **of_company(company_row(uuid.uuid4())))
    world.account("Nobody's")
    run_mapping_now(world.mapping("CUSTOMER"), full=True)
    assert sorted(row.data["Name"] for row in store.find("bc", "Customer")) == ["Nobody's", "Ours"]


def test_a_connection_without_a_business_central_company_is_refused_with_a_clear_message(world):
    world.connection.bc_company_id = None
    world.connection.save()
    before = _filters(world)
    with pytest.raises(MultiCompanyRefused, match=NO_COMPANY):
        apply_default_company_filters(world.connection)
    assert company_filter_notes(world.connection) == [
        f"The company filter was not added to the Integration Table Filters: {NO_COMPANY}"
    ]
    assert _filters(world) == before and not store.find("dataverse", "cdm_company")


def test_a_connection_without_company_scoped_mappings_needs_no_company(world):
    TableMapping.objects.filter(connection=world.connection, name__in=SCOPED).update(filter_by_company=False)
    world.connection.bc_company_id = None
    world.connection.save()
    assert apply_default_company_filters(world.connection) == 0
    assert not store.find("dataverse", "cdm_company")
