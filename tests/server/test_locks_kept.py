"""A workstation keeps its hold on the database while it opens a second connection (issue
15 item 2, "a backup can corrupt the live database", found again by the second look).

Checking a file is ours (issue 15 item 4) reads its header. Read with a plain ``open()`` and
``close()``, that close drops every POSIX lock the process holds on the file, the SHARED
lock of the workstation's first connection included (sqlite.org/howtocorrupt.html §2.2).
The next ``kefu`` command to finish then takes itself for the last connection, checkpoints
and deletes ``kefu.db-wal`` and ``-shm`` under the open workstation, and the notes the
workstation writes afterwards go into a deleted file: lost for every other clerk."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from kefu_tui.domain.clock import parse_iso, stamp
from kefu_tui.store import open_store

KEFU = Path(sys.executable).parent / "kefu"
NOW = "2026-12-06T09:00:00+08:00"


def test_a_second_connection_in_one_process_keeps_the_wal_of_the_first(db_path):
    with open_store(db_path, stamp(parse_iso(NOW))):
        pass
    with open_store(db_path) as first:
        first.conn.execute("SELECT count(*) FROM waybills").fetchone()
        with open_store(db_path) as second:  # a worker thread's own connection
            second.conn.execute("SELECT count(*) FROM waybills").fetchone()
            # another clerk's command comes and goes
            done = subprocess.run([str(KEFU), "--db", str(db_path), "--now", NOW, "audit"],
                                  capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            assert Path(f"{db_path}-wal").exists(), "the open workstation's WAL was deleted"
            with first.write():
                first.conn.execute("INSERT INTO waybills (waybill, receiver) VALUES ('518000000777', '赵六')")
            c = sqlite3.connect(db_path)
            try:
                seen = c.execute("SELECT count(*) FROM waybills WHERE waybill='518000000777'").fetchone()[0]
            finally:
                c.close()
            assert seen == 1, "a write of the open workstation is lost to every other clerk"
