"""Bulk registration screen (R-08): scan 50 → preview → commit in one batch → undo."""

from __future__ import annotations

from textual import events

from desk_a_app import HostApp, numbers, seed, sync, wait_for
from tests.app.burst import burst, scanner_text
from kefu_tui.screens.bulk_entry import BulkEntryScreen
from kefu_tui.widgets.scan_box import ScanBox
from kefu_tui.widgets.waybill_list import WaybillList


def open_count(store) -> int:
    return store.query("SELECT count(*) FROM tickets WHERE status = 'open'")[0][0]


@sync
async def test_r08_scan_fifty_commit_one_batch_then_undo(store, db_path):
    nos = numbers(50)
    seed(store, nos[:40])  # 10 are not in the system yet: still registered
    app = HostApp(db_path, BulkEntryScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, BulkEntryScreen)
        await burst(pilot, scanner_text(nos + [nos[7]]))  # at scanner speed; one double scan
        screen.query_one(ScanBox).post_message(events.Paste("运单号\n"))
        await wait_for(pilot, lambda: len(screen.checks) == 50)
        assert list(screen.times) == nos and screen.times[nos[7]] == 2
        lst = screen.query_one(WaybillList)
        assert lst.row_count == 50
        assert "×2" in screen.source.items[7].cells[2]
        preview = str(screen.query_one("#bulk-preview").render())
        assert "正常 40" in preview and "无记录(仍登记) 10" in preview
        await wait_for(pilot, lambda: "非单号 1" in str(screen.query_one("#bulk-count").render()))
        # type and text: the Huaibin template by cycling templates
        for _ in range(len(screen.templates)):
            await pilot.press("ctrl+t")
            if screen.query_one("#bulk-text").value == "淮滨网点暂停,代派时效不保":
                break
        assert screen.query_one("#bulk-type").value == "agent_delay"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "已登记" in str(screen.query_one("#bulk-result").render()))
        assert "已登记 50 票" in str(screen.query_one("#bulk-result").render())
        assert open_count(store) == 50
        assert store.query("SELECT count(DISTINCT batch_id) FROM tickets")[0][0] == 1
        assert lst.row_count == 0  # ready for the next batch
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: "已撤销" in str(screen.query_one("#bulk-result").render()))
        assert open_count(store) == 0


@sync
async def test_r08_commit_refuses_without_type_and_keeps_the_scans(store, db_path):
    app = HostApp(db_path, BulkEntryScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press(*numbers(1)[0], "enter", "ctrl+s")
        await pilot.pause(0.1)
        assert open_count(store) == 0 and len(screen.times) == 1


@sync
async def test_r05_select_all_then_f12_tracks_each(store, db_path):
    from kefu_tui.screens.tracking import TrackingScreen

    nos = numbers(30)
    seed(store, nos)
    app = HostApp(db_path, BulkEntryScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await burst(pilot, scanner_text(nos))
        await wait_for(pilot, lambda: screen.query_one(WaybillList).row_count == 30)
        screen.query_one(WaybillList).focus()
        await pilot.press("ctrl+a", "f12")
        await wait_for(pilot, lambda: isinstance(app.screen, TrackingScreen))
        tracking = app.screen
        await wait_for(pilot, lambda: len(tracking.tracks) == 30)
        assert [r.waybill for r in tracking.source.items] == nos
        assert all(r.cells[1].startswith("已到件") for r in tracking.source.items)


@sync
async def test_a_refused_scan_says_why(store, db_path):
    """Issue 8: an 11-digit misread and a hostile paste each say why they were ignored
    (markup in the text shown as text, not read as markup)."""
    app = HostApp(db_path, BulkEntryScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await burst(pilot, scanner_text(["51802325999"]))
        screen.query_one(ScanBox).post_message(events.Paste("[bold]518[/x]\n"))
        await wait_for(pilot, lambda: len(app._notifications) == 2)
        said = [n.message for n in app._notifications]
        assert "这是11位" in said[0] and "51802325999" in said[0]
        assert "含非数字字符" in said[1] and "[/x]" in said[1]
