"""Python's cyclic garbage collector while pages are synchronized.

A pass keeps a few pages of records in flight (read ahead, being decided, being written), each some ten thousand
container objects that live a page's span. With the default thresholds the collector walks those pages again and
again (a full collection every ten middle ones), about a fifth of the engine's CPU in a full synchronization. While
pages run, what the process held before them is set aside (``gc.freeze``: it is not garbage the pass could make) and
the collector runs less often: a youngest generation of 200,000 objects. The pages in flight hold more than 50,000
live ones, so a smaller threshold walked them a dozen times per 20,000 records and found nothing, their objects being
freed by their reference counts; and a pass leaves little in cycles since the HTTP core unbinds each response from
its stream (``ServiceHttp._attempt``). Both are undone when the last pass in the process ends: one collection of
what the passes made (the frozen heap is not walked: 5 ms instead of 50) frees whatever of it became garbage, so that
nothing (a socket of a client nobody closed) outlives the pass because of this, and the heap is then unfrozen. Only
full synchronizations, whose pages are many, use it: an incremental pass of a few records would pay more for that
collection than it saves.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["PASS_THRESHOLDS", "collecting_less"]

PASS_THRESHOLDS = (200000, 10, 100)
_lock = threading.Lock()
_state = {"passes": 0, "before": gc.get_threshold()}


@contextmanager
def collecting_less() -> Iterator[None]:
    """Thresholds raised and the older heap frozen for the block; passes running side by side share one setting."""
    with _lock:
        if _state["passes"] == 0:
            _state["before"] = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(*(max(now, wanted) for now, wanted in zip(_state["before"], PASS_THRESHOLDS, strict=True)))
        _state["passes"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["passes"] -= 1
            if _state["passes"] == 0:
                gc.set_threshold(*_state["before"])
                gc.collect()  # what became garbage meanwhile (an unclosed client's sockets among it) goes now
                gc.unfreeze()
