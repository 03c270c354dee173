"""Quality desk Pilot flows over a real SQLite file (issue 11): the registers R-31..R-33
with their actions, a complaint through every step to its summary with a callback (§11),
a handover note by one clerk greeting the next, the F11 key and the palette."""

from __future__ import annotations

from desk_c_data import settle, sync, wait_for
from quality_data import QualityApp
from textual.widgets import Input, Static

from kefu_tui.screens.quality import QualityScreen
from kefu_tui.widgets.waybill_list import WaybillList


def cells(lst: WaybillList) -> list[tuple]:
    return [lst.row_at(i).cells for i in range(lst.row_count)]


async def answer(pilot, text: str) -> None:
    """Type into the TextPrompt on top and press Enter."""
    await wait_for(pilot, lambda: pilot.app.screen.query(Input))
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


@sync
async def test_quality_f11_opens_the_desk_and_f12_tracks_a_register_row(tmp_path):
    app = QualityApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f11")
        await settle(pilot)
        assert isinstance(app.screen, QualityScreen)
        await pilot.press("4")  # 仲裁 R-32
        lst = app.screen.query_one(WaybillList)
        assert [c[0] for c in cells(lst)] == ["ZC2026112301", "ZC2026112202", "ZC2026112003"]
        assert cells(lst)[0][4] == "11-24 15:20"  # appeal by = accepted + 24 h
        await pilot.press("f12")
        await settle(pilot)
        assert type(app.screen).__name__ == "TrackingScreen"


@sync
async def test_registers_settle_appeal_tell_supervisor_and_handle_an_order(tmp_path):
    app = QualityApp(tmp_path, QualityScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("4", "p")
        await answer(pilot, "有签收底单")
        await settle(pilot)
        await pilot.press("down", "s")
        await answer(pilot, "")
        await settle(pilot)
        rows = app.store.query("SELECT case_no, decision, decision_reason, decided_by FROM arbitrations"
                               " WHERE decision IS NOT NULL ORDER BY case_no")
        assert [tuple(r) for r in rows] == [("ZC2026112202", "settle", "", "刘敏"),
                                            ("ZC2026112301", "appeal", "有签收底单", "刘敏")]
        assert cells(screen.query_one(WaybillList))[0][6] == "申诉"
        await pilot.press("5", "s")
        await answer(pilot, "李主管")
        await settle(pilot)
        told = app.store.query("SELECT supervisor, told_by, told_at FROM fines WHERE told_at IS NOT NULL")
        assert [tuple(r) for r in told] == [("李主管", "刘敏", "2026-11-24 12:00:00")]
        assert "已告知主管 李主管" in str(screen.query_one("#quality-detail", Static).render())
        await pilot.press("3", "s")
        await settle(pilot)
        assert app.store.query("SELECT handled_by FROM network_orders WHERE handled_at IS NOT NULL")[0][0] == "刘敏"


@sync
async def test_complaint_goes_through_every_step_to_its_summary_with_a_callback(tmp_path):
    app = QualityApp(tmp_path, QualityScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("a")
        for text in ("赵女士", "18737654321", "派件员态度差", "518200031775"):
            await answer(pilot, text)
        await settle(pilot)
        cid = app.store.query("SELECT max(id) FROM complaints")[0][0]
        assert cells(screen.query_one(WaybillList))[0][2] == "赵女士"
        for text, yes in (("属实", True), ("派件员 李强", None), ("上门道歉", None), ("已道歉", None),
                          ("客户不满意", False), ("再送礼品", None), ("已送", None), ("满意了", True),
                          ("加强培训", None)):
            await pilot.press("n")
            await answer(pilot, text)
            if yes is not None:
                await pilot.press("y" if yes else "n")
            await settle(pilot)
        steps = app.store.query("SELECT step, answer, by FROM complaint_steps WHERE complaint_id = ?"
                                " ORDER BY id", (cid,))
        assert [(s[0], s[1]) for s in steps] == [
            ("received", None), ("judged", "justified"), ("responsible", None), ("proposal", None),
            ("done", None), ("callback", "unsatisfied"), ("proposal", None), ("done", None),
            ("callback", "satisfied"), ("summary", None)]
        assert {s[2] for s in steps} == {"刘敏"}
        assert cells(screen.query_one(WaybillList))[0][4] == "总结"


@sync
async def test_callbacks_tab_lists_done_without_callback_oldest_first(tmp_path):
    app = QualityApp(tmp_path, QualityScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        rows = cells(app.screen.query_one(WaybillList))
        assert [r[3] for r in rows] == ["王女士"]
        assert rows[0][2] == "11-25 11:00"


@sync
async def test_handover_note_by_one_clerk_greets_the_next_who_marks_it_done(tmp_path):
    first = QualityApp(tmp_path, notes=False, user="吴霞")
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f11")
        await settle(pilot)
        await pilot.press("6", "a")
        await answer(pilot, "518346120987 客户改约今晚8点送")
        await pilot.press("y")
        await settle(pilot)
    nxt = QualityApp(tmp_path, user="陈静")
    async with nxt.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        figures = str(nxt.screen.query_one("#home-figures", Static).render())
        assert figures.index("交接记录 1 条未办") < figures.index("今日工作")
        assert "吴霞: 518346120987 客户改约今晚8点送" in figures
        await pilot.press("f11")
        await settle(pilot)
        await pilot.press("6")
        lst = nxt.screen.query_one(WaybillList)
        assert cells(lst)[0][3] == "紧急" and cells(lst)[0][5] == "518346120987"
        await pilot.press("d")
        await settle(pilot)
        assert lst.row_count == 0
        row = nxt.store.query("SELECT by, done_by FROM handover_notes")[0]
        assert tuple(row) == ("吴霞", "陈静")


@sync
async def test_home_shows_the_appeal_due_within_4_hours_in_the_warning_colour(tmp_path):
    app = QualityApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = app.screen.query_one("#home-figures", Static).render()
        assert "ZC2026112301 申诉截止 11-24 15:20" in str(text)
        spans = [s for s in text.spans if "yellow" in str(s.style)]
        assert spans and "ZC2026112301" in str(text)[spans[0].start:spans[0].end]
        # urgent note first
        assert str(text).index("紧急") < str(text).index("普通")


@sync
async def test_registers_i_imports_a_legacy_export_and_n_calls_back(tmp_path):
    f = tmp_path / "罚款查询.csv"
    f.write_text("罚款单号,罚款时间,金额,罚款类型\nFK9,2026-11-24 08:00,30,录单超时\n", encoding="gbk")
    app = QualityApp(tmp_path, QualityScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5", "i")
        await answer(pilot, str(f))
        await settle(pilot)
        assert "FK9" in [c[0] for c in cells(app.screen.query_one(WaybillList))]
        await pilot.press("1", "down", "n")  # 王女士: done → next is the callback
        await answer(pilot, "已回访")
        await pilot.press("y")
        await settle(pilot)
        assert app.store.query("SELECT outcome FROM complaints WHERE caller = '王女士'")[0][0] == "satisfied"


@sync
async def test_registers_on_the_f8_board_r32_shows_the_complaint_due_for_appeal_and_k_checks_it(tmp_path):
    from textual.widgets import DataTable

    from kefu_tui.domain.monitoring import BOARD_RULES
    from kefu_tui.screens.monitor import MonitorScreen

    app = QualityApp(tmp_path, MonitorScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MonitorScreen)
        await wait_for(pilot, lambda: "R-32" in screen.board, timeout=30)
        table = screen.query_one(DataTable)
        table.move_cursor(row=BOARD_RULES.index("R-32"))
        await settle(pilot)
        assert screen.rule == "R-32"
        rows = cells(screen.query_one(WaybillList))
        assert rows[-1][0] == "518346120987" and "申诉截止 11-24 15:20" in rows[-1][1]
        await pilot.press("k")
        await wait_for(pilot, lambda: str(table.get_row_at(BOARD_RULES.index("R-32"))[4]) != "未检查")
        got = app.store.query("SELECT rule, checked_by, findings FROM monitor_checks")
        assert [tuple(r) for r in got] == [("R-32", "刘敏", 2)]
