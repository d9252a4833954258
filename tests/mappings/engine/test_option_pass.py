"""The option pass of PAYMENT TERMS, SHIPMENT METHOD and SHIPPING AGENT (sync_engine §2.10) against the sandbox."""

import uuid
from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse

from mappings.choices import Direction
from mappings.models import Coupling, OptionMapping, TableMapping
from sandbox import store
from sandbox.bc import service as bc_service
from sandbox.dataverse import option_sets
from sandbox.dataverse.schema import table_named
from synclog.choices import JobStatus, PassDirection
from synclog.models import SyncError, SyncJob
from tests.mappings.engine.world import age_records, bc_create, bc_row, bc_update, sales_row

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

FREIGHT = ("account", "address1_freighttermscode")


def _options(table: str, column: str) -> dict[int, str]:
    table_ = table_named(table)
    return option_sets.options_of(table_, table_.column(column))


def _counts(result) -> tuple[int, int, int, int, int]:
    c = result.counters
    return c.inserted, c.modified, c.unchanged, c.coupled, c.failed


def _relabel(table: str, column: str, value: int, label: str) -> None:
    """A Sales customizer renames an option (what UpdateOptionValue stores)."""
    option_sets._store_option(table_named(table), table_named(table).column(column), value, label)


def _from_sales(world, name: str) -> None:
    TableMapping.objects.filter(pk=world.mapping(name).pk).update(direction=Direction.FROM_INTEGRATION)


def test_a_bc_code_without_an_option_creates_one_option_labelled_with_the_code_and_a_row(world):
    cfr = bc_create("Shipment Method", {"Code": "CFR", "Description": "Cost and Freight"})
    (result,) = world.run("SHIPMENT METHOD")
    assert (result.direction, _counts(result)) == (PassDirection.TO_INTEGRATION, (1, 0, 0, 0, 0))
    row = OptionMapping.objects.get()
    assert (row.bc_code, row.bc_system_id, _options(*FREIGHT)[row.option_value]) == ("CFR", cfr, "CFR")
    assert SyncJob.objects.get(pk=result.job_id).status == JobStatus.SUCCESS


def test_the_new_option_is_added_to_the_sales_order_column_with_the_same_value(world):
    bc_create("Shipment Method", {"Code": "CFR", "Description": "Cost and Freight"})
    world.run("SHIPMENT METHOD")
    value = OptionMapping.objects.get().option_value
    assert _options("salesorder", "freighttermscode")[value] == "CFR"


def test_a_second_run_creates_nothing_and_counts_the_code_unchanged(world):
    bc_create("Shipment Method", {"Code": "CFR", "Description": "Cost and Freight"})
    world.run("SHIPMENT METHOD")
    before = _options(*FREIGHT)
    (result,) = world.run("SHIPMENT METHOD")
    assert _counts(result) == (0, 0, 1, 0, 0)
    assert (_options(*FREIGHT), OptionMapping.objects.count()) == (before, 1)


def test_an_existing_sales_label_is_matched_ignoring_case_not_duplicated(world):
    bc_create("Shipping Agent", {"Code": "FEDEX", "Name": "Federal Express"})
    before = _options("account", "address1_shippingmethodcode")
    (result,) = world.run("SHIPPING AGENT")
    assert _counts(result) == (0, 0, 0, 1, 0)
    assert OptionMapping.objects.get().option_value == 3  # Sales' "FedEx"
    assert _options("account", "address1_shippingmethodcode") == before


def test_a_renamed_bc_code_relabels_its_option(world):
    days = bc_create("Payment Terms", {"Code": "14 DAYS", "Description": "Net 14 days"})
    world.run("PAYMENT TERMS")
    value = OptionMapping.objects.get().option_value
    age_records()
    bc_update("Payment Terms", days, {"Code": "14D"})
    (result,) = world.run("PAYMENT TERMS")
    assert _counts(result) == (0, 1, 0, 0, 0)
    assert _options("account", "paymenttermscode")[value] == "14D"
    assert OptionMapping.objects.get().bc_code == "14D"


def test_a_new_sales_option_creates_a_bc_record_with_the_label_in_capitals_cut_to_ten(world):
    _from_sales(world, "SHIPMENT METHOD")
    (result,) = world.run("SHIPMENT METHOD")
    assert (result.direction, _counts(result)) == (PassDirection.FROM_INTEGRATION, (2, 0, 0, 0, 0))
    codes = {row.bc_code: row.option_value for row in OptionMapping.objects.all()}
    assert codes == {"FOB": 1, "NO CHARGE": 2}
    system_id = OptionMapping.objects.get(bc_code="NO CHARGE").bc_system_id
    assert {"Code": "NO CHARGE", "Description": "No Charge"}.items() <= bc_row("Shipment Method", system_id).items()


def test_an_existing_bc_code_is_coupled_to_the_sales_option_not_created_again(world):
    fob = bc_create("Shipment Method", {"Code": "FOB", "Description": "Free on Board"})
    _from_sales(world, "SHIPMENT METHOD")
    (result,) = world.run("SHIPMENT METHOD")
    assert _counts(result) == (1, 0, 0, 1, 0)
    assert OptionMapping.objects.get(option_value=1).bc_system_id == fob
    assert len(store.find("bc", "Shipment Method")) == 2


def test_a_relabelled_sales_option_renames_the_bc_code(world):
    _from_sales(world, "SHIPMENT METHOD")
    world.run("SHIPMENT METHOD")
    _relabel(*FREIGHT, 2, "Free Carrier")
    (result,) = world.run("SHIPMENT METHOD")
    assert _counts(result) == (0, 1, 1, 0, 0)
    row = OptionMapping.objects.get(option_value=2)
    assert (row.bc_code, bc_row("Shipment Method", row.bc_system_id)["Code"]) == ("FREE CARRI", "FREE CARRI")


def test_a_failing_value_is_logged_with_the_bc_code_its_system_id_and_the_option_value(world):
    _from_sales(world, "SHIPMENT METHOD")
    _relabel(*FREIGHT, 2, "fob")  # cut to a code, both options stand for FOB
    (result,) = world.run("SHIPMENT METHOD")
    assert _counts(result) == (1, 0, 0, 0, 1)
    error = SyncError.objects.get()
    fob = OptionMapping.objects.get(bc_code="FOB")
    assert (error.bc_table, error.bc_system_id, error.dataverse_table) == (
        "Shipment Method",
        fob.bc_system_id,
        ".".join(FREIGHT),
    )
    assert error.message == (
        "Shipment Method FOB ↔ account.address1_freighttermscode option value 2: "
        f"Shipment Method FOB is already mapped to option value {fob.option_value}."
    )


def _refused_rename(world) -> uuid.UUID:
    """NO CHARGE's option is relabelled EXW, a code BC already has (unmapped): BC refuses every rename."""
    _from_sales(world, "SHIPMENT METHOD")
    world.run("SHIPMENT METHOD")
    exw = bc_create("Shipment Method", {"Code": "EXW", "Description": "Ex Works"})
    _relabel(*FREIGHT, 2, "EXW")
    return exw


def _shipment_counters(world):
    return world.run("SHIPMENT METHOD")[0].counters


def _time_passes() -> None:
    """An hour passes: the sandbox's records and the log's jobs move back, so a change made now is later."""
    age_records()
    SyncJob.objects.update(started_at=F("started_at") - timedelta(hours=1))


def test_a_mapped_value_failing_twice_with_the_same_message_is_skipped(world):
    _refused_rename(world)
    first, second, third = (_shipment_counters(world) for _ in range(3))
    assert (first.failed, second.failed, third.failed, third.skipped) == (1, 1, 0, 1)
    assert "did not rename Shipment Method NO CHARGE to EXW" in SyncError.objects.first().message
    assert OptionMapping.objects.get(option_value=2).bc_code == "NO CHARGE"


def test_a_first_failure_records_failure_job_and_error_on_the_row_without_skipping_it(world):
    _refused_rename(world)
    (result,) = world.run("SHIPMENT METHOD")
    row = OptionMapping.objects.get(option_value=2)
    error = SyncError.objects.get()
    assert (row.last_result_from, row.last_job_from_id, row.last_error_from) == (
        "failure",
        result.job_id,
        error.message,
    )
    assert (row.skipped, row.last_result_to) == (False, "")


def test_the_skip_rule_reads_the_row_not_the_log_whose_entries_may_be_deleted(world):
    _refused_rename(world)
    _shipment_counters(world)
    SyncError.objects.all().delete()  # Delete All Entries on the Integration Errors page
    second = _shipment_counters(world)
    row = OptionMapping.objects.get(option_value=2)
    last_job = SyncJob.objects.filter(mapping_name="SHIPMENT METHOD").latest("pk")
    assert (second.failed, row.skipped, row.last_job_from_id) == (1, True, last_job.pk)


def test_a_skipped_value_is_retried_when_its_bc_record_changes(world):
    _refused_rename(world)
    _shipment_counters(world), _shipment_counters(world)
    _time_passes()
    bc_update("Shipment Method", OptionMapping.objects.get(option_value=2).bc_system_id, {"Description": "Nothing"})
    retried, left_out = _shipment_counters(world), _shipment_counters(world)
    assert (retried.failed, retried.skipped, left_out.failed, left_out.skipped) == (1, 0, 0, 1)


def test_a_restored_value_is_retried_and_a_success_clears_skipped_and_the_error(world):
    exw = _refused_rename(world)
    _shipment_counters(world), _shipment_counters(world)
    OptionMapping.objects.get(option_value=2).restore()
    bc_service.delete("Shipment Method", exw)  # the administrator removes the record in the way
    (result,) = world.run("SHIPMENT METHOD")
    row = OptionMapping.objects.get(option_value=2)
    assert (result.counters.modified, row.bc_code, row.skipped) == (1, "EXW", False)
    assert (row.last_result_from, row.last_error_from, row.last_job_from_id) == ("success", "", result.job_id)


def test_a_code_another_option_holds_is_refused_before_bc_is_asked(world):
    _from_sales(world, "SHIPMENT METHOD")
    world.run("SHIPMENT METHOD")
    no_charge = OptionMapping.objects.get(option_value=2)
    _relabel(*FREIGHT, 2, "FOB")
    (result,) = world.run("SHIPMENT METHOD")
    assert result.counters.failed == 1
    assert SyncError.objects.get().message.endswith("Shipment Method FOB is already mapped to option value 1.")
    assert bc_row("Shipment Method", no_charge.bc_system_id)["Code"] == "NO CHARGE"


def test_a_synchronized_value_records_success_its_job_and_the_bc_records_stamp(world):
    cfr = bc_create("Shipment Method", {"Code": "CFR", "Description": "Cost and Freight"})
    (result,) = world.run("SHIPMENT METHOD")
    row = OptionMapping.objects.get()
    assert (row.last_result_to, row.last_job_to_id, row.skipped) == ("success", result.job_id, False)
    assert row.bc_modified_on == store.get("bc", "Shipment Method", cfr).modified_at


def test_a_bc_record_changed_after_its_last_synch_is_relabelled_even_if_its_code_is_the_same(world):
    cfr = bc_create("Shipment Method", {"Code": "CFR", "Description": "Cost and Freight"})
    world.run("SHIPMENT METHOD")
    value = OptionMapping.objects.get().option_value
    _relabel(*FREIGHT, value, "Cost & Freight")  # someone renamed the option in Sales
    age_records()
    bc_update("Shipment Method", cfr, {"Description": "Cost and freight"})
    (result,) = world.run("SHIPMENT METHOD")
    assert (_counts(result), _options(*FREIGHT)[value]) == ((0, 1, 0, 0, 0), "CFR")


def test_after_the_option_pass_a_customer_with_shipment_method_cfr_carries_its_freight_terms_value(world):
    bc_create("Shipment Method", {"Code": "CFR", "Description": "Cost and Freight"})
    bc_create("Shipping Agent", {"Code": "UPS", "Name": "UPS Parcel Service"})
    customer = bc_create(
        "Customer", {"Name": "Freight Customer", "Shipment Method Code": "CFR", "Shipping Agent Code": "UPS"}
    )
    world.run("SHIPMENT METHOD")
    world.run("SHIPPING AGENT")
    to_dataverse, _ = world.run("CUSTOMER", full=True)
    assert to_dataverse.counters.failed == 0, list(SyncError.objects.values_list("message", flat=True))
    account = sales_row("account", Coupling.objects.get(bc_system_id=customer).dataverse_id)
    cfr = OptionMapping.objects.get(bc_code="CFR").option_value
    assert (account["address1_freighttermscode"], account["address1_shippingmethodcode"]) == (cfr, 4)


def test_a_value_the_pass_skipped_is_listed_on_skipped_records_and_retry_there_brings_it_back(world, admin_client):
    _refused_rename(world)
    _shipment_counters(world), _shipment_counters(world)
    row = OptionMapping.objects.get(option_value=2)
    page = admin_client.get(reverse("synclog:skipped")).content.decode()
    assert f'name="option_ids" value="{row.pk}"' in page and "did not rename Shipment Method NO CHARGE to EXW" in page
    admin_client.post(reverse("synclog:skipped_retry"), {"option_ids": [row.pk]})
    assert _shipment_counters(world).failed == 1
