"""Issue 16 item 3 (no acknowledged write is ever lost), found in the trial over ssh: every
``open_store`` read the file's header with a plain ``open()``/``close()``. POSIX drops all
of a process's locks on a file when *any* of its descriptors of that file is closed, so a
workstation opening a second store (each write does) lost the shared lock its other
SQLite connections held. Another clerk's ``kefu`` closing then believed it was the last
one, checkpointed and deleted ``kefu.db-wal``/``-shm`` under the open workstation, which
went on writing into the deleted WAL: writes invisible to everyone else, "cannot rollback"
on the next save. A second store in the same process leaves the first one's lock alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kefu_tui.store import open_store


def _other_process_opens_and_closes(db: Path) -> None:
    subprocess.run([sys.executable, "-c", (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        " c.execute('SELECT count(*) FROM sqlite_master').fetchone(); c.close()"), str(db)],
        check=True, timeout=60)


def test_a_second_store_keeps_the_wal_of_the_first(tmp_path: Path) -> None:
    db = tmp_path / "kefu.db"
    first = open_store(db)
    try:
        first.conn.execute("SELECT count(*) FROM audit").fetchone()
        wal = os.stat(f"{db}-wal").st_ino
        open_store(db).close()  # what every write of a workstation does
        _other_process_opens_and_closes(db)
        assert Path(f"{db}-wal").exists(), "another process deleted the WAL under an open store"
        assert os.stat(f"{db}-wal").st_ino == wal
        with first.write():
            first.conn.execute("INSERT INTO audit (at, user, action, entity) VALUES ('2026-12-06 08:00:00', 't', 'x', 'y')")
        _other_process_opens_and_closes(db)
        seen = subprocess.run([sys.executable, "-c", (
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
            " print(c.execute(\"SELECT count(*) FROM audit WHERE user = 't'\").fetchone()[0])"), str(db)],
            check=True, timeout=60, capture_output=True, text=True).stdout.strip()
        assert seen == "1", "a write of the open store is invisible to another process"
    finally:
        first.close()
