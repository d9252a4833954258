"""The C heap settings applied when the app loads (glibc only: elsewhere there is nothing to set)."""

import platform

import pytest

from mappings.engine.heap import bound_heap_growth


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt's settings exist on glibc only")
def test_glibc_accepts_both_heap_settings_unless_the_environment_chose(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    assert bound_heap_growth() == ["MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_"]
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert bound_heap_growth() == ["MALLOC_MMAP_THRESHOLD_"]
