"""Is this file ours? A database named by ``--db`` or handed to ``restore`` is input: it is
checked before kefu writes a byte to it (issue 15 items 1 and 4, ARCHITECTURE "second ring").

kefu marks its files with SQLite's ``PRAGMA application_id`` (:data:`APPLICATION_ID`). A
file counts as kefu's when it carries the mark, or, unmarked, when it is a database made
before the mark existed: ``user_version`` between 1 and ours and a schema exactly that of
the migrations up to that version (such a file is marked when first opened for writing).
Either way its schema objects (tables, columns, indexes, triggers, views) must be exactly
those our migrations create for its version: a trigger added by hand is refused."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from functools import lru_cache
from pathlib import Path

from kefu_tui.store.schema import MIGRATIONS, statements

APPLICATION_ID = 0x6B656675  # b"kefu"
HEADER = b"SQLite format 3\x00"
# SQLite's own bookkeeping, created by SQLite (AUTOINCREMENT, ANALYZE), not by a schema
_SQLITE_OWN = ("sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")


class BadDatabase(ValueError):
    """A file that is not a sound kefu database (or one of a newer kefu)."""


def known_version() -> int:
    return len(MIGRATIONS)


def read_header(path: Path) -> tuple[int, int]:
    """``(application_id, user_version)`` from the file's first 100 bytes, read as plain
    bytes (no SQLite connection: a foreign file is not touched, not even its journal)
    through a descriptor this process keeps (:func:`_first_bytes`). Not through SQLite
    with ``immutable=1``: that reads page 1 and the schema without a lock, and a
    checkpoint rewriting them meanwhile (ten clerks at once) read as "not a database";
    the header's bytes are the same before and after any write but a migration."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block the open below
        raise BadDatabase(f"{path}: 不是普通文件 (not a regular file)")
    head = _first_bytes(path)
    if not head:
        raise BadDatabase(f"{path}: 空文件, 不是 kefu 数据库 (an empty file, not a kefu database)")
    if len(head) < 100 or not head.startswith(HEADER):
        raise BadDatabase(f"{path}: 不是 SQLite 数据库 (not an SQLite database)")
    app_id = int.from_bytes(head[68:72], "big")
    version = int.from_bytes(head[60:64], "big")
    check_mark(path, app_id, version)
    if app_id == 0 and version == 0:  # every kefu file has a version (made whole, then linked)
        raise BadDatabase(f"{path}: 不是 kefu 数据库, 未改动 (not a kefu database; left unchanged)")
    return app_id, version


# Descriptors of the files whose header was read, never closed: POSIX drops *all* of a
# process's locks on a file when any one of its descriptors of it is closed, and SQLite's
# connections in this process hold theirs on the same file. Closing would let another
# clerk's kefu think it is the last one and delete the -wal/-shm under us (issue 16 item 3).
_KEPT: dict[tuple[int, int], int] = {}
_KEPT_LOCK = threading.Lock()


def _first_bytes(path: Path) -> bytes:
    st = os.stat(path)
    with _KEPT_LOCK:
        fd = _KEPT.get((st.st_dev, st.st_ino))
        if fd is None:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOCTTY", 0))
            opened = os.fstat(fd)
            _KEPT.setdefault((opened.st_dev, opened.st_ino), fd)  # a lost race keeps its fd open too
    return os.pread(fd, 100, 0)


def check_mark(path: Path, app_id: int, version: int) -> None:
    if app_id not in (0, APPLICATION_ID):
        raise BadDatabase(f"{path}: 其他程序的数据库, 未改动 (another program's database,"
                          f" application_id {app_id:#x}; left unchanged)")
    if version > known_version() and app_id == 0:
        # kefu has marked every file since before this version: unmarked, it is another's
        raise BadDatabase(f"{path}: 不是 kefu 数据库, 未改动 (not a kefu database: user_version"
                          f" {version}, no kefu mark; left unchanged)")
    if version > known_version():
        raise BadDatabase(f"{path}: 由更新版本的 kefu 建立 (schema version {version}; this kefu"
                          f" knows up to {known_version()}); 请升级 kefu, 未改动 (left unchanged)")


def verify(conn: sqlite3.Connection, path: Path | str) -> int:
    """Raise :class:`BadDatabase` unless the database on ``conn`` is kefu's (mark, version,
    schema exactly ours); returns its schema version. Reads only."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    check_mark(Path(path), app_id, version)
    found = schema_of(conn)
    if version == 0:
        # an empty file is ours only if we marked it (a new file kefu is building)
        if app_id == APPLICATION_ID and not found:
            return 0
        raise BadDatabase(f"{path}: 不是 kefu 数据库 (not a kefu database: no kefu schema version)")
    differs = describe(expected_schema(version), found)
    if differs:
        what = "kefu 数据库结构被改动" if app_id == APPLICATION_ID else "不是 kefu 数据库"
        raise BadDatabase(f"{path}: {what} (schema objects not kefu's for version {version}: {differs})")
    return version


def schema_of(conn: sqlite3.Connection) -> frozenset[tuple[str, str, str, str | None]]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return frozenset(
        (t, n, tbl, " ".join(sql.split()) if sql else None)
        for t, n, tbl, sql in rows
        if not (t == "table" and n in _SQLITE_OWN)
    )


@lru_cache(maxsize=None)
def expected_schema(version: int) -> frozenset[tuple[str, str, str, str | None]]:
    """The schema objects of a fresh database migrated to ``version`` (built in memory)."""
    conn = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS[:version]:
            for stmt in statements(script):
                conn.execute(stmt)
        return schema_of(conn)
    finally:
        conn.close()


def describe(expected: frozenset, found: frozenset) -> str:
    """The first few differences, named (``trigger wipe on ticket_notes added``)."""
    extra = sorted(found - expected, key=lambda r: (r[0], r[1]))
    missing = sorted(expected - found, key=lambda r: (r[0], r[1]))
    extra_names = {(r[0], r[1]) for r in extra}
    parts = [f"{t} {n} changed" for t, n, *_ in missing if (t, n) in extra_names]
    parts += [f"{t} {n} added" for t, n, *_ in extra if (t, n) not in {(r[0], r[1]) for r in missing}]
    parts += [f"{t} {n} missing" for t, n, *_ in missing if (t, n) not in extra_names]
    if len(parts) > 3:
        parts = parts[:3] + [f"… {len(parts) - 3} more"]
    return ", ".join(parts)
