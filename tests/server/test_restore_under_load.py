"""A restore while clerks write loses nothing, and every open workstation is told (issue 16
item 3, SPEC §14.2): a write acknowledged before the restore is in the kept
``<db>.before-restore-…`` file, one acknowledged after it is in the restored database."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from kefu_tui.domain.clock import parse_iso, stamp
from kefu_tui.store import open_store
from tests.cli.inprocess import run_kefu

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
from test_ticket_queue import QueueApp, fill_db, settle, sync  # noqa: E402

NOW = "2026-12-06T09:00:00+08:00"
WRITERS = 6
NOS = [f"5180000002{i:02d}" for i in range(WRITERS)]

# one clerk's loop: `kefu ticket note` again and again through the real command, each
# acknowledged note (exit 0) written to the ack file only after the command returned
LOOP = r"""
import os, sys
from kefu_tui.cli import main
db, now, user, no, acks, stop = sys.argv[1:7]
i = 0
with open(acks, "a") as out:
    while not os.path.exists(stop):
        text = f"[{user}-{i}]"
        try:
            code = main(["--db", db, "--now", now, "--user", user, "ticket", "note", no, text])
        except SystemExit as e:
            code = e.code
        if code == 0:
            out.write(text + "\n")
            out.flush()
        i += 1
"""


def _branch(db: Path) -> None:
    with open_store(db, stamp(parse_iso(NOW))) as s, s.write():
        # bulk, so that copying the database takes a while (the gap the bug lived in)
        s.conn.executemany(
            "INSERT INTO scans (waybill, kind, at, site, note) VALUES (?, '到件', ?, '信阳分拨中心', ?)",
            [(f"5190{i:08d}", f"2026-12-0{1 + i % 5} 08:{i % 60:02d}:00", "备注" * 40) for i in range(60_000)])
    r = run_kefu(["--db", db, "--now", NOW, "ticket", "add", "--type", "phone", "--text", "电话错误", *NOS])
    assert r.returncode == 0, r.stderr


def _acks(tmp_path: Path) -> list[str]:
    return [line for f in tmp_path.glob("acks-*") for line in f.read_text().splitlines()]


def _wait_for(cond, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not cond():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def _notes_and_audit(db: Path) -> tuple[str, str]:
    c = sqlite3.connect(db)
    try:
        notes = "\n".join(r[0] for r in c.execute("SELECT text FROM ticket_notes"))
        audit = "\n".join(r[0] or "" for r in c.execute("SELECT after FROM audit WHERE action = 'ticket.note'"))
        return notes, audit
    finally:
        c.close()


def test_six_clerks_writing_through_a_restore_lose_no_acknowledged_note(db_path, tmp_path):
    """Issue 16 item 3: over a restore under six writers, acknowledged notes were in neither
    file (the kept copy was taken before the write lock). Every note that exited 0 is now
    in the kept file or in the restored database, with its audit entry beside it."""
    _branch(db_path)
    backup = tmp_path / "kefu-Tue.db"
    assert run_kefu(["--db", db_path, "backup", backup]).returncode == 0
    stop = tmp_path / "stop"
    procs = [subprocess.Popen([sys.executable, "-c", LOOP, str(db_path), NOW, f"w{i}", NOS[i],
                               str(tmp_path / f"acks-{i}"), str(stop)], stderr=subprocess.PIPE, text=True)
             for i in range(WRITERS)]
    try:
        _wait_for(lambda: len(_acks(tmp_path)) >= 2 * WRITERS, 120, "the writers never wrote")
        r = run_kefu(["--db", db_path, "--now", NOW, "--user", "carol", "restore", backup])
        assert r.returncode == 0, r.stderr
        after_restore = len(_acks(tmp_path))
        _wait_for(lambda: len(_acks(tmp_path)) >= after_restore + WRITERS, 120, "no write after the restore")
    finally:
        stop.touch()
        for p in procs:
            p.wait(timeout=120)
    for p in procs:
        assert p.returncode == 0, p.stderr.read()
    (kept,) = tmp_path.glob("kefu.db.before-restore-*")
    kept_notes, kept_audit = _notes_and_audit(kept)
    live_notes, live_audit = _notes_and_audit(db_path)
    acked = _acks(tmp_path)
    lost = [a for a in acked if not ((a in kept_notes and a in kept_audit) or (a in live_notes and a in live_audit))]
    assert lost == [], f"{len(lost)} of {len(acked)} acknowledged notes lost: {lost[:5]}"
    assert any(a in kept_notes for a in acked) and any(a in live_notes for a in acked)
    with open_store(db_path) as s:
        assert s.query("PRAGMA integrity_check")[0][0] == "ok"
        assert s.query("SELECT count(*) FROM scans")[0][0] == 60_000


@sync
async def test_an_open_workstation_says_the_database_was_restored_and_reloads(tmp_path):
    """Issue 16 item 3, SPEC §14.2: a clerk whose queue is open is told that the database was
    restored, to which backup, and the queue shows the restored data without a keypress."""
    db = tmp_path / "kefu.db"
    fill_db(db)
    backup = tmp_path / "kefu-Tue.db"
    assert run_kefu(["--db", db, "backup", backup]).returncode == 0
    app = QueueApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await asyncio.sleep(1.2)  # the watch connection is opened at the first tick
        screen = app.screen
        before = screen.total
        no = screen.list.row_at(0).waybill
        assert run_kefu(["--db", db, "--now", NOW, "ticket", "add", "--type", "phone", "--text", "x",
                         "518000000777"]).returncode == 0
        deadline = time.monotonic() + 3
        while screen.total != before + 1:
            assert time.monotonic() < deadline, "the new ticket never showed"
            await pilot.pause(0.05)
        r = run_kefu(["--db", db, "--now", NOW, "--user", "carol", "restore", backup])
        assert r.returncode == 0, r.stderr
        deadline = time.monotonic() + 3
        while screen.total != before:
            assert time.monotonic() < deadline, "the queue did not reload the restored data"
            await pilot.pause(0.05)
        notes = [str(n.message) for n in app._notifications]
        assert any("恢复" in m and "kefu-Tue.db" in m and "carol" in m for m in notes), notes
        assert screen.list.row_at(0).waybill == no


def test_the_change_watch_follows_a_database_swapped_by_a_restore(tmp_path):
    """Issue 16 item 3: a live file too damaged to open is moved aside whole and the backup
    takes its place (a new inode); a workstation's change poll looks at the new file and
    names the restore instead of watching the old one for ever."""
    from kefu_tui.services.changes import ChangeWatch

    db = tmp_path / "kefu.db"
    fill_db(db)
    backup = tmp_path / "kefu-Tue.db"
    assert run_kefu(["--db", db, "backup", backup]).returncode == 0
    watch = ChangeWatch(db)
    try:
        c = sqlite3.connect(db)
        c.executescript("CREATE TRIGGER wipe AFTER INSERT ON ticket_notes BEGIN DELETE FROM audit; END;")
        c.close()
        assert watch.changed()  # the tampering itself is a commit
        r = run_kefu(["--db", db, "--now", NOW, "--user", "carol", "restore", backup])
        assert r.returncode == 0, r.stderr
        assert watch.changed()
        told = watch.restored()
        assert told and "kefu-Tue.db" in told and "carol" in told and "重新登录" in told
        assert not watch.changed() and watch.restored() is None
    finally:
        watch.close()
