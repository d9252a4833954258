"""The benchmark's report: the figures of every scenario, the two ratios, the targets and whether each holds.

The ratios compare time per record, so that scenarios of different sizes compare fairly: ``ratio_b_a`` is our full
synchronization of CUSTOMER over the raw bound (target at most 1.5), ``ratio_c_b`` the per-record baseline over
our full synchronization (target at least 50). A target that does not hold says why when the sandbox set the pace.
``sandbox_bottleneck`` lists our own runs the sandbox held up; ``sandbox_paced`` the scenarios that measure the
services' own pace, (a) and (s), which the sandbox sets by design.

``ratio_s_a`` splits b/a in two: the services alone, answering the very requests of (b) CUSTOMER sent again with no
engine (scenario s), over the raw bound; and ``ratio_b_s``, our full synchronization over that, what our engine adds
(``engine_over_services`` has it for each mapping).
When the services alone already take more than 1.5 times the raw bound, no engine can meet that target against this
sandbox on this machine, and the report says so.
"""

import math

from bcsales.bench.meter import Measurement

__all__ = ["build_report", "render_table"]

MAX_RATIO_B_A = 1.5
MIN_RATIO_C_B = 50.0
SERVICE_PACED = ("a", "s")  # scenarios that measure the services' own pace: (a) and the replays of (b)
IDLE_REQUESTS_PER_PASS = 2
IDLE_SECONDS = 1.0
# Records per chunk of the engine's reads by id lists, and the requests a chunk of changed records may cost: the read
# of their counterparts, one look-up read (e.g. the changed customers' primary contacts in BC) and the write. Nothing
# else may grow with the changes, and nothing at all with N.
CHANGE_CHUNK = 100
REQUESTS_PER_CHANGE_CHUNK = 3


def _find(measured: list[Measurement], scenario: str, mapping: str | None = None) -> Measurement:
    return next(m for m in measured if m.scenario == scenario and m.details.get("mapping", mapping) == mapping)


def _ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 3) if denominator else math.inf


def _targets(measured: list[Measurement], checks: dict, ratio_b_a: float, ratio_c_b: float) -> dict:
    idle, changed = _find(measured, "d", "CUSTOMER"), _find(measured, "e", "CUSTOMER")
    chunks = math.ceil(checks.get("changed_customers", 0) / CHANGE_CHUNK)
    allowed_changed = idle.requests + REQUESTS_PER_CHANGE_CHUNK * chunks
    return {
        "b_within_1_5x_of_a": ratio_b_a <= MAX_RATIO_B_A,
        "b_50x_faster_per_record_than_c": ratio_c_b >= MIN_RATIO_C_B,
        "d_at_most_2_requests_per_direction": idle.requests <= IDLE_REQUESTS_PER_PASS * idle.details["passes_run"],
        "d_under_one_second": idle.seconds < IDLE_SECONDS,
        "e_requests_in_proportion_to_changes": changed.requests <= allowed_changed,
    }


def build_report(measured: list[Measurement], *, records: int, latency_ms: int, checks: dict) -> dict:
    raw, per_record = _find(measured, "a"), _find(measured, "c")
    customers, services = _find(measured, "b", "CUSTOMER"), _find(measured, "s", "CUSTOMER")
    ratio_b_a = _ratio(customers.seconds_per_record, raw.seconds_per_record)
    ratio_c_b = _ratio(per_record.seconds_per_record, customers.seconds_per_record)
    engine_over_services = {
        run.details["mapping"]: _ratio(
            run.seconds_per_record, _find(measured, "s", run.details["mapping"]).seconds_per_record
        )
        for run in measured
        if run.scenario == "b"
    }
    bound = [m for m in measured if m.sandbox_bound]
    return {
        "records": records,
        "latency_ms": latency_ms,
        "ratio_b_a": ratio_b_a,
        "ratio_c_b": ratio_c_b,
        "ratio_s_a": _ratio(services.seconds_per_record, raw.seconds_per_record),
        "ratio_b_s": engine_over_services["CUSTOMER"],
        "engine_over_services": engine_over_services,
        "targets": _targets(measured, checks, ratio_b_a, ratio_c_b),
        "sandbox_bottleneck": [f"{m.scenario} {m.title}" for m in bound if m.scenario not in SERVICE_PACED],
        "sandbox_paced": [f"{m.scenario} {m.title}" for m in bound if m.scenario in SERVICE_PACED],
        "peak_memory_mib": round(max(m.peak_memory_mib for m in measured), 1),
        "memory_growth_mib": round(max(m.memory_growth_mib for m in measured), 1),
        "checks": checks,
        "scenarios": [m.as_dict() for m in measured],
    }


COLUMNS = (
    ("scenario", "", "{}"),
    ("title", "", "{}"),
    ("records", "records", "{:,}"),
    ("seconds", "s", "{:.2f}"),
    ("records_per_second", "rec/s", "{:,.0f}"),
    ("requests", "requests", "{:,}"),
    ("requests_per_1000_records", "req/1000", "{:,.1f}"),
    ("cpu_seconds", "cpu s", "{:.2f}"),
    ("sandbox_cpu_seconds", "sandbox cpu s", "{:.2f}"),
    ("sandbox_load", "sandbox load", "{:.2f}"),
    ("peak_memory_mib", "peak MiB", "{:.0f}"),
    ("memory_growth_mib", "+MiB", "{:.0f}"),
)


def _cells(row: list[str], widths: list[int]) -> list[str]:
    """Scenario and title flush left, figures flush right."""
    return [cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))]


def render_table(report: dict) -> str:
    """The scenarios as a fixed-width table, then the ratios, the targets and the bottleneck verdict."""
    rows = [[label or key for key, label, _ in COLUMNS]]
    rows += [[fmt.format(s[key]) for key, _, fmt in COLUMNS] for s in report["scenarios"]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(_cells(row, widths)) for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines += ["", f"N = {report['records']:,} customers, {report['latency_ms']} ms added per request"]
    lines += [
        f"ratio b/a (time per record): {report['ratio_b_a']}",
        f"ratio c/b (time per record): {report['ratio_c_b']}",
        f"ratio s/a (the services alone, answering the requests of b CUSTOMER): {report['ratio_s_a']}",
        f"ratio b/s (what our engine adds to the services' time): {report['ratio_b_s']}",
        "b/s of each mapping: "
        + ", ".join(f"{name} {ratio}" for name, ratio in report["engine_over_services"].items()),
    ]
    lines += [f"target {name}: {'holds' if held else 'MISSED'}" for name, held in report["targets"].items()]
    if not report["targets"]["b_within_1_5x_of_a"] and report["ratio_s_a"] > MAX_RATIO_B_A:
        lines.append(
            f"b/a cannot reach {MAX_RATIO_B_A} here: the services alone take {report['ratio_s_a']} times the raw "
            "bound to answer the requests of b."
        )
    if report["sandbox_paced"]:
        lines.append(
            "The sandbox set the pace, as it must, of the scenarios that measure it: "
            + "; ".join(report["sandbox_paced"])
        )
    if report["sandbox_bottleneck"]:
        lines.append(
            "The sandbox was the bottleneck (busy most of the time) in: " + "; ".join(report["sandbox_bottleneck"])
        )
    else:
        lines.append("The sandbox was never the bottleneck of our own runs.")
    for scenario in report["scenarios"]:
        lines += [f"  {scenario['scenario']}: {problem}" for problem in scenario.get("problems", [])]
    return "\n".join(lines)
