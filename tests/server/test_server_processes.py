"""Proof by real processes (issue 9): ten real ``kefu`` processes writing at once (notes,
bulk registrations, imports, transfers) lose nothing and never say "database is locked";
``kill -9`` in the middle of an import, a bulk registration or a count leaves the database
consistent (``PRAGMA integrity_check``), all or nothing, or resumable with no duplicate."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

KEFU = Path(sys.executable).parent / "kefu"
NOW = "2026-12-06T09:00:00+08:00"
NOTED = [f"5180000009{i:02d}" for i in range(6)]
SCAN_HEAD = "序号,扫描时间,运单号,扫描类型,扫描网点,上一站,下一站,扫描员,重量,备注\n"


def kefu_proc(db: Path, user: str, *argv: str, stdin: str | None = None) -> subprocess.Popen:
    p = subprocess.Popen([str(KEFU), "--db", str(db), "--now", NOW, "--user", user, *argv],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if stdin is not None:
        p.stdin.write(stdin)
    p.stdin.close()
    p.stdin = None  # written whole: communicate() has nothing more to send
    return p


def scan_csv(path: Path, prefix: str, n: int) -> Path:
    rows = [f"{i},2026-12-05 08:{i % 60:02d}:00,{prefix}{i:0{12 - len(prefix)}d},到件,信阳二部,,,op,1.0,\n" for i in range(n)]
    path.write_text(SCAN_HEAD + "".join(rows), encoding="utf-8")
    return path


def query(db: Path, sql: str):
    c = sqlite3.connect(db)
    try:
        return c.execute(sql).fetchall()
    finally:
        c.close()


def test_ten_kefu_processes_writing_at_once_lose_nothing(db_path, tmp_path):
    first = kefu_proc(db_path, "setup", "ticket", "add", "--type", "phone", "--text", "电话错误", *NOTED)
    assert first.wait(timeout=120) == 0, first.stderr.read()
    rounds = 2
    for r in range(rounds):
        procs = []
        for i in range(3):  # notes on the same tickets
            procs.append(kefu_proc(db_path, f"n{i}", "ticket", "note", NOTED[(i + r) % 6], f"note {r}-{i}"))
        for i in range(3):  # bulk registrations of 200 numbers each
            nos = "\n".join(f"51{r}{i}00{k:06d}" for k in range(200))
            procs.append(kefu_proc(db_path, f"b{i}", "ticket", "add", "--type", "not_home",
                                   "--text", "客户不在", "-", stdin=nos))
        for i in range(2):  # imports of 500 scans each
            f = scan_csv(tmp_path / f"scans-{r}-{i}.csv", f"52{r}{i}", 500)
            procs.append(kefu_proc(db_path, f"i{i}", "import", str(f)))
        for i in range(2):  # transfers
            procs.append(kefu_proc(db_path, f"t{i}", "transfer", "add", f"53{r}{i}00000001", "--mode",
                                   "rewaybill", "--carrier", "postal", "--new-no", f"99{r}{i}00000001",
                                   "--fee", "3", "--address", "河南省信阳市淮滨县", "--weight", "1"))
        assert len(procs) == 10
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0 and "locked" not in err, err
    assert query(db_path, "SELECT count(*) FROM ticket_notes")[0][0] == rounds * 3
    assert query(db_path, "SELECT count(*) FROM tickets")[0][0] == 6 + rounds * 3 * 200
    assert query(db_path, "SELECT count(*) FROM scans")[0][0] == rounds * 2 * 500
    assert query(db_path, "SELECT count(*) FROM transfers")[0][0] == rounds * 2
    users = dict(query(db_path, "SELECT user, count(*) FROM audit GROUP BY user"))
    assert all(users.get(u) == rounds for u in ("n0", "n1", "n2", "b0", "b1", "b2", "i0", "i1", "t0", "t1"))
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]


def _holds_write_lock(db: Path) -> bool:
    c = sqlite3.connect(db, timeout=0)
    try:
        c.execute("BEGIN IMMEDIATE")
        c.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        c.close()


def _kill_mid_write(p: subprocess.Popen, db: Path, seconds: float) -> None:
    """kill -9 while the process holds the write lock: in the middle of its transaction."""
    deadline = time.monotonic() + 120
    while not _holds_write_lock(db):
        assert p.poll() is None and time.monotonic() < deadline, "never saw it writing"
        time.sleep(0.005)
    time.sleep(seconds)
    p.send_signal(signal.SIGKILL)
    assert p.wait(timeout=30) == -signal.SIGKILL  # killed, not finished


@pytest.mark.parametrize("after", [0.0, 0.3])
def test_kill_9_mid_import_all_or_nothing_then_resumable(db_path, tmp_path, after):
    subprocess.run([str(KEFU), "--db", str(db_path), "ticket", "list"], check=True, capture_output=True)
    big = scan_csv(tmp_path / "big.csv", "54", 60_000)
    p = kefu_proc(db_path, "i", "import", str(big))
    _kill_mid_write(p, db_path, after)
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert query(db_path, "SELECT count(*) FROM scans")[0][0] == 0  # nothing half-written
    p = kefu_proc(db_path, "i", "import", str(big))
    assert p.wait(timeout=300) == 0, p.stderr.read()
    assert query(db_path, "SELECT count(*) FROM scans")[0][0] == 60_000


def test_kill_9_mid_bulk_registration_all_or_nothing(db_path):
    subprocess.run([str(KEFU), "--db", str(db_path), "ticket", "list"], check=True, capture_output=True)
    nos = "\n".join(f"55{k:010d}" for k in range(60_000))
    p = kefu_proc(db_path, "b", "ticket", "add", "--type", "not_home", "--text", "客户不在", "-", stdin=nos)
    _kill_mid_write(p, db_path, 0.1)
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert query(db_path, "SELECT count(*) FROM tickets")[0][0] == 0  # nothing half-written
    assert query(db_path, "SELECT count(*) FROM bulk_batches")[0][0] == query(
        db_path, "SELECT count(DISTINCT batch_id) FROM tickets")[0][0]


COUNT = """
import sys
from kefu_tui.domain import clock
from kefu_tui.services import reconcile as r
from kefu_tui.store import open_store
s = open_store(sys.argv[1])
now = clock.parse_iso("2026-12-06T09:00:00+08:00")
rows = s.query("SELECT id FROM count_sessions WHERE finished_at IS NULL")
sid = rows[0][0] if rows else r.start_count(s, now, "c")
for k in range(3000):
    r.add_scan(s, sid, "56%010d" % k, "goods", now, "c")
    if k == 200:
        print("writing", flush=True)
"""


def test_kill_9_mid_count_then_resumed_with_no_duplicate(db_path):
    p = subprocess.Popen([sys.executable, "-c", COUNT, str(db_path)], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "writing"
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]
    n = query(db_path, "SELECT count(*) FROM count_items")[0][0]
    assert 200 < n < 3000
    p = subprocess.run([sys.executable, "-c", COUNT, str(db_path)], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    assert query(db_path, "SELECT count(*), count(DISTINCT waybill) FROM count_items") == [(3000, 3000)]
