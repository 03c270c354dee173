"""A minimal host App for desk A's screens (the documented shell contract: ``store``,
``open_store()``, ``clock()``, ``user``; F12 from any list pushes TrackingScreen, R-05),
so these tests do not depend on the real shell's start-up (post chooser, keymap)."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from textual.app import App

from kefu_tui.domain import clock as branch_clock
from kefu_tui.store import open_store
from kefu_tui.widgets.waybill_list import WaybillList

NOW = "2026-11-24T09:30:00+08:00"


def sync(fn):
    """No async pytest plugin here: run each Pilot flow in its own event loop."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


def numbers(n: int, start: int = 518012340000) -> list[str]:
    return [str(start + i * 11) for i in range(n)]


def seed(store, known: list[str]) -> None:
    """Waybills and an arrival scan for ``known`` (plain SQL; the importer is another desk)."""
    with store.write():
        store.conn.executemany(
            "INSERT INTO waybills (waybill, sender_outlet, receiver, phone, address, dest_outlet)"
            " VALUES (?, '上海青浦', '张三', '13800000000', '河南省信阳市淮滨县城关镇', '淮滨')",
            [(n,) for n in known])
        store.conn.executemany(
            "INSERT INTO scans (waybill, kind, at, site, prev_site, operator) VALUES"
            " (?, '发件', '2026-11-22 21:10:00', '郑州分拨中心', NULL, '李四'),"
            " (?, '到件', '2026-11-23 07:40:00', '信阳分拨中心', '郑州分拨中心', '王五')",
            [(n, n) for n in known])


class HostApp(App):
    CSS = "Screen { background: $surface; }"

    def __init__(self, db_path: Path, screen_factory, user: str = "clerk"):
        super().__init__()
        self.db_path = Path(db_path)
        self.user = user
        self._factory = screen_factory
        self.store = None

    def clock(self):
        return branch_clock.parse_iso(NOW)

    def open_store(self):
        return open_store(self.db_path)

    def on_mount(self) -> None:
        self.store = open_store(self.db_path)
        self.push_screen(self._factory())

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    def on_waybill_list_track_requested(self, m: WaybillList.TrackRequested) -> None:
        from kefu_tui.screens.tracking import TrackingScreen

        self.push_screen(TrackingScreen(m.waybills))


async def wait_for(pilot, predicate, timeout: float = 10.0) -> None:
    """Pause until ``predicate()`` holds (workers run in threads)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise AssertionError("timed out waiting for the screen")
        await pilot.pause(0.02)
