"""Copying the database file while clerks write (SQLite's online backup), checking a file
before it replaces the branch database, and the replacing itself (issue 9, SPEC §14.1)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from kefu_tui.store.db import BUSY_TIMEOUT_MS, FILE_MODE, share_with_group
from kefu_tui.store.schema import MIGRATIONS

KEFU_TABLES = {"scans", "waybills", "tickets", "audit"}
MMAP_BYTES = 1 << 34  # address space only: SQLite maps no more than the file


class BadDatabase(ValueError):
    """A file that is not a sound kefu database."""


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def _open_ro(path: Path) -> sqlite3.Connection:
    # a file with no -wal beside it is read as immutable: reading it leaves no -wal/-shm
    flag = "mode=ro" if Path(f"{path}-wal").exists() else "immutable=1"
    return sqlite3.connect(f"file:{path}?{flag}", uri=True)


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` to the new file ``target`` in one read snapshot: under WAL the
    writers go on meanwhile, and the copy is the database as of one commit. The copy is
    made under a private name and moved into place whole, 0660."""
    tmp = target.with_name(f".{target.name}.part-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    src = _connect(source)
    try:
        # pages read through a memory map, not one read() each: the copy runs near the
        # speed of a plain file copy (bench/bench_server.py)
        src.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        dst = sqlite3.connect(str(tmp))
        try:
            # a scratch file until it is renamed: no journal, no syncs (we fsync once below)
            dst.execute("PRAGMA journal_mode=OFF")
            dst.execute("PRAGMA synchronous=OFF")
            dst.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            src.backup(dst)  # pages=-1: every page in one step, one snapshot
        finally:
            dst.close()
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fchmod(fd, FILE_MODE)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()


def check_database(path: Path, full: bool = True) -> int:
    """Raise :class:`BadDatabase` with the reason unless ``path`` is a kefu database that
    passes ``PRAGMA integrity_check``; returns its schema version."""
    if not path.is_file():
        raise BadDatabase(f"{path}: no such file")
    try:
        conn = _open_ro(path)
    except sqlite3.Error as e:
        raise BadDatabase(f"{path}: cannot open ({e})") from e
    try:
        result = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
        if [tuple(r) for r in result] != [("ok",)]:
            raise BadDatabase(f"{path}: integrity check failed ({result[0][0]})")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not KEFU_TABLES <= tables:
            raise BadDatabase(f"{path}: not a kefu database (tables missing: "
                              f"{', '.join(sorted(KEFU_TABLES - tables))})")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise BadDatabase(f"{path}: made by a newer kefu (schema {version})")
        return version
    except sqlite3.DatabaseError as e:
        raise BadDatabase(f"{path}: not a database ({e})") from e
    finally:
        conn.close()


def replace_database(live: Path, source: Path) -> None:
    """Write ``source``'s pages into the live database through SQLite (under its write
    lock, through its WAL), so clerks' open connections see the restored data and no
    file is swapped under them."""
    src = _open_ro(source)
    dst = _connect(live)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    share_with_group(live)
