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
from functools import lru_cache
from pathlib import Path

from kefu_tui.store.schema import MIGRATIONS, statements

APPLICATION_ID = 0x6B656675  # b"kefu"
# SQLite's own bookkeeping, created by SQLite (AUTOINCREMENT, ANALYZE), not by a schema
_SQLITE_OWN = ("sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")


class BadDatabase(ValueError):
    """A file that is not a sound kefu database (or one of a newer kefu)."""


def known_version() -> int:
    return len(MIGRATIONS)


def read_header(path: Path) -> tuple[int, int]:
    """``(application_id, user_version)`` from the file's header, read through SQLite with
    ``immutable=1``: no lock, no journal, no ``-wal``/``-shm`` (a foreign file is not
    touched). Not a plain ``open()``: its ``close()`` would drop every POSIX lock this
    process holds on the file, an open workstation's included, and the next clerk's command
    to finish would delete the live WAL under it (sqlite.org/howtocorrupt.html §2.2);
    SQLite's own close keeps them."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block the open below
        raise BadDatabase(f"{path}: 不是普通文件 (not a regular file)")
    if st.st_size == 0:
        raise BadDatabase(f"{path}: 空文件, 不是 kefu 数据库 (an empty file, not a kefu database)")
    not_sqlite = BadDatabase(f"{path}: 不是 SQLite 数据库 (not an SQLite database)")
    if st.st_size < 100:
        raise not_sqlite
    try:
        conn = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise not_sqlite from None
    check_mark(path, app_id, version)
    if app_id == 0 and version == 0:  # every kefu file has a version (made whole, then linked)
        raise BadDatabase(f"{path}: 不是 kefu 数据库, 未改动 (not a kefu database; left unchanged)")
    return app_id, version


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
