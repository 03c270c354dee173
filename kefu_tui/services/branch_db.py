"""Opening the branch's database (SQLite file, WAL, migrated on first open): the one door
through which the CLI and the app reach the store. One ``Store`` per thread.
A file that is not kefu's (or a newer kefu's) raises ``BadDatabase`` before anything is
written to it; a read-only one opens for reading and ``NotWritable`` is raised on a write."""

from __future__ import annotations

from kefu_tui.store import Store, open_store
from kefu_tui.store.db import NotWritable
from kefu_tui.store.recognise import BadDatabase

__all__ = ["BadDatabase", "NotWritable", "Store", "open_store"]
