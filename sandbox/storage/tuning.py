"""SQLite settings of the sandbox's own connections: a larger page cache and memory-mapped reads.

A bulk write of a thousand rows touches every index of the records table at a random place. With SQLite's default
2 MB page cache most of those index pages are read again through the file system for each statement, which cost a
quarter of the write's CPU; the same goes for the pages of the rows a read by ids visits. Memory-mapping the file
lets every connection of the serving process read pages straight from the operating system's cache, and a 32 MB
cache keeps the hot index pages of one connection (the app's connections keep 16 MB: settings.py).
"""

from django.db.backends.signals import connection_created
from django.dispatch import receiver

from sandbox.routers import SANDBOX_DB

__all__ = ["CACHE_KIB", "MMAP_BYTES", "tune_sqlite"]

CACHE_KIB = 32 * 1024
MMAP_BYTES = 256 * 1024 * 1024


@receiver(connection_created, dispatch_uid="sandbox-sqlite-tuning")
def tune_sqlite(sender, connection, **kwargs) -> None:
    """Set the page cache and memory map of each new connection to the sandbox's SQLite file."""
    if connection.alias != SANDBOX_DB or connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
