"""Why a ticket was closed, on screen (SPEC §14.2 Tickets, issue 16 item 8): F12's
timeline and the ticket's detail name the reason (``退件`` after a return), who and when."""

from __future__ import annotations

from desk_a_app import HostApp, sync, wait_for

from kefu_tui.screens.ticket_detail import TicketDetailScreen
from kefu_tui.screens.tracking import TrackingScreen
from kefu_tui.store import open_store
from tests.cli.test_closed_ticket_fields import CLOSED, RETURNED, closed_tickets_db


@sync
async def test_tracking_timeline_says_why_who_and_when(db_path):
    closed_tickets_db(db_path)
    app = HostApp(db_path, lambda: TrackingScreen([RETURNED, CLOSED]))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: len(screen.tracks) == 2)
        await pilot.pause()
        pane = screen.query_one("#tracking-timeline")
        assert "关闭 2026-12-04 10:00 wu 原因: 退件" in str(pane.render())
        await pilot.press("down")
        await wait_for(pilot, lambda: "关闭 2026-12-04 10:00 bob 原因: 客户自取" in str(pane.render()))


@sync
async def test_ticket_detail_says_why_who_and_when(db_path):
    closed_tickets_db(db_path)
    with open_store(db_path) as s:
        tid = s.query("SELECT id FROM tickets WHERE waybill = ?", (RETURNED,))[0][0]
    app = HostApp(db_path, lambda: TicketDetailScreen(tid))
    async with app.run_test(size=(120, 40)) as pilot:
        box = app.screen.query_one("#detail-ticket")
        await wait_for(pilot, lambda: RETURNED in str(box.render()))
        text = str(box.render())
        assert "2026-12-04 10:00" in text and "wu" in text and "关闭原因 退件" in text
