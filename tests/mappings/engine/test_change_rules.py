"""Option values, row versions and child mappings in a run (sync_engine §2.8, §2.9, §2.10, §2.11)."""

from datetime import timedelta

import pytest
from django_q.conf import Conf

from mappings.models import Coupling, FieldMapping, OptionMapping, TableMapping
from mappings.services.sync_actions import synchronize_now
from sandbox import store
from sandbox.models import SandboxRecord
from synclog.models import SyncError, SyncJob
from tests.mappings.engine.world import bc_create, sales_row, sales_update

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _account_of(bc_id):
    return sales_row("account", Coupling.objects.get(bc_table="Customer", bc_system_id=bc_id).dataverse_id)


def test_a_blank_bc_code_goes_to_sales_as_no_option_even_without_option_mappings(world):
    TableMapping.objects.filter(connection=world.connection).exclude(dataverse_option_field="").delete()
    blank = bc_create("Customer", {"Name": "No Terms", "Shipment Method Code": "", "Payment Terms Code": ""})
    to_dataverse, _ = world.run("CUSTOMER", full=True)
    assert (to_dataverse.counters.inserted, to_dataverse.counters.failed) == (4, 0)
    account = _account_of(blank)
    assert (account.get("address1_freighttermscode"), account.get("paymenttermscode")) == (None, None)


def test_a_code_goes_to_sales_as_its_option_value_and_an_unmapped_code_fails(world):
    bc_create("Shipment Method", {"Code": "EXW", "Description": "Ex Works"})
    bc_create("Shipment Method", {"Code": "CIF", "Description": "Cost Insurance Freight"})
    shipment = world.mapping("SHIPMENT METHOD")
    OptionMapping.objects.create(table_mapping=shipment, bc_code="EXW", option_value=200000, option_caption="EXW")
    mapped = bc_create("Customer", {"Name": "Ex Works Ltd", "Shipment Method Code": "EXW"})
    unmapped = bc_create("Customer", {"Name": "Freight Ltd", "Shipment Method Code": "CIF"})
    to_dataverse, _ = world.run("CUSTOMER", full=True)
    assert (to_dataverse.counters.inserted, to_dataverse.counters.failed) == (4, 1)
    assert _account_of(mapped)["address1_freighttermscode"] == 200000
    error = SyncError.objects.get()
    assert (error.bc_system_id, error.message) == (
        unmapped,
        "Shipment Method Code CIF must be coupled to a record in Dynamics 365 Sales.",
    )


def test_a_sales_change_in_the_same_second_as_our_write_is_still_a_change(world):
    """Dataverse's modifiedon has whole seconds; the row version tells our write from a later one."""
    world.run("CUSTOMER", full=True)
    customer = store.find("bc", "Customer", **{"Name": "Customer 1"})[0]
    coupling = Coupling.objects.get(bc_table="Customer", bc_system_id=customer.row_id)
    assert coupling.dataverse_version is not None
    sales_update("account", coupling.dataverse_id, {"telephone1": "+1 555 0123"})
    # The change lands in the very second of our write: by modifiedon alone it would look unchanged.
    SandboxRecord.objects.using("sandbox").filter(row_id=coupling.dataverse_id).update(
        modified_at=coupling.dataverse_modified_on + timedelta(milliseconds=300)
    )
    _, to_bc = world.run("CUSTOMER")
    assert (to_bc.counters.modified, to_bc.counters.unchanged) == (1, 0)
    assert store.get("bc", "Customer", customer.row_id).data["Phone No."] == "+1 555 0123"


def test_a_child_mapping_runs_with_its_parent_in_a_queued_full_synchronization(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(Conf, "SYNC", True)
    contact = world.mapping("CONTACT")
    contact.parent_mapping = world.mapping("CUSTOMER")
    contact.save(update_fields=["parent_mapping"])
    with django_capture_on_commit_callbacks(execute=True):
        queued = synchronize_now(world.mapping("CUSTOMER"), full=True)
    jobs = SyncJob.objects.filter(run_id=queued.run_id).order_by("pk")
    assert [(j.mapping_name, j.direction) for j in jobs] == [
        ("CUSTOMER", "ToIntegrationTable"),
        ("CUSTOMER", "FromIntegrationTable"),
        ("CONTACT", "ToIntegrationTable"),
        ("CONTACT", "FromIntegrationTable"),
    ]
    assert jobs[0].pk == queued.pk and jobs[0].inserted == 3


def test_the_engine_applies_the_transformation_rule_of_a_field_mapping(world):
    FieldMapping.objects.filter(table_mapping=world.mapping("CUSTOMER"), bc_field="Name").update(
        transformation_rule="Uppercase"
    )
    customer = bc_create("Customer", {"Name": "Fabrikam Inc."})
    world.run("CUSTOMER", full=True)
    assert _account_of(customer)["name"] == "FABRIKAM INC."
