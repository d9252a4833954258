"""Skipped Records, broken couplings: Restore Records and Delete Records, each confirmed first (sync_engine §3.3)."""

import httpx
import pytest
from django.urls import reverse

from bcsales.models import AuditEntry
from mappings.models import Coupling
from sandbox import store
from sandbox.bc import service as bc
from sandbox.dataverse import service as dataverse
from sandbox.dataverse.schema import table_named
from synclog.choices import JobType, PassDirection
from synclog.models import SyncJob
from tests.fixtures.sandbox import in_process_transport

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _broken(world, name: str, *, gone: str) -> Coupling:
    """A skipped coupling of which one side was deleted: ``gone`` is "bc" or "dataverse"."""
    coupling = world.coupling(world.mapping("CUSTOMER"), world.customer(name), world.account(name), skipped=True)
    if gone == "bc":
        bc.delete("Customer", coupling.bc_system_id)
    else:
        dataverse.delete(table_named("account"), coupling.dataverse_id)
    return coupling


def _account_exists(row_id) -> bool:
    return store.get("dataverse", "account", row_id) is not None


def test_restore_records_first_shows_what_it_will_do_and_changes_nothing(world, admin_client):
    coupling = _broken(world, "Adatum", gone="dataverse")
    response = admin_client.post(reverse("synclog:skipped_restore"), {"ids": [coupling.pk]})
    text = response.content.decode()
    assert "Restore Records?" in text
    assert f"Customer record {coupling.bc_system_id} gets a new row in Dynamics 365 Sales" in text
    assert Coupling.objects.filter(pk=coupling.pk).exists() and not SyncJob.objects.exists()


def test_restore_records_drops_the_broken_coupling_and_creates_the_missing_row(world, admin_client, run_tasks):
    coupling = _broken(world, "Adatum", gone="dataverse")
    with run_tasks():
        admin_client.post(reverse("synclog:skipped_restore"), {"ids": [coupling.pk], "confirmed": "1"})
    job = SyncJob.objects.get(job_type=JobType.SYNCHRONIZATION)
    assert (job.direction, job.inserted) == (PassDirection.TO_INTEGRATION, 1)
    restored = Coupling.objects.get(bc_system_id=coupling.bc_system_id)
    assert restored.dataverse_id != coupling.dataverse_id and _account_exists(restored.dataverse_id)


def test_delete_records_names_the_record_it_will_delete_before_deleting_it(world, admin_client):
    coupling = _broken(world, "Adatum", gone="bc")
    response = admin_client.post(reverse("synclog:skipped_delete_records"), {"ids": [coupling.pk]})
    assert f"account row {coupling.dataverse_id} is deleted in Dynamics 365 Sales" in response.content.decode()
    assert _account_exists(coupling.dataverse_id) and Coupling.objects.exists()


def test_delete_records_deletes_the_surviving_row_and_the_coupling_and_audits_it(world, admin_client):
    coupling = _broken(world, "Adatum", gone="bc")
    response = admin_client.post(
        reverse("synclog:skipped_delete_records"), {"ids": [coupling.pk], "confirmed": "1"}, follow=True
    )
    assert f"Deleted: account row {coupling.dataverse_id}." in response.content.decode()
    assert not _account_exists(coupling.dataverse_id) and not Coupling.objects.exists()
    assert AuditEntry.objects.get(action="Delete Records", detail__startswith="Deleted").target == (
        f"account row {coupling.dataverse_id}"
    )


def test_delete_records_deletes_the_surviving_bc_record(world, admin_client):
    coupling = _broken(world, "Trey Research", gone="dataverse")
    admin_client.post(reverse("synclog:skipped_delete_records"), {"ids": [coupling.pk], "confirmed": "1"})
    assert bc.find("Customer", Name="Trey Research") == [] and not Coupling.objects.exists()


class _NoDeletePrivilege(httpx.BaseTransport):
    """Dataverse as it answers an integration user whose role lacks the delete privilege."""

    def __init__(self) -> None:
        self.sandbox = in_process_transport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "DELETE" and "/sandbox/dataverse/" in request.url.path:
            error = {"code": "0x80040220", "message": "Principal user is missing prvDeleteAccount privilege."}
            return httpx.Response(403, json={"error": error}, request=request)
        return self.sandbox.handle_request(request)


def test_a_refused_dataverse_delete_keeps_row_and_coupling_with_bcs_message(world, admin_client, settings):
    coupling = _broken(world, "Adatum", gone="bc")
    settings.BCSALES_HTTP_TRANSPORT = _NoDeletePrivilege()
    response = admin_client.post(
        reverse("synclog:skipped_delete_records"), {"ids": [coupling.pk], "confirmed": "1"}, follow=True
    )
    assert "You do not have permission to delete entities in Dynamics 365 Sales." in response.content.decode()
    assert _account_exists(coupling.dataverse_id) and Coupling.objects.filter(pk=coupling.pk).exists()


def test_both_actions_leave_alone_a_pair_whose_records_both_exist(world, admin_client):
    coupling = world.coupling(world.mapping("CUSTOMER"), world.customer("Both"), world.account("Both"), skipped=True)
    for url in ("synclog:skipped_delete_records", "synclog:skipped_restore"):
        response = admin_client.post(reverse(url), {"ids": [coupling.pk], "confirmed": "1"}, follow=True)
        assert "1 record(s) were left alone" in response.content.decode()
    assert _account_exists(coupling.dataverse_id) and bc.find("Customer", Name="Both")
    assert Coupling.objects.filter(pk=coupling.pk).exists() and not SyncJob.objects.exists()


def test_a_viewer_cannot_delete_records(world, viewer_client):
    coupling = _broken(world, "Adatum", gone="bc")
    url = reverse("synclog:skipped_delete_records")
    assert viewer_client.post(url, {"ids": [coupling.pk], "confirmed": "1"}).status_code == 403
    assert _account_exists(coupling.dataverse_id) and Coupling.objects.exists()
