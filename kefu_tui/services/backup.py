"""Backup and restore of the branch database (issue 9, SPEC §14.1): ``kefu backup FILE``
while clerks write, ``kefu restore FILE`` after checking it, the replaced data kept."""

from __future__ import annotations

from pathlib import Path

import arrow

from kefu_tui.domain.clock import stamp
from kefu_tui.store import backup as b
from kefu_tui.store import open_store

BadDatabase = b.BadDatabase


class TargetExists(FileExistsError):
    """The backup file is there already and ``--force`` was not given."""


def backup(db: Path, target: Path, force: bool = False, check: bool = False) -> None:
    """Copy the database to ``target`` (never over a file unless ``force``); ``check``
    runs ``PRAGMA integrity_check`` on the copy."""
    db, target = Path(db), Path(target)
    if target.exists() and not force:
        raise TargetExists(f"{target} 已存在 (use --force to overwrite)")
    if not db.is_file():
        raise BadDatabase(f"{db}: no database to back up")
    if target.resolve() == db.resolve():
        raise TargetExists(f"{target} is the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    b.copy_database(db, target)
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
    """Check ``source`` (integrity, kefu schema), keep the current database beside it and
    write ``source`` into the database; the restore is the first entry of the new trail.
    Returns where the replaced database was kept (None when there was none)."""
    db, source = Path(db), Path(source)
    b.check_database(source)  # BadDatabase: nothing changed
    kept = None
    if db.is_file():
        kept = kept_name(db, now)
        b.copy_database(db, kept)
    open_store(db, stamp(now)).close()  # a missing database is created (0660, WAL) to receive the copy
    b.replace_database(db, source)
    with open_store(db, stamp(now)) as store:  # the restored file may be of an older schema: migrate
        with store.write():
            store.audit(stamp(now), user, "restore", "database", None,
                        None, {"from": str(source), "kept": str(kept) if kept else None})
    return kept
