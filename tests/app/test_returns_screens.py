"""Returns on screen (R-09): the reply form, the return from the ticket, the refused
return, the "to return today" view with F12 and a selection returned at once; snapshots
of the reply form, the view and the label at 80×24 and 120×40."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from kefu_tui.screens.returns import ReplyForm, ReturnLabelScreen, ReturnsScreen
from kefu_tui.screens.ticket_detail import TicketDetailScreen
from kefu_tui.screens.tracking import TrackingScreen
from kefu_tui.store import open_store
from tests.app.test_ticket_queue import sync
from tests.app.returns_app import HELD, MAY, MUST, WAIT, make


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for inp in pilot.app.screen.query(Input):
        inp.cursor_blink = False


def ticket_id(app, no) -> int:
    return app.store.query("SELECT id FROM tickets WHERE waybill = ?", (no,))[0][0]


async def open_detail(pilot, no) -> TicketDetailScreen:
    await settle(pilot)
    pilot.app.push_screen(TicketDetailScreen(ticket_id(pilot.app, no)))
    await settle(pilot)
    return pilot.app.screen


def text_of(screen, sel) -> str:
    return str(screen.query_one(sel, Static).render())


@sync
async def test_R09_detail_shows_when_it_can_be_returned_and_refuses_early(tmp_path):
    app = make(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        scr = await open_detail(pilot, WAIT)
        assert "还有1天才能退件(12-05 10:00起可退)" in text_of(scr, "#detail-ticket")
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TicketDetailScreen)  # no label: refused
        shown = [n.message for n in app._notifications]
        assert any("不能退件" in m and "未满72小时" in m for m in shown)
    with open_store(tmp_path / "kefu.db") as s:
        assert s.query("SELECT count(*) FROM scans WHERE waybill = ?", (WAIT,))[0][0] == 0


@sync
async def test_R09_reply_hold_moves_the_date_then_return_prints_the_label(tmp_path):
    app = make(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        scr = await open_detail(pilot, MAY)
        assert "可以退件" in text_of(scr, "#detail-ticket")
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ReplyForm)
        # a week's hold is refused where typed, with the reason; nothing saved
        form.query_one("#reply-until", Input).value = "12-11 10:00"
        await pilot.press("1", "enter", "enter")  # 1 暂放 → the end field → the text → save
        await settle(pilot)
        assert isinstance(app.screen, ReplyForm)
        assert "最长3天" in text_of(form, "#reply-error")
        form.query_one("#reply-until", Input).value = "12-06 12:00"
        form.query_one("#reply-text", Input).value = "客户出差"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TicketDetailScreen)
        body = text_of(app.screen, "#detail-ticket")
        assert "暂放至12-06 12:00" in body
        assert "发件网点回复:暂放至12-06 12:00 客户出差(1204)" in text_of(app.screen, "#detail-notes")
        await pilot.press("t")  # held: refused
        await settle(pilot)
        assert isinstance(app.screen, TicketDetailScreen)
        # the sender changes its mind: return
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("3", "enter")  # 3 退回, Enter in the text field saves
        await settle(pilot)
        assert "今日必须退件" in text_of(app.screen, "#detail-ticket")
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ReturnLabelScreen)
        label = app.screen.labels[0]
        assert (label.waybill, label.sender_outlet, label.date) == (MAY, "义乌二部", "2026-12-04")
    with open_store(tmp_path / "kefu.db") as s:
        assert [r[0] for r in s.query("SELECT kind FROM scans WHERE waybill = ? ORDER BY id", (MAY,))] == ["到件", "退件", "发件"]
        assert s.query("SELECT close_reason FROM tickets WHERE waybill = ?", (MAY,))[0][0] == "退件"


@sync
async def test_R09_returns_today_lists_may_and_must_f12_and_returns_a_selection(tmp_path):
    app = make(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_returns()
        await settle(pilot)
        scr = app.screen
        assert isinstance(scr, ReturnsScreen)
        lst = scr.list
        rows = [lst.row_at(i) for i in range(lst.row_count)]
        assert sorted(r.waybill for r in rows) == sorted([MAY, MUST])
        await pilot.press("ctrl+a", "f12")
        await settle(pilot)
        assert isinstance(app.screen, TrackingScreen)
        assert sorted(app.screen.tracks) == sorted([MAY, MUST])
        app.pop_screen()
        await settle(pilot)
        assert isinstance(app.screen, ReturnsScreen)
        await pilot.press("ctrl+a", "t")
        await settle(pilot)
        assert isinstance(app.screen, ReturnLabelScreen)
        assert sorted(x.waybill for x in app.screen.labels) == sorted([MAY, MUST])
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.list.row_count == 0


# -- snapshots (names contain "return") --------------------------------------------------

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@SIZES
def test_return_reply_form_snapshot(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await open_detail(pilot, MAY)
        await pilot.press("r")
        await settle(pilot)

    assert snap_compare(make(tmp_path), terminal_size=size, run_before=run_before)


@SIZES
def test_return_today_view_snapshot(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.action_returns()
        await settle(pilot)

    assert snap_compare(make(tmp_path), terminal_size=size, run_before=run_before)


@SIZES
def test_return_label_snapshot(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await open_detail(pilot, MUST)
        await pilot.press("t")
        await settle(pilot)

    assert snap_compare(make(tmp_path), terminal_size=size, run_before=run_before)
