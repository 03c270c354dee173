"""WaybillList: windowed fetching, cursor, selection and F12 (R-05)."""

from __future__ import annotations

import asyncio
import functools

from textual.app import App, ComposeResult

from kefu_tui.widgets.waybill_list import PAGE, Column, ListRow, WaybillList

N = 200_000


def sync(fn):
    """No async pytest plugin here: run each Pilot flow in its own event loop."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


class CountingSource:
    columns = [Column("单号", 12, "waybill"), Column("状态", 6, "state"), Column("网点", 8, "site")]

    def __init__(self, n: int = N):
        self.n = n
        self.calls: list[tuple[int, int]] = []

    def count(self) -> int:
        return self.n

    def rows(self, offset: int, limit: int) -> list[ListRow]:
        self.calls.append((offset, limit))
        end = min(self.n, offset + limit)
        return [ListRow(i, f"{518000000000 + i}", (f"{518000000000 + i}", "到件", "信阳二部")) for i in range(offset, end)]


class ListApp(App):
    def __init__(self, source):
        super().__init__()
        self.source = source
        self.messages: list = []

    def compose(self) -> ComposeResult:
        yield WaybillList(self.source, id="list")

    def on_waybill_list_track_requested(self, m: WaybillList.TrackRequested) -> None:
        self.messages.append(("track", m.waybills))

    def on_waybill_list_activated(self, m: WaybillList.Activated) -> None:
        self.messages.append(("activated", m.row))


def no(i: int) -> str:
    return f"{518000000000 + i}"


@sync
async def test_only_visible_pages_are_fetched():
    src = CountingSource()
    app = ListApp(src)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert src.calls == [(0, PAGE)]
        lst = app.query_one(WaybillList)
        assert lst.virtual_size.height == N + 1
        await pilot.press("end")
        await pilot.pause()
        assert lst.cursor_index == N - 1
        fetched = sum(limit for _, limit in src.calls)
        assert fetched <= 3 * PAGE, src.calls
        assert lst.cursor_row.waybill == no(N - 1)
        # the last row is on screen (header line + rows)
        line = lst.render_line(lst.size.height - 1 - (1 if lst.show_horizontal_scrollbar else 0))
        assert no(N - 1) in line.text


@sync
async def test_cursor_moves_and_page_down():
    src = CountingSource()
    app = ListApp(src)
    async with app.run_test(size=(80, 24)) as pilot:
        lst = app.query_one(WaybillList)
        await pilot.press("down", "down")
        assert lst.cursor_index == 2
        await pilot.press("up")
        assert lst.cursor_index == 1
        await pilot.press("pagedown")
        assert lst.cursor_index == 1 + lst._page_height
        await pilot.press("pagedown", "pagedown", "pageup")
        assert lst.cursor_index == 1 + 2 * lst._page_height
        await pilot.press("home")
        assert lst.cursor_index == 0
        await pilot.press("up")
        assert lst.cursor_index == 0
        await pilot.pause()
        assert "●" not in lst.render_line(1).text
        assert "单号" in lst.render_line(0).text


@sync
async def test_space_range_and_f12_carry_the_selection():
    """R-05: select one, a range → F12 → the selected numbers."""
    src = CountingSource()
    app = ListApp(src)
    async with app.run_test(size=(80, 24)) as pilot:
        lst = app.query_one(WaybillList)
        await pilot.press("space", "down", "down", "space")
        assert lst.selected_waybills() == [no(0), no(2)]
        await pilot.pause()
        assert "●" in lst.render_line(1).text and "●" not in lst.render_line(2).text
        await pilot.press("down", "shift+down", "shift+down", "shift+down", "shift+up")
        # anchor 3, cursor 5: rows 3..5 added to 0 and 2
        assert lst.selected_waybills() == [no(0), no(2), no(3), no(4), no(5)]
        await pilot.press("space")  # toggles row 5 off
        await pilot.press("f12")
        await pilot.pause()
        assert app.messages[-1] == ("track", [no(0), no(2), no(3), no(4)])
        await pilot.press("escape")
        assert lst.selection_count == 0
        assert lst.selected_waybills() == [no(5)]  # no selection: the cursor row


@sync
async def test_select_all_does_not_load_every_row():
    src = CountingSource()
    app = ListApp(src)
    async with app.run_test(size=(80, 24)) as pilot:
        lst = app.query_one(WaybillList)
        await pilot.press("ctrl+a", "down", "space")
        await pilot.pause()
        assert lst.all_selected and lst.selection_count == N - 1
        assert sum(limit for _, limit in src.calls) <= 2 * PAGE
        chosen = lst.selected_waybills()  # resolved lazily, page by page, only now
        assert len(chosen) == N - 1 and no(1) not in chosen and chosen[0] == no(0)


@sync
async def test_enter_activates_the_cursor_row_and_small_lists():
    src = CountingSource(3)
    app = ListApp(src)
    async with app.run_test(size=(80, 24)) as pilot:
        lst = app.query_one(WaybillList)
        await pilot.press("end", "down", "enter")
        await pilot.pause()
        assert app.messages[-1][0] == "activated"
        assert app.messages[-1][1].waybill == no(2)
        src.n = 0
        lst.reload()
        await pilot.pause()
        assert lst.cursor_row is None and lst.selected_waybills() == []
        assert "无记录" in lst.render_line(1).text
        await pilot.press("f12", "enter")
        assert app.messages[-1][1].waybill == no(2)  # nothing new posted


class LeftApp(ListApp):
    def on_waybill_list_row_left(self, m: WaybillList.RowLeft) -> None:
        self.messages.append(("left", m.row))


def memory(keys: list[int]):
    from kefu_tui.widgets.waybill_list import MemorySource

    return MemorySource(CountingSource.columns, [ListRow(k, no(k), (no(k), "到件", "信阳二部")) for k in keys])


@sync
async def test_reload_keeps_cursor_and_selection_on_their_keys():
    """Issue 16 item 1 (SPEC §14.2 "a record is known by its key"): rows come and go above
    the cursor; after ``reload`` it is on the same key, on the same screen line, and the
    selection holds the same keys (one that left is let go)."""
    src = memory(list(range(50)))
    app = LeftApp(src)
    async with app.run_test(size=(80, 24)) as pilot:
        lst = app.query_one(WaybillList)
        await pilot.press(*["down"] * 30, "space", "down", "down", "space")
        line = lst.cursor_index - int(lst.scroll_y)
        src.items = memory([100, 101, 102] + [k for k in range(50) if k not in (5, 31)]).items
        lst.reload()
        await pilot.pause()
        assert lst.cursor_row.key == 32 and lst.cursor_index - int(lst.scroll_y) == line
        assert lst.selected_waybills() == [no(30), no(32)]
        assert not [m for m in app.messages if m[0] == "left"]


@sync
async def test_a_row_that_left_leaves_the_cursor_on_its_neighbour_and_says_so():
    """Issue 16 item 1: the cursor's record is gone after a refresh: the cursor goes to the
    row that was below it (above it when it was the last) and RowLeft names the record."""
    src = memory(list(range(10)))
    app = LeftApp(src)
    async with app.run_test(size=(80, 24)) as pilot:
        lst = app.query_one(WaybillList)
        await pilot.press("down", "down", "down")
        src.items = memory([0, 1, 2, 4, 5, 6, 7, 8, 9]).items
        lst.reload()
        await pilot.pause()
        assert lst.cursor_row.key == 4 and app.messages[-1] == ("left", ListRow(3, no(3), (no(3), "到件", "信阳二部")))
        await pilot.press("end")
        src.items = memory([0, 1, 2, 4, 5, 6, 7, 8]).items
        lst.reload()
        await pilot.pause()
        assert lst.cursor_row.key == 8 and app.messages[-1][1].key == 9
