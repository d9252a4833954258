"""The benchmark run: set up the served sandbox and a connection, then measure scenarios (a) to (e) in order.

(a) and (c) write accounts of their own and remove them again before the full synchronization, so that (b)
starts from the Sales side the demo seed made. (d) runs right after (b) with nothing changed; (e) after 1% of
the coupled customers were changed in BC. Last, (s) sends the requests of each (b) again to a copy of the
sandbox as it was before that (b): the services' own share of (b), with no engine in between (``replay``).
"""

from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.test.utils import override_settings

from bcsales.bench.connection import bench_connection, mapping
from bcsales.bench.meter import Measurement, Meter
from bcsales.bench.per_record import sample_customers, write_one_by_one
from bcsales.bench.prerequisites import synchronize_dependencies
from bcsales.bench.raw_copy import SANDBOX_THREADS, copy_customers, remove_accounts
from bcsales.bench.replay import (
    RecordingTransport,
    most_in_flight,
    recorded_requests,
    replay,
    snapshot_database,
    warm_up,
)
from bcsales.bench.report import build_report
from bcsales.bench.site import SandboxSite
from bcsales.bench.sync_runs import change_customers, coupling_check, run_mapping, source_records
from sandbox.models import SandboxRecord
from sandbox.routers import SANDBOX_DB
from synclog.choices import PassDirection

__all__ = ["CHANGED_SHARE", "MEASURED_MAPPINGS", "run_benchmark"]

MEASURED_MAPPINGS = ("CUSTOMER", "CONTACT", "ITEM-PRODUCT")
CHANGED_SHARE = 0.01
REPLAY_DIR = "replay"
DATABASE = "sandbox.sqlite3"
REQUESTS = "requests.pickle"


def _engine_run(
    site, connection, name: str, scenario: str, title: str, *, full: bool, record_to: Path | None = None
) -> Measurement:
    """One measured run of a mapping; its requests are recorded into ``record_to`` when given. A run that raises is
    reported with its error (and no records) instead of ending the benchmark, so that the other scenarios are still
    measured."""
    raised = []
    network = RecordingTransport(record_to, connections=SANDBOX_THREADS) if record_to is not None else None
    recording = override_settings(BCSALES_HTTP_TRANSPORT=network) if network is not None else nullcontext()
    with Meter(site) as meter, recording:
        try:
            results = run_mapping(mapping(connection, name), meter.counter, full=full)
        except Exception as failure:
            results, raised = [], [f"{name}: the run raised {type(failure).__name__}: {failure}"]
    if network is not None:
        network.shut()
    to_dataverse = [r for r in results if r.direction == PassDirection.TO_INTEGRATION]
    return meter.result(
        scenario,
        title,
        source_records(results),
        mapping=name,
        passes=[r.line() for r in results],
        passes_run=len(results),
        failed=sum(r.counters.failed for r in results),
        failed_to_dataverse=sum(r.counters.failed for r in to_dataverse),
        written=sum(r.counters.inserted + r.counters.modified for r in results),
        problems=raised + [f"{r.mapping_name}: {r.message}" for r in results if r.message],
    )


def _raw_bound(site, connection) -> Measurement:
    with Meter(site) as meter:
        written = copy_customers(connection, meter.counter)
    remove_accounts(written)
    return meter.result("a", "raw bound: bulk copy of customers into accounts", len(written))


def _per_record(site, connection, sample: int) -> Measurement:
    customers = sample_customers(connection, sample)
    with Meter(site) as meter:
        written = write_one_by_one(connection, meter.counter, customers)
    remove_accounts(written)
    return meter.result("c", "per-record baseline: one request per record (sample)", len(written))


def _replay_dir(work_dir: Path, name: str) -> Path:
    return work_dir / REPLAY_DIR / name


def _services_alone(site, name: str, records: int) -> Measurement:
    """(s): the recorded requests of a (b) sent again, in their causal order, to the sandbox as it was before that
    (b), served on the same address by a process of its own."""
    directory = _replay_dir(site.work_dir, name)
    recorded = recorded_requests(directory / REQUESTS)
    replayed = SandboxSite(directory, latency_ms=site.latency_ms, port=site.port)
    replayed.start()
    try:
        warm_up(recorded, concurrency=SANDBOX_THREADS)
        with Meter(replayed) as meter:
            statuses = replay(recorded, concurrency=most_in_flight(recorded))
    finally:
        replayed.stop()
    failed = [status for status in statuses if not 200 <= status < 400]
    problems = [f"{len(failed)} of {len(statuses)} replayed requests failed (first: {failed[0]})"] if failed else []
    meter.counter.add_sent(len(statuses))
    title = f"the services alone: the requests of (b) {name} sent again"
    return meter.result("s", title, records, mapping=name, problems=problems)


def _records(service: str, table: str) -> int:
    return SandboxRecord.objects.using(SANDBOX_DB).filter(service=service, table=table).count()


def run_benchmark(
    *, records: int, latency_ms: int, work_dir: Path, sample: int, say: Callable[[str], None] = print
) -> dict:
    """Run every scenario against a sandbox seeded with ``records`` generated customers; returns the report."""
    site = SandboxSite(work_dir, latency_ms=latency_ms)
    say(f"Seeding the sandbox with {records} generated customers, contacts and items in {work_dir} ...")
    site.prepare(records)
    site.start()
    try:
        connection = bench_connection(site.base_url)
        say(f"Synchronizing the dependencies: {', '.join(synchronize_dependencies(connection, MEASURED_MAPPINGS))}")
        before = {"demo_accounts": _records("dataverse", "account"), "bc_customers_before": _records("bc", "Customer")}
        say("(a) raw bound ...")
        measured = [_raw_bound(site, connection)]
        say("(c) per-record baseline ...")
        measured.append(_per_record(site, connection, sample))
        for name in MEASURED_MAPPINGS:
            say(f"(b) full synchronization of {name} ...")
            replay_dir = _replay_dir(work_dir, name)
            snapshot_database(Path(settings.DATABASES[SANDBOX_DB]["NAME"]), replay_dir / DATABASE)
            title = f"full synchronization of {name}"
            measured.append(_engine_run(site, connection, name, "b", title, full=True, record_to=replay_dir / REQUESTS))
        say("(d) incremental run, nothing changed ...")
        measured.append(_engine_run(site, connection, "CUSTOMER", "d", "incremental run, nothing changed", full=False))
        changed = change_customers(connection, CHANGED_SHARE)
        say(f"(e) incremental run, {changed} customers changed ...")
        measured.append(_engine_run(site, connection, "CUSTOMER", "e", "incremental run, 1% changed", full=False))
        checks = {"bc_customers": _records("bc", "Customer"), "changed_customers": changed}
        checks |= before | coupling_check(connection, "Customer")
    finally:
        site.stop()
    runs = {m.details["mapping"]: m for m in measured if m.scenario == "b"}
    for name in MEASURED_MAPPINGS:
        say(f"(s) the requests of (b) {name} sent again, with no engine ...")
        measured.append(_services_alone(site, name, runs[name].records))
    return build_report(measured, records=records, latency_ms=latency_ms, checks=checks)
