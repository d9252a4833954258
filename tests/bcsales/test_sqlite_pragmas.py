"""The app's SQLite connections keep a 16 MB page cache and checkpoint their WAL every 10,000 pages, so that the
random index writes of a sync's couplings and change log are neither read back nor copied once per commit."""

import pytest
from django.db import connections

pytestmark = pytest.mark.django_db


def _pragma(name: str) -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_the_apps_sqlite_connection_keeps_a_16_mb_cache_and_checkpoints_every_10000_pages():
    if connections["default"].vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL sizes its shared buffers and checkpoints for the whole server")
    assert _pragma("cache_size") == -16384
    assert _pragma("wal_autocheckpoint") == 10000
    assert _pragma("synchronous") == 1  # NORMAL: with WAL, a commit survives a crash of the process
