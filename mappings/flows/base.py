"""What every flow shares: its log (one SyncJob per run, one SyncError per failed record) and its clients.

A flow is a named job like a mapping pass: it counts inserted, modified, unchanged, skipped and failed records,
and a failing record never stops the run; it is logged with both record ids and the reason, and retried on the
next run because nothing marks it done.
"""

import logging
import uuid
from dataclasses import dataclass, field
from functools import cached_property

from connection_setup.clients.business_central import BusinessCentralClient
from connection_setup.clients.dataverse import DataverseClient
from connection_setup.clients.errors import ServiceError
from connection_setup.clients.policy import DEFAULT_POLICY
from connection_setup.models import Connection
from connection_setup.services.factory import business_central_client, dataverse_client
from mappings.engine.run import retry_note
from mappings.engine.types import Counters, PassResult
from mappings.models import TableMapping
from synclog.choices import JobStatus, PassDirection
from synclog.models import SyncError, SyncJob

__all__ = ["FlowError", "FlowOptions", "FlowResult", "FlowRun", "RecordRef", "last_success"]

logger = logging.getLogger(__name__)


class FlowError(Exception):
    """A record-level failure with the message an administrator reads in the synchronization log."""


@dataclass(frozen=True)
class RecordRef:
    """The two ids of the record a message is about; either may be unknown."""

    bc_table: str = ""
    bc_id: object = None
    dataverse_table: str = ""
    dataverse_id: object = None


@dataclass
class FlowOptions:
    """How the engine started a flow that runs in place of a mapping: full or targeted, for which entry or user.

    ``queued_job_id`` is the job Synchronize Now queued: the flow's first run takes it over, as a pass does.
    """

    full: bool = False
    bc_ids: tuple[uuid.UUID, ...] | None = None
    dataverse_ids: tuple[uuid.UUID, ...] | None = None
    job_queue_entry_id: int | None = None
    user_id: int | None = None
    run_id: uuid.UUID | None = None
    queued_job_id: int | None = None


@dataclass
class FlowResult:
    """The outcome of one flow run; ``line()`` reads like the ``sync`` command's counters."""

    name: str
    counters: Counters = field(default_factory=Counters)
    job_id: int | None = None
    messages: list[str] = field(default_factory=list)
    direction: str = ""

    def line(self) -> str:
        counts = " ".join(f"{name}={value}" for name, value in self.counters.as_dict().items())
        return f"{self.name}: {counts}"

    def as_pass(self, mapping_name: str = "") -> PassResult:
        """The result as the engine reports a pass (the ``sync`` command's line, the job queue's last result)."""
        direction = PassDirection(self.direction or PassDirection.TO_INTEGRATION)
        return PassResult(mapping_name or self.name, direction, self.counters, self.job_id)


def _uuid(value: object) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


class FlowRun:
    """One run of one flow: a SyncJob in process, the two clients, counters and per-record errors.

    Use it as a context manager: an unexpected exception aborts the job with its message and is raised again,
    so the job queue records the failure; record failures go through ``fail`` and leave the run going.
    """

    def __init__(
        self,
        connection: Connection,
        name: str,
        *,
        direction: str = "",
        mapping_name: str = "",
        user=None,
        options: FlowOptions | None = None,
    ) -> None:
        self.connection = connection
        self.name = name
        self.options = options or FlowOptions()
        mapping = TableMapping.objects.filter(connection=connection, name=mapping_name or name).first()
        self.job = self._queued_job(direction) or SyncJob.objects.create(
            connection=connection,
            mapping=mapping,
            mapping_name=name[:20],
            direction=direction,
            full=self.options.full,
            run_id=self.options.run_id or uuid.uuid4(),
            job_queue_entry_id=self.options.job_queue_entry_id,
            user_id=user.pk if getattr(user, "is_authenticated", False) else self.options.user_id,
        )
        self.result = FlowResult(name, job_id=self.job.pk, direction=direction)

    def _queued_job(self, direction: str) -> SyncJob | None:
        """The job Synchronize Now queued becomes this run's job, once."""
        job_id, self.options.queued_job_id = self.options.queued_job_id, None
        job = SyncJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).first() if job_id else None
        if job is not None and direction:
            job.direction = direction
            job.save(update_fields=["direction"])
        return job

    @cached_property
    def sales_setup(self):
        """BC's Sales & Receivables Setup (write-in product, Archive Orders), read once per run."""
        from mappings.flows.sales_setup import read_sales_setup

        return read_sales_setup(self)

    @cached_property
    def bc(self) -> BusinessCentralClient:
        return business_central_client(self.connection, policy=DEFAULT_POLICY)

    @cached_property
    def dataverse(self) -> DataverseClient:
        return dataverse_client(self.connection, policy=DEFAULT_POLICY)

    def __enter__(self) -> "FlowRun":
        self.job.start()
        return self

    def __exit__(self, kind, error, trace) -> None:
        clients = [self.__dict__[name] for name in ("bc", "dataverse") if name in self.__dict__]
        for client in clients:
            client.close()
        if error is None:
            self.job.add(**self.result.counters.as_dict())
            retried = retry_note(sum(client.stats.retries for client in clients))
            self.job.terminate(message="\n".join([*self.result.messages, retried]).strip()[:2000])
            return
        self.job.add(**self.result.counters.as_dict())
        self.job.terminate(JobStatus.ABORTED, message=str(error)[:2000])

    def count(self, **deltas: int) -> None:
        for name, delta in deltas.items():
            setattr(self.result.counters, name, getattr(self.result.counters, name) + delta)

    def note(self, message: str) -> None:
        self.result.messages.append(message)

    def fail(self, message: str, ref: RecordRef, *, direction: str = "") -> None:
        """Log one failed record with both ids; the run goes on."""
        self.count(failed=1)
        SyncError.objects.create(
            job=self.job,
            mapping=self.job.mapping,
            mapping_name=self.job.mapping_name,
            direction=direction or self.job.direction,
            bc_table=ref.bc_table,
            bc_system_id=_uuid(ref.bc_id),
            dataverse_table=ref.dataverse_table,
            dataverse_row_id=_uuid(ref.dataverse_id),
            message=message[:2048],
        )
        logger.info(
            "%s failed for %s %s / %s %s", self.name, ref.bc_table, ref.bc_id, ref.dataverse_table, ref.dataverse_id
        )

    def guarded(self, ref: RecordRef, action, *args, **kwargs):
        """Run one record's work; a FlowError or a service's record-level refusal becomes a logged failure."""
        try:
            return action(*args, **kwargs)
        except FlowError as error:
            self.fail(str(error), ref)
        except ServiceError as error:
            if error.retryable:
                raise
            self.fail(error.message or str(error), ref)
        return None


def last_success(connection: Connection, name: str):
    """When the last successful run of a flow started: the watermark of flows that read what changed since."""
    job = (
        SyncJob.objects.filter(connection=connection, mapping_name=name[:20], status=JobStatus.SUCCESS)
        .order_by("-started_at")
        .first()
    )
    return job.started_at if job else None


TO_DATAVERSE = PassDirection.TO_INTEGRATION
FROM_DATAVERSE = PassDirection.FROM_INTEGRATION
