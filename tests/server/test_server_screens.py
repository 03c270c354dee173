"""Two clerks on one database, seen from one workstation (issue 9): another clerk's close
reaches the open queue within 2 s without a keypress, keeping cursor and selection; a close
on a stale detail view is refused naming who, and the screen reloads; the detail screen
shows the history and reveals the phone only on ``v`` (with an audit entry)."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import time
from pathlib import Path

from kefu_tui.domain import clock
from kefu_tui.screens.modals import TextPrompt
from kefu_tui.screens.ticket_detail import TicketDetailScreen
from kefu_tui.services import tickets as ts
from kefu_tui.services.audit import trail
from kefu_tui.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
from test_ticket_queue import QueueApp, fill_db, settle, sync  # noqa: E402

OTHER = clock.parse_iso("2026-11-24T09:40:00+08:00")


async def _until(pilot, cond, seconds=2.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        await pilot.pause(0.05)
        if cond():
            return time.monotonic() - start
    raise AssertionError("not within %.1f s" % seconds)


@sync
async def test_another_clerks_close_reaches_the_open_queue_within_2s(tmp_path):
    fill_db(tmp_path / "kefu.db")
    app = QueueApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await asyncio.sleep(1.2)  # the watch connection is opened at the first tick
        screen = app.screen
        before = screen.total
        lst = screen.list
        await pilot.press("down", "down", "space")  # cursor on the 3rd row, one selected
        selected = lst.selected_waybills()
        cursor = lst.cursor_index
        victim = lst.row_at(10)
        with open_store(tmp_path / "kefu.db") as other:  # the other clerk's process
            ts.close_ticket(other, int(victim.key), "已派", OTHER, "bob")
        await _until(pilot, lambda: screen.total == before - 1)
        assert lst.cursor_index == cursor and lst.selected_waybills() == selected


@sync
async def test_close_on_a_stale_detail_is_refused_naming_who_then_reloads(tmp_path):
    specs = fill_db(tmp_path / "kefu.db")
    app = QueueApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        row = app.screen.list.cursor_row
        app.push_screen(TicketDetailScreen(int(row.key)))
        await settle(pilot)
        detail = app.screen
        body = str(detail.query_one("#detail-ticket").render())
        phone = next(s["phone"] for s in specs if s["waybill"] == row.waybill)
        assert phone not in body and phone[:3] + "****" + phone[-4:] in body
        await pilot.press("c")  # alice starts closing on what she sees ...
        await settle(pilot)
        with open_store(tmp_path / "kefu.db") as other:  # ... bob closes it first
            ts.close_ticket(other, int(row.key), "bob 的原因", OTHER, "bob")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"yi pai", "enter")
        await settle(pilot)
        notes = [n.message for n in app._notifications]
        assert any("bob" in str(m) and "2026-11-24 09:40:00" in str(m) for m in notes), notes
        assert detail.detail.ticket.status == "closed" and detail.detail.ticket.closed_by == "bob"
        history = str(detail.query_one("#detail-history").render())
        assert "bob" in history and "关闭" in history
        await pilot.press("v")
        await settle(pilot)
        assert phone in str(detail.query_one("#detail-ticket").render())
    with open_store(tmp_path / "kefu.db") as s:
        (e,) = [e for e in trail(s, waybill=row.waybill) if e.action == "reveal"]
        assert e.user == "clerk01"
        assert s.query("SELECT close_reason FROM tickets WHERE id = ?", (int(row.key),))[0][0] == "bob 的原因"


@sync
async def test_another_clerks_check_reaches_the_open_board_within_2s(tmp_path):
    """R-34 on two terminals: bob checks R-24 at his desk; alice's open board names him
    without a keypress, its figures kept meanwhile (no row falls back to "…")."""
    from textual.widgets import DataTable

    from kefu_tui.screens.monitor import MonitorScreen
    from kefu_tui.services.monitor import record_check

    fill_db(tmp_path / "kefu.db")
    app = QueueApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(MonitorScreen())
        await settle(pilot)
        board = app.screen
        await _until(pilot, lambda: "R-24" in board.board)
        await asyncio.sleep(1.2)  # the watch connection is opened at the first tick
        table = board.query_one(DataTable)
        assert str(table.get_cell("R-24", "checked")) == "未检查"  # a Text, never markup (issue 15)
        with open_store(tmp_path / "kefu.db") as other:
            record_check(other, "R-24", OTHER, "bob", findings=0)
        await _until(pilot, lambda: str(table.get_cell("R-24", "checked")).startswith("bob"))
        assert "…" not in [str(table.get_cell(r, "n")) for r in board.board]
