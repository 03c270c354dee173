"""Returns (R-09): 200 selected parcels checked, scanned (到件/退件/发件), closed and their
labels made, in one transaction, among 20,000 tickets. Floor: the same rows written by bare
executemany in one transaction. ``python bench/bench_returns.py``."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from common import figure, print_table, timer  # noqa: E402

NOW = "2026-12-04T10:00:00+08:00"
SELECTED = 200


def _fill(store, n: int) -> list[str]:
    nos = [f"5185{i:08d}" for i in range(n)]
    rows = [(no, "address", "地址不详", "义乌二部", "open", "2026-12-01 09:00:00", "wu",
             "2026-12-01 09:00:00") for no in nos]
    with store.write():
        store.conn.executemany(
            "INSERT INTO tickets (waybill, type, text, party, status, created_at, created_by,"
            " updated_at) VALUES (?,?,?,?,?,?,?,?)", rows)
        store.conn.executemany("INSERT INTO waybills (waybill, sender_outlet) VALUES (?, '义乌二部')",
                               [(no,) for no in nos])
    return nos


def run(quick: bool = False) -> list[dict]:
    from kefu_tui.domain import clock
    from kefu_tui.services.returns import return_parcels
    from kefu_tui.store import open_store

    now = clock.parse_iso(NOW)
    n = 5_000 if quick else 20_000
    with tempfile.TemporaryDirectory() as d:
        store = open_store(Path(d) / "r.db")
        nos = _fill(store, n)
        chosen = nos[::n // SELECTED][:SELECTED]
        with timer() as t:
            batch = return_parcels(store, chosen, now, "bench")
        assert len(batch.labels) == SELECTED and not batch.refused
        # floor: the same writes, no checks, no labels
        other = nos[1::n // SELECTED][:SELECTED]
        at = clock.stamp(now)
        with timer() as f:
            with store.write():
                store.conn.executemany(
                    "INSERT INTO scans (waybill, kind, at, site, next_site) VALUES (?, ?, ?, ?, ?)",
                    [(no, k, at, "信阳分拨中心", nxt) for no in other
                     for k, nxt in (("到件", None), ("退件", None), ("发件", "郑州分拨中心"))])
                store.conn.executemany(
                    "UPDATE tickets SET status = 'closed', close_reason = '退件' WHERE waybill = ?",
                    [(no,) for no in other])
        store.close()
    return [figure(f"退件 {SELECTED} 件 (一个事务)", t["s"] * 1000, "ms", "bare writes",
                   f["s"] * 1000, "< 1000 ms")]


if __name__ == "__main__":
    print_table(run())
