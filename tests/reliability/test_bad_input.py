"""Bad input (issue 11.4): each case gives a clear message, and nothing is lost: the other records synchronize, and
once the cause is fixed the next run finishes the job without a duplicate."""

import pytest

from mappings.models import Coupling, FieldMapping, TableMapping
from sandbox import store
from synclog.choices import JobStatus
from synclog.models import SyncError, SyncJob
from tests.mappings.engine.world import age_records, bc_create, bc_update, sales_create, sales_update

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _accounts() -> list[str]:
    return sorted(row.data["name"] for row in store.find("dataverse", "account"))


def _customers() -> list[str]:
    return sorted(row.data["Name"] for row in store.find("bc", "Customer"))


def _everything_once() -> None:
    """Every BC customer and every account is coupled exactly once, with the same name on both sides."""
    assert _accounts() == _customers()
    assert len(set(_accounts())) == len(_accounts())
    assert Coupling.objects.filter(bc_table="Customer").count() == len(_accounts())


def test_a_wrong_secret_aborts_with_the_identity_platforms_words_and_a_later_run_loses_nothing(world):
    secret = world.connection.client_secret
    world.connection.client_secret = "a-wrong-secret"
    world.connection.save()
    with_wrong_secret, _ = world.run("CUSTOMER", full=True)
    assert "The client secret is wrong or has expired (AADSTS7000215)" in with_wrong_secret.message
    job = SyncJob.objects.get(pk=with_wrong_secret.job_id)
    assert "AADSTS7000215" in job.message and "a-wrong-secret" not in job.message + job.details
    assert _accounts() == []
    world.connection.client_secret = secret
    world.connection.save()
    fixed, _ = world.run("CUSTOMER", full=True)
    assert fixed.counters.inserted == 3
    _everything_once()


def test_an_invalid_stored_filter_aborts_the_pass_with_the_parsers_message_and_a_fixed_one_runs(world):
    TableMapping.objects.filter(name="CUSTOMER").update(bc_table_filter="name eq")
    refused, _ = world.run("CUSTOMER", full=True)
    assert "HTTP 400 BadRequest: Syntax error in $filter '(name eq)'" in refused.message
    assert SyncJob.objects.get(pk=refused.job_id).status == JobStatus.ABORTED and _accounts() == []
    TableMapping.objects.filter(name="CUSTOMER").update(bc_table_filter="")
    fixed, _ = world.run("CUSTOMER", full=True)
    assert fixed.counters.inserted == 3
    _everything_once()


@pytest.mark.parametrize(
    "column, message",
    [
        ("nosuchcolumn", "Could not find a property named 'nosuchcolumn' on type 'Microsoft.Dynamics.CRM.account'."),
        (
            "numberofemployees",
            "Error identified in Payload provided by the user for Entity :'accounts', For more information on this "
            "error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  "
            "InnerException : Microsoft.OData.ODataException: Cannot convert the literal 'Seattle' to the expected "
            "type 'Edm.Int32'.",
        ),
    ],
)
def test_a_field_mapping_to_a_missing_or_mistyped_column_fails_each_record_by_name_and_a_fix_loses_nothing(
    world, column, message
):
    bad = FieldMapping.objects.create(
        table_mapping=world.mapping("CUSTOMER"), bc_field="City", dataverse_field=column, direction="ToIntegrationTable"
    )
    refused, _ = world.run("CUSTOMER", full=True)
    assert refused.counters.failed == 3
    assert set(SyncError.objects.values_list("message", flat=True)) == {message}
    assert SyncError.objects.filter(bc_system_id__isnull=False).count() == 3
    bad.delete()
    fixed, _ = world.run("CUSTOMER", full=True)
    assert fixed.counters.inserted == 3
    _everything_once()


def test_a_value_too_long_for_business_central_fails_that_record_only_and_flows_once_shortened(world):
    account = sales_create("account", {"name": "A" * 150, "customertypecode": 3})
    to_dataverse, to_bc = world.run("CUSTOMER", full=True)
    assert (to_dataverse.counters.inserted, to_bc.counters.failed) == (3, 1)
    error = SyncError.objects.get()
    assert error.message.startswith("The length of the string is 150, but it must be less than or equal to 100")
    assert error.dataverse_row_id == account
    sales_update("account", account, {"name": "Shortened"})
    _, retried = world.run("CUSTOMER", full=True)
    assert retried.counters.inserted == 1
    _everything_once()


def test_a_lookup_to_an_uncoupled_record_fails_that_record_and_flows_once_the_record_is_coupled(world):
    euro = bc_create("Customer", {"Name": "Euro Customer", "Currency Code": "EUR"})
    to_dataverse, _ = world.run("CUSTOMER", full=True)
    assert (to_dataverse.counters.inserted, to_dataverse.counters.failed) == (3, 1)
    error = SyncError.objects.get()
    assert (error.message, error.bc_system_id) == (
        "Currency Code EUR must be coupled to a record in Dynamics 365 Sales.",
        euro,
    )
    body = {"isocurrencycode": "EUR", "currencyname": "Euro", "currencysymbol": "€", "exchangerate": 0.9}
    currency = sales_create("transactioncurrency", body | {"currencyprecision": 2})
    eur = store.find("bc", "Currency", **{"Code": "EUR"})[0].row_id
    Coupling.objects.create(
        connection=world.connection, bc_table="Currency", bc_system_id=eur, dataverse_table="transactioncurrency",
        dataverse_id=currency,
    )  # fmt: skip
    # A record that never got a coupling is not on the retry list; the next full synchronization reads it again.
    retried, _ = world.run("CUSTOMER", full=True)
    assert retried.counters.inserted == 1
    _everything_once()


def test_a_bc_record_renamed_keeps_its_coupling_and_updates_the_same_row(world):
    age_records()
    world.run("CUSTOMER", full=True)
    age_records()
    customer = store.find("bc", "Customer", **{"Name": "Customer 1"})[0]
    coupling = Coupling.objects.get(bc_system_id=customer.row_id)
    bc_update("Customer", customer.row_id, {"No.": "RENAMED", "Name": "Customer 1 renamed"})
    to_dataverse, _ = world.run("CUSTOMER")
    assert (to_dataverse.counters.modified, to_dataverse.counters.inserted) == (1, 0)
    assert store.get("dataverse", "account", coupling.dataverse_id).data["name"] == "Customer 1 renamed"
    _everything_once()


def test_a_dataverse_row_deleted_under_a_coupling_fails_naming_both_ids_and_restore_records_recreates_it_once(world):
    age_records()
    world.run("CUSTOMER", full=True)
    age_records()
    coupling = Coupling.objects.order_by("id").first()
    store.delete("dataverse", "account", coupling.dataverse_id)
    bc_update("Customer", coupling.bc_system_id, {"City": "Redmond"})
    to_dataverse, _ = world.run("CUSTOMER")
    assert to_dataverse.counters.failed == 1
    error = SyncError.objects.get()
    assert error.message == "The record cannot be updated because it is coupled to a deleted record."
    assert (error.bc_system_id, error.dataverse_row_id) == (coupling.bc_system_id, coupling.dataverse_id)
    TableMapping.objects.filter(name="CUSTOMER").update(deletion_conflict_resolution="RestoreRecords")
    world.run("CUSTOMER")
    _everything_once()
    assert Coupling.objects.get(bc_system_id=coupling.bc_system_id).dataverse_id != coupling.dataverse_id
