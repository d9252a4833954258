"""Skipped Records: the list with both records' existence, Retry, Synchronize, Remove Coupling, Find for Deleted."""

import pytest
from django.urls import reverse

from mappings.models import Coupling
from sandbox.bc import service as bc
from synclog.choices import JobType

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _skipped(world, name="Adatum", **values) -> Coupling:
    return Coupling.objects.create(
        connection=world.connection,
        mapping_name="CUSTOMER",
        bc_table="Customer",
        bc_system_id=world.customer(name),
        dataverse_table="account",
        dataverse_id=world.account(name),
        skipped=True,
        last_result_to="failure",
        last_error_to="Salesperson XX must be coupled.",
        **values,
    )


def test_the_list_shows_the_error_and_whether_both_records_exist(world, viewer_client):
    coupling = _skipped(world)
    bc.delete("Customer", coupling.bc_system_id)
    text = viewer_client.get(reverse("synclog:skipped")).content.decode()
    assert "Salesperson XX must be coupled." in text
    row = text.split(str(coupling.bc_system_id))[-1]
    assert row.index("<td>No</td>") < row.index("<td>Yes</td>"), row[:800]


def test_retry_restores_the_selected_records_without_running_anything(world, admin_client):
    first, second = _skipped(world, "Adatum"), _skipped(world, "Trey")
    response = admin_client.post(reverse("synclog:skipped_retry"), {"ids": [first.pk]}, follow=True)
    assert "The record has been restored for synchronization." in response.content.decode()
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.skipped, first.last_result_to, second.skipped) == (False, "failure", True)


def test_retry_without_a_selection_says_what_to_do(world, admin_client):
    response = admin_client.post(reverse("synclog:skipped_retry"), {"ids": ["x"]}, follow=True)
    assert "Select one or more skipped records first." in response.content.decode()


def test_synchronize_unskips_and_schedules_a_job_per_mapping(world, admin_client):
    coupling = _skipped(world)
    admin_client.post(reverse("synclog:skipped_synchronize"), {"ids": [coupling.pk], "direction": "ToIntegrationTable"})
    coupling.refresh_from_db()
    assert not coupling.skipped
    assert coupling.connection.sync_jobs.get().job_type == JobType.SYNCHRONIZATION


def test_synchronize_needs_a_direction(world, admin_client):
    coupling = _skipped(world)
    response = admin_client.post(
        reverse("synclog:skipped_synchronize"), {"ids": [coupling.pk], "direction": "up"}, follow=True
    )
    assert "Choose the direction to synchronize in." in response.content.decode()
    assert Coupling.objects.get().skipped


def test_remove_coupling_runs_an_uncoupling_job(world, admin_client, run_tasks):
    coupling = _skipped(world)
    with run_tasks():
        admin_client.post(reverse("synclog:skipped_remove_coupling"), {"ids": [coupling.pk]})
    assert not Coupling.objects.exists()
    assert world.connection.sync_jobs.get().job_type == JobType.UNCOUPLING


def test_find_for_deleted_marks_couplings_whose_record_is_gone(world, admin_client):
    alive = Coupling.objects.create(
        connection=world.connection,
        bc_table="Customer",
        bc_system_id=world.customer("Alive"),
        dataverse_table="account",
        dataverse_id=world.account("Alive"),
    )
    gone = Coupling.objects.create(
        connection=world.connection,
        bc_table="Customer",
        bc_system_id=world.customer("Gone"),
        dataverse_table="account",
        dataverse_id=world.account("Gone"),
    )
    bc.delete("Customer", gone.bc_system_id)
    admin_client.post(reverse("synclog:skipped_find_for_deleted"), {"mapping": world.mapping("CUSTOMER").pk})
    alive.refresh_from_db(), gone.refresh_from_db()
    assert (alive.skipped, gone.skipped) == (False, True)
    assert gone.last_error_from == "The Customer record no longer exists in Business Central."


def test_a_viewer_cannot_retry(world, viewer_client):
    coupling = _skipped(world)
    assert viewer_client.post(reverse("synclog:skipped_retry"), {"ids": [coupling.pk]}).status_code == 403
    assert Coupling.objects.get().skipped
