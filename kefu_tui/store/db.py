"""Opening the database file: WAL, busy timeout, migrations, and the one way to write.

Several clerks' processes share one file on the branch server. Every write goes through
:meth:`Store.write`, which takes SQLite's write lock up front (``BEGIN IMMEDIATE``) so two
clerks never read-then-overwrite each other (no lost update), and commits or rolls back
whole (nothing half-written). sqlite-utils calls made inside it nest as savepoints.

A connection belongs to one thread: a worker thread opens its own ``Store``."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from kefu_tui.store import recognise
from kefu_tui.store.recognise import BadDatabase
from kefu_tui.store.schema import MIGRATIONS, statements

BUSY_TIMEOUT_MS = 10_000
SQLITE_OWN_SUFFIXES = ("-journal", "-wal", "-shm")
FILE_MODE = 0o660  # the clerks' group shares the file (issue 9): owner and group, nobody else


class NotWritable(sqlite3.OperationalError):
    """The database can be read but not written (a read-only mount, file or folder)."""


class Store:
    """One connection to the branch database."""

    @cached_property
    def db(self):
        """sqlite-utils over this connection, imported when first used: a command that
        only reads (``kefu monitor``, ``kefu track``) starts 25 ms sooner without it."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn, execute_plugins=False)

    def __init__(self, path: str | Path, seed_at: str | None = None, *, _new: bool = False):
        """``seed_at``: the stamp of the default areas' ``seed`` audit entry when this opens
        a new file: the caller's clock (``--now``), so the audit trail has one clock.

        A file that is not kefu's (issue 15 item 4) is refused with :class:`BadDatabase`
        before anything is written to it: no WAL switch, no tables, no mode change. A file
        kefu may read but not write (a read-only mount, file or folder) is opened read-only:
        reads work, :meth:`write` raises :class:`NotWritable` (issue 15 item 8)."""
        self.path = Path(path)
        self._seed_at = seed_at
        if not _new:
            app_id, _ = recognise.read_header(self.path)  # plain bytes: a foreign file untouched
            if app_id != recognise.APPLICATION_ID:
                _check_unmarked(self.path)
        self.read_only = not _new and not _writable(self.path)
        conn = _connect(self.path, self.read_only)
        conn.row_factory = sqlite3.Row
        self.conn = conn
        # told (once, from this connection's thread) when a write must wait for another
        # connection's write lock, so a screen can say "等待数据库…" (screens/writes.py)
        self.on_busy: Callable[[], None] | None = None
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if not _new:
                recognise.verify(conn, self.path)  # ours, a known version, no objects we did not make
            if not self.read_only:
                if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.db.enable_wal()
                conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except BaseException:
            conn.close()
            raise

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        marked = self.conn.execute("PRAGMA application_id").fetchone()[0] == recognise.APPLICATION_ID
        if version >= len(MIGRATIONS) and marked:
            return
        if self.read_only:
            if version < len(MIGRATIONS):
                raise NotWritable(f"{self.path}: 数据库需要升级 (schema {version} → {len(MIGRATIONS)}),"
                                  " 但无法写入 (read-only)")
            return  # an unmarked old kefu file is read as it is; it is marked when writable
        with self.write():
            # re-read under the write lock: another process may have migrated meanwhile
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            # the mark that tells kefu's files from others' (issue 15 item 4); a file made
            # before the mark was recognised by its exact schema in recognise.verify
            self.conn.execute(f"PRAGMA application_id={recognise.APPLICATION_ID}")
            for n, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for stmt in statements(script):
                    self.conn.execute(stmt)
                self.conn.execute(f"PRAGMA user_version={n}")
            if version == 0:
                # a new file ships the default outlets and delivery areas (SPEC §13, R-01)
                from kefu_tui.domain.clock import now, stamp
                from kefu_tui.store.areas import seed_areas

                seed_areas(self, self._seed_at or stamp(now()))

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with the write lock; nested calls join the outer one."""
        if self.read_only:
            raise NotWritable(f"{self.path}: 数据库只读, 无法写入, 未写入任何内容 (read-only database; nothing written)")
        if self.conn.in_transaction:
            yield self.conn
            return
        self._begin()
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def _begin(self) -> None:
        """BEGIN IMMEDIATE; with ``on_busy`` set, first try without waiting, and when another
        connection holds the write lock tell ``on_busy`` before waiting the busy timeout."""
        if self.on_busy is None:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        self.conn.execute("PRAGMA busy_timeout=0")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e):  # "database is locked": another writer holds it
                raise
        finally:
            self.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self.on_busy()
        self.conn.execute("BEGIN IMMEDIATE")

    def audit(
        self,
        at: str,
        user: str,
        action: str,
        entity: str,
        entity_id: Any = None,
        before: Any = None,
        after: Any = None,
        waybill: str | None = None,
    ) -> None:
        """An audit entry (who, when, what, before/after). Call it inside :meth:`write`,
        so it lands in the same transaction as the change it records."""
        assert self.conn.in_transaction, "audit() belongs inside Store.write()"
        self.conn.execute(
            "INSERT INTO audit (at, user, action, entity, entity_id, before, after, waybill)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                at,
                user,
                action,
                entity,
                None if entity_id is None else str(entity_id),
                _json(before),
                _json(after),
                waybill or self._audit_waybill(entity, entity_id, before, after),
            ),
        )

    def _audit_waybill(self, entity: str, entity_id: Any, before: Any, after: Any) -> str | None:
        # the waybill an entry is about, so `kefu audit --waybill` and the detail screens'
        # history find it whichever module wrote the entry
        for side in (after, before):
            if isinstance(side, dict) and isinstance(side.get("waybill"), str):
                return side["waybill"]
        if entity in ("tickets", "transfers") and entity_id is not None:
            r = self.conn.execute(f"SELECT waybill FROM {entity} WHERE id = ?", (entity_id,)).fetchone()
            return r[0] if r else None
        return None

    def data_version(self) -> int:
        """SQLite's counter of commits made by *other* connections to this file: reading it
        costs no page read, so a screen can ask every second whether to reload (issue 9)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _writable(p: Path) -> bool:
    # SQLite writes the file and, beside it, its -wal/-shm (or -journal)
    if not os.access(p, os.W_OK):
        return False
    if os.access(p.parent, os.W_OK):
        return True
    return all(os.access(f"{p}{s}", os.W_OK) for s in ("-wal", "-shm"))


def _connect(p: Path, read_only: bool) -> sqlite3.Connection:
    timeout = BUSY_TIMEOUT_MS / 1000
    if not read_only:
        return sqlite3.connect(str(p), timeout=timeout)
    # a folder nobody can write holds no -wal being written: read the file as immutable,
    # which needs no -shm (SQLite cannot make one there)
    frozen = not os.access(p.parent, os.W_OK) and not Path(f"{p}-wal").exists()
    return sqlite3.connect(f"{p.resolve().as_uri()}?{'immutable=1' if frozen else 'mode=ro'}",
                           uri=True, timeout=timeout)


def _check_unmarked(p: Path) -> None:
    """An unmarked file is looked at through a read-only connection first: SQLite never
    rolls back another program's journal nor switches it to WAL (issue 15 item 4). With no
    journal beside it the main file is whole and is read as immutable: a read-only
    connection to a WAL-mode file would leave a ``-wal`` and ``-shm`` it cannot remove."""
    journal = any(Path(f"{p}{s}").exists() for s in ("-wal", "-journal"))
    try:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?{'mode=ro' if journal else 'immutable=1'}", uri=True)
    except sqlite3.Error as e:
        raise BadDatabase(f"{p}: cannot open ({e})") from e
    try:
        recognise.verify(conn, p)
    except sqlite3.DatabaseError as e:
        raise BadDatabase(f"{p}: 不是 kefu 数据库 (not a kefu database: {e})") from e
    finally:
        conn.close()


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def open_store(path: str | Path, seed_at: str | None = None) -> Store:
    """Open (creating and migrating as needed) the database at ``path``.

    A new file is built whole (WAL, schema, default areas) under a private name beside
    it and then linked into place in one atomic step: ten clerks starting at once on a
    branch with no database yet never meet a half-made file nor race to switch it to WAL
    (issue 9: that race failed with "database is locked"). The file is 0660 whatever
    the umask, and SQLite gives its ``-wal`` and ``-shm`` the same mode. ``seed_at`` stamps
    a new file's first audit entry with the caller's clock (not the wall clock)."""
    p = Path(path)
    if not p.exists() and p.name.endswith(SQLITE_OWN_SUFFIXES):
        # SQLite would take the new file for the journal of the database beside it (a hot
        # journal no one can roll back while a clerk is open: "database is locked")
        raise BadDatabase(f"{p}: SQLite 日志文件的名字, 不能用作数据库, 未建立 (a name SQLite keeps"
                          " for a database's journal; nothing made)")
    p.parent.mkdir(parents=True, exist_ok=True)
    if not p.exists():
        _create(p, seed_at)
    store = Store(p, seed_at)
    share_with_group(p)
    return store


def _create(p: Path, seed_at: str | None = None) -> None:
    tmp = p.with_name(f".{p.name}.new-{os.getpid()}-{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # the umask took bits away at creation; put them back
        _own_group_of_folder(fd, p.parent)
        os.close(fd)
        new = Store(tmp, seed_at, _new=True)
        try:
            # the WAL into the file now, where a failure is seen: a close() that cannot
            # checkpoint (a full disk) says nothing and would leave half a file to link
            new.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            new.close()
        try:
            os.link(tmp, p)  # atomic; fails if another process got there first
        except FileExistsError:
            pass
        except OSError:  # a filesystem without hard links: rename, unless someone won
            if not p.exists():
                os.replace(tmp, p)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)


def _own_group_of_folder(fd: int, folder: Path) -> None:
    # the shared folder's group (setgid, docs/deploy.md) is the clerks' group
    try:
        gid = folder.stat().st_gid
        if os.fstat(fd).st_gid != gid:
            os.fchown(fd, -1, gid)
    except OSError:
        pass


def share_with_group(p: Path) -> None:
    """Give the database and its ``-wal``/``-shm`` that this process owns mode 0660 and the
    folder's group, so the next clerk of the group can open them (issue 9)."""
    uid = os.getuid()
    for suffix in ("", "-wal", "-shm"):
        f = Path(f"{p}{suffix}")
        try:
            st = f.stat()
            if st.st_uid != uid:
                continue
            if st.st_mode & 0o777 != FILE_MODE:
                os.chmod(f, FILE_MODE)
            gid = f.parent.stat().st_gid
            if st.st_gid != gid:
                os.chown(f, -1, gid)
        except OSError:
            pass
