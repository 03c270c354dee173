"""The branch server (issue 9): ten clerks writing at once, and ``kefu backup`` of a big
database while clerks write.

- Ten clerk processes each add 40 follow-up notes (R-07; one ``store.write()`` each, with
  its audit entry) with a short random pause between: the 95th percentile of the time from
  asking to write to the commit being done, against the same writes made by one clerk
  alone (the floor). Target: ≤ 200 ms.
- The online backup (``services.backup.backup``, what ``kefu backup`` runs) of a database
  of 1,000,000 scans while a clerk process keeps committing, against a plain file copy
  of the same file (the floor). Target: ≤ 2×.
- ``kefu restore`` of that backup while a clerk keeps saving (issue 16 item 3): its time
  against the backup's, and the longest a save waited for the restore's write lock.
  Target: under the clerks' 10 s busy timeout (a longer wait would fail a save).

``python bench/bench_server.py [--quick]`` prints the figures; ``run()`` returns them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CLERKS = 10
WRITES = 40
TICKETS = 2_000
SCANS = 1_000_000

CLERK = r"""
import json, random, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from kefu_tui.domain import clock
from kefu_tui.services import tickets as ts
from kefu_tui.store import open_store
db, who, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
store = open_store(db)
ids = [r[0] for r in store.query("SELECT id FROM tickets WHERE status = 'open'")]
rnd = random.Random(who)
now = clock.parse_iso("2026-12-06T09:00:00+08:00")
while not go.exists():
    time.sleep(0.001)
lat = []
for k in range(n):
    time.sleep(rnd.uniform(0.0, 0.05))
    t0 = time.perf_counter()
    ts.add_note(store, rnd.choice(ids), f"bench {{who}} {{k}}", now, who)
    lat.append(time.perf_counter() - t0)
print(json.dumps(lat))
"""


def _p95(values: list[float]) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))]


def _clerks(db: Path, n_clerks: int, writes: int, tmp: Path) -> list[float]:
    go = tmp / f"go-{n_clerks}"
    code = CLERK.format(root=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db), f"c{i}", str(writes), str(go)],
                              stdout=subprocess.PIPE, text=True) for i in range(n_clerks)]
    time.sleep(1.5 + 0.2 * n_clerks)  # every clerk opened the database and waits
    go.touch()
    lat: list[float] = []
    for p in procs:
        out, _ = p.communicate(timeout=600)
        assert p.returncode == 0
        lat += json.loads(out)
    return lat


def _fill_tickets(db: Path) -> None:
    from kefu_tui.domain import clock
    from kefu_tui.services import tickets as ts
    from kefu_tui.store import open_store

    with open_store(db) as s:
        ts.add_tickets(s, [f"518{k:09d}" for k in range(TICKETS)], "not_home", "客户不在",
                       clock.parse_iso("2026-12-06T08:00:00+08:00"), "bench")


def _fill_scans(db: Path, n: int) -> None:
    from bench_import import make_rows

    from kefu_tui.store import open_store
    from kefu_tui.store.scans import SCAN_COLUMNS

    sql = f"INSERT INTO scans ({', '.join(SCAN_COLUMNS)}) VALUES ({', '.join('?' * len(SCAN_COLUMNS))})"
    with open_store(db) as s:
        step = 200_000
        for start in range(0, n, step):
            rows = make_rows(min(step, n - start), seed=start)
            with s.write():
                s.conn.executemany(sql, rows)
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


WRITER = r"""
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from kefu_tui.domain import clock
from kefu_tui.services import tickets as ts
from kefu_tui.store import open_store
store = open_store(sys.argv[1])
stop = Path(sys.argv[2])
now = clock.parse_iso("2026-12-06T09:00:00+08:00")
k, longest = 0, 0.0
print("ready", flush=True)
while not stop.exists():
    t0 = time.perf_counter()
    ts.add_tickets(store, ["519%09d%s" % (k, sys.argv[3])], "not_home", "客户不在", now, "writer")
    longest = max(longest, time.perf_counter() - t0)
    k += 1
    time.sleep(0.01)
print(k, longest, flush=True)
"""


def _writer(db: Path, stop: Path, tag: str) -> subprocess.Popen:
    """A clerk saving a ticket every 10 ms until ``stop`` exists; prints how many it saved
    and its longest save (seconds)."""
    w = subprocess.Popen([sys.executable, "-c", WRITER.format(root=str(ROOT)), str(db), str(stop), tag],
                         stdout=subprocess.PIPE, text=True)
    assert w.stdout.readline().strip() == "ready"
    return w


def _stopped(w: subprocess.Popen, stop: Path) -> tuple[int, float]:
    stop.touch()
    k, longest = w.communicate(timeout=120)[0].split()
    stop.unlink()
    return int(k), float(longest)


def _backup_while_writing(db: Path, tmp: Path) -> tuple[float, float, int]:
    from kefu_tui.services.backup import backup

    floor = []
    for i in range(3):
        t0 = time.perf_counter()
        shutil.copyfile(db, tmp / f"plain-{i}.db")
        floor.append(time.perf_counter() - t0)
        (tmp / f"plain-{i}.db").unlink()
    stop = tmp / "stop"
    w = _writer(db, stop, "0")
    ours = []
    for i in range(3):
        t0 = time.perf_counter()
        backup(db, tmp / f"backup-{i}.db")
        ours.append(time.perf_counter() - t0)
    written, _ = _stopped(w, stop)
    import sqlite3

    c = sqlite3.connect(tmp / "backup-2.db")
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    c.close()
    return min(ours), min(floor), written


def _restore_while_writing(db: Path, backup_file: Path, tmp: Path) -> tuple[float, int, float]:
    """``kefu restore`` of a backup of the same database while a clerk keeps saving (SPEC
    §14.2): how long it takes, and the longest a clerk's save waited (the write lock is
    held while the rows are replaced; a wait past the 10 s busy timeout would fail)."""
    from kefu_tui.domain import clock
    from kefu_tui.services.backup import restore

    w = _writer(db, tmp / "stop", "1")
    t0 = time.perf_counter()
    restore(db, backup_file, clock.parse_iso("2026-12-06T10:00:00+08:00"), "bench")
    took = time.perf_counter() - t0
    written, longest = _stopped(w, tmp / "stop")
    return took, written, longest


def run(quick: bool = False) -> list[dict]:
    from common import figure

    writes = 15 if quick else WRITES
    scans = 200_000 if quick else SCANS
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        db = tmp / "clerks.db"
        _fill_tickets(db)
        alone = _clerks(db, 1, writes, tmp)
        together = _clerks(db, CLERKS, writes, tmp)
        big = tmp / "big.db"
        _fill_scans(big, scans)
        ours, plain, written = _backup_while_writing(big, tmp)
        size_mb = big.stat().st_size / 1e6
        restored, saved, longest = _restore_while_writing(big, tmp / "backup-2.db", tmp)
    return [
        figure(f"{CLERKS} clerks writing at once: p95 commit", _p95(together) * 1000, "ms",
               "the same write, one clerk alone (p95)", _p95(alone) * 1000, "≤ 200"),
        figure(f"kefu backup of {scans:,} scans ({size_mb:.0f} MB) while a clerk writes "
               f"({written} commits meanwhile)", ours, "s", "plain file copy", plain, "≤ 2×"),
        figure(f"kefu restore of that backup while a clerk writes ({saved} saves meanwhile)",
               restored, "s", "kefu backup of it", ours),
        figure("  the longest a clerk's save waited during the restore", longest * 1000, "ms",
               target=10_000),
    ]


if __name__ == "__main__":
    sys.path[:0] = [str(HERE), str(ROOT)]
    from common import passed

    for fig in run(quick="--quick" in sys.argv):
        print(f"{fig['name']}: {fig['value']} {fig['unit']}  floor ({fig['floor_name']}) "
              f"{fig['floor_value']}  ratio {fig['ratio']}  target {fig['target']}  "
              f"{'ok' if passed(fig) else 'FAIL'}")
