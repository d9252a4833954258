"""One run per (connection, mapping): a second run is refused while the first holds the lock."""

import threading
from datetime import timedelta

import pytest

from mappings.locks import MappingLockBusy, mapping_lock


@pytest.mark.django_db(transaction=True)
def test_a_second_run_of_the_same_mapping_is_refused_while_the_first_holds_the_lock():
    held, release, outcome = threading.Event(), threading.Event(), {}

    def first_run():
        with mapping_lock(1, "CUSTOMER"):
            held.set()
            release.wait(10)
        from django.db import connection

        connection.close()

    worker = threading.Thread(target=first_run)
    worker.start()
    held.wait(10)
    try:
        with mapping_lock(1, "CUSTOMER"):
            outcome["second"] = "ran"
    except MappingLockBusy as busy:
        outcome["second"] = str(busy)
    with mapping_lock(1, "CONTACT"):
        outcome["other"] = "ran"
    release.set()
    worker.join(10)
    assert outcome == {"second": "The CUSTOMER mapping is already being synchronized by another job.", "other": "ran"}


@pytest.mark.django_db(transaction=True)
def test_the_lock_is_free_again_after_the_run():
    with mapping_lock(1, "CUSTOMER"):
        pass
    with mapping_lock(1, "CUSTOMER") as lock:
        assert lock.name == "sync:1:CUSTOMER"


@pytest.mark.django_db(transaction=True)
def test_a_crashed_holders_lock_row_expires():
    """The SQLite path (a lock row claimed by a conditional update), exercised on every database."""
    from django.utils import timezone

    from mappings.locks import MappingLock
    from synclog.models import RunLock

    RunLock.objects.create(name="sync:1:CUSTOMER", holder="crashed", expires_at=timezone.now() + timedelta(minutes=5))
    lock = MappingLock("sync:1:CUSTOMER")
    lock.postgres = False
    assert lock.acquire() is False
    RunLock.objects.filter(name="sync:1:CUSTOMER").update(expires_at=timezone.now() - timedelta(seconds=1))
    assert lock.acquire() is True
    lock.release()
    assert RunLock.objects.get(name="sync:1:CUSTOMER").holder == ""
