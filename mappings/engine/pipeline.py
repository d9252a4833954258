"""A pass's pages as a pipeline: the next page is read while this one is decided, and a page's writes are in
flight while the next page is decided. In a forced run's To pass, where every record read is transformed, the
look-ups' questions to BC for the next page are asked with its read (``CouplingLookups.prefetch``).

Deciding a page is our CPU and database work; reading and writing pages is the services' work plus the network's
latency. Done one after the other, each waits for the other; overlapped, a full synchronization takes about as
long as the slower of the two. Only requests run on the helper threads: every database statement stays on the
caller's thread (and so in its transaction), and pages are still finished in the order they were read.
"""

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext

from mappings.engine.apply import PassContext, PreparedPage, apply_page, finish_page, prepare_page, send_page
from mappings.engine.collector import collecting_less
from mappings.engine.hooks import is_ignored
from mappings.engine.types import SourceRecord

__all__ = ["run_pages"]


def _overlaps(ctx: PassContext) -> bool:
    """Requests side by side only when both clients may have more than one in flight."""
    return all(side.client.http.policy.max_concurrency > 1 for side in (ctx.source, ctx.destination))


def run_pages(ctx: PassContext, pages: Iterator[list[SourceRecord]], after_page: Callable[[int], None]) -> None:
    """Apply every page; ``after_page`` gets the count of records read after each page is committed.

    ``pages`` must do nothing but requests (it is advanced on a helper thread)."""
    with collecting_less() if ctx.plan.full else nullcontext():
        _run_pages(ctx, pages, after_page)


def _run_pages(ctx: PassContext, pages: Iterator[list[SourceRecord]], after_page: Callable[[int], None]) -> None:
    if not _overlaps(ctx):
        for records in pages:
            apply_page(ctx, records)
            after_page(len(records))
        return
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="sync-pipeline") as pool:
        upcoming: Future = pool.submit(_read_ahead, ctx, pages)
        if ctx.plan.force:  # a full synchronization writes new records from its first page on; should this ask
            pool.submit(ctx.destination.prefetch_for_writes)  # fail, the first write asks again and reports it
        in_flight: tuple[PreparedPage, Future, int] | None = None
        while (records := upcoming.result()) is not None:
            upcoming = pool.submit(_read_ahead, ctx, pages)
            prepared = prepare_page(ctx, records)
            sent = pool.submit(send_page, ctx, prepared)
            if in_flight is not None:
                _finish(ctx, in_flight, after_page)
            in_flight = (prepared, sent, len(records))
        if in_flight is not None:
            _finish(ctx, in_flight, after_page)


def _read_ahead(ctx: PassContext, pages: Iterator[list[SourceRecord]]) -> list[SourceRecord] | None:
    """The next page, with BC's answers to its look-ups asked when all of its records will be transformed."""
    records = next(pages, None)
    if records and ctx.plan.force:
        kept = (r for r in records if not is_ignored(ctx.source.table, ctx.direction, r.values))
        ctx.lookups.prefetch(ctx.rules, kept, ctx.direction)
    return records


def _finish(ctx: PassContext, in_flight: tuple[PreparedPage, Future, int], after_page: Callable[[int], None]) -> None:
    prepared, sent, read = in_flight
    finish_page(ctx, prepared, sent.result())
    after_page(read)
