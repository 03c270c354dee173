"""F12 on a whole filter (R-05) without freezing the screen: ctrl+a in the queue is "all of
this filter minus exceptions" (a Selection), resolved by the tracking screen in a worker;
tracking comes in parts with progress, and Escape stops it. Real app, real SQLite file."""

from __future__ import annotations

import asyncio

from textual import events

from kefu_tui.app import KefuApp
from kefu_tui.screens import tracking
from kefu_tui.screens.tickets import TicketQueueScreen
from kefu_tui.screens.tracking import PENDING, TrackingScreen
from kefu_tui.widgets.waybill_list import Selection, WaybillList

from desk_a_app import HostApp, numbers, seed, wait_for
from test_ticket_queue import SIZE, QueueApp, db_rows, fill_db, settle, sync  # noqa: F401


@sync
async def test_r05_select_all_then_f12_hands_over_a_selection_not_numbers(tmp_path):
    db = tmp_path / "kefu.db"
    fill_db(db)
    app = SelectionApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(WaybillList)
        first = lst.cursor_row
        await pilot.press("ctrl+a", "space", "f12")  # all but the first row
        await pilot.pause()
        [asked] = app.tracked_selections
        assert isinstance(asked, Selection) and len(asked) == app.screen.total - 1
        in_order = [w for (w,) in db_rows(db, "SELECT waybill FROM tickets WHERE status = 'open'"
                                               " ORDER BY updated_at, id")]
        store = app.open_store()
        try:
            assert list(asked.numbers(store)) == [w for w in in_order if w != first.waybill]
        finally:
            store.close()


class SelectionApp(QueueApp):
    """The queue; F12's argument is recorded as given (a Selection stays one), and with
    ``real`` the real tracking screen opens."""

    def __init__(self, folder, real: bool = False):
        super().__init__(folder)
        self.real = real
        self.tracked_selections: list = []

    def open_tracking(self, numbers):
        self.tracked_selections.append(numbers)
        if self.real:
            KefuApp.open_tracking(self, numbers)


@sync
async def test_r05_the_tracking_screen_resolves_and_tracks_the_whole_filter(tmp_path):
    db = tmp_path / "kefu.db"
    fill_db(db)
    app = SelectionApp(tmp_path, real=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, TicketQueueScreen)
        total = queue.total
        await pilot.press("ctrl+a", "f12")
        await wait_for(pilot, lambda: isinstance(app.screen, TrackingScreen))
        screen = app.screen
        expected = list(dict.fromkeys(
            w for (w,) in db_rows(db, "SELECT waybill FROM tickets WHERE status = 'open'"
                                      " ORDER BY updated_at, id")))
        assert len(expected) == total
        await wait_for(pilot, lambda: not screen.busy and len(screen.tracks) == total)
        assert [r.waybill for r in screen.source.items] == expected
        assert all(r.cells[1] != PENDING for r in screen.source.items)
        assert f"共 {total:,} 票" in str(screen.query_one("#tracking-status").render())


async def soon(predicate, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.002)):
        if predicate():
            return
        await asyncio.sleep(0.002)
    raise AssertionError("condition not reached")


@sync
async def test_escape_stops_a_long_tracking_and_a_second_escape_leaves(store, db_path, monkeypatch):
    monkeypatch.setattr(tracking, "FIRST_PART", 100)
    monkeypatch.setattr(tracking, "PART", 500)
    nos = numbers(40_000)
    seed(store, nos[::4])
    app = HostApp(db_path, lambda: TrackingScreen(nos))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        # polled without Pilot's idle-waits, which would wait for the whole tracking
        await soon(lambda: screen.tracks)
        app.post_message(events.Key("escape", None))
        await soon(lambda: screen.cancelled)
        await pilot.pause(0.2)
        assert app.screen is screen
        assert 0 < screen.waiting < 40_000
        left = screen.waiting
        await pilot.pause(0.3)
        assert screen.waiting == left  # nothing more is tracked
        assert "已取消" in str(screen.query_one("#tracking-status").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
