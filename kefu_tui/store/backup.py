"""Copying the database file while clerks write (SQLite's online backup), checking a file
before it replaces the branch database, and the replacing itself (issue 9, SPEC §14.1 and
§14.2; issue 15 items 1 and 2, issue 16 item 3)."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from kefu_tui.store import recognise
from kefu_tui.store.db import (BUSY_TIMEOUT_MS, FILE_MODE, SQLITE_OWN_SUFFIXES, NotWritable, Store,
                               share_with_group)
from kefu_tui.store.recognise import BadDatabase

__all__ = ["BadDatabase", "NotWritable", "TargetUnwritable", "check_database", "copy_database",
           "own_files", "replace_rows", "stage"]

MMAP_BYTES = 1 << 34  # address space only: SQLite maps no more than the file
OWN_SUFFIXES = ("", *SQLITE_OWN_SUFFIXES)


class TargetUnwritable(OSError):
    """The copy could not be written where it was asked to go (full disk, no permission):
    the target is at fault, not the database (issue 15 item 8)."""


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def _open_ro(path: Path) -> sqlite3.Connection:
    # a file with no -wal beside it is read as immutable: reading it leaves no -wal/-shm
    flag = "mode=ro" if Path(f"{path}-wal").exists() else "immutable=1"
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?{flag}", uri=True)


def own_files(db: Path, target: Path) -> bool:
    """True when ``target`` is the database or its -wal/-shm/-journal by any name: a
    symlink, another path, a hard link (same inode). Writing there corrupts the database."""
    t = Path(os.path.abspath(target))
    # SQLite keeps the -wal beside the file a symlinked --db points to: both names count
    for own in {Path(f"{base}{suffix}") for base in (db, db.resolve()) for suffix in OWN_SUFFIXES}:
        if own.resolve() == t.resolve():
            return True
        try:
            if os.path.samefile(own, t):
                return True
        except OSError:  # one of them does not exist
            pass
    return False


def copy_database(source: Path | sqlite3.Connection, target: Path) -> None:
    """Copy ``source`` to ``target`` in one read snapshot: under WAL the writers go on
    meanwhile, and the copy is the database as of one commit. The copy is written to a
    private name in the target's folder, fsynced and renamed into place, 0660: all or
    nothing. A write failure raises :class:`TargetUnwritable` and leaves no half file."""
    target = Path(target)
    tmp = target.with_name(f".{target.name}.part-{os.getpid()}-{os.urandom(3).hex()}")
    src = source if isinstance(source, sqlite3.Connection) else _connect(source)
    try:
        # pages read through a memory map, not one read() each: the copy runs near the
        # speed of a plain file copy (bench/bench_server.py)
        src.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        try:
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
        except (sqlite3.OperationalError, OSError) as e:
            if isinstance(e, sqlite3.OperationalError) and not _writing_failed(e):
                raise  # e.g. the source busy or damaged: not the target's fault
            full = "full" in str(e) or getattr(e, "errno", None) == errno.ENOSPC
            why = "磁盘已满 (disk full)" if full else str(e)
            raise TargetUnwritable(f"无法写入 {target}: {why}; 数据库未受影响 (the database is unharmed)") from e
    except BaseException:
        with suppress(OSError):  # a read-only folder: there is no half file to remove
            tmp.unlink(missing_ok=True)
        raise
    finally:
        if src is not source:
            src.close()


def _writing_failed(e: sqlite3.OperationalError) -> bool:
    # the primary code of SQLite's extended one (SQLITE_IOERR_WRITE is IOERR + 3 << 8)
    return (getattr(e, "sqlite_errorcode", 0) & 0xFF) in (
        sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR)


def check_database(path: Path, full: bool = True) -> int:
    """Raise :class:`BadDatabase` with the reason unless ``path`` is a regular file holding a
    kefu database (our mark or an old kefu file, a version we know, exactly the schema
    objects our migrations made) that passes ``PRAGMA integrity_check``; returns its
    schema version. A trigger or view added to a copy of the branch is refused (issue 15)."""
    path = Path(path)
    if not path.is_file():
        raise BadDatabase(f"{path}: no such file")
    try:
        recognise.read_header(path)
        conn = _open_ro(path)
    except OSError as e:
        raise BadDatabase(f"{path}: cannot read ({e.strerror or e})") from e
    except sqlite3.Error as e:
        raise BadDatabase(f"{path}: cannot open ({e})") from e
    try:
        result = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
        if [tuple(r) for r in result] != [("ok",)]:
            raise BadDatabase(f"{path}: integrity check failed ({result[0][0]})")
        return recognise.verify(conn, path)
    except sqlite3.DatabaseError as e:
        raise BadDatabase(f"{path}: not a database ({e})") from e
    finally:
        conn.close()


def stage(source: Path, folder: Path) -> Path:
    """A private copy of the checked ``source`` in ``folder`` (the database's), checked
    again: what is restored is this copy, so the source cannot change between check and use."""
    check_database(source)
    tmp = folder / f".restore-{os.getpid()}-{os.urandom(3).hex()}.db"
    src = _open_ro(source)
    try:
        copy_database(src, tmp)
    finally:
        src.close()
    try:
        check_database(tmp, full=False)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def replace_rows(store: Store, staged: Path, keep: Callable[[], None], then: Callable[[], None]) -> None:
    """Replace every row of the live database with ``staged``'s (same schema version: both
    migrated) in ONE write transaction on ``store``: ``keep()`` runs first under the write
    lock (no other clerk can commit meanwhile, so the copy it makes holds every
    acknowledged write), then the rows are replaced, then ``then()`` (the audit entry) in
    the same transaction; every write after lands in the restored data. The file is not
    swapped: clerks' open connections see the new rows (SPEC §14.2, issue 16 item 3)."""
    conn = store.conn
    conn.execute("PRAGMA foreign_keys=OFF")  # the tables refill in any order
    conn.execute("ATTACH DATABASE ? AS restored", (str(staged),))
    try:
        with store.write():
            keep()
            names = [r[0] for r in conn.execute(
                "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            for name in names + _sequences(conn):
                conn.execute(f'DELETE FROM main."{name}"')
                conn.execute(f'INSERT INTO main."{name}" SELECT * FROM restored."{name}"')
            then()
    finally:
        conn.execute("DETACH DATABASE restored")
        conn.execute("PRAGMA foreign_keys=ON")
    share_with_group(store.path)


def _sequences(conn: sqlite3.Connection) -> list[str]:
    both = [conn.execute(f"SELECT count(*) FROM {db}.sqlite_master WHERE name = 'sqlite_sequence'").fetchone()[0]
            for db in ("main", "restored")]
    return ["sqlite_sequence"] if all(both) else []
