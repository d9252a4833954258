"""A record whose first insert failed is retried by the next incremental run, not only by a full synchronization
(DESIGN.md "Errors"): it is held as a failed pending coupling that the retry list reads back."""

import uuid

import pytest

from mappings.models import Coupling, SynchResult
from synclog.models import SyncError
from tests.mappings.engine.test_lookup_rules import _couple_eur
from tests.mappings.engine.world import age_records, bc_create, sales_rows

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _euro_accounts() -> list[uuid.UUID]:
    return [row.row_id for row in sales_rows("account") if row.data.get("name") == "Euro Customer"]


def _fail_once(world) -> uuid.UUID:
    euro = bc_create("Customer", {"Name": "Euro Customer", "Currency Code": "EUR"})
    first, _ = world.run("CUSTOMER", full=True)  # the default mapping synchronizes only coupled records
    assert (first.counters.inserted, first.counters.failed) == (3, 1)
    age_records()
    return euro


def test_a_failed_first_insert_is_retried_by_the_next_incremental_run_and_inserted_once(world):
    euro = _fail_once(world)
    held = Coupling.objects.get(bc_table="Customer", bc_system_id=euro)
    assert (held.is_pending, held.last_result_to, held.skipped) == (True, SynchResult.FAILURE, False)
    _couple_eur(world)
    second, _ = world.run("CUSTOMER")
    assert (second.counters.inserted, second.counters.failed) == (1, 0)
    coupling = Coupling.objects.get(bc_table="Customer", bc_system_id=euro)
    assert (coupling.is_pending, coupling.last_result_to, coupling.dataverse_id) == (
        False,
        SynchResult.SUCCESS,
        held.dataverse_id,
    )
    assert _euro_accounts() == [held.dataverse_id]
    age_records()
    third, _ = world.run("CUSTOMER")
    assert (third.counters.inserted, third.counters.failed, len(_euro_accounts())) == (0, 0, 1)


def test_the_same_insert_error_twice_in_a_row_marks_the_uncoupled_record_skipped(world):
    euro = _fail_once(world)
    second, _ = world.run("CUSTOMER")
    assert second.counters.failed == 1
    held = Coupling.objects.get(bc_table="Customer", bc_system_id=euro)
    assert (held.skipped, held.is_pending) == (True, True)
    third, _ = world.run("CUSTOMER")
    assert (third.counters.failed, third.counters.inserted, _euro_accounts()) == (0, 0, [])
    errors = SyncError.objects.filter(bc_system_id=euro)
    assert [(e.dataverse_row_id, e.message[:13]) for e in errors] == [(None, "Currency Code")] * 2
