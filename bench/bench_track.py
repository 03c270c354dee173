"""Tracking (F12, R-05) and problem-queue speed on a big branch database.

- ``track`` of 1,000 numbers over 1,000,000 scans (200,000 waybills × 5 scans): target
  < 100 ms and at most 3× the floor of 1,000 raw indexed ``SELECT ... WHERE waybill=?``
  lookups run in a loop in the same process.
- ``kefu track -`` as a whole process with 1,000 numbers on stdin: target < 1 s.
- The queue over 200,000 tickets: count + first page (< 300 ms), a page at offset 100,000
  (< 50 ms), a filter change (count + first page, < 200 ms).

The generated database is cached under bench/out/ keyed by its size, so reruns are quick.
``python bench/bench_track.py`` prints the figures; ``run()`` returns them."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

WAYBILLS = 200_000
SCANS_PER = 5
TICKETS = 200_000
OUT = Path(__file__).resolve().parent / "out"
FLOW = ["收件", "发件", "到件", "派件", "签收"]
SITES = ["信阳二部", "固始", "商城", "息县", "潢川", "罗山", "光山", "新县", "淮滨", "平桥"]
TYPES = ["phone", "address", "damaged", "incomplete", "overzone", "not_home", "refused", "other"]
NAMES = "王李张刘陈杨黄赵周吴"
NOW = "2026-11-24T11:00:00+08:00"


def number(i: int) -> str:
    return f"518{i:09d}"


def build(path: Path, waybills: int = WAYBILLS, tickets: int = TICKETS) -> None:
    from kefu_tui.store import open_store

    rnd = random.Random(11)
    tmp = path.with_suffix(".tmp")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    s = open_store(tmp)
    conn = s.conn
    conn.execute("PRAGMA synchronous=OFF")
    scans, bills = [], []
    for i in range(waybills):
        no = number(i)
        day = 10 + i % 14
        site = SITES[i % len(SITES)]
        for k, kind in enumerate(FLOW):
            at = f"2026-11-{day:02d} {8 + k * 2:02d}:{i % 60:02d}:00"
            scans.append((no, kind, at, "信阳分拨中心" if kind in ("发件", "到件") else site, "op"))
        bills.append((no, site, NAMES[i % 10] + "某" + str(i % 97), f"13{i:09d}"))
    with s.write():
        conn.executemany("INSERT INTO scans (waybill, kind, at, site, operator) VALUES (?,?,?,?,?)", scans)
        conn.executemany("INSERT INTO waybills (waybill, sender_outlet, receiver, phone) VALUES (?,?,?,?)", bills)
        rows = []
        for j in range(tickets):
            i = rnd.randrange(waybills)
            created = f"2026-11-{10 + j % 14:02d} {8 + j % 10:02d}:00:00"
            updated = f"2026-11-{min(24, 10 + j % 14 + rnd.randrange(3)):02d} {8 + j % 10:02d}:30:00"
            rows.append((number(i), TYPES[j % len(TYPES)], "text", SITES[j % len(SITES)],
                         "open" if j % 4 else "closed", created, "bench", updated))
        conn.executemany("INSERT INTO tickets (waybill, type, text, party, status, created_at,"
                         " created_by, updated_at) VALUES (?,?,?,?,?,?,?,?)", rows)
        conn.executemany("INSERT INTO ticket_notes (ticket_id, at, by, text) VALUES (?,?,?,?)",
                         [(t, "2026-11-20 09:00:00", "bench", f"跟进{t}(1120)") for t in range(1, tickets, 3)])
    conn.execute("ANALYZE")
    s.close()
    tmp.rename(path)
    for suf in ("-wal", "-shm"):
        Path(f"{tmp}{suf}").unlink(missing_ok=True)


def database(waybills: int = WAYBILLS) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"track_{waybills}x{SCANS_PER}_{TICKETS}.db"
    if not path.exists():
        build(path, waybills)
    return path


def _best(fn, repeat: int = 5) -> float:
    """Median ms of ``repeat`` runs (the machine is shared: a median, not a best)."""
    took = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        took.append(time.perf_counter() - t0)
    return sorted(took)[len(took) // 2] * 1000


def _paired(floor, fn, repeat: int = 5) -> tuple[float, float]:
    """Median ms of the floor and of ``fn``, run in turns: the load other processes put on
    the shared machine falls on both alike."""
    fs, ts = [], []
    for _ in range(repeat):
        fs.append(_best(floor, 1))
        ts.append(_best(fn, 1))
    return sorted(fs)[repeat // 2], sorted(ts)[repeat // 2]


def _row(name, ms, target, floor_name=None, floor_ms=None, ratio_target=None) -> dict:
    ratio = round(ms / floor_ms, 2) if floor_ms else None
    tgt = f"< {target} ms" + (f" and ≤ {ratio_target}× floor" if ratio_target else "")
    ok = ms < target and (ratio is None or ratio_target is None or ratio <= ratio_target)
    return {"name": name, "value": round(ms, 1), "unit": "ms", "floor_name": floor_name,
            "floor_value": None if floor_ms is None else round(floor_ms, 1), "ratio": ratio,
            "target": tgt, "ok": ok}


def run() -> list[dict]:
    from kefu_tui.domain import clock
    from kefu_tui.services import tickets as ts
    from kefu_tui.services.tracking import track
    from kefu_tui.store import open_store

    path = database()
    now = clock.parse_iso(NOW)
    rnd = random.Random(3)
    numbers = [number(rnd.randrange(WAYBILLS)) for _ in range(1000)]
    out = []
    with open_store(path) as s:
        def floor():
            for n in numbers:
                s.conn.execute("SELECT waybill, kind, at, site, prev_site, next_site, operator, note"
                               " FROM scans WHERE waybill = ?", (n,)).fetchall()
        floor()
        f_ms, t_ms = _paired(floor, lambda: track(s, numbers, now))
        out.append(_row("track 1,000 numbers (1M scans)", t_ms, 100, "1,000 indexed lookups", f_ms, 2))

        f0 = ts.TicketFilter()
        first = _best(lambda: (ts.count_tickets(s, f0, now), ts.page_tickets(s, f0, now, 0, 50)))
        out.append(_row("queue count + first page (200k tickets)", first, 300))
        deep = _best(lambda: ts.page_tickets(s, f0, now, 100_000, 50))
        out.append(_row("queue page at offset 100,000", deep, 50))
        worst = 0.0
        for f in (ts.TicketFilter(overdue=True), ts.TicketFilter(type="damaged"),
                  ts.TicketFilter(party="固始", sort="created", descending=True),
                  ts.TicketFilter(search="1300001"), ts.TicketFilter(search="王"),
                  ts.TicketFilter(returnable=True, sort="waybill"),
                  ts.TicketFilter(status="all", sort="type")):
            worst = max(worst, _best(lambda f=f: (ts.count_tickets(s, f, now),
                                                  ts.page_tickets(s, f, now, 0, 50)), 3))
        out.append(_row("queue filter change (worst of 7)", worst, 200))

    env = {**os.environ, "KEFU_DB": str(path), "KEFU_NOW": NOW}
    stdin = "\n".join(numbers) + "\n"
    cmd = [sys.executable, "-m", "kefu_tui", "track", "-", "--json"]

    def proc():
        subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, check=True)
    p_ms = _best(proc, 3)
    out.append(_row("kefu track - (1,000 numbers, whole process)", p_ms, 1000))
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    for r in run():
        extra = f"  floor {r['floor_value']} ms ({r['floor_name']}), ratio {r['ratio']}" if r["floor_name"] else ""
        print(f"{'OK ' if r['ok'] else 'SLOW'} {r['name']}: {r['value']} ms  [{r['target']}]{extra}")
