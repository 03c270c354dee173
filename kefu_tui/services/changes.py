"""Noticing another clerk's change (issue 9): one connection per workstation asks SQLite's
``PRAGMA data_version`` about once a second; when it moved, open screens reload.

A restore (``kefu restore``) replaces the rows of the same file in one transaction, so the
open connections see the restored data like any other commit; what tells it apart is the
``restore`` audit entry written in that transaction: :meth:`ChangeWatch.restored` names it
once, so the workstation can say to which backup the database went back (SPEC §14.2)."""

from __future__ import annotations

import json
from pathlib import Path

from kefu_tui.store import open_store

_LAST_RESTORE = ("SELECT id, at, user, after FROM audit WHERE entity = 'database' AND action = 'restore'"
                 " ORDER BY id DESC LIMIT 1")


class ChangeWatch:
    """``changed()`` is True once after each commit made anywhere else to the database."""

    def __init__(self, db_path: Path):
        self._path = Path(db_path)
        self._store = open_store(db_path)
        self._inode = self._path.stat().st_ino
        self._seen = self._store.data_version()
        self._restore = self._last_restore()
        self._swapped = False

    def changed(self) -> bool:
        if self._path.stat().st_ino != self._inode:
            # the file was swapped (a restore over an unusable database): look at the new one
            self._store.close()
            self._store = open_store(self._path)
            self._inode = self._path.stat().st_ino
            self._seen = self._store.data_version()
            self._swapped = True
            return True
        v = self._store.data_version()
        if v == self._seen:
            return False
        self._seen = v
        return True

    def restored(self) -> str | None:
        """After :meth:`changed`: the clerk's line when the database was restored since the
        last look (to which backup, by whom, when), else None."""
        last = self._last_restore()
        if last == self._restore or last is None:
            return None
        self._restore = last
        _, at, user, after = last
        source = (json.loads(after) if after else {}).get("from") or "?"
        if self._swapped:  # this workstation's other connections still hold the old file
            return (f"数据库已由 {user} 于 {at[:16]} 恢复到备份 {Path(source).name} (文件已替换),"
                    " 请退出后重新登录 (database restored: log in again)")
        return f"数据库已由 {user} 于 {at[:16]} 恢复到备份 {Path(source).name}, 画面已重新载入 (database restored)"

    def _last_restore(self) -> tuple | None:
        row = self._store.conn.execute(_LAST_RESTORE).fetchone()
        return tuple(row) if row else None

    def close(self) -> None:
        self._store.close()
