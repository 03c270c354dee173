"""Backup and restore of the branch database (issue 9, SPEC §14.1): ``kefu backup FILE``
while clerks write, ``kefu restore FILE`` after checking it, the replaced data kept."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import arrow

from kefu_tui.domain.clock import stamp
from kefu_tui.services.outputs import not_replaceable
from kefu_tui.store import backup as b
from kefu_tui.store import open_store

BadDatabase = b.BadDatabase
NotWritable = b.NotWritable


TargetUnwritable = b.TargetUnwritable


class TargetExists(FileExistsError):
    """The backup file is there already and ``--force`` was not given, or it is one of
    the database's own files."""


def backup(db: Path, target: Path, force: bool = False, check: bool = False) -> None:
    """Copy the database to ``target`` (never over a file unless ``force``, never over
    the database or its -wal/-shm/-journal by any name); ``check`` runs ``PRAGMA
    integrity_check`` on the copy. The copy is all or nothing (issue 15 item 2)."""
    db, target = Path(db), Path(target)
    if b.own_files(db, target):
        raise TargetExists(f"{target} 是数据库自己的文件, 拒绝覆盖 (the database's own file; refused)")
    if target.is_dir():
        raise TargetExists(f"{target} 是文件夹 (a folder, not a file)")
    if why := not_replaceable(target):
        raise TargetExists(why)
    if target.exists() and not force:
        raise TargetExists(f"{target} 已存在 (use --force to overwrite)")
    if not db.is_file():
        raise BadDatabase(f"{db}: no database to back up")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open_store(db) as store:  # only a kefu database is copied; a foreign one is refused
        b.copy_database(store.conn, target)
    if check:
        b.check_database(target)


def kept_name(db: Path, now: arrow.Arrow) -> Path:
    """``<db>.before-restore-<YYYYMMDDHHMMSS>``, never an existing file."""
    base = f"{db.name}.before-restore-{now.format('YYYYMMDDHHmmss')}"
    path, n = db.with_name(base), 1
    while path.exists():
        n += 1
        path = db.with_name(f"{base}-{n}")
    return path


def restore(db: Path, source: Path, now: arrow.Arrow, user: str) -> Path | None:
    """Check ``source`` (integrity, kefu's mark, version and exact schema), then, holding
    the live database's write lock, keep a copy of it beside it and replace its rows with
    the source's, the ``restore`` audit entry in the same transaction: a write
    acknowledged before is in the kept file, one after is in the restored data (SPEC
    §14.2). Returns where the replaced database was kept (None when there was none)."""
    db, source = Path(db), Path(source)
    if db.exists() and b.own_files(db, source):  # would keep a copy and change nothing
        raise BadDatabase(f"{source} 就是数据库本身, 无需恢复 (the database itself, by another name)")
    db.parent.mkdir(parents=True, exist_ok=True)
    staged = b.stage(source, db.parent)  # BadDatabase: nothing changed
    try:
        open_store(staged, stamp(now)).close()  # an older backup is migrated to our schema
        b.check_database(staged, full=False)
        existed = db.is_file()
        try:
            store = open_store(db, stamp(now))
        except (BadDatabase, sqlite3.DatabaseError) as e:
            if not _unusable(e):
                raise  # busy, read-only, …: the file is fine, it is left to the clerks
            return _swap_unusable(db, staged, now, user, source, e)
        kept = kept_name(db, now) if existed else None
        with store:
            def note() -> None:
                store.audit(stamp(now), user, "restore", "database", None, None,
                            {"from": str(source), "kept": str(kept) if kept else None})

            b.replace_rows(store, staged, keep=lambda: kept and b.copy_database(db, kept), then=note)
        return kept
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{staged}{suffix}").unlink(missing_ok=True)


def _unusable(e: Exception) -> bool:
    """A live file that cannot serve anyone: damaged, or its schema not kefu's."""
    if isinstance(e, BadDatabase):
        return True
    code = getattr(e, "sqlite_errorcode", 0) & 0xFF  # the primary of SQLite's extended code
    return not isinstance(e, NotWritable) and code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _swap_unusable(db: Path, staged: Path, now: arrow.Arrow, user: str, source: Path,
                   why: Exception) -> Path:
    """The live file cannot be opened (corrupt, or its schema tampered with): no clerk can
    be working on it, so it is moved aside whole and the checked copy takes its place. A
    file that is not kefu's at all is never moved (issue 15 item 4)."""
    try:
        b.recognise.read_header(db)
    except (BadDatabase, OSError):
        raise BadDatabase(str(why)) from why
    kept = kept_name(db, now)
    os.replace(db, kept)
    if Path(f"{db}-wal").exists():
        os.replace(f"{db}-wal", f"{kept}-wal")
    Path(f"{db}-shm").unlink(missing_ok=True)
    os.replace(staged, db)
    with open_store(db, stamp(now)) as store, store.write():
        store.audit(stamp(now), user, "restore", "database", None, {"unusable": str(why)},
                    {"from": str(source), "kept": str(kept)})
    return kept
