"""Skipped Records lists skipped option values beside skipped couplings; Retry, Retry All, Synchronize and Delete
Couplings work on them (sync_engine §3.3)."""

import pytest
from django.urls import reverse

from mappings.models import Coupling, OptionMapping
from sandbox.bc import service as bc
from sandbox.dataverse import option_sets
from sandbox.dataverse.schema import table_named
from synclog.choices import JobType, PassDirection
from synclog.models import SyncJob

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

ERROR = "Payment Terms 14 DAYS ↔ account.paymenttermscode option value 200000: The label is refused."


def _skipped_option(world, code="14 DAYS", value=200000, **values) -> OptionMapping:
    mapping = world.mapping("PAYMENT TERMS")
    job = SyncJob.objects.create(connection=world.connection, mapping=mapping, mapping_name=mapping.name)
    return OptionMapping.objects.create(
        table_mapping=mapping,
        bc_code=code,
        bc_system_id=bc.create("Payment Terms", {"Code": code, "Description": "Net 14 days"}).row_id,
        option_value=value,
        option_caption=code,
        skipped=True,
        last_result_to="failure",
        last_job_to=job,
        last_error_to=ERROR,
        **values,
    )


def _skipped_coupling(world) -> Coupling:
    return Coupling.objects.create(
        connection=world.connection,
        mapping_name="CUSTOMER",
        bc_table="Customer",
        bc_system_id=world.customer("Adatum"),
        dataverse_table="account",
        dataverse_id=world.account("Adatum"),
        skipped=True,
        last_result_to="failure",
        last_error_to="Salesperson XX must be coupled.",
    )


def test_the_list_shows_a_skipped_option_value_with_code_value_caption_error_and_failed_on(world, viewer_client):
    option = _skipped_option(world)
    text = viewer_client.get(reverse("synclog:skipped")).content.decode()
    section = text.split("<h2>Skipped option values</h2>")[1]
    for expected in ("Payment Terms", "<code>14 DAYS</code>", "account.paymenttermscode", "200000", ERROR):
        assert expected in section
    assert reverse("synclog:job_detail", args=[option.last_job_to_id]) in section


def test_the_table_filter_offers_option_tables_and_applies_to_option_values(world, viewer_client):
    _skipped_option(world)
    _skipped_coupling(world)
    page = viewer_client.get(reverse("synclog:skipped")).content.decode()
    customers = viewer_client.get(reverse("synclog:skipped"), {"table": "Customer"}).content.decode()
    terms = viewer_client.get(reverse("synclog:skipped"), {"table": "Payment Terms"}).content.decode()
    assert "<option>Customer</option>" in page and "<option>Payment Terms</option>" in page
    assert ("Skipped option values" in customers, "Skipped option values" in terms) == (False, True)
    assert "Salesperson XX must be coupled." not in terms


def test_retry_restores_a_selected_option_value_and_keeps_its_failure(world, admin_client):
    chosen, other = _skipped_option(world), _skipped_option(world, code="7 DAYS", value=200001)
    response = admin_client.post(reverse("synclog:skipped_retry"), {"option_ids": [chosen.pk]}, follow=True)
    assert "The record has been restored for synchronization." in response.content.decode()
    chosen.refresh_from_db(), other.refresh_from_db()
    assert (chosen.skipped, chosen.last_result_to, other.skipped) == (False, "failure", True)


def test_retry_all_restores_skipped_couplings_and_option_values(world, admin_client):
    option, coupling = _skipped_option(world), _skipped_coupling(world)
    response = admin_client.post(reverse("synclog:skipped_retry_all"), follow=True)
    assert "2 records have been restored for synchronization." in response.content.decode()
    option.refresh_from_db(), coupling.refresh_from_db()
    assert (option.skipped, coupling.skipped) == (False, False)


def test_synchronize_unskips_an_option_value_and_runs_its_option_mapping_which_retries_it(
    world, admin_client, run_tasks
):
    option = _skipped_option(world)
    with run_tasks():
        admin_client.post(
            reverse("synclog:skipped_synchronize"),
            {"option_ids": [option.pk], "direction": PassDirection.FROM_INTEGRATION},
        )
    job = world.connection.sync_jobs.exclude(pk=option.last_job_to_id).get()
    option.refresh_from_db()
    assert (job.job_type, job.mapping_name, job.direction) == (
        JobType.SYNCHRONIZATION,
        "PAYMENT TERMS",
        PassDirection.TO_INTEGRATION,
    )
    assert (option.skipped, option.last_result_to, option.last_job_to_id, option.last_error_to) == (
        False,
        "success",
        job.pk,
        "",
    )
    account = table_named("account")
    assert option_sets.options_of(account, account.column("paymenttermscode"))[200000] == "14 DAYS"


def test_delete_couplings_removes_the_option_mapping_row_only(world, admin_client):
    option, other = _skipped_option(world), _skipped_option(world, code="7 DAYS", value=200001)
    response = admin_client.post(reverse("synclog:skipped_remove_coupling"), {"option_ids": [option.pk]}, follow=True)
    assert "1 option mapping(s) deleted; the next run maps those codes again." in response.content.decode()
    assert list(OptionMapping.objects.values_list("pk", flat=True)) == [other.pk]


def test_restore_records_with_only_option_values_selected_says_it_is_for_coupled_records(world, admin_client):
    option = _skipped_option(world)
    response = admin_client.post(reverse("synclog:skipped_restore"), {"option_ids": [option.pk]}, follow=True)
    assert "apply to coupled records, not to option values." in response.content.decode()
    assert OptionMapping.objects.get().skipped


def test_a_viewer_cannot_retry_or_delete_an_option_value(world, viewer_client):
    option = _skipped_option(world)
    for name in ("synclog:skipped_retry", "synclog:skipped_remove_coupling", "synclog:skipped_retry_all"):
        assert viewer_client.post(reverse(name), {"option_ids": [option.pk]}).status_code == 403
    assert OptionMapping.objects.get().skipped


def test_retry_refuses_a_post_without_the_csrf_token(world, admin_user):
    from django.test import Client

    option = _skipped_option(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.post(reverse("synclog:skipped_retry"), {"option_ids": [option.pk]}).status_code == 403
    assert OptionMapping.objects.get().skipped
