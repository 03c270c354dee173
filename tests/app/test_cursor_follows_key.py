"""A record is known by its key (SPEC §14.2, issue 16 item 1): while clerk A looks at a
list, clerk B (a second Store on the same SQLite file, another process in real life) changes
the data; A's screen refreshes by itself (the app's ``PRAGMA data_version`` poll) and the
cursor stays on the parcel it was on. A record that left the list leaves the cursor on its
neighbour and A is told who moved it in one line; ``c`` names the ticket A saw."""

from __future__ import annotations

import asyncio

from kefu_tui.domain import clock
from kefu_tui.screens.modals import TextPrompt
from kefu_tui.services import tickets as ts
from kefu_tui.store import open_store
from tests.app.desk_c_data import wait_for as until
from tests.app.test_ticket_queue import QueueApp, fill_db, settle, sync

B_NOW = clock.parse_iso("2026-11-24T09:40:00+08:00")


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def queue_on_row(pilot, app, index: int):
    """The queue shown, the poll's watch open, the cursor on row ``index``."""
    await settle(pilot)
    await asyncio.sleep(1.2)  # the watch connection is opened at the first tick
    lst = app.screen.list
    await pilot.press(*["down"] * index)
    assert lst.cursor_index == index
    return lst


@sync
async def test_queue_cursor_stays_on_its_ticket_when_b_notes_the_one_above(tmp_path):
    """Issue 16 item 1: B's note moves the ticket above A's to the end of the queue (sorted
    by last update); A's cursor stays on A's ticket and ``c`` offers to close that one."""
    fill_db(tmp_path / "kefu.db")
    app = QueueApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        lst = await queue_on_row(pilot, app, 5)
        mine, above = lst.cursor_row, lst.row_at(4)
        with open_store(tmp_path / "kefu.db") as b:
            ts.add_note(b, int(above.key), "B 的跟进", B_NOW, "bob")
        await until(pilot, lambda: lst.row_at(4) is not None and lst.row_at(4).key != above.key)
        await settle(pilot)
        assert lst.cursor_row.key == mine.key and lst.cursor_index == 4
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        assert mine.waybill in str(app.screen.query_one("Label").render())
        await pilot.press(*"yi pai", "enter")
        await settle(pilot)
    with open_store(tmp_path / "kefu.db") as s:
        status = s.query("SELECT id, status, closed_by FROM tickets WHERE id IN (?, ?)",
                         (int(mine.key), int(above.key)))
    assert {r[0]: (r[1], r[2]) for r in status} == {int(mine.key): ("closed", "clerk01"),
                                                     int(above.key): ("open", None)}


@sync
async def test_queue_ticket_closed_by_b_moves_the_cursor_to_its_neighbour_and_says_who(tmp_path):
    """Issue 16 item 1: B closes the ticket under A's cursor; it leaves A's open queue, the
    cursor goes to the ticket that was below it and A reads ``NO 已由 bob 关闭``."""
    fill_db(tmp_path / "kefu.db")
    app = QueueApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        lst = await queue_on_row(pilot, app, 5)
        mine, below = lst.cursor_row, lst.row_at(6)
        with open_store(tmp_path / "kefu.db") as b:
            ts.close_ticket(b, int(mine.key), "已派", B_NOW, "bob")
        await until(pilot, lambda: lst.cursor_row is not None and lst.cursor_row.key != mine.key)
        await until(pilot, lambda: f"{mine.waybill} 已由 bob 关闭" in notices(app))
        assert lst.cursor_row.key == below.key


@sync
async def test_queue_selection_stays_on_its_tickets(tmp_path):
    """Issue 16 item 1: the selection is keys, not rows: a note by B that reorders the
    queue leaves the same tickets selected; one B closes is let go."""
    fill_db(tmp_path / "kefu.db")
    app = QueueApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        lst = await queue_on_row(pilot, app, 2)
        await pilot.press("space", "down", "down", "space", "down", "down", "space")
        chosen = [lst.row_at(i) for i in (2, 4, 6)]
        assert lst.selected_waybills() == [r.waybill for r in chosen]
        with open_store(tmp_path / "kefu.db") as b:
            ts.add_note(b, int(lst.row_at(0).key), "B 的跟进", B_NOW, "bob")
            ts.close_ticket(b, int(chosen[1].key), "已派", B_NOW, "bob")
        await until(pilot, lambda: lst.row_at(1) is not None and lst.row_at(1).key == chosen[0].key)
        await settle(pilot)
        assert lst.selected_waybills() == [chosen[0].waybill, chosen[2].waybill]
        assert lst.cursor_row.key == chosen[2].key


@sync
async def test_queue_close_acts_on_the_ticket_named_at_the_keypress(tmp_path):
    """Issue 16 item 1: ``c`` takes the ticket under the cursor when pressed; the dialog
    names it and the close acts on it, though a refresh lands while the dialog is open and
    the cursor is then elsewhere."""
    from kefu_tui.screens.data_changed import DataChanged

    fill_db(tmp_path / "kefu.db")
    app = QueueApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        lst = await queue_on_row(pilot, app, 5)
        queue, mine = app.screen, lst.cursor_row
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        assert f"关闭问题件 {mine.waybill}" in str(app.screen.query_one("Label").render())
        with open_store(tmp_path / "kefu.db") as b:
            ts.add_note(b, int(lst.row_at(4).key), "B 的跟进", B_NOW, "bob")
        queue.post_message(DataChanged())  # the refresh lands under the dialog
        await settle(pilot)
        lst.move_cursor(0)
        await pilot.press(*"yi pai", "enter")
        await settle(pilot)
        assert f"{mine.waybill} 已关闭: yi pai" in notices(app)
    with open_store(tmp_path / "kefu.db") as s:
        closed = s.query("SELECT id FROM tickets WHERE closed_by = 'clerk01'")
    assert [r[0] for r in closed] == [int(mine.key)]


@sync
async def test_queue_own_close_moves_the_cursor_on_without_a_second_line(tmp_path):
    """Issue 16 item 1: A's own close takes the ticket out of A's open queue; the cursor
    goes to its neighbour and A reads only the close's own line, not who took it away."""
    fill_db(tmp_path / "kefu.db")
    app = QueueApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        lst = await queue_on_row(pilot, app, 5)
        mine, below = lst.cursor_row, lst.row_at(6)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press(*"yi pai", "enter")
        await until(pilot, lambda: lst.cursor_row is not None and lst.cursor_row.key == below.key)
        await settle(pilot)
        assert f"{mine.waybill} 已关闭: yi pai" in notices(app)
        assert not [n for n in notices(app) if "已由" in n or "已不在列表" in n], notices(app)
