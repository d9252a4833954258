"""One run per (connection, mapping) at a time, across any number of workers and machines.

The story this prevents: the schedule fires while a Synchronize Now of the same mapping is still running, or the
broker hands a slow task to a second worker. Both would read the same changed records, both would see them
uncoupled and both would create a counterpart: a duplicate. So every run first takes the lock named after what
must not run twice — the connection and the mapping — and a run that cannot take it reports "already running".

PostgreSQL: a session-level advisory lock on a 64-bit key derived from the name; the server releases it when
the worker's connection dies, so a crash never leaves it held. SQLite has neither advisory nor row locks, so a
``RunLock`` row is claimed by a conditional UPDATE (free, or expired); the holder extends the expiry while it
works (``MappingLock.refresh``), so a crashed holder's claim lapses after ``LOCK_TTL``. The claim names the
holder's host and process, so a claim left by a process of this host that no longer exists (killed mid-run) is
taken over at once instead of blocking the mapping until it expires.

A split full synchronization (``mappings.engine.split``) is the one run that spans many workers at once: its
planner takes this lock, records the page ranges and the number of open parts on the job, and lets go; the parts
then run side by side without the lock (their key ranges are disjoint, so no two of them read one record). The
open parts are the lock for everyone else: while a job of the mapping has parts pending, ``mapping_lock`` refuses
like a held lock, so a scheduled run cannot read a record a part is writing. The claim lapses when no part has
shown life for ``SPLIT_TTL`` (every attempt the broker may make of a part is over by then), so a part lost with
its worker cannot block the mapping for good.

Whoever takes the lock also knows that no live process runs the mapping, so passes still "In Process" were left by
a killed run: they are closed as Aborted, naming the process that ended when the claim tells it.
``abort_interrupted_jobs`` does the same periodically for mappings nobody runs, by taking their locks in turn.
"""

import hashlib
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from synclog.choices import JobStatus, JobType
from synclog.models import RunLock, SyncJob

__all__ = [
    "LOCK_TTL",
    "MappingLock",
    "MappingLockBusy",
    "abort_interrupted_jobs",
    "full_sync_in_progress",
    "mapping_lock",
    "split_ttl",
]

LOCK_TTL = timedelta(minutes=10)


class MappingLockBusy(Exception):
    """Another worker is running this mapping of this connection."""


def _lock_name(connection_id: int, mapping_name: str) -> str:
    return f"sync:{connection_id}:{mapping_name}"


def _advisory_key(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


class MappingLock:
    """A held lock; ``refresh`` keeps a SQLite claim alive during long runs (a no-op on PostgreSQL)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.token = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self.postgres = connection.vendor == "postgresql"
        self.previous_holder = ""  # the claim this lock took over, if any: says which process ended
        self.aborted = 0  # passes a killed run had left In Process, closed when this lock was taken

    def acquire(self) -> bool:
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [_advisory_key(self.name)])
                return bool(cursor.fetchone()[0])
        try:
            with transaction.atomic():
                RunLock.objects.get_or_create(name=self.name)
        except IntegrityError:
            pass  # another worker created the row at the same moment; the claim below decides
        now = timezone.now()
        free = Q(holder="") | Q(expires_at__lt=now)
        holder = RunLock.objects.filter(name=self.name).values_list("holder", flat=True).first() or ""
        dead = _dead_local_holder(holder)
        if dead:
            free |= Q(holder=dead)
        claimed = RunLock.objects.filter(free, name=self.name).update(holder=self.token, expires_at=now + LOCK_TTL)
        self.previous_holder = holder if claimed == 1 else ""
        return claimed == 1

    def interruption(self) -> str:
        """Why a pass left In Process before this lock was taken: the ended holder, when its claim names it."""
        host, _, rest = self.previous_holder.partition(":")
        pid = rest.partition(":")[0]
        if pid.isdigit():
            return f"process {pid} on host {host} ended"
        return "the process that ran it ended"

    def refresh(self) -> None:
        if not self.postgres:
            RunLock.objects.filter(name=self.name, holder=self.token).update(expires_at=timezone.now() + LOCK_TTL)

    def release(self) -> None:
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_advisory_key(self.name)])
            return
        RunLock.objects.filter(name=self.name, holder=self.token).update(holder="", expires_at=None)


def _dead_local_holder(holder: str | None) -> str:
    """The holder's token when it names a process of this host that has ended, else ""."""
    host, _, rest = (holder or "").partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid.isdigit() or int(pid) == os.getpid():
        return ""
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return holder
    except PermissionError:
        return ""
    return ""


def split_ttl() -> timedelta:
    """How long a split run's open parts hold the mapping without a sign of life: every broker attempt of a part."""
    cluster = settings.Q_CLUSTER
    return timedelta(seconds=cluster.get("retry", 60) * cluster.get("max_attempts", 1))


def full_sync_in_progress(connection_id: int, mapping_name: str) -> bool:
    """Whether a split full synchronization of the mapping still has parts open (and alive)."""
    alive = timezone.now() - split_ttl()
    return (
        SyncJob.objects.filter(
            connection_id=connection_id, mapping_name=mapping_name, parts_pending__gt=0, finished_at__isnull=True
        )
        .filter(Q(started_at__gte=alive) | Q(parts__touched_at__gte=alive))
        .exists()
    )


@contextmanager
def mapping_lock(connection_id: int, mapping_name: str) -> Iterator[MappingLock]:
    """Hold the run lock of one mapping of one connection, or raise ``MappingLockBusy`` at once."""
    lock = MappingLock(_lock_name(connection_id, mapping_name))
    if not lock.acquire():
        raise MappingLockBusy(f"The {mapping_name} mapping is already being synchronized by another job.")
    if full_sync_in_progress(connection_id, mapping_name):
        lock.release()
        raise MappingLockBusy(f"The {mapping_name} mapping is being fully synchronized in parts by other workers.")
    try:
        lock.aborted = SyncJob.abort_interrupted(connection_id, mapping_name, lock.interruption())
        yield lock
    finally:
        lock.release()


def abort_interrupted_jobs(connection_id: int) -> int:
    """The job runner's clean-up: mappings of the connection with passes In Process but nobody holding their lock.
    Taking each lock closes its passes (see ``mapping_lock``); a mapping that is really running refuses at once."""
    running = SyncJob.objects.filter(
        connection_id=connection_id, job_type=JobType.SYNCHRONIZATION, status=JobStatus.IN_PROCESS
    )
    aborted = 0
    for name in sorted(set(running.values_list("mapping_name", flat=True))):
        try:
            with mapping_lock(connection_id, name) as lock:
                aborted += lock.aborted
        except MappingLockBusy:
            continue
    return aborted
