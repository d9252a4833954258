"""What one scenario costs: wall time, HTTP requests, CPU seconds on both sides, peak memory, sandbox load.

CPU seconds come from ``time.process_time`` (the bench process, all threads) and ``/proc`` (the sandbox
process). Peak memory is the bench process's peak resident set during the scenario: Linux lets a process reset
its own high-water mark (``/proc/self/clear_refs``), so each scenario's peak is its own, not the run's. Beside the
peak stands the growth above the resident set the scenario began with: the peak also carries what earlier
scenarios left behind (freed memory the allocator keeps), the growth only what the scenario held at once.
``tracemalloc`` would say the same at several times the CPU cost, and so would distort the timings it sits beside.

The sandbox is the bottleneck when it, not our process, did the work: it serves requests under one interpreter
lock and waits for its SQLite file besides, so when it sets the pace its CPU seconds over the wall time (its load)
pass one half while our own CPU seconds are a fraction of its own.
"""

import contextlib
import ctypes
import gc
import math
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SANDBOX_BOTTLENECK_LOAD", "SANDBOX_BOTTLENECK_SHARE", "Measurement", "Meter", "RequestCounter"]

SANDBOX_BOTTLENECK_LOAD = 0.5
SANDBOX_BOTTLENECK_SHARE = 2.0  # the sandbox's CPU seconds per CPU second of ours
_CLEAR_REFS, _STATUS = Path("/proc/self/clear_refs"), Path("/proc/self/status")


def _give_back_memory() -> None:
    """Return what earlier scenarios freed to the system (glibc keeps freed heap otherwise), so that a scenario's
    peak starts from what is still in use, not from the largest scenario before it."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _reset_peak_memory() -> bool:
    _give_back_memory()
    try:
        _CLEAR_REFS.write_text("5")
        return True
    except OSError:
        return False


def _resident_mib() -> float:
    """The process's resident set now (VmRSS); 0 where ``/proc`` has no status."""
    try:
        lines = _STATUS.read_text().splitlines()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in lines if line.startswith("VmRSS:")), 0.0)


def _peak_memory_mib(reset_worked: bool) -> float:
    """VmHWM since the last reset; without the reset, the process's lifetime peak (``ru_maxrss``)."""
    if reset_worked:
        for line in _STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Measurement:
    """The figures of one scenario; ``records`` is what it processed (for a sample, the sample's size)."""

    scenario: str
    title: str
    records: int
    seconds: float
    requests: int
    cpu_seconds: float
    sandbox_cpu_seconds: float
    peak_memory_mib: float
    details: dict = field(default_factory=dict)
    start_memory_mib: float = 0.0  # resident when the scenario began: what earlier scenarios left the process

    @property
    def memory_growth_mib(self) -> float:
        """How far the scenario itself took the process above where it began: what its own work held at once."""
        return max(0.0, self.peak_memory_mib - self.start_memory_mib)

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0

    @property
    def seconds_per_record(self) -> float:
        """Infinite when nothing was processed: a run that failed must never look fast."""
        return self.seconds / self.records if self.records else math.inf

    @property
    def requests_per_1000(self) -> float:
        return 1000 * self.requests / self.records if self.records else float(self.requests)

    @property
    def sandbox_load(self) -> float:
        return self.sandbox_cpu_seconds / self.seconds if self.seconds else 0.0

    @property
    def sandbox_bound(self) -> bool:
        busy = self.sandbox_load >= SANDBOX_BOTTLENECK_LOAD
        return busy and self.sandbox_cpu_seconds >= SANDBOX_BOTTLENECK_SHARE * self.cpu_seconds

    def as_dict(self) -> dict:
        return {
            "scenario": self.scenario,
            "title": self.title,
            "records": self.records,
            "seconds": round(self.seconds, 4),
            "records_per_second": round(self.records_per_second, 1),
            "seconds_per_record": round(self.seconds_per_record, 6),
            "requests": self.requests,
            "requests_per_1000_records": round(self.requests_per_1000, 2),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "sandbox_cpu_seconds": round(self.sandbox_cpu_seconds, 3),
            "sandbox_load": round(self.sandbox_load, 3),
            "sandbox_bottleneck": self.sandbox_bound,
            "peak_memory_mib": round(self.peak_memory_mib, 1),
            "start_memory_mib": round(self.start_memory_mib, 1),
            "memory_growth_mib": round(self.memory_growth_mib, 1),
            **self.details,
        }


class RequestCounter:
    """Sums the requests of every service client a scenario used, including clients the engine made itself."""

    def __init__(self) -> None:
        self.clients: list[tuple[object, int]] = []
        self.sent = 0

    def add(self, *clients) -> None:
        """Count the clients' requests from now on."""
        self.clients += [(client, client.stats.requests) for client in clients]

    def add_sent(self, requests: int) -> None:
        """Count requests that went out through no service client (the replay's plain ``httpx`` client)."""
        self.sent += requests

    def total(self) -> int:
        return self.sent + sum(client.stats.requests - before for client, before in self.clients)


class Meter:
    """Measures the block it guards: ``with Meter(site) as meter: ...`` then ``meter.result(...)``."""

    def __init__(self, site) -> None:
        self.site = site
        self.counter = RequestCounter()

    def __enter__(self) -> "Meter":
        self._reset = _reset_peak_memory()
        self.start_memory_mib = _resident_mib()
        self._cpu, self._sandbox_cpu = time.process_time(), self.site.cpu_seconds()
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.seconds = time.perf_counter() - self._started
        self.cpu_seconds = time.process_time() - self._cpu
        self.sandbox_cpu_seconds = self.site.cpu_seconds() - self._sandbox_cpu
        self.peak_memory_mib = _peak_memory_mib(self._reset)

    def result(self, scenario: str, title: str, records: int, **details) -> Measurement:
        return Measurement(
            scenario,
            title,
            records,
            self.seconds,
            self.counter.total(),
            self.cpu_seconds,
            self.sandbox_cpu_seconds,
            self.peak_memory_mib,
            details,
            self.start_memory_mib,
        )
