"""Files at rest are input (issue 15 items 1, 2, 4, 8; ARCHITECTURE "The second ring"): a
backup handed to ``restore``, a file named by ``--db``, a backup's target. Each is checked
before kefu trusts it or writes a byte to it; a refusal is one line, exit 2, nothing changed."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from kefu_tui.domain.clock import parse_iso, stamp
from kefu_tui.store import open_store
from kefu_tui.store.schema import MIGRATIONS
from tests.cli.inprocess import run_kefu
from tests.mounts import read_only_bind, tmpfs

NOW = "2026-12-06T09:00:00+08:00"
NO = "518000000101"
PHONE = "13812345678"
APPLICATION_ID = 0x6B656675  # b"kefu", the mark kefu puts on its databases


def kefu(db, *argv):
    return run_kefu(["--db", db, "--now", NOW, "--user", "alice", *argv])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def branch(db_path):
    with open_store(db_path, stamp(parse_iso(NOW))) as s, s.write():
        s.conn.execute("INSERT INTO waybills (waybill, receiver, phone, address) VALUES (?, ?, ?, ?)",
                       (NO, "王五", PHONE, "信阳市浉河区"))
    assert kefu(db_path, "ticket", "add", "--type", "phone", "--text", "电话错误", NO).returncode == 0
    return db_path


def tickets_and_audit(db: Path) -> tuple[int, int]:
    c = sqlite3.connect(db)
    try:
        return (c.execute("SELECT count(*) FROM tickets").fetchone()[0],
                c.execute("SELECT count(*) FROM audit").fetchone()[0])
    finally:
        c.close()


def assert_nothing_changed(branch: Path, before: tuple[int, int]) -> None:
    assert tickets_and_audit(branch) == before
    assert not list(branch.parent.glob("*.before-restore-*"))
    assert not list(branch.parent.glob(".restore-*")), "no staged copy left behind"


# -- issue 15 item 1: a crafted backup is refused ----------------------------------------

def test_a_backup_with_a_trigger_added_is_refused_and_nothing_changes(branch, tmp_path):
    """Issue 15 item 1: a copy of the branch's own database with one trigger added (it would
    wipe the audit trail and rewrite every phone at the next note) does not pass restore."""
    crafted = tmp_path / "crafted.db"
    assert kefu(branch, "backup", crafted).returncode == 0
    c = sqlite3.connect(crafted)
    c.executescript("CREATE TRIGGER wipe AFTER INSERT ON ticket_notes BEGIN DELETE FROM audit;"
                    " UPDATE waybills SET phone = '10000000000'; END;")
    c.close()
    before = tickets_and_audit(branch)
    r = kefu(branch, "restore", crafted)
    assert r.returncode == 2, r.stderr
    assert "trigger wipe" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert_nothing_changed(branch, before)


@pytest.mark.parametrize("extra", [
    "CREATE VIEW v AS SELECT 1",
    "CREATE INDEX sneaky ON waybills (address)",
    "ALTER TABLE waybills ADD COLUMN secret TEXT",
    "DROP INDEX waybills_phone",
])
def test_any_schema_object_we_did_not_make_is_refused(branch, tmp_path, extra):
    """Issue 15 item 1: tables, columns, indexes, triggers and views are exactly those our
    migrations create for the file's version."""
    crafted = tmp_path / "crafted.db"
    assert kefu(branch, "backup", crafted).returncode == 0
    c = sqlite3.connect(crafted)
    c.execute(extra)
    c.commit()
    c.close()
    before = tickets_and_audit(branch)
    r = kefu(branch, "restore", crafted)
    assert r.returncode == 2, r.stderr
    assert_nothing_changed(branch, before)


def test_a_file_with_the_four_checked_tables_is_refused_and_every_command_still_works(branch, tmp_path):
    """Issue 15 item 1: a file holding only scans, waybills, tickets and audit (junk columns)
    used to replace the live database, exit 1 "内部错误", and break every command after."""
    junk = tmp_path / "junk.db"
    c = sqlite3.connect(junk)
    for t in ("scans", "waybills", "tickets", "audit"):
        c.execute(f"CREATE TABLE {t} (junk)")
    c.execute(f"PRAGMA user_version={len(MIGRATIONS)}")
    c.commit()
    c.close()
    before = tickets_and_audit(branch)
    r = kefu(branch, "restore", junk)
    assert r.returncode == 2 and "nothing changed" in r.stderr
    assert_nothing_changed(branch, before)
    assert kefu(branch, "ticket", "list").returncode == 0


def test_a_backup_of_an_older_schema_is_restored_and_migrated(branch, tmp_path):
    """A backup from before the latest migrations (and before the mark) is still ours."""
    old = tmp_path / "old.db"
    c = sqlite3.connect(old)
    for script in MIGRATIONS[:7]:
        c.executescript(script)
    c.execute("INSERT INTO waybills (waybill, receiver) VALUES ('518000000999', '旧')")
    c.execute("PRAGMA user_version=7")
    c.commit()
    c.close()
    r = kefu(branch, "restore", old)
    assert r.returncode == 0, r.stderr
    with open_store(branch) as s:
        assert s.schema_version == len(MIGRATIONS)
        assert [r[0] for r in s.query("SELECT waybill FROM waybills")] == ["518000000999"]


def test_a_tampered_live_database_is_refused_then_mended_by_a_restore(branch, tmp_path):
    """Issue 15 items 1 and 4: a live file whose schema was changed by hand is not opened
    (exit 2, one line), and ``restore`` from a good backup puts the branch back, the
    tampered file kept aside whole."""
    good = tmp_path / "good.db"
    assert kefu(branch, "backup", good).returncode == 0
    c = sqlite3.connect(branch)
    c.executescript("CREATE TRIGGER wipe AFTER INSERT ON ticket_notes BEGIN DELETE FROM audit; END;")
    c.close()
    r = kefu(branch, "ticket", "note", NO, "回访")
    assert r.returncode == 2 and "trigger wipe" in r.stderr
    r = kefu(branch, "restore", good)
    assert r.returncode == 0, r.stderr
    assert kefu(branch, "ticket", "note", NO, "回访").returncode == 0
    (kept,) = branch.parent.glob("kefu.db.before-restore-*")
    names = [r[0] for r in sqlite3.connect(kept).execute("SELECT name FROM sqlite_master WHERE type='trigger'")]
    assert names == ["wipe"]


# -- issue 15 item 2: a backup never writes onto the database's own files -----------------

@pytest.mark.parametrize("how", ["db", "-wal", "-shm", "-journal", "symlink", "hardlink", "dotdot", "db-symlink"])
def test_backup_onto_the_databases_own_files_is_refused_while_a_clerk_is_open(branch, tmp_path, how):
    """Issue 15 item 2: ``kefu backup kefu.db-wal --force`` while a workstation is open
    overwrote the journal and left the database corrupt. Refused by any name: the file
    itself, its -wal/-shm/-journal, a symlink, a hard link, another path to it."""
    clerk = open_store(branch)  # a workstation holds the file open: -wal and -shm exist
    try:
        with clerk.write():
            clerk.conn.execute("UPDATE waybills SET receiver = '赵六'")  # a frame in the -wal
        target = {
            "db": branch, "-wal": Path(f"{branch}-wal"), "-shm": Path(f"{branch}-shm"),
            "-journal": Path(f"{branch}-journal"), "symlink": tmp_path / "link.db",
            "hardlink": tmp_path / "hard.db", "dotdot": tmp_path / "sub" / ".." / branch.name,
            "db-symlink": Path(f"{branch}-wal"),
        }[how]
        db = branch
        if how == "db-symlink":  # --db names a symlink; SQLite's -wal sits beside the real file
            db = tmp_path / "other" / "link-to-kefu.db"
            db.parent.mkdir()
            db.symlink_to(branch)
        if how == "symlink":
            target.symlink_to(Path(f"{branch}-wal"))
        if how == "hardlink":
            os.link(branch, target)
        (tmp_path / "sub").mkdir()
        before = {p.name: digest(p) for p in tmp_path.glob("kefu.db*")}
        r = kefu(db, "backup", target, "--force")
        assert r.returncode == 2, r.stderr
        assert "数据库自己的文件" in r.stderr and len(r.stderr.strip().splitlines()) == 1
        assert {p.name: digest(p) for p in tmp_path.glob("kefu.db*")} == before
        assert clerk.query("PRAGMA integrity_check")[0][0] == "ok"
    finally:
        clerk.close()
    with open_store(branch) as s:
        assert s.query("SELECT receiver FROM waybills")[0][0] == "赵六"


def test_backup_replaces_an_old_copy_all_or_nothing(branch, tmp_path):
    """Issue 15 item 2: the copy is written beside the target and renamed into place."""
    target = tmp_path / "copy.db"
    target.write_text("yesterday's copy")
    assert kefu(branch, "backup", target, "--force", "--check").returncode == 0
    assert sqlite3.connect(target).execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.fixture
def small_mount(tmp_path):
    """A 256 KB tmpfs (root only): a full disk that is not the database's."""
    with tmpfs(tmp_path / "small", "256k") as mnt:
        yield mnt


def test_a_full_disk_during_backup_names_the_target_and_leaves_no_half_file(branch, small_mount):
    """Issue 15 items 2 and 8: the target is full, not the database ("数据库无法使用" was
    wrong); the old copy there stays whole and no partial file is left."""
    with open_store(branch) as s, s.write():
        s.conn.executemany("INSERT INTO scans (waybill, kind, at, site, note) VALUES (?, '到件', ?, '信阳', ?)",
                           [(f"5180{i:08d}", f"2026-12-0{1 + i % 5} 08:00:00", "x" * 200) for i in range(3000)])
    old = small_mount / "kefu-Tue.db"
    old.write_text("Tuesday")
    r = kefu(branch, "backup", old, "--force")
    assert r.returncode == 2, r.stderr
    assert str(old) in r.stderr and "磁盘已满" in r.stderr and "数据库无法使用" not in r.stderr
    assert old.read_text() == "Tuesday"
    assert [p.name for p in small_mount.iterdir()] == ["kefu-Tue.db"]
    assert kefu(branch, "ticket", "list").returncode == 0


# -- issue 15 item 4: kefu opens only a new file or one it made ----------------------------

def test_a_mistyped_db_naming_another_programs_database_is_left_untouched(tmp_path):
    """Issue 15 item 4: ``kefu --db places.sqlite track …`` added 79 tables, switched the
    file to WAL, set user_version and changed its mode. Now: one line, exit 2, not a byte
    changed, no -wal or -shm made."""
    places = tmp_path / "places.sqlite"
    c = sqlite3.connect(places)
    c.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    c.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    c.commit()
    c.close()
    os.chmod(places, 0o600)
    before = digest(places)
    for argv in (["track", NO], ["ticket", "note", NO, "x"], ["monitor"], ["backup", tmp_path / "b.db"]):
        r = kefu(places, *argv)
        assert r.returncode == 2, (argv, r.stderr)
        assert "不是 kefu 数据库" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert digest(places) == before
    assert (places.stat().st_mode & 0o777) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


@pytest.mark.parametrize("journal, version", [("wal", 3), ("delete", 53)])
def test_another_programs_database_in_wal_or_with_a_high_version_is_left_untouched(tmp_path, journal, version):
    """Issue 15 item 4, second look: another program's database in WAL mode was left with a
    ``-wal`` and ``-shm`` kefu made beside it (a read-only connection cannot remove them);
    one whose user_version is above ours (Firefox's places.sqlite has 53+) was called "made
    by a newer kefu, please upgrade kefu". Unmarked, it is simply not kefu's."""
    other = tmp_path / "places.sqlite"
    c = sqlite3.connect(other)
    c.execute(f"PRAGMA journal_mode={journal}")
    c.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    c.execute(f"PRAGMA user_version={version}")
    c.commit()
    c.close()
    before = digest(other)
    r = kefu(other, "track", NO)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "不是 kefu 数据库" in r.stderr and "更新版本" not in r.stderr, r.stderr
    assert digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


@pytest.mark.parametrize("suffix", ["-journal", "-wal", "-shm"])
def test_a_new_database_is_never_made_under_a_name_sqlite_keeps_for_a_journal(branch, suffix):
    """Issue 15 items 2 and 4, second look: ``kefu --db kefu.db-journal track …`` (a slip of
    the tab key) made a new database there; SQLite then took it for kefu.db's hot journal,
    and while any clerk had the workstation open every other command failed with
    "database is locked"."""
    twin = Path(f"{branch}{suffix}")
    twin.unlink(missing_ok=True)
    r = kefu(twin, "track", NO)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not twin.exists()
    assert kefu(branch, "track", NO).returncode == 0


@pytest.mark.parametrize("content", [b"", b"hello, not a database\n" * 10])
def test_an_empty_or_junk_file_is_not_taken_for_a_new_database(tmp_path, content):
    """Issue 15 item 4: a file kefu did not create is never converted, even an empty one."""
    f = tmp_path / "notes.txt"
    f.write_bytes(content)
    r = kefu(f, "track", NO)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert f.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_another_programs_mark_is_refused_before_sqlite_opens_it(branch):
    """Issue 15 item 4: a database with another program's application_id is refused."""
    c = sqlite3.connect(branch)
    c.execute("PRAGMA application_id=1234")
    c.commit()
    c.close()
    r = kefu(branch, "track", NO)
    assert r.returncode == 2 and "another program" in r.stderr


def test_a_newer_schema_is_refused_naming_its_version(branch):
    """Issue 15 item 4: a database of user_version 99 was read and written silently."""
    c = sqlite3.connect(branch)
    c.execute("PRAGMA user_version=99")
    c.commit()
    c.close()
    before = digest(branch)
    r = kefu(branch, "ticket", "note", NO, "x")
    assert r.returncode == 2 and "99" in r.stderr and "更新版本" in r.stderr
    assert digest(branch) == before


def test_kefu_marks_its_files_and_recognises_one_made_before_the_mark(tmp_path):
    """Issue 15 item 4: a new file carries kefu's application_id; a kefu file made before the
    mark (user_version 1–ours, exactly our schema for it) opens and is marked then."""
    new = tmp_path / "new.db"
    assert kefu(new, "ticket", "list").returncode == 0
    assert sqlite3.connect(new).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    old = tmp_path / "old.db"
    c = sqlite3.connect(old)
    for script in MIGRATIONS:
        c.executescript(script)
    c.execute(f"PRAGMA user_version={len(MIGRATIONS)}")
    c.commit()
    c.close()
    assert kefu(old, "ticket", "list").returncode == 0
    assert sqlite3.connect(old).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


# -- issue 15 item 8: a read-only database can still be read ------------------------------

@pytest.fixture
def read_only_branch(branch, tmp_path):
    """The branch's folder bind-mounted read-only (root only): no -wal/-shm can be made."""
    open_store(branch).close()  # last connection closed: the -wal is checkpointed away
    ro = tmp_path / "ro"
    ro.mkdir()
    with read_only_bind(branch.parent, ro):
        yield ro / branch.name


def test_a_database_on_a_read_only_mount_is_read_and_a_write_says_it_cannot(read_only_branch):
    """Issue 15 item 8: a database on a read-only mount could not even be read."""
    db = read_only_branch
    for argv in (["track", NO], ["ticket", "list"], ["monitor"], ["audit"]):
        r = kefu(db, *argv)
        assert r.returncode == 0, (argv, r.stderr)
    r = kefu(db, "track", NO, "--json")
    assert NO in r.stdout
    r = kefu(db, "ticket", "note", NO, "回访")
    assert r.returncode == 2 and "无法写入" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    copy = db.parent.parent / "copy.db"
    assert kefu(db, "backup", copy).returncode == 0  # the nightly backup reads it too
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM tickets").fetchone()[0] == 1


@pytest.fixture
def read_only_file(branch):
    """The database file alone read-only, its folder writable."""
    open_store(branch).close()
    with read_only_bind(branch):
        yield branch


def test_a_read_only_file_in_a_writable_folder_is_read_and_a_write_says_it_cannot(read_only_file):
    """Issue 15 item 8: the file read-only, its folder not: reads work, a write exits 2."""
    for argv in (["track", NO], ["ticket", "list"], ["monitor"]):
        r = kefu(read_only_file, *argv)
        assert r.returncode == 0, (argv, r.stderr)
    r = kefu(read_only_file, "ticket", "note", NO, "回访")
    assert r.returncode == 2 and "无法写入" in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("room", ["none", "for the staged copy"])
def test_a_full_disk_during_restore_changes_nothing_and_leaves_no_file(small_mount, tmp_path, room):
    """Issue 15 item 2, issue 16 item 3: the database's own disk fills while the backup is
    staged or the kept copy is written: exit 2, the database as it was, no file left over."""
    subprocess.run(["mount", "-o", "remount,size=8m", str(small_mount)], check=True)
    db = small_mount / "kefu.db"
    with open_store(db, stamp(parse_iso(NOW))) as s, s.write():
        s.conn.executemany("INSERT INTO scans (waybill, kind, at, site, note) VALUES (?, '到件', ?, '信阳', ?)",
                           [(f"5180{i:08d}", f"2026-12-01 08:{i % 60:02d}:00", "x" * 100) for i in range(1500)])
    backup = tmp_path / "kefu-Tue.db"
    assert kefu(db, "backup", backup).returncode == 0
    assert kefu(db, "ticket", "add", "--type", "phone", "--text", "电话错误", NO).returncode == 0
    used = sum(p.stat().st_size for p in small_mount.iterdir())
    extra = 64 * 1024 + (backup.stat().st_size if room != "none" else 0)
    subprocess.run(["mount", "-o", f"remount,size={(used + extra) // 1024}k", str(small_mount)], check=True)
    r = kefu(db, "restore", backup)
    assert r.returncode == 2 and "nothing changed" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in small_mount.iterdir()) in (["kefu.db"], ["kefu.db", "kefu.db-shm", "kefu.db-wal"])
    with open_store(db) as s:
        assert s.query("SELECT count(*) FROM tickets")[0][0] == 1
        assert s.query("PRAGMA integrity_check")[0][0] == "ok"


def test_a_new_database_on_a_full_disk_is_not_left_half_made(small_mount):
    """Issue 15 ("full disks leave the database whole"): a new database that does not fit
    was linked into place half checkpointed (its WAL then deleted): every later command
    said "malformed". Now: exit 2, one line, no file left, and the next try on a disk with
    room makes it whole."""
    # room for the new file's WAL, not for the WAL and the file it is checkpointed into
    subprocess.run(["mount", "-o", "remount,size=600k", str(small_mount)], check=True)
    db = small_mount / "kefu.db"
    r = kefu(db, "ticket", "list")
    assert r.returncode == 2 and "full" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert list(small_mount.iterdir()) == []
    subprocess.run(["mount", "-o", "remount,size=4m", str(small_mount)], check=True)
    assert kefu(db, "ticket", "list").returncode == 0


def test_a_backup_of_a_newer_kefu_is_not_restored(branch, tmp_path):
    """Issue 15 items 1 and 4: a backup whose schema is newer than this kefu's is refused,
    naming its version; nothing changes."""
    newer = tmp_path / "newer.db"
    assert kefu(branch, "backup", newer).returncode == 0
    c = sqlite3.connect(newer)
    c.execute("PRAGMA user_version=99")
    c.commit()
    c.close()
    before = tickets_and_audit(branch)
    r = kefu(branch, "restore", newer)
    assert r.returncode == 2 and "99" in r.stderr and "nothing changed" in r.stderr
    assert_nothing_changed(branch, before)


def test_a_restore_onto_another_programs_database_changes_nothing(branch, tmp_path):
    """Issue 15 item 4: ``--db`` mistyped for a restore: the foreign file is neither replaced
    nor moved aside, and no file is left beside it."""
    good = tmp_path / "good.db"
    assert kefu(branch, "backup", good).returncode == 0
    other = tmp_path / "other"
    other.mkdir()
    places = other / "places.sqlite"
    c = sqlite3.connect(places)
    c.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    c.commit()
    c.close()
    before = digest(places)
    r = kefu(places, "restore", good)
    assert r.returncode == 2 and "nothing changed" in r.stderr
    assert digest(places) == before
    assert sorted(p.name for p in other.iterdir()) == ["places.sqlite"]


def test_a_db_that_is_not_a_regular_file_is_refused_without_waiting(tmp_path):
    """ARCHITECTURE "second ring": a file at rest is a regular file; ``--db`` naming a FIFO
    (or a device) gets one line and exit 2 instead of a process waiting for ever."""
    import sys

    fifo = tmp_path / "kefu.db"
    os.mkfifo(fifo)
    r = subprocess.run([sys.executable, "-m", "kefu_tui", "--db", str(fifo), "track", NO],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "regular file" in r.stderr
    r = kefu(Path("/dev/zero"), "track", NO)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_a_backup_to_a_read_only_folder_names_the_target(branch, small_mount):
    """Issue 15 item 8: a target kefu cannot write is the target's fault, said in one line
    (not "数据库无法使用"); the database is untouched."""
    subprocess.run(["mount", "-o", "remount,ro", str(small_mount)], check=True)
    r = kefu(branch, "backup", small_mount / "kefu-Tue.db")
    assert r.returncode == 2 and "无法写入" in r.stderr and "kefu-Tue.db" in r.stderr
    assert "数据库无法使用" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert kefu(branch, "ticket", "list").returncode == 0


def test_a_restore_while_a_clerk_holds_the_lock_too_long_swaps_nothing(tmp_path):
    """Issue 16 item 3: a live database that is merely busy is never taken for a damaged one
    and moved aside under the clerks: the restore waits, then gives up, nothing changed."""
    db = tmp_path / "kefu.db"
    old = tmp_path / "old.db"  # made before the mark: opening it takes the write lock once
    c = sqlite3.connect(old)
    for script in MIGRATIONS:
        c.executescript(script)
    c.execute(f"PRAGMA user_version={len(MIGRATIONS)}")
    c.execute("PRAGMA journal_mode=WAL")
    c.commit()
    c.close()
    backup = tmp_path / "kefu-Tue.db"
    shutil.copy(old, backup)
    os.replace(old, db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        import kefu_tui.store.db as store_db

        saved, store_db.BUSY_TIMEOUT_MS = store_db.BUSY_TIMEOUT_MS, 300
        try:
            r = kefu(db, "restore", backup)
        finally:
            store_db.BUSY_TIMEOUT_MS = saved
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert r.returncode != 0
    assert not list(tmp_path.glob("kefu.db.before-restore-*"))


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link"])
def test_a_restore_from_the_database_itself_is_refused(branch, tmp_path, how):
    """Issue 15, second look: `restore kefu.db` (or a link to it) kept a copy of the whole
    database and changed nothing; it is the database itself: one line, exit 2."""
    source = branch
    if how == "symlink":
        source = tmp_path / "alias.db"
        source.symlink_to(branch)
    elif how == "hard link":
        source = tmp_path / "hard.db"
        os.link(branch, source)
    before = tickets_and_audit(branch)
    r = kefu(branch, "restore", source)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "数据库本身" in r.stderr
    assert_nothing_changed(branch, before)
