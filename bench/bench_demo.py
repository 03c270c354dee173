"""``kefu demo`` speed: the real command (a subprocess) on a fresh database, target
< 15 s at scale 1.0; floor: plain ``executemany`` of the same number of rows into the
same tables (row counts read back from the demo database), timed in the same run."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 15.0
NOW = "2026-11-24T09:30:00+08:00"


def _floor(src: Path, dst: Path) -> float:
    """Seconds to executemany every row of the demo's tables (pre-read tuples) into a
    fresh migrated database: the cost of the inserts alone."""
    sys.path.insert(0, str(ROOT))
    from kefu_tui.store import open_store

    data = {}
    with sqlite3.connect(src) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for t in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})")]
            data[t] = (cols, conn.execute(f"SELECT * FROM {t}").fetchall())
    store = open_store(dst)
    for t in data:  # a fresh store may seed some tables itself (outlets, areas)
        store.conn.execute(f"DELETE FROM {t}")
    store.conn.commit()
    t0 = time.perf_counter()
    store.conn.execute("BEGIN IMMEDIATE")
    for t, (cols, rows) in data.items():
        if rows:
            store.conn.executemany(
                f"INSERT INTO {t} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
    store.conn.execute("COMMIT")
    took = time.perf_counter() - t0
    store.close()
    return took


def run(quick: bool = False) -> list[dict]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import figure

    scale = 0.2 if quick else 1.0
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "demo.db"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        t0 = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "kefu_tui", "--db", str(db), "--now", NOW,
                            "--user", "bench", "demo", "--scale", str(scale), "--json"],
                           capture_output=True, text=True, env=env, cwd=ROOT)
        took = time.perf_counter() - t0
        if p.returncode != 0:
            raise RuntimeError(f"kefu demo exited {p.returncode}: {p.stderr.strip()[-300:]}")
        counts = json.loads(p.stdout)["counts"]
        floor = _floor(db, Path(d) / "floor.db")
    rows = sum(counts.values())
    return [figure(f"kefu demo --scale {scale:g} ({rows:,} rows, subprocess)", took, "s",
                   "executemany of the same rows", floor, TARGET_S if scale == 1.0 else None)]


if __name__ == "__main__":
    from common import print_table

    print_table(run(quick="--quick" in sys.argv))
