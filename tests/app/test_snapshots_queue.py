"""Snapshots of the problem-parcel queue and one ticket's detail at 80×24 and 120×40, on
the deterministic database of test_ticket_queue (frozen clock 2026-11-24 09:30)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.app.test_ticket_queue import QueueApp, fill_db


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for inp in pilot.app.screen.query(Input):
        inp.cursor_blink = False


def _app(tmp_path):
    fill_db(tmp_path / "kefu.db")
    return QueueApp(tmp_path)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_queue_snapshot(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("down", "down", "space")  # cursor and one selected row
        await _settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_queue_filtered_snapshot(snap_compare, tmp_path, size):
    """R-06 overdue on, sorted by outlet: the filter bar and status line show it."""
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("d", "s", "s", "s", "s")
        await _settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_detail_snapshot(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("slash", *"518010000003", "enter")
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=run_before)
