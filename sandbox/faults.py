"""Latency, injected faults and service protection limits, per emulated service.

Settings start from environment variables (``BCSALES_SANDBOX_LATENCY_MS``, ``…_THROTTLE_RATE``,
``…_ERROR_RATE``, ``…_DROP_RATE``, each also per service as ``BCSALES_SANDBOX_DATAVERSE_LATENCY_MS`` …) and are
changed by `sandbox serve` options or ``POST /sandbox/control/faults``. The state lives in the serving process:
that is where the requests arrive, and a restart returns to the environment's values.

The protection limits mirror each service's per-user sliding window: Dataverse's number of requests, combined
execution time and concurrent requests, and Business Central's own (requests per window and concurrent requests);
exceeding one answers 429 with Retry-After.
"""

import math
import os
import random
import threading
import time
from collections import Counter, defaultdict, deque
from dataclasses import asdict, dataclass, fields, replace

__all__ = [
    "DEFAULT_LIMITS",
    "SERVICES",
    "FaultSettings",
    "ProtectionLimits",
    "Rejection",
    "configure",
    "draw_fault",
    "enter",
    "injected",
    "leave",
    "reset",
    "settings_for",
    "snapshot",
]

SERVICES = ("dataverse", "bc", "identity")
THROTTLE, SERVER_ERROR, UNAVAILABLE, DROP = "throttle", "server_error", "unavailable", "drop"


@dataclass(frozen=True)
class FaultSettings:
    latency_ms: int = 0
    throttle_rate: float = 0.0
    error_rate: float = 0.0
    drop_rate: float = 0.0
    retry_after_seconds: int = 1


@dataclass(frozen=True)
class ProtectionLimits:
    """Dataverse's documented defaults: per user, over a five-minute sliding window."""

    max_requests: int = 6000
    window_seconds: float = 300.0
    max_execution_seconds: float | None = 1200.0
    max_concurrent: int = 52


# Business Central's own limits (per user and environment): 6,000 OData requests per five-minute sliding window
# and 100 concurrent requests; it has no combined-execution-time limit.
DEFAULT_LIMITS = {
    "bc": ProtectionLimits(max_requests=6000, window_seconds=300.0, max_execution_seconds=None, max_concurrent=100)
}


class Rejection(Exception):
    """A request refused by the protection limits; ``kind`` is requests, execution or concurrency."""

    def __init__(self, kind: str, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.kind, self.message, self.retry_after = kind, message, retry_after


_lock = threading.Lock()
_faults: dict[str, FaultSettings] = {}
_limits: dict[str, ProtectionLimits] = {}
_history: dict[tuple[str, str], deque] = defaultdict(deque)
_in_flight: dict[tuple[str, str], int] = defaultdict(int)
_executed: dict[tuple[str, str], float] = defaultdict(float)  # the execution seconds ``_history`` holds, summed
_random = random.Random()
_injected: dict[str, Counter] = defaultdict(Counter)  # faults injected per service and kind, for the soak


def _env_number(service: str, name: str, cast: type) -> float | int | None:
    for key in (f"BCSALES_SANDBOX_{service.upper()}_{name}", f"BCSALES_SANDBOX_{name}"):
        raw = os.environ.get(key, "").strip()
        if raw:
            try:
                return cast(raw)
            except ValueError:
                raise ValueError(f"{key}={raw!r} is not a number.") from None
    return None


def _from_environment(service: str) -> FaultSettings:
    values = {
        "latency_ms": _env_number(service, "LATENCY_MS", int),
        "throttle_rate": _env_number(service, "THROTTLE_RATE", float),
        "error_rate": _env_number(service, "ERROR_RATE", float),
        "drop_rate": _env_number(service, "DROP_RATE", float),
    }
    return FaultSettings(**{name: value for name, value in values.items() if value is not None})


def _check_service(service: str) -> None:
    if service not in SERVICES:
        raise ValueError(f"Unknown sandbox service '{service}'; use one of {', '.join(SERVICES)}.")


def settings_for(service: str) -> FaultSettings:
    _check_service(service)
    with _lock:
        if service not in _faults:
            _faults[service] = _from_environment(service)
        return _faults[service]


def limits_for(service: str) -> ProtectionLimits:
    with _lock:
        return _limits.get(service, DEFAULT_LIMITS.get(service, ProtectionLimits()))


def configure(service: str, *, limits: dict | None = None, **changes: float) -> FaultSettings:
    """Change a service's fault settings (and optionally its protection limits); validates every value."""
    current = settings_for(service)
    known = {f.name for f in fields(FaultSettings)}
    for name, value in changes.items():
        if name not in known:
            raise ValueError(f"Unknown fault setting '{name}'; use one of {', '.join(sorted(known))}.")
        if not isinstance(value, int | float) or value < 0 or (name.endswith("_rate") and value > 1):
            raise ValueError(f"{name} must be a number {'between 0 and 1' if name.endswith('_rate') else '>= 0'}.")
    updated = replace(current, **changes)
    with _lock:
        _faults[service] = updated
        if limits is not None:
            _limits[service] = replace(_limits.get(service, DEFAULT_LIMITS.get(service, ProtectionLimits())), **limits)
    return updated


def reset() -> None:
    """Back to the environment's settings and the documented limits; forget all request history."""
    with _lock:
        _faults.clear()
        _limits.clear()
        _history.clear()
        _in_flight.clear()
        _executed.clear()
        _injected.clear()


def snapshot() -> dict:
    return {
        service: {**asdict(settings_for(service)), "limits": asdict(limits_for(service)), "injected": injected(service)}
        for service in SERVICES
    }


def injected(service: str) -> dict[str, int]:
    """How many faults of each kind this process injected into ``service``'s requests since the last reset."""
    with _lock:
        return dict(_injected[service])


def draw_fault(service: str) -> str | None:
    """Roll the dice for one request: None, or which fault to inject (and count it)."""
    fault = _draw(settings_for(service))
    if fault is not None:
        with _lock:
            _injected[service][fault] += 1
    return fault


def _draw(settings: FaultSettings) -> str | None:
    roll = _random.random()
    for fault, rate in ((THROTTLE, settings.throttle_rate), (DROP, settings.drop_rate)):
        if roll < rate:
            return fault
        roll -= rate
    if roll < settings.error_rate:
        return _random.choice((SERVER_ERROR, UNAVAILABLE))
    return None


def enter(service: str, user: str) -> float:
    """Admit a request by ``user`` (raise Rejection naming the limit it exceeds); returns the start time that
    ``leave`` needs once the request is answered."""
    limits, now, key = limits_for(service), time.monotonic(), (service, user)
    with _lock:
        history = _history[key]
        while history and history[0][0] <= now - limits.window_seconds:
            _executed[key] -= history.popleft()[1]
        if not history:
            _executed[key] = 0.0
        retry_after = max(1, math.ceil(history[0][0] + limits.window_seconds - now)) if history else 1
        if _in_flight[key] >= limits.max_concurrent:
            message = f"Number of concurrent requests exceeded the limit of {limits.max_concurrent}."
            raise Rejection("concurrency", message, 1)
        if len(history) >= limits.max_requests:
            message = f"Number of requests exceeded the limit of {limits.max_requests} over time window of {limits.window_seconds:g} seconds."
            raise Rejection("requests", message, retry_after)
        if limits.max_execution_seconds is not None and _executed[key] >= limits.max_execution_seconds:
            message = (
                f"Combined execution time of incoming requests exceeded limit of {limits.max_execution_seconds * 1000:,.0f} "
                f"milliseconds over time window of {limits.window_seconds:g} seconds."
            )
            raise Rejection("execution", message, retry_after)
        history.append([now, 0.0])
        _in_flight[key] += 1
    return now


def leave(service: str, user: str, started: float) -> None:
    """Record the request's execution time against the window and free its concurrency slot."""
    key, elapsed = (service, user), time.monotonic() - started
    with _lock:
        _in_flight[key] = max(0, _in_flight[key] - 1)
        for entry in reversed(_history[key]):
            if entry[0] == started:
                entry[1] = elapsed
                _executed[key] += elapsed
                break
