"""Passes of a killed run do not stay In Process: taking over the mapping's lock, or the job runner's clean-up,
closes them as Aborted with the process that ended."""

import socket
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django import db
from django.utils import timezone

from mappings.locks import MappingLock, abort_interrupted_jobs, mapping_lock
from synclog.choices import JobStatus
from synclog.models import RunLock, SyncJob

pytestmark = pytest.mark.django_db(transaction=True)


def _ended_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _running_pass(connection, mapping) -> SyncJob:
    job = SyncJob.objects.create(connection=connection, mapping=mapping, mapping_name=mapping.name)
    job.start()
    return job


def test_taking_over_a_dead_processes_lock_aborts_its_passes_naming_the_process(connection, customer_mapping):
    job = _running_pass(connection, customer_mapping)
    pid, host = _ended_pid(), socket.gethostname()[:40]
    name = f"sync:{connection.pk}:{customer_mapping.name}"
    RunLock.objects.create(name=name, holder=f"{host}:{pid}:abc", expires_at=timezone.now() + timedelta(minutes=5))
    lock = MappingLock(name)
    lock.postgres = False
    assert lock.acquire() is True
    assert SyncJob.abort_interrupted(connection.pk, customer_mapping.name, lock.interruption()) == 1
    lock.release()
    job.refresh_from_db()
    assert (job.status, job.finished_at is not None) == (JobStatus.ABORTED, True)
    assert job.message == (
        f"The run was interrupted (process {pid} on host {host} ended); its records are retried on the next run."
    )


def test_the_next_run_of_the_mapping_aborts_the_passes_left_in_process(connection, customer_mapping):
    job = _running_pass(connection, customer_mapping)
    with mapping_lock(connection.pk, customer_mapping.name) as lock:
        assert lock.aborted == 1
    job.refresh_from_db()
    assert job.status == JobStatus.ABORTED
    assert job.message.endswith("its records are retried on the next run.")


def test_the_clean_up_aborts_only_passes_whose_lock_nobody_holds(connection, customer_mapping):
    job = _running_pass(connection, customer_mapping)
    held, release = threading.Event(), threading.Event()

    def live_run():
        with mapping_lock(connection.pk, "CONTACT"):
            held.set()
            release.wait(10)
        db.connection.close()

    worker = threading.Thread(target=live_run)
    worker.start()
    held.wait(10)
    live = SyncJob.objects.create(connection=connection, mapping_name="CONTACT")
    live.start()
    try:
        assert abort_interrupted_jobs(connection.pk) == 1
    finally:
        release.set()
        worker.join(10)
    job.refresh_from_db()
    live.refresh_from_db()
    assert (job.status, live.status) == (JobStatus.ABORTED, JobStatus.IN_PROCESS)
