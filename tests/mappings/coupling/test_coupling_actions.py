"""Couple, Create New, Uncouple and Synchronize Now on chosen records, bad input included (sync_engine §4)."""

import uuid

import pytest
from django.urls import reverse

from mappings.models import Coupling
from mappings.services import coupling_actions as actions
from mappings.services.coupling_jobs import uncouple_records
from sandbox.dataverse import service as dataverse
from sandbox.dataverse.schema import table_named
from synclog.choices import JobType, PassDirection
from synclog.models import SyncJob

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])
TO = PassDirection.TO_INTEGRATION.value


def _couple(world, bc_id, row_id, **options):
    return actions.couple_record(world.mapping("CUSTOMER"), bc_id=bc_id, dataverse_id=row_id, **options)


def test_couple_writes_the_coupling_and_schedules_the_chosen_synchronization(world):
    adatum, account = world.customer("Adatum"), world.account("Adatum Corporation")
    coupling, job = _couple(world, adatum, account, synchronize=TO)
    assert (coupling.bc_system_id, coupling.dataverse_id, coupling.mapping_name) == (adatum, account, "CUSTOMER")
    assert (job.job_type, job.status) == (JobType.SYNCHRONIZATION, "queued")


def test_coupling_again_replaces_the_previous_coupling(world):
    adatum = world.customer("Adatum")
    first, second = world.account("First"), world.account("Second")
    _couple(world, adatum, first)
    _couple(world, adatum, second)
    assert list(Coupling.objects.values_list("dataverse_id", flat=True)) == [second]


def test_a_row_coupled_to_another_record_is_refused(world):
    adatum, trey, account = world.customer("Adatum"), world.customer("Trey"), world.account("Shared")
    _couple(world, adatum, account)
    with pytest.raises(actions.CouplingRefused, match="already coupled to Customer record"):
        _couple(world, trey, account)
    assert Coupling.objects.get(dataverse_id=account).bc_system_id == adatum


def test_a_row_that_no_longer_exists_is_refused(world):
    adatum = world.customer("Adatum")
    with pytest.raises(actions.CouplingRefused, match="no longer exists in Dynamics 365 Sales"):
        _couple(world, adatum, uuid.uuid4())
    assert not Coupling.objects.exists()


def test_a_bc_record_that_no_longer_exists_is_refused(world):
    with pytest.raises(actions.CouplingRefused, match="no longer exists in Business Central"):
        _couple(world, uuid.uuid4(), world.account("Adatum"))


def test_a_row_outside_the_integration_table_filter_is_refused(world):
    vendor_account = world.account("Fabrikam", customertypecode=11)
    with pytest.raises(actions.CouplingRefused, match="filters applied to table mapping CUSTOMER"):
        _couple(world, world.customer("Fabrikam"), vendor_account)


def test_create_new_skips_records_already_validly_coupled(world):
    adatum, account = world.customer("Adatum"), world.account("Adatum")
    _couple(world, adatum, account)
    with pytest.raises(actions.CouplingRefused, match="already coupled"):
        actions.create_new(world.mapping("CUSTOMER"), bc_ids=[adatum])


def test_create_new_removes_a_coupling_whose_row_is_gone_and_queues_the_insert(world):
    adatum, account = world.customer("Adatum"), world.account("Adatum")
    _couple(world, adatum, account)
    dataverse.delete(table_named("account"), account)
    job = actions.create_new(world.mapping("CUSTOMER"), bc_ids=[adatum])
    assert job.status == "queued" and not Coupling.objects.exists()


def test_synchronize_now_leaves_out_uncoupled_and_skipped_records(world):
    adatum, trey, contoso = world.customer("Adatum"), world.customer("Trey"), world.customer("Contoso")
    _couple(world, adatum, world.account("Adatum"))
    coupling, _ = _couple(world, trey, world.account("Trey"))
    Coupling.objects.filter(pk=coupling.pk).update(skipped=True)
    report = actions.synchronize_selected(
        world.mapping("CUSTOMER"), bc_ids=[adatum, trey, contoso], direction=TO, confirmed=True
    )
    assert report.job is not None and [c.bc_system_id for c in report.scheduled] == [adatum]
    assert set(report.skipped) == {str(trey), str(contoso)}
    assert report.message.startswith("The synchronization has been scheduled for 1 of 3 records.")


def test_synchronize_now_asks_before_overwriting_newer_data(world, admin_client):
    adatum = world.customer("Adatum")
    _couple(world, adatum, world.account("Adatum"))
    url = reverse("mappings:coupled_synchronize", args=[world.mapping("CUSTOMER").pk])
    response = admin_client.post(url, {"bc_ids": [str(adatum)], "direction": TO})
    assert b"Overwrite newer data?" in response.content
    assert not SyncJob.objects.exists()
    admin_client.post(url, {"bc_ids": [str(adatum)], "direction": TO, "confirmed": "1"})
    assert SyncJob.objects.get().job_type == JobType.SYNCHRONIZATION


def test_uncouple_runs_as_a_job_that_reports_in_the_log(world, run_tasks):
    adatum, trey = world.customer("Adatum"), world.customer("Trey")
    _couple(world, adatum, world.account("Adatum"))
    with run_tasks():
        job = uncouple_records(world.mapping("CUSTOMER"), bc_ids=[adatum, trey])
    job.refresh_from_db()
    assert (job.job_type, job.status, job.uncoupled, job.skipped) == (JobType.UNCOUPLING, "success", 1, 1)
    assert not Coupling.objects.exists()


def test_a_viewer_posting_couple_changes_nothing(world, viewer_client):
    adatum, account = world.customer("Adatum"), world.account("Adatum")
    url = reverse("mappings:coupled_couple", args=[world.mapping("CUSTOMER").pk, adatum])
    assert viewer_client.post(url, {"dataverse_id": str(account)}).status_code == 403
    assert not Coupling.objects.exists()


def test_the_couple_form_reports_a_refusal(world, admin_client):
    adatum = world.customer("Adatum")
    url = reverse("mappings:coupled_couple", args=[world.mapping("CUSTOMER").pk, adatum])
    response = admin_client.post(url, {"dataverse_id": str(uuid.uuid4())}, follow=True)
    assert "no longer exists in Dynamics 365 Sales" in response.content.decode()
    response = admin_client.post(url, {"dataverse_id": "not-a-guid"}, follow=True)
    assert "Choose the account row to couple to, or tick Create New." in response.content.decode()
