"""Desk A benchmarks: bulk entry of 1,000 scans (R-08) from the last Enter to committed,
and a WaybillList page move over a 200,000-row SQLite source. ``python bench/bench_desk.py``."""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

NOW = "2026-11-24T09:30:00+08:00"
ROWS = 200_000


def _row(name, ms, target, floor_name=None, floor_ms=None) -> dict:
    return {"name": name, "value": round(ms, 1), "unit": "ms", "floor_name": floor_name,
            "floor_value": None if floor_ms is None else round(floor_ms, 2),
            "ratio": round(ms / floor_ms, 2) if floor_ms else None,
            "target": f"< {target} ms", "ok": ms < target}


def _host(db_path: Path, factory):
    from textual.app import App

    from kefu_tui.domain import clock
    from kefu_tui.store import open_store

    class Host(App):
        user = "bench"

        def clock(self):
            return clock.parse_iso(NOW)

        def open_store(self):
            return open_store(db_path)

        def on_mount(self):
            self.store = open_store(db_path)
            self.push_screen(factory())

    return Host()


async def _bulk(folder: Path) -> tuple[float, float]:
    """Median (of 5) ms from the 1,000th Enter to the committed batch shown (ctrl+s as soon
    as that Enter's number is on screen; keys posted as the terminal driver does, without
    Pilot's idle-waits); and the floor: the bare ``add_tickets`` call for 1,000 numbers."""
    from textual import events

    from kefu_tui.domain import clock
    from kefu_tui.screens.bulk_entry import BulkEntryScreen
    from kefu_tui.services.tickets import add_tickets
    from kefu_tui.store import open_store
    from kefu_tui.widgets.scan_box import ScanBox

    db = folder / "bulk.db"
    took, floors = [], []
    for run_no in range(5):
        numbers = [str(518100000000 + run_no * 100_000 + i * 13) for i in range(1000)]
        app = _host(db, BulkEntryScreen)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            screen.query_one("#bulk-type").value = "agent_delay"
            screen.query_one("#bulk-text").value = "淮滨网点暂停,代派时效不保"
            box = screen.query_one(ScanBox)
            box.focus()
            box.post_message(events.Paste("\n".join(numbers[:-1]) + "\n"))
            await pilot.pause()
            await pilot.press(*numbers[-1])
            await app.workers.wait_for_complete()
            await pilot.pause()
            result = screen.query_one("#bulk-result")
            t0 = time.perf_counter()
            app.post_message(events.Key("enter", "\r"))
            while numbers[-1] not in screen.times:
                await asyncio.sleep(0.0005)
            app.post_message(events.Key("ctrl+s", None))
            while "已登记" not in str(result.render()):
                await asyncio.sleep(0.0005)
            took.append((time.perf_counter() - t0) * 1000)
            await pilot.pause()
        with open_store(db) as s:
            assert s.query("SELECT count(*) FROM tickets")[0][0] == 1000 * (run_no + 1)
        with open_store(folder / f"floor{run_no}.db") as s:
            t1 = time.perf_counter()
            add_tickets(s, numbers, "agent_delay", "淮滨网点暂停,代派时效不保", clock.parse_iso(NOW), "bench")
            floors.append((time.perf_counter() - t1) * 1000)
    return statistics.median(took), statistics.median(floors)


class SqliteSource:
    """A 200,000-row list read a page at a time by key range (what a real list does)."""

    def __init__(self, path: Path):
        from kefu_tui.widgets.waybill_list import Column

        self.conn = sqlite3.connect(str(path))
        self.columns = [Column("单号", 12, "waybill"), Column("状态", 8, "state"), Column("网点", 10, "site")]

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM parcels").fetchone()[0]

    def rows(self, offset: int, limit: int):
        from kefu_tui.widgets.waybill_list import ListRow

        cur = self.conn.execute("SELECT id, waybill, state, site FROM parcels WHERE id > ? ORDER BY id LIMIT ?",
                                (offset, limit))
        return [ListRow(i, w, (w, st, si)) for i, w, st, si in cur]


async def _page_move(folder: Path) -> tuple[float, float]:
    """Median ms of a pagedown (key → lines redrawn) deep in the list; floor: one page query."""
    from textual.app import App, ComposeResult

    from kefu_tui.widgets.waybill_list import PAGE, WaybillList

    path = folder / "list.db"
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE parcels (id INTEGER PRIMARY KEY, waybill TEXT, state TEXT, site TEXT)")
    conn.executemany("INSERT INTO parcels VALUES (?, ?, ?, ?)",
                     ((i + 1, str(518000000000 + i), "派件中", "信阳二部") for i in range(ROWS)))
    conn.commit()
    conn.close()
    source = SqliteSource(path)

    class ListApp(App):
        def compose(self) -> ComposeResult:
            yield WaybillList(source)

    times, round_trips = [], []
    async with ListApp().run_test(size=(120, 40)) as pilot:
        lst = pilot.app.query_one(WaybillList)
        lst.focus()
        lst.move_cursor(ROWS // 2)
        await pilot.pause()
        for _ in range(40):
            # the widget's own work per key: move, fetch if needed, draw every visible line
            t0 = time.perf_counter()
            lst.action_page_down()
            for y in range(lst.size.height):
                lst.render_line(y)
            times.append((time.perf_counter() - t0) * 1000)
            await pilot.pause()
        for _ in range(10):  # the whole Pilot key round trip, for information
            t0 = time.perf_counter()
            await pilot.press("pagedown")
            await pilot.pause()
            round_trips.append((time.perf_counter() - t0) * 1000)
    print(f"(pagedown Pilot round trip incl. test-harness waits: median {statistics.median(round_trips):.1f} ms)",
          file=sys.stderr)
    floor = []
    for k in range(20):
        t0 = time.perf_counter()
        source.rows(150_000 + k * PAGE, PAGE)
        floor.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), statistics.median(floor)


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="kefu-bench-desk-") as tmp:
        folder = Path(tmp)
        bulk_ms, bulk_floor = asyncio.run(_bulk(folder))
        page_ms, page_floor = asyncio.run(_page_move(folder))
    return [
        _row("bulk entry: 1,000 scans, last Enter → committed", bulk_ms, 100,
             "add_tickets(1,000) alone", bulk_floor),
        _row("WaybillList pagedown over 200,000 SQLite rows", page_ms, 50,
             "one 100-row page query", page_floor),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    for r in run():
        print(f"{'OK ' if r['ok'] else 'SLOW'} {r['name']}: {r['value']} ms  [{r['target']}]"
              f"  floor {r['floor_value']} ms ({r['floor_name']}), ratio {r['ratio']}")
