"""services.gc_pause: the collector paused while any batch runs, as it was after the last."""

from __future__ import annotations

import gc
import threading

from kefu_tui.services.gc_pause import paused_gc


def test_nested_and_overlapping_batches_restore_the_collector_after_the_last():
    assert gc.isenabled()
    started, release = threading.Event(), threading.Event()

    def other_worker():
        with paused_gc():
            started.set()
            release.wait(5)

    t = threading.Thread(target=other_worker)
    with paused_gc():
        assert not gc.isenabled()
        t.start()
        started.wait(5)
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other worker's batch is still under way
    release.set()
    t.join(5)
    assert gc.isenabled()


def test_a_batch_that_fails_still_restores_it():
    try:
        with paused_gc():
            raise ValueError("a damaged row")
    except ValueError:
        pass
    assert gc.isenabled()


def test_a_collector_paused_by_someone_else_stays_paused():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
