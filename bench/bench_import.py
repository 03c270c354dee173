"""Import speed (R-03): 200,000 scan rows from a GBK CSV export, against a floor of plain
``sqlite3.executemany`` of the same rows, pre-built as tuples, into the same schema.

``python bench/bench_import.py`` prints the figures; ``run()`` returns them."""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from pathlib import Path

ROWS = 200_000
TARGET = 3.0

SITES = ["信阳分拨中心", "信阳二部", "固始", "商城", "息县", "潢川", "罗山", "光山", "新县",
         "淮滨", "平桥", "107", "东方红大道", "羊山", "明港"]
FLOW = ["收件", "发件", "到件", "发件", "到件", "派件", "签收"]
PEOPLE = ["吴霞", "陈静", "刘洋", "张伟", "王芳", "李娜", "赵磊", "黄敏", "周杰", "杨帆"]
UPSTREAM = ["郑州分拨中心", "郑州金水一部", "武汉分拨中心", "上海青浦分拨中心"]


def make_rows(n: int = ROWS, seed: int = 7) -> list[tuple]:
    """Realistic scans: parcels walking the flow of SPEC §2 over a week, some problems."""
    rnd = random.Random(seed)
    out: list[tuple] = []
    base = 1_763_596_800  # 2025-11-20 00:00 UTC; only differences matter
    while len(out) < n:
        no = f"518{rnd.randrange(10**9):09d}"
        t = base + rnd.randrange(7 * 86400)
        site = rnd.choice(SITES)
        steps = FLOW[rnd.randrange(3):]
        if rnd.random() < 0.05:
            steps = steps[:4] + ["问题件"]
        for kind in steps:
            t += rnd.randrange(600, 6 * 3600)
            stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))
            prev = rnd.choice(UPSTREAM) if kind == "到件" else None
            nxt = site if kind == "发件" else None
            out.append((no, kind, stamp, "信阳分拨中心" if kind in ("发件", "到件") else site,
                        prev, nxt, rnd.choice(PEOPLE), None, None))
            if len(out) == n:
                break
    return out


def write_csv(rows: list[tuple], path: Path) -> None:
    with open(path, "w", encoding="gbk", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["序号", "扫描时间", "运单号", "扫描类型", "扫描网点", "上一站", "下一站", "扫描员", "重量", "备注"])
        for i, r in enumerate(rows, 1):
            w.writerow([i, r[2], r[0], r[1], r[3], r[4] or "", r[5] or "", r[6], "", ""])


def run() -> list[dict]:
    from kefu_tui.domain import clock
    from kefu_tui.services.imports import import_files
    from kefu_tui.store import open_store
    from kefu_tui.store.scans import SCAN_COLUMNS

    rows = make_rows()
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "扫描记录_bench.csv"
        write_csv(rows, src)

        floor_store = open_store(Path(d) / "floor.db")
        conn = floor_store.conn
        sql = f"INSERT INTO scans ({', '.join(SCAN_COLUMNS)}) VALUES ({', '.join('?' * len(SCAN_COLUMNS))})"
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, rows)
        conn.execute("COMMIT")
        floor = time.perf_counter() - t0
        floor_store.close()

        store = open_store(Path(d) / "ours.db")
        t0 = time.perf_counter()
        reports = import_files(store, [src], clock.now("2025-11-28T09:00:00+08:00"), "bench")
        ours = time.perf_counter() - t0
        store.close()
    assert reports[0].new == len(rows), (reports[0].new, len(rows), reports[0].rejected[:3])
    ratio = ours / floor
    return [{
        "name": "import 200k scans (GBK CSV)",
        "value": round(ours, 3),
        "unit": "s",
        "floor_name": "sqlite3 executemany of pre-built tuples",
        "floor_value": round(floor, 3),
        "ratio": round(ratio, 2),
        "target": f"≤ {TARGET:g}×",
    }]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    for fig in run():
        ok = "ok" if fig["ratio"] <= TARGET else "SLOW"
        print(f"{fig['name']}: {fig['value']} {fig['unit']}  floor ({fig['floor_name']}) "
              f"{fig['floor_value']} {fig['unit']}  ratio {fig['ratio']} (target {fig['target']}) {ok}")
