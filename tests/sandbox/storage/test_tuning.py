"""The sandbox's SQLite connections read with a larger page cache than the app's."""

import pytest
from django.db import connections

from sandbox.routers import SANDBOX_DB
from sandbox.storage.tuning import CACHE_KIB

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _pragma(alias: str, name: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_the_sandboxs_sqlite_connections_keep_a_larger_page_cache_than_the_apps():
    if connections[SANDBOX_DB].vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL sizes its shared buffers for the whole server")

    assert _pragma(SANDBOX_DB, "cache_size") == -CACHE_KIB
    if connections["default"].vendor == "sqlite":
        assert _pragma("default", "cache_size") > -CACHE_KIB
