"""Noticing another clerk's change (issue 9): one connection per workstation asks SQLite's
``PRAGMA data_version`` about once a second; when it moved, open screens reload."""

from __future__ import annotations

from pathlib import Path

from kefu_tui.store import open_store


class ChangeWatch:
    """``changed()`` is True once after each commit made anywhere else to the database."""

    def __init__(self, db_path: Path):
        self._store = open_store(db_path)
        self._seen = self._store.data_version()

    def changed(self) -> bool:
        v = self._store.data_version()
        if v == self._seen:
            return False
        self._seen = v
        return True

    def close(self) -> None:
        self._store.close()
