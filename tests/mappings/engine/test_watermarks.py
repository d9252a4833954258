"""Watermarks: an incremental run reads what changed since the last run, not what merely shares the latest stamp."""

from datetime import timedelta

import pytest
from django.utils import timezone

from synclog.choices import PassDirection
from tests.mappings.engine.world import age_records

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _read(results, direction: PassDirection) -> int:
    [result] = [r for r in results if r.direction == direction]
    counters = result.counters
    return counters.inserted + counters.modified + counters.unchanged + counters.skipped + counters.failed


def test_records_imported_long_before_a_full_synchronization_are_not_read_again(world):
    age_records()  # the customers were imported an hour ago, within a second of each other
    full = world.run("CUSTOMER", full=True)
    assert _read(full, PassDirection.TO_INTEGRATION) == 3

    again = world.run("CUSTOMER")

    assert _read(again, PassDirection.TO_INTEGRATION) == 0
    assert world.mapping("CUSTOMER").bc_watermark > timezone.now() - timedelta(minutes=1)
