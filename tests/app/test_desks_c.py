"""Desk C Pilot flows over a real SQLite file: monitoring (R-24..R-30, R-34), the Huaibin
agent (R-22, R-23), warehouse reconciliation (R-42) and transfers (R-18, R-21, R-13–R-19)."""

from __future__ import annotations

from desk_c_data import D3_LIST, DUE, TODAY_LIST, UNSIGNED, DeskApp, settle, sync, wait_for
from textual.widgets import DataTable, Input, TextArea

from kefu_tui.domain.monitoring import SCREEN_NAMES as RULES
from kefu_tui.domain.monitoring import SCREEN_RULES as BOARD_RULES
from kefu_tui.screens.huaibin import AgentMessage, HuaibinScreen
from kefu_tui.screens.monitor import MonitorScreen
from kefu_tui.screens.reconcile import ReconcileScreen
from kefu_tui.screens.transfers import QuoteForm, TransfersScreen
from kefu_tui.widgets.waybill_list import WaybillList


def waybills(lst: WaybillList) -> list[str]:
    return [lst.row_at(i).waybill for i in range(lst.row_count)]


@sync
async def test_r24_r30_board_shows_every_rule_and_r34_k_records_the_check(tmp_path):
    app = DeskApp(tmp_path, MonitorScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: len(screen.board) == len(BOARD_RULES))
        table = screen.query_one(DataTable)
        assert [str(k.value) for k in table.rows] == list(BOARD_RULES)
        for i, rule in enumerate(BOARD_RULES):
            row = table.get_row_at(i)
            assert row[1] == RULES[rule] and row[3] == str(len(screen.board[rule]["findings"]))
            assert str(row[4]) == "未检查"  # a Text: a DataTable reads str as markup (issue 15)
        # the highlighted rule's findings are the agent's unsigned, in a WaybillList
        await pilot.press("down", "down", "down", "down")
        assert screen.rule == "R-28"
        assert sorted(waybills(screen.query_one(WaybillList))) == sorted(UNSIGNED)
        await pilot.press("k")
        await wait_for(pilot, lambda: str(table.get_row_at(4)[4]) != "未检查")
        rows = app.store.query("SELECT rule, day, checked_by, findings FROM monitor_checks")
        assert [tuple(r) for r in rows] == [("R-28", "2026-11-24", "clerk01", len(UNSIGNED))]
        assert str(table.get_row_at(4)[4]) == "clerk01 09:30"


@sync
async def test_r05_f12_on_a_finding_opens_tracking(tmp_path):
    from kefu_tui.screens.tracking import TrackingScreen

    app = DeskApp(tmp_path, MonitorScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: len(screen.board) == len(BOARD_RULES))
        await pilot.press("down", "down", "down", "down", "enter", "f12")
        await wait_for(pilot, lambda: isinstance(app.screen, TrackingScreen))


@sync
async def test_r22_register_all_makes_tickets_and_r23_message_lists_unsigned(tmp_path):
    app = DeskApp(tmp_path, HuaibinScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        today = screen.query_one("#huaibin-today", WaybillList)
        await wait_for(pilot, lambda: today.row_count == len(TODAY_LIST))
        assert waybills(today) == TODAY_LIST
        assert waybills(screen.query_one("#huaibin-unsigned", WaybillList)) == UNSIGNED
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("y")  # the confirmation
        await wait_for(pilot, lambda: screen.result is not None)
        assert screen.result.created == len(TODAY_LIST) and screen.result.skipped_open == []
        rows = app.store.query("SELECT waybill, type, text FROM tickets WHERE type = 'agent_delay'"
                               " AND text = '淮滨网点暂停,代派时效不保' ORDER BY waybill")
        assert [r[0] for r in rows] == TODAY_LIST
        # again: nothing new, every one skipped (already open)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.result.created == 0)
        assert len(screen.result.skipped_open) == len(TODAY_LIST)
        assert "跳过 5 票" in str(screen.query_one("#huaibin-status").render())
        await pilot.press("y")  # the agent message
        await wait_for(pilot, lambda: isinstance(app.screen, AgentMessage))
        text = app.screen.query_one(TextArea).text
        assert all(n in text for n in UNSIGNED) and D3_LIST[0] not in text
        path = app.screen.path
        assert path.parent.parent == tmp_path and path.read_text(encoding="utf-8").strip() == text


@sync
async def test_r42_scan_goods_and_slips_then_three_lists(tmp_path):
    app = DeskApp(tmp_path, ReconcileScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        goods = ["518000000001", "518000000002", "518000000005"]
        slips = ["518000000001", "518000000003", "518000000005"]
        for n in goods + [goods[1]]:  # a scanner double-beep is not a second parcel
            await pilot.press(*n, "enter")
        await pilot.press("l")
        for n in slips:
            await pilot.press(*n, "enter")
        await pilot.press(*"abc", "enter")
        assert len(screen.seen["goods"]) == 3 and len(screen.seen["slip"]) == 3 and screen.refused == 1
        assert "货 3 票 · 单 3 票 · 重复 1 · 非单号 1" in str(screen.query_one("#reconcile-count").render())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.result is not None)
        assert waybills(screen.query_one("#reconcile-matched", WaybillList)) == ["518000000001", "518000000005"]
        assert waybills(screen.query_one("#reconcile-goods_only", WaybillList)) == ["518000000002"]
        assert waybills(screen.query_one("#reconcile-slips_only", WaybillList)) == ["518000000003"]
        rows = app.store.query("SELECT side, count(*) FROM count_items GROUP BY side ORDER BY side")
        assert [tuple(r) for r in rows] == [("goods", 3), ("slip", 3)]
        assert app.store.query("SELECT finished_at FROM count_sessions")[0][0] == "2026-11-24 09:30:00"
        # 有货无单 has the focus: F12 tracks it
        from kefu_tui.screens.tracking import TrackingScreen

        await pilot.press("f12")
        await wait_for(pilot, lambda: isinstance(app.screen, TrackingScreen))


@sync
async def test_r18_r21_transfers_list_due_filter_and_quote(tmp_path):
    app = DeskApp(tmp_path, TransfersScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        lst = screen.query_one(WaybillList)
        await wait_for(pilot, lambda: lst.row_count == 4)
        first = lst.row_at(0)
        assert first.cells[:2] == ("518300000003", "原单") and first.cells[-1] == "未签"
        await pilot.press("d")
        await wait_for(pilot, lambda: lst.row_count == 2)
        assert waybills(lst) == DUE and lst.row_at(0).cells[6] == "4!"  # 2 attempts: check contact
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, QuoteForm))
        form = app.screen
        form.query_one("#quote-to", Input).value = "河南省信阳市淮滨县王家岗乡"
        form.query_one("#quote-weight", Input).value = "2.3"
        form.query_one("#quote-arrived", Input).value = "15:00"
        form.query_one("#quote-arrived", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        q = form.quote
        assert (q.action, q.fee, q.transfer_on) == ("transfer", "7.00", "2026-11-25")
        shown = str(form.query_one("#quote-result").render())
        assert "转件费: 7.00 元 (按 3 kg 计, R-14)" in shown and "转件日: 2026-11-25" in shown
        assert not any(c.isascii() and c.isalpha() and c not in "kgREMS" for c in shown), shown


def test_quote_names_the_area_in_chinese():
    from kefu_tui.domain.transfers import TransferQuote
    from kefu_tui.screens.transfers import quote_text

    q = TransferQuote(overzone=False, action="deliver", reasons=["R-13"], channels=[], fee=None,
                      transfer_on=None, area="inside", outlet="信阳二部")
    shown = quote_text(q)
    assert "inside" not in shown and "区域: 区内" in shown
