"""Desk C test data and host: the tiny sample branch (kefu_tui.sample_db, fixed SQL) plus
Huaibin delivery lists (R-22, R-23) and transfers (R-18, R-21), under the real KefuApp
with a frozen clock (2026-11-24 09:30 Shanghai) and user clerk01."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from kefu_tui.app import KefuApp
from kefu_tui.domain import clock
from kefu_tui.sample_db import build_sample_db
from kefu_tui.store import open_store
from tests.app.snapshot_app import clerk_config

NOW = "2026-11-24T09:30:00+08:00"
USER = "clerk01"
TODAY_LIST = [f"5182400000{i:02d}" for i in range(5)]          # today's agent list
D3_LIST = [f"5182100000{i:02d}" for i in range(4)]             # the list of 3 days ago
D2_LIST = [f"5182200000{i:02d}" for i in range(3)]             # the list of 2 days ago
SIGNED = {D3_LIST[0], D3_LIST[1], D2_LIST[0]}
UNSIGNED = [n for n in D3_LIST + D2_LIST if n not in SIGNED]    # sent to the agent
# (waybill, mode, carrier, new waybill, fee fen, confirmed, created, signed, attempts)
TRANSFERS = [
    ("518300000001", "rewaybill", "sto", "773012345678", 600, 1, "2026-11-20 15:00:00", None, 2),
    ("518300000002", "rewaybill", "postal", "9871234567890", 500, 1, "2026-11-21 10:00:00",
     "2026-11-23 11:00:00", 0),
    ("518300000003", "original", None, None, None, 0, "2026-11-23 16:00:00", None, 0),
    ("518300000004", "rewaybill", "zto", "751234567890", 700, 0, "2026-11-21 09:00:00", None, 0),
]
DUE = ["518300000001", "518300000004"]  # 3 days or more, not signed


def sync(fn):
    """Each Pilot flow in its own event loop (no async pytest plugin here)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


def _list_rows(nos: list[str], day: str) -> list[tuple]:
    return [(n, "淮滨代派-刘", f"{day} 07:{10 + i:02d}:00", day, "淮滨") for i, n in enumerate(nos)]


def build_db(path: Path) -> Path:
    """The tiny sample branch plus the Huaibin lists and the transfers above."""
    now = clock.parse_iso(NOW)
    build_sample_db(path, now, user=USER, scale=0.05, demo=False)
    store = open_store(path)
    try:
        with store.write():
            lists = TODAY_LIST + D3_LIST + D2_LIST
            store.conn.executemany(
                "INSERT INTO waybills (waybill, sender_outlet, receiver, phone, address, dest_outlet)"
                " VALUES (?, '杭州萧山', '李四', '13900000000', '河南省信阳市淮滨县城关镇', '淮滨')",
                [(n,) for n in lists + [t[0] for t in TRANSFERS]])
            store.conn.executemany(
                "INSERT INTO delivery_items (waybill, courier, at, day, outlet) VALUES (?, ?, ?, ?, ?)",
                _list_rows(TODAY_LIST, "2026-11-24") + _list_rows(D3_LIST, "2026-11-21")
                + _list_rows(D2_LIST, "2026-11-22"))
            store.conn.executemany(
                "INSERT INTO scans (waybill, kind, at, site, operator) VALUES"
                " (?, '签收', '2026-11-23 15:00:00', '淮滨', '淮滨代派-刘')", [(n,) for n in sorted(SIGNED)])
            store.conn.executemany(
                "INSERT INTO transfers (waybill, mode, carrier, new_waybill, fee_fen, fee_confirmed,"
                " created_at, created_by, signed_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 'clerk01', ?, ?)",
                TRANSFERS)
            store.audit("2026-11-24 09:00:00", USER, "test.seed", "database")
    finally:
        store.close()
    return path


class DeskApp(KefuApp):
    """The real shell, opening one desk screen on top of home."""

    def __init__(self, folder: Path, screen_factory):
        folder = Path(folder)
        db = folder / "kefu.db"
        if not db.exists():
            build_db(db)
        super().__init__(db, now_text=NOW, user=USER, config_dir=clerk_config(folder, "进港"))
        self._factory = screen_factory

    def on_mount(self) -> None:
        super().on_mount()
        self.push_screen(self._factory())


async def wait_for(pilot, predicate, timeout: float = 10.0) -> None:
    """Pause until ``predicate()`` holds (workers run in threads)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise AssertionError("timed out waiting for the screen")
        await pilot.pause(0.02)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def steady(pilot) -> None:
    """Settled for a picture: workers done, no cursor blinking, no notifications."""
    from textual.widgets import Input

    await settle(pilot)
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause()
