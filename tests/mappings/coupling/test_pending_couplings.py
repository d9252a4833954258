"""Couple against the pending couplings the engine records before it creates a counterpart, in both orders."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from mappings.models import Coupling, PendingCreate
from mappings.services import coupling_actions as actions
from mappings.services.sync_actions import run_mapping_now
from sandbox import store
from sandbox.dataverse import service as dataverse
from sandbox.dataverse.schema import table_named
from sandbox.demo import credentials as demo

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _pending(world, *, bc_id=None, row_id=None, since=None, match=None) -> Coupling:
    """What the engine leaves while it creates: a Dataverse row for ``bc_id``, or a BC record for ``row_id``."""
    return world.coupling(
        world.mapping("CUSTOMER"),
        bc_id,
        row_id or uuid.uuid4(),
        pending=PendingCreate.IN_DATAVERSE if bc_id else PendingCreate.IN_BC,
        pending_since=since,
        pending_match=match or {},
    )


def _couple(world, bc_id, row_id) -> Coupling:
    return actions.couple_record(world.mapping("CUSTOMER"), bc_id=bc_id, dataverse_id=row_id)[0]


def test_a_held_dataverse_create_whose_row_never_appeared_gives_way_to_couple(world):
    adatum, account = world.customer("Adatum"), world.account("Adatum")
    _pending(world, bc_id=adatum)
    coupling = _couple(world, adatum, account)
    assert list(Coupling.objects.values_list("bc_system_id", "dataverse_id", "pending")) == [(adatum, account, "")]
    assert coupling.dataverse_id == account


def test_a_dataverse_create_that_happened_refuses_couple_and_says_why(world):
    adatum, account = world.customer("Adatum"), world.account("Adatum")
    created = dataverse.create(
        table_named("account"), {"name": "Adatum (new)"}, caller_id=demo.ADMIN_USER_ID, row_id=uuid.uuid4()
    ).row_id
    pending = _pending(world, bc_id=adatum, row_id=created, since=timezone.now())
    with pytest.raises(actions.CouplingRefused, match=f"was created in Dynamics 365 Sales as account row {created}"):
        _couple(world, adatum, account)
    assert list(Coupling.objects.values_list("pk", flat=True)) == [pending.pk]


def test_a_held_bc_create_for_the_chosen_row_gives_way_to_couple(world):
    adatum, account = world.customer("Adatum"), world.account("Adatum")
    _pending(world, row_id=account)
    _couple(world, adatum, account)
    assert list(Coupling.objects.values_list("bc_system_id", "dataverse_id", "pending")) == [(adatum, account, "")]


def test_a_bc_create_that_happened_for_the_chosen_row_refuses_couple(world):
    since = timezone.now() - timedelta(minutes=1)
    account = world.account("Fabrikam")
    pending = _pending(world, row_id=account, since=since, match={"Name": "Fabrikam"})
    created = world.customer("Fabrikam")
    other = world.customer("Contoso")
    with pytest.raises(actions.CouplingRefused, match=f"was created in Business Central as Customer record {created}"):
        _couple(world, other, account)
    assert list(Coupling.objects.values_list("pk", flat=True)) == [pending.pk]


def test_a_synchronization_after_manual_coupling_creates_no_second_row(world):
    adatum, account = world.customer("Adatum"), world.account("Adatum")
    _couple(world, adatum, account)
    run_mapping_now(world.mapping("CUSTOMER"), full=True)
    assert list(Coupling.objects.values_list("bc_system_id", "dataverse_id", "pending")) == [(adatum, account, "")]
    assert len(store.find("dataverse", "account")) == 1
