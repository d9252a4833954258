"""The one-off unit group data upgrade entry (connection_setup §6.1): queued by the switch, removed when done."""

import pytest
from django.urls import reverse
from django_q.models import Schedule

from connection_setup.models import Connection
from mappings.flows.unit_groups import UPGRADE_ENTRY, UPGRADE_SCHEDULED, queue_unit_group_upgrade
from mappings.models import Coupling, JobQueueEntry
from mappings.services.job_queue import run_entry
from sandbox import store
from tests.mappings.flows.world import bc_rows

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_upgrade_entry_creates_missing_unit_groups_and_removes_itself(world):
    missing = store.find("bc", "Unit Group", **{"Source Type": "Item", "Source No.": "1100"})
    store.delete("bc", "Unit Group", missing[0].row_id)
    entry = queue_unit_group_upgrade(world.connection)
    assert (entry.description, entry.interval_minutes) == ("Updating CRM Unit Group Mapping", 1)
    assert Schedule.objects.filter(name=entry.schedule_name).exists()

    result = run_entry(entry.pk)

    assert result.endswith("inserted=1 modified=0 deleted=0 unchanged=2 skipped=0 failed=0 coupled=0 uncoupled=0")
    assert len(bc_rows("Unit Group", **{"Source Type": "Item", "Source No.": "1100"})) == 1
    assert not JobQueueEntry.objects.filter(code=UPGRADE_ENTRY).exists()
    assert not Schedule.objects.filter(name=entry.schedule_name).exists()


def test_connection_without_couplings_queues_no_upgrade(world):
    Coupling.objects.all().delete()

    assert queue_unit_group_upgrade(world.connection) is None
    assert not JobQueueEntry.objects.filter(code=UPGRADE_ENTRY).exists()


def test_switching_unit_group_mapping_on_shows_the_upgrade_entry(world, admin_client):
    Connection.objects.filter(pk=world.connection.pk).update(is_enabled=False, unit_group_mapping_enabled=False)
    data = {"unit_group_mapping_enabled": "on", "confirmed": "True"}

    response = admin_client.post(reverse("connection_setup:switches", args=[world.connection.pk]), data, follow=True)

    assert UPGRADE_SCHEDULED in response.content.decode()
    entries = admin_client.get(reverse("mappings:job_queue")).content.decode()
    assert "Updating CRM Unit Group Mapping" in entries
