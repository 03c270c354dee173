"""Opening the branch's database (SQLite file, WAL, migrated on first open): the one door
through which the CLI and the app reach the store. One ``Store`` per thread."""

from __future__ import annotations

from kefu_tui.store import Store, open_store

__all__ = ["Store", "open_store"]
