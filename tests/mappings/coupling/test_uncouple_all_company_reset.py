"""Uncouple All also frees the rows inside the mapping's filter that still carry this company without a coupling
(BC's ResetStuckCompanyId, sync_engine §4.3); uncoupling chosen records does not."""

import uuid

import pytest

from mappings.choices import Direction
from mappings.models import TableMapping
from mappings.services.coupling_jobs import uncouple_records
from mappings.services.multi_company import apply_default_company_filters
from mappings.services.sync_actions import uncouple_all
from sandbox.dataverse import service as dataverse
from sandbox.dataverse.schema import table_named
from sandbox.demo import credentials as demo
from synclog.models import SyncError
from tests.mappings.companies import company_of, company_row, of_company

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def accounts(world) -> dict[str, uuid.UUID]:
    """Accounts of this company (coupled, stuck, a vendor's), of another company and of none; default filters on."""
    this, other = company_row(demo.COMPANY_ID), company_row(uuid.uuid4())
    apply_default_company_filters(world.connection)
    rows = {
        "coupled": world.account("Adatum", **of_company(this)),
        "stuck": world.account("Trey", **of_company(this)),
        "vendor": world.account("Fabrikam", customertypecode=11, **of_company(this)),
        "other": world.account("Litware", **of_company(other)),
        "none": world.account("Northwind"),
    }
    customer = world.customer("Adatum")
    world.coupling(world.mapping("CUSTOMER"), customer, rows["coupled"])
    return rows | {"customer": customer, "this": this, "other_company": other}


def test_uncouple_all_clears_this_company_on_rows_inside_the_filter_that_no_coupling_holds(world, accounts, run_tasks):
    with run_tasks():
        job = uncouple_all(world.mapping("CUSTOMER"))
    job.refresh_from_db()
    assert (job.status, job.uncoupled, job.modified, job.failed) == ("success", 1, 2, 0)
    assert company_of("account", accounts["coupled"]) is None and company_of("account", accounts["stuck"]) is None
    assert company_of("account", accounts["vendor"]) == str(accounts["this"])
    assert company_of("account", accounts["other"]) == str(accounts["other_company"])
    assert company_of("account", accounts["none"]) is None


def test_uncoupling_chosen_records_leaves_the_stuck_rows_alone(world, accounts, run_tasks):
    with run_tasks():
        job = uncouple_records(world.mapping("CUSTOMER"), bc_ids=[accounts["customer"]])
    job.refresh_from_db()
    assert (job.uncoupled, job.modified) == (1, 1)
    assert company_of("account", accounts["stuck"]) == str(accounts["this"])


def test_a_refused_reset_of_a_stuck_row_is_logged_with_its_row_id(world, run_tasks):
    company = company_row(demo.COMPANY_ID)
    mapping = TableMapping.objects.get(connection=world.connection, name="POSTEDSALESINV-INV")
    body = {"name": "PS-INV103001", "statecode": 2, "statuscode": 7, **of_company(company)}
    invoice = dataverse.create(table_named("invoice"), body, caller_id=demo.ADMIN_USER_ID).row_id
    with run_tasks():
        job = uncouple_all(mapping)
    job.refresh_from_db()
    assert (job.status, job.modified, job.failed) == ("error", 0, 1)
    error = SyncError.objects.get(job=job)
    prefix = f"Clearing the company of the uncoupled invoice {invoice} failed because of the following error: "
    assert error.message.startswith(prefix) and len(error.message) > len(prefix)
    assert (error.bc_system_id, error.dataverse_row_id) == (None, invoice)
    assert company_of("invoice", invoice) == str(company)


def test_a_mapping_that_only_reads_from_sales_never_clears_a_company(world, accounts, run_tasks):
    TableMapping.objects.filter(pk=world.mapping("CUSTOMER").pk).update(direction=Direction.FROM_INTEGRATION)
    with run_tasks():
        job = uncouple_all(world.mapping("CUSTOMER"))
    job.refresh_from_db()
    assert (job.uncoupled, job.modified) == (1, 0)
    assert company_of("account", accounts["stuck"]) == str(accounts["this"])
