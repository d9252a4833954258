"""The apply step: one page of source records → decisions → batched writes → couplings, errors and counters.

Per page, whatever its size: one coupling query, one read of the counterparts, the lookups, one batched write,
one read-back of the written rows (their stamps after our own write are what stop ping-pong), one batched
coupling update and one insert of the error rows. A record's failure never stops the page.

A record that fails before it was ever coupled is held as a failed *pending* coupling (no counterpart exists), so
the retry list brings it back on the next run although the watermark has passed it; the same error twice marks it
Skipped, and a later success completes that coupling: exactly one counterpart.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat

from django.db import transaction
from django.utils import timezone

from mappings.engine.context import MappingPlan, PassState
from mappings.engine.coupling_rows import insert_rows
from mappings.engine.couplings import (
    CouplingScope,
    begin_creates,
    hold_for_retry,
    mark_failed,
    mark_succeeded,
    pending_coupling,
    save_couplings,
)
from mappings.engine.decide import RecordInput, Step, decide, is_up_to_date
from mappings.engine.hooks import is_ignored
from mappings.engine.instances import instance_factory
from mappings.engine.lookups import CouplingLookups
from mappings.engine.matchers import couple_uncoupled_matches
from mappings.engine.sides import Side
from mappings.engine.subscribers import Subscriber
from mappings.engine.types import Action, Counters, FieldRule, SourceRecord, WriteOutcome, WritePlan
from mappings.models import Coupling, PendingCreate
from synclog.choices import PassDirection, RecordAction
from synclog.models import RecordChange, SyncError, SyncJob

__all__ = ["PassContext", "PreparedPage", "apply_page", "finish_page", "prepare_page", "send_page"]


@dataclass
class PassContext:
    plan: MappingPlan
    direction: PassDirection
    source: Side
    destination: Side
    scope: CouplingScope
    lookups: CouplingLookups
    state: PassState
    rules: list[FieldRule]
    job: SyncJob
    subscribers: list[Subscriber] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.new_change = instance_factory(  # a change log row of this pass: new_change(bc_system_id=…, …)
            RecordChange,
            job_id=self.job.pk,
            mapping_id=self.plan.mapping_id,
            direction=self.direction,
            bc_table=self.plan.bc_table,
            dataverse_table=self.plan.dataverse_table,
        )

    @property
    def to_dataverse(self) -> bool:
        return self.direction == PassDirection.TO_INTEGRATION

    def additional(self, values: dict, inserting: bool) -> dict:
        """The subscribers' additional destination fields for one source record (some only for a new record)."""
        extra: dict = {}
        for subscriber in self.subscribers:
            if inserting or not subscriber.insert_only:
                extra.update(subscriber.additional(values))
        return extra

    def dataverse_version(self, source: SourceRecord, destination_version: int | None) -> int | None:
        return destination_version if self.to_dataverse else source.version


def _inputs(ctx: PassContext, records: list[SourceRecord]) -> list[RecordInput]:
    couplings = ctx.scope.for_sources(ctx.direction, [r.record_id for r in records])
    couple_uncoupled_matches(ctx.scope, ctx.destination, ctx.direction, records, couplings)
    _adopt_pending_bc_creates(ctx, couplings.values())
    fresh = {
        r.record_id
        for r in records
        if is_up_to_date(ctx.plan, r, couplings.get(r.record_id), ctx.direction, ctx.state.run_jobs)
    }
    ids = [
        c.dataverse_id if ctx.to_dataverse else c.bc_system_id
        for source_id, c in couplings.items()
        if not c.skipped and source_id not in fresh
    ]
    counterparts = ctx.destination.read([i for i in ids if i is not None])
    items = []
    for record in records:
        coupling = couplings.get(record.record_id)
        target = coupling and (coupling.dataverse_id if ctx.to_dataverse else coupling.bc_system_id)
        counterpart = counterparts.get(target) if target else None
        items.append(RecordInput(record, coupling, counterpart, up_to_date=record.record_id in fresh))
    return items


def _adopt_pending_bc_creates(ctx: PassContext, couplings) -> None:
    """Crash recovery only: a BC create may have happened before its coupling was completed; find it first."""
    for coupling in couplings:
        # A held record (failed before any write, pending_since cleared) created nothing: no look-up needed.
        if coupling.pending == PendingCreate.IN_BC and coupling.bc_system_id is None and coupling.pending_since:
            found = ctx.destination.find_created(coupling.pending_match, coupling.pending_since)
            if found is not None:
                coupling.bc_system_id = found.record_id
                coupling.save(update_fields=["bc_system_id"])


def _error(ctx: PassContext, record: SourceRecord, coupling: Coupling | None, target_id, message: str) -> SyncError:
    bc_id, dataverse_id = (record.record_id, target_id) if ctx.to_dataverse else (target_id, record.record_id)
    if coupling is not None:
        bc_id = bc_id or coupling.bc_system_id
        dataverse_id = dataverse_id or coupling.dataverse_id
    return SyncError(
        job=ctx.job,
        mapping_id=ctx.plan.mapping_id,
        mapping_name=ctx.plan.name,
        direction=ctx.direction,
        bc_table=ctx.plan.bc_table,
        bc_system_id=bc_id,
        dataverse_table=ctx.plan.dataverse_table,
        dataverse_row_id=dataverse_id,
        message=message[:2048],
    )


def _match(payload: dict) -> dict:
    """The text values of a create, by which a retry finds the record a crashed run may have created."""
    return {k: v for k, v in payload.items() if isinstance(v, str) and v}


def _pending_for_inserts(ctx: PassContext, steps: list[Step], now: datetime) -> tuple[list[Coupling], list[Coupling]]:
    """Couplings for first creates, and held ones whose create is tried again (in flight from now); returns those
    to commit before anything is written.

    A first create in Dataverse goes to the row id its BC record derives (``created_row_id``): tried again after a
    crash, it upserts the same row, so its coupling is written once, after the write. Only when an administrator
    has coupled that row to another record, or when the create restores a deleted counterpart (a new row, as in
    BC), does it get a new id, with its pending coupling committed first, as every BC create has (BC assigns the
    SystemId, so a retry must look for what it may have created)."""
    inserts = [step for step in steps if step.plan is not None and step.plan.action == Action.INSERT]
    first = [s.plan.source.record_id for s in inserts if s.plan.coupling is None and not s.drop_coupling]
    derived = {source_id: ctx.scope.created_row_id(source_id) for source_id in first} if ctx.to_dataverse else {}
    free = ctx.scope.uncoupled_row_ids(list(derived.values())) if derived else set()
    pending, resumed = [], []
    for plan in (step.plan for step in inserts):
        if plan.coupling is None:
            source_id = plan.source.record_id
            if ctx.to_dataverse:
                row_id = derived[source_id] if derived.get(source_id) in free else None
                plan.coupling = pending_coupling(ctx.scope, ctx.direction, source_id, now, {}, row_id)
                plan.target_id = plan.coupling.dataverse_id
                if row_id is None:
                    pending.append(plan.coupling)
            else:
                plan.coupling = pending_coupling(ctx.scope, ctx.direction, source_id, now, _match(plan.payload))
                pending.append(plan.coupling)
        elif plan.coupling.pending and plan.coupling.pending_since is None:
            plan.coupling.pending_since, plan.coupling.pending_match = now, _match(plan.payload)
            resumed.append(plan.coupling)
    return pending, resumed


def _stamps(ctx: PassContext, source: SourceRecord, destination_stamp: datetime | None):
    if ctx.to_dataverse:
        return source.modified_on, destination_stamp
    return destination_stamp, source.modified_on


class _PageBook:
    """What a page changes: counters, couplings to save or delete, error rows."""

    def __init__(self) -> None:
        self.counters = Counters()
        self.changed: dict[int, Coupling] = {}
        self.dropped: list[int] = []
        self.held: list[Coupling] = []
        self.errors: list[SyncError] = []
        self.changes: list[RecordChange] = []

    def touch(self, coupling: Coupling) -> None:
        self.changed[id(coupling)] = coupling


def _fail(ctx: PassContext, book: _PageBook, record: SourceRecord, coupling: Coupling | None, target, message: str):
    book.counters.failed += 1
    if ctx.plan.is_child:
        book.errors.append(_error(ctx, record, coupling, target, message))
        return
    if coupling is None:
        coupling = pending_coupling(ctx.scope, ctx.direction, record.record_id, timezone.now(), {})
    book.errors.append(_error(ctx, record, None if coupling.pending else coupling, target, message))
    if coupling.pending:
        hold_for_retry(coupling)
    mark_failed(coupling, ctx.direction, ctx.job.pk, message)
    if coupling.pk:
        book.touch(coupling)
    else:  # a first create that failed, or a record that failed before one: held for the retry list
        book.held.append(coupling)


def _settle(ctx: PassContext, book: _PageBook, item: RecordInput, step: Step) -> None:
    """Count a record that needs no write."""
    if step.action == Action.SKIP:
        book.counters.skipped += 1
    elif step.action == Action.UNCHANGED:
        book.counters.unchanged += 1
        if step.refresh_coupling and not ctx.plan.is_child:
            counterpart = item.counterpart
            mark_succeeded(
                item.coupling,
                ctx.direction,
                ctx.job.pk,
                *_stamps(ctx, item.source, counterpart.modified_on),
                dataverse_version=ctx.dataverse_version(item.source, counterpart.version),
            )
            book.touch(item.coupling)
    elif step.action == Action.FAIL:
        _fail(ctx, book, item.source, item.coupling, None, step.message)


def _change(ctx: PassContext, plan: WritePlan, coupling: Coupling, at: datetime) -> RecordChange:
    """The change log row of a write: each field's value before and after. A create's pairs (nothing before) are
    zipped in C: a full synchronization logs one per record."""
    inserted = plan.action == Action.INSERT
    payload = plan.payload
    if inserted:
        fields = dict(zip(payload, zip(repeat(None), payload.values()), strict=True))
    else:
        fields = {name: (plan.before.get(name), value) for name, value in payload.items()}
    return ctx.new_change(
        at=at,
        bc_system_id=coupling.bc_system_id,
        dataverse_row_id=coupling.dataverse_id,
        action=RecordAction.INSERTED if inserted else RecordAction.MODIFIED,
        fields=fields,
    )


def _record_outcomes(ctx: PassContext, book: _PageBook, outcomes: list[WriteOutcome]) -> None:
    """Count and stamp each outcome. The change log rows of a page share one time: their records were written by
    the same requests, and the timeline orders rows of one time by their insertion."""
    unstamped = [o.target_id for o in outcomes if o.ok and o.target_id and o.modified_on is None]
    written = {o.target_id: (o.modified_on, o.version) for o in outcomes if o.ok and o.modified_on}
    written.update((i, (r.modified_on, r.version)) for i, r in ctx.destination.read(unstamped).items())
    now = timezone.now()
    for outcome in outcomes:
        plan, coupling = outcome.plan, outcome.plan.coupling
        if not outcome.ok:
            target = plan.target_id
            if plan.action == Action.INSERT:  # nothing was created: no destination id to report
                target = None
                if ctx.plan.is_child:
                    book.dropped.append(coupling.pk)
                    coupling = None
            _fail(ctx, book, plan.source, coupling, target, outcome.error)
            continue
        if plan.action == Action.INSERT:
            book.counters.inserted += 1
            if not ctx.to_dataverse:
                coupling.bc_system_id = outcome.target_id
        else:
            book.counters.modified += 1
        stamp, version = written.get(outcome.target_id, (None, None))
        stamps = (None, None) if ctx.plan.is_child else _stamps(ctx, plan.source, stamp)
        version = None if ctx.plan.is_child else ctx.dataverse_version(plan.source, version)
        mark_succeeded(
            coupling, ctx.direction, ctx.job.pk, *stamps, both_modified=plan.both_modified, dataverse_version=version
        )
        book.touch(coupling)
        book.changes.append(_change(ctx, plan, coupling, now))


@dataclass
class PreparedPage:
    """A page decided and its pending couplings recorded: what is left is the write and its bookkeeping."""

    read: int
    book: _PageBook
    plans: list[WritePlan]


def prepare_page(ctx: PassContext, records: list[SourceRecord]) -> PreparedPage:
    """Read the couplings and counterparts, decide every record, record the pending couplings of the creates."""
    records = [r for r in records if r.record_id not in ctx.state.seen]
    for record in records:
        ctx.state.seen.add(record.record_id)
        ctx.state.saw(record.modified_on)
    read = len(records)
    records = [r for r in records if not is_ignored(ctx.source.table, ctx.direction, r.values)]
    items = _inputs(ctx, records)
    if ctx.plan.force:  # up to date in a forced run: written by this run's other pass, not read back (run.py)
        items = [item for item in items if not item.up_to_date]
    to_transform = [item.source for item in items if not item.up_to_date]
    ctx.lookups.prepare(ctx.rules, to_transform, ctx.direction)
    counterparts = [item.counterpart for item in items if item.counterpart is not None and not item.up_to_date]
    ctx.lookups.prepare_current(ctx.rules, counterparts, ctx.direction)
    for subscriber in ctx.subscribers:
        subscriber.prepare(to_transform)
    book = _PageBook()
    writes = []
    for item in items:
        step = decide(ctx.plan, ctx.rules, item, ctx.lookups, ctx.direction, ctx.additional)
        if step.drop_coupling:
            book.dropped.append(item.coupling.pk)
        if step.plan is not None:
            writes.append(step)
        else:
            _settle(ctx, book, item, step)
    if book.dropped:
        Coupling.objects.filter(pk__in=book.dropped).delete()
        book.dropped.clear()
    pending, resumed = _pending_for_inserts(ctx, writes, timezone.now())
    if pending or resumed:
        begin_creates(pending, resumed)
    return PreparedPage(read, book, [s.plan for s in writes])


def send_page(ctx: PassContext, page: PreparedPage) -> list[WriteOutcome]:
    """The page's writes: requests only, no database work, so it may run beside the next page's preparation."""
    return ctx.destination.write(page.plans) if page.plans else []


def finish_page(ctx: PassContext, page: PreparedPage, outcomes: list[WriteOutcome]) -> Counters:
    """Stamp, count and log the outcomes; one transaction saves the couplings, errors, changes and counters."""
    book = page.book
    _record_outcomes(ctx, book, outcomes)
    with transaction.atomic():
        Coupling.objects.filter(pk__in=[pk for pk in book.dropped if pk]).delete()
        save_couplings([c for c in book.changed.values() if c.pk])
        insert_rows([c for c in book.changed.values() if not c.pk] + book.held)
        insert_rows(book.errors)
        insert_rows(book.changes)
        ctx.job.add(**book.counters.as_dict(), progress_done=page.read)
    ctx.state.counters.add(book.counters)
    return book.counters


def apply_page(ctx: PassContext, records: list[SourceRecord]) -> Counters:
    """Synchronize one page; returns the page's counters (already added to the job)."""
    page = prepare_page(ctx, records)
    return finish_page(ctx, page, send_page(ctx, page))
