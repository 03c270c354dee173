"""Python's cycle collector paused around a bounded batch of reads (F12).

Tracking thousands of parcels allocates hundreds of thousands of small acyclic objects
(rows, tuples, lists). Each allocation burst triggers collections that walk the young
objects and, as the tracking screen's rows pile up, the old ones too: measured on F12 over
150,000 tickets, the worker spent half its CPU in the collector (8.7 s against 3.5 s with
it paused), and ``track`` of 1,000 numbers 23 % (bench/RESULTS.md). The batches are
bounded (a call of ``track``; the F12 worker, a few seconds at the most), and nothing they
build is cyclic, so pausing the collector loses no memory; it runs again, as usual, as
soon as the last batch ends."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # batches under way (two workers may track at once)
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
