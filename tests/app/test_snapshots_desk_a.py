"""Snapshots of desk A's screens (R-05 tracking, R-08 bulk entry) at 80×24 and 120×40,
on a small fixed database and a frozen clock (2026-11-24 09:30 Shanghai)."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input

from desk_a_app import HostApp, numbers, seed
from tests.app.burst import burst, scanner_text
from kefu_tui.store import open_store
from kefu_tui.screens.bulk_entry import BulkEntryScreen
from kefu_tui.screens.tracking import TrackingScreen

SIZES = [(80, 24), (120, 40)]
NOS = numbers(8)


def small_db(tmp_path):
    path = tmp_path / "kefu.db"
    with open_store(path) as store:
        seed(store, NOS[:6])
        with store.write():
            store.conn.execute(
                "INSERT INTO tickets (waybill, type, text, party, created_at, created_by, updated_at)"
                " VALUES (?, 'phone', '电话停机', '上海青浦', '2026-11-23 10:00:00', 'clerk',"
                " '2026-11-23 10:00:00')", (NOS[1],))
    return path


async def settle(pilot, done) -> None:
    for w in pilot.app.screen.query(Input):
        w.cursor_blink = False
    for _ in range(500):
        if done(pilot.app.screen):
            break
        await asyncio.sleep(0.02)
    else:  # never a picture of a screen that did not get there
        raise AssertionError("the screen did not settle in 10 s: no snapshot taken")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_r05_tracking_screen(snap_compare, tmp_path, size):
    app = HostApp(small_db(tmp_path), lambda: TrackingScreen(NOS))

    async def run_before(pilot):
        await settle(pilot, lambda s: len(s.tracks) == len(NOS))
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_r08_bulk_entry_screen(snap_compare, tmp_path, size):
    app = HostApp(small_db(tmp_path), BulkEntryScreen)

    async def run_before(pilot):
        await burst(pilot, scanner_text(NOS + NOS[:1]))
        await settle(pilot, lambda s: len(s.checks) == len(NOS) and s.templates)
        for _ in range(len(pilot.app.screen.templates)):
            if pilot.app.screen.query_one("#bulk-text").value == "淮滨网点暂停,代派时效不保":
                break
            await pilot.press("ctrl+t")
        else:
            raise AssertionError("no 淮滨 template among the templates: no snapshot taken")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
