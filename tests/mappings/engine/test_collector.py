import gc
import weakref

import pytest

from mappings.engine.collector import PASS_THRESHOLDS, collecting_less


def test_a_pass_raises_the_thresholds_and_freezes_the_older_heap_then_restores_both():
    before, frozen_before = gc.get_threshold(), gc.get_freeze_count()
    with collecting_less():
        assert all(now >= wanted for now, wanted in zip(gc.get_threshold(), PASS_THRESHOLDS, strict=True))
        assert gc.get_freeze_count() > frozen_before
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_passes_side_by_side_keep_the_setting_until_the_last_one_ends():
    before = gc.get_threshold()
    with collecting_less():
        raised = gc.get_threshold()
        with collecting_less():
            assert gc.get_threshold() == raised
        assert gc.get_threshold() == raised
    assert gc.get_threshold() == before


def test_a_pass_that_raises_still_restores_the_collector():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), collecting_less():
        raise RuntimeError("the pass failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_higher_thresholds_set_by_the_process_are_kept():
    before = gc.get_threshold()
    gc.set_threshold(*(value * 1000 for value in PASS_THRESHOLDS))
    try:
        with collecting_less():
            assert gc.get_threshold() == tuple(value * 1000 for value in PASS_THRESHOLDS)
    finally:
        gc.set_threshold(*before)


def test_garbage_made_during_a_pass_is_freed_when_the_pass_ends():
    """An object in a reference cycle (as an unclosed client is) does not outlive the pass it was dropped in."""

    class Holder:
        pass

    with collecting_less():
        holder = Holder()
        holder.itself = holder
        alive = weakref.ref(holder)
        del holder
    assert alive() is None
