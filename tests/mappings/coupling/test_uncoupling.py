"""Uncoupling clears the Dataverse row's company first, keeps the coupling when that write fails, and takes an
account's person contacts along (sync_engine §4.3)."""

import uuid

import pytest

from mappings.models import Coupling, TableMapping
from mappings.services.coupling_jobs import uncouple_records
from mappings.services.sync_actions import uncouple_all
from sandbox import store
from sandbox.dataverse import service as dataverse
from sandbox.dataverse.schema import table_named
from sandbox.demo import credentials as demo
from synclog.models import SyncError

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def company(world) -> uuid.UUID:
    body = {"cdm_name": "CRONUS", "bcbi_externalid": str(demo.COMPANY_ID)}
    return dataverse.create(table_named("cdm_company"), body, caller_id=demo.ADMIN_USER_ID).row_id


def _of(company: uuid.UUID) -> dict:
    return {"bcbi_companyid@odata.bind": f"/cdm_companies({company})"}


def _company_of(table: str, row_id) -> str | None:
    return store.get("dataverse", table, row_id).data.get("_bcbi_companyid_value")


def test_uncoupling_clears_the_rows_company_then_removes_the_coupling(world, company, run_tasks):
    mapping = world.mapping("CUSTOMER")
    adatum, account = world.customer("Adatum"), world.account("Adatum", **_of(company))
    world.coupling(mapping, adatum, account)
    with run_tasks():
        job = uncouple_records(mapping, bc_ids=[adatum])
    job.refresh_from_db()
    assert (job.status, job.modified, job.uncoupled, job.failed) == ("success", 1, 1, 0)
    assert _company_of("account", account) is None and not Coupling.objects.exists()


def test_a_refused_company_reset_keeps_the_coupling_and_logs_bcs_message(world, company, run_tasks):
    mapping = TableMapping.objects.get(connection=world.connection, dataverse_table="invoice", parent_name="")
    body = {"name": "PS-INV103001", "statecode": 2, "statuscode": 7, **_of(company)}
    invoice = dataverse.create(table_named("invoice"), body, caller_id=demo.ADMIN_USER_ID).row_id
    bc_id = uuid.uuid4()
    world.coupling(mapping, bc_id, invoice)
    with run_tasks():
        job = uncouple_records(mapping, bc_ids=[bc_id])
    job.refresh_from_db()
    assert (job.status, job.uncoupled, job.failed) == ("error", 0, 1)
    error = SyncError.objects.get(job=job)
    assert error.message.startswith(f"Uncoupling {mapping.bc_table} {bc_id} failed because of the following error: ")
    assert (error.bc_system_id, error.dataverse_row_id) == (bc_id, invoice)
    assert Coupling.objects.filter(dataverse_id=invoice).exists() and _company_of("invoice", invoice) == str(company)


def test_uncoupling_a_customers_account_also_uncouples_its_person_contacts(world, company, run_tasks):
    customer_mapping, contact_mapping = world.mapping("CUSTOMER"), world.mapping("CONTACT")
    adatum, account = world.customer("Adatum"), world.account("Adatum", **_of(company))
    body = {"lastname": "Rosenberg", "parentcustomerid_account@odata.bind": f"/accounts({account})", **_of(company)}
    contact = dataverse.create(table_named("contact"), body, caller_id=demo.ADMIN_USER_ID).row_id
    world.coupling(customer_mapping, adatum, account)
    world.coupling(contact_mapping, uuid.uuid4(), contact)
    unrelated = world.coupling(contact_mapping, uuid.uuid4(), uuid.uuid4())
    with run_tasks():
        job = uncouple_records(customer_mapping, bc_ids=[adatum])
    job.refresh_from_db()
    assert (job.uncoupled, job.modified) == (2, 2)
    assert list(Coupling.objects.values_list("pk", flat=True)) == [unrelated.pk]
    assert _company_of("contact", contact) is None


def test_uncouple_all_clears_every_rows_company(world, company, run_tasks):
    mapping = world.mapping("CUSTOMER")
    accounts = [world.account(name, **_of(company)) for name in ("Adatum", "Trey")]
    for account in accounts:
        world.coupling(mapping, uuid.uuid4(), account)
    with run_tasks():
        job = uncouple_all(mapping)
    job.refresh_from_db()
    assert (job.uncoupled, job.modified) == (2, 2) and not Coupling.objects.exists()
    assert [_company_of("account", a) for a in accounts] == [None, None]
