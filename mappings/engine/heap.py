"""The process's C heap kept in proportion to one page of work, not to the largest table a run has synchronized.

A full synchronization keeps about three pages of Python objects alive whatever the table's size (the page
being decided, the one read ahead and the one being written), yet with glibc's defaults the resident memory of a
process that ran one kept growing with the table. Two defaults of glibc's ``malloc`` make freed memory linger:

- every thread that allocates may get a heap of its own (up to eight per core); the pipeline's and the service
  clients' helper threads each fill one with the pages they read and leave it fragmented. Python allocates under
  its interpreter lock, so more than one heap per core buys no parallelism, only retained memory;
- a large buffer (a response body of a page, its JSON) is mapped from the system and handed back at once when
  freed, until glibc raises its threshold to the largest such buffer freed so far: from then on the bodies come
  from those heaps and leave holes there.

Measured with the benchmark at N = 20,000 (full synchronizations of CUSTOMER, CONTACT and ITEM-PRODUCT), the
peak went from 182, 187 and 215 MiB to 146, 150 and 155 MiB (107, 114 and 121 MiB at N = 2,000), at the same CPU
seconds.
"""

import ctypes
import os

__all__ = ["HEAP_ARENAS", "LARGE_BUFFER", "bound_heap_growth"]

HEAP_ARENAS = 2  # heaps for all threads together (glibc: M_ARENA_MAX)
LARGE_BUFFER = 128 * 1024  # buffers from this size up are always mapped and unmapped (glibc: M_MMAP_THRESHOLD)
# mallopt's parameter numbers, and the environment variables by which an operator may choose otherwise.
_SETTINGS = ((-8, HEAP_ARENAS, "MALLOC_ARENA_MAX"), (-3, LARGE_BUFFER, "MALLOC_MMAP_THRESHOLD_"))


def bound_heap_growth() -> list[str]:
    """Apply both settings unless the environment sets them; returns the variables applied (none off glibc).

    Called once when the app loads, before any helper thread allocates (new heaps obey the limit)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return []
    return [name for number, value, name in _SETTINGS if name not in os.environ and mallopt(number, value) == 1]
