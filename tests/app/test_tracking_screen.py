"""Batch tracking screen (R-05): numbers given or pasted → every parcel's timeline;
register the selected parcels as problems from there (R-08)."""

from __future__ import annotations

from textual import events

from desk_a_app import HostApp, numbers, seed, sync, wait_for
from kefu_tui.screens.tracking import RegisterProblem, TrackingScreen
from kefu_tui.widgets.scan_box import ScanBox
from kefu_tui.widgets.waybill_list import WaybillList


@sync
async def test_r05_given_numbers_are_tracked_with_timeline(store, db_path):
    nos = numbers(5)
    seed(store, nos[:4])
    app = HostApp(db_path, lambda: TrackingScreen(nos))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: len(screen.tracks) == 5)
        rows = screen.source.items
        assert [r.waybill for r in rows] == nos
        assert rows[0].cells[1] == "已到件" and rows[0].cells[2] == "信阳分拨中心"
        assert "无记录" in rows[4].cells[1]
        timeline = str(screen.query_one("#tracking-timeline").render())
        assert "11-22 21:10" in timeline and "11-23 07:40 到件" in timeline
        assert timeline.index("21:10 发件") < timeline.index("07:40 到件")
        await pilot.press("down")
        await pilot.pause()
        assert nos[1] in str(screen.query_one("#tracking-timeline").render())


@sync
async def test_r05_paste_folds_duplicates_and_counts_junk(store, db_path):
    nos = numbers(3)
    seed(store, nos)
    app = HostApp(db_path, TrackingScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        text = "\n".join([nos[0], "hello", nos[1], nos[0], "[b]12", nos[2], nos[1]])
        screen.query_one(ScanBox).post_message(events.Paste(text))
        await wait_for(pilot, lambda: len(screen.tracks) == 3)
        await pilot.pause()
        status = str(screen.query_one("#tracking-status").render())
        assert "共 3 票" in status and "2 行非单号已忽略" in status and "2 重复已合并" in status
        assert "最后一行: 运单号不是12位数字" in status and "'[b]12'" in status  # shown as text


@sync
async def test_r08_register_selected_parcels_from_tracking(store, db_path):
    nos = numbers(4)
    seed(store, nos)
    app = HostApp(db_path, lambda: TrackingScreen(nos))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: len(screen.tracks) == 4)
        screen.query_one(WaybillList).focus()
        await pilot.press("space", "down", "space", "ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, RegisterProblem))
        modal = app.screen
        modal.query_one("#register-type").value = "address"
        modal.query_one("#register-text").value = "地址不详,请提供详细地址"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: store.query("SELECT count(*) FROM tickets")[0][0] == 2)
        got = store.query("SELECT waybill, type, text FROM tickets ORDER BY waybill")
        assert [tuple(r) for r in got] == [(n, "address", "地址不详,请提供详细地址") for n in nos[:2]]
        await wait_for(pilot, lambda: screen.source.items[0].cells[4] == "1")
        assert "问题件" in screen.source.items[0].cells[1]
