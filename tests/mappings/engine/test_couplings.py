"""Coupling bookkeeping: monotonic stamps, the skip rule, unique pairs (sync_engine §1, §3.2)."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError

from mappings.engine.couplings import CouplingScope, mark_failed, mark_succeeded, save_couplings
from mappings.models import Coupling
from synclog.choices import PassDirection

TO = PassDirection.TO_INTEGRATION
T = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def coupling(connection) -> Coupling:
    return Coupling.objects.create(
        connection=connection,
        bc_table="Customer",
        bc_system_id=uuid.uuid4(),
        dataverse_table="account",
        dataverse_id=uuid.uuid4(),
    )


def test_the_same_error_twice_in_a_row_marks_the_coupling_skipped(coupling, job):
    mark_failed(coupling, TO, job.pk, "Salesperson Code XX must be coupled.")
    assert (coupling.last_result_to, coupling.skipped) == ("failure", False)
    mark_failed(coupling, TO, job.pk, "Salesperson Code XX must be coupled.")
    assert coupling.skipped is True


def test_a_different_error_keeps_the_coupling_retrying(coupling, job):
    mark_failed(coupling, TO, job.pk, "first")
    mark_failed(coupling, TO, job.pk, "second")
    assert coupling.skipped is False


def test_a_failure_in_the_other_direction_does_not_count_as_a_repeat(coupling, job):
    mark_failed(coupling, TO, job.pk, "same")
    mark_failed(coupling, PassDirection.FROM_INTEGRATION, job.pk, "same")
    assert coupling.skipped is False


def test_stamps_only_ever_increase(coupling, job):
    mark_succeeded(coupling, TO, job.pk, T, T)
    mark_succeeded(coupling, TO, job.pk, T - timedelta(hours=1), None)
    assert (coupling.bc_modified_on, coupling.dataverse_modified_on, coupling.last_result_to) == (T, T, "success")


def test_both_modified_write_lowers_the_other_sides_stamp_so_it_flows_back(coupling, job):
    mark_succeeded(coupling, TO, job.pk, T, T, both_modified=True)
    assert coupling.dataverse_modified_on == T - timedelta(milliseconds=999)


def test_failed_pairs_form_the_retry_list_until_skipped(coupling, job):
    scope = CouplingScope(coupling.connection_id, "Customer", "account", "CUSTOMER")
    mark_failed(coupling, TO, job.pk, "boom")
    save_couplings([coupling])
    assert scope.retry_ids(TO) == [coupling.bc_system_id]
    mark_failed(coupling, TO, job.pk, "boom")
    save_couplings([coupling])
    assert scope.retry_ids(TO) == []


def test_one_bc_record_couples_to_one_dataverse_row_per_table(coupling):
    with pytest.raises(IntegrityError):
        Coupling.objects.create(
            connection=coupling.connection,
            bc_table="Customer",
            bc_system_id=coupling.bc_system_id,
            dataverse_table="account",
            dataverse_id=uuid.uuid4(),
        )


def test_the_same_row_may_couple_to_records_of_different_bc_tables(coupling):
    Coupling.objects.create(
        connection=coupling.connection,
        bc_table="Vendor",
        bc_system_id=uuid.uuid4(),
        dataverse_table="account",
        dataverse_id=coupling.dataverse_id,
    )
    assert Coupling.objects.filter(dataverse_id=coupling.dataverse_id).count() == 2
