"""The counter and exceptions desk (F10, issue 10) under Pilot on a real database file:
intake (R-35–R-40), receipts (R-10), brushing (R-11), unidentified goods (R-12), payment
slips (R-41). Scanner bursts arrive as bursts (paste events), not key by key."""

from __future__ import annotations

from counter_data import BRUSHING, REAL, RECEIPT_CODE, RECEIPT_WAYBILL, CounterApp
from desk_c_data import settle, sync, wait_for
from textual import events
from textual.widgets import Checkbox, Input, TabbedContent

from kefu_tui.screens.counter import CounterScreen
from kefu_tui.screens.counter_exceptions import BrushingPane, ReceiptsPane
from kefu_tui.screens.counter_intake import IntakePane
from kefu_tui.widgets.scan_box import ScanBox
from kefu_tui.widgets.waybill_list import WaybillList


def text(widget) -> str:
    return str(widget.render())


async def fill(pilot, pane: IntakePane, **values) -> None:
    for fid, value in values.items():
        pane.query_one(f"#in-{fid}", Input).value = value
    await settle(pilot)
    await wait_for(pilot, lambda: pane.resolved is not None and pane.resolved.key[0] == pane.value("to"))


async def tick_all(pilot, pane: IntakePane) -> None:
    for box in pane.query(Checkbox):
        box.value = True
    await pilot.pause()


async def ready(pilot, app, pane: str = "intake") -> CounterScreen:
    """The desk is on screen with ``pane`` in front and its first loads done."""
    def up() -> bool:
        tabs = app.screen.query(TabbedContent) if isinstance(app.screen, CounterScreen) else []
        return bool(tabs) and tabs.first().active == pane and bool(app.screen.query(f"#pane-{pane}"))

    await wait_for(pilot, up)
    await settle(pilot)
    return app.screen


def rows(app, sql, params=()):
    return [tuple(r) for r in app.store.query(sql, params)]


PARCEL = dict(weight="3", dims="40x30x20", to="上海市浦东新区张江路1号", receiver="张三", phone="13812345678")


@sync
async def test_f10_opens_the_desk_and_cycles_its_panes(tmp_path):
    app = CounterApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("f2")
        await wait_for(pilot, lambda: not isinstance(app.screen, CounterScreen))
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, CounterScreen))
        await settle(pilot)
        await wait_for(pilot, lambda: app.focused is not None and app.focused.screen is app.screen)
        tabs = app.screen.query_one(TabbedContent)
        seen = [tabs.active]
        for _ in range(5):
            await settle(pilot)
            await pilot.press("f10")
            await wait_for(pilot, lambda: tabs.active != seen[-1])
            seen.append(tabs.active)
        assert seen == ["intake", "receipts", "brushing", "unidentified", "slips", "intake"]


@sync
async def test_r35_r37_r38_figures_follow_the_keys_and_the_header_is_shown(tmp_path):
    app = CounterApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        pane = app.screen.query_one(IntakePane)
        await wait_for(pilot, lambda: app.focused is pane.query_one("#in-weight"))
        await pilot.press(*"3")
        await pilot.press("enter", *"40x30x20")
        assert "计费 3.43kg" in text(pane.query_one("#intake-figures"))
        await fill(pilot, pane, to="上海市浦东新区张江路1号", payment="代收", cod="500")
        assert text(pane.query_one("#intake-header")) == "沪 - 浦 东"
        assert "代收手续费 10.00" in text(pane.query_one("#intake-figures"))
        await fill(pilot, pane, to="上海市徐汇区漕溪北路1号", payment="", cod="")
        assert text(pane.query_one("#intake-header")) == "沪 - 徐 汇"
        await fill(pilot, pane, to="河南省信阳市固始县城关镇")
        assert text(pane.query_one("#intake-header")) == "豫 - 固 始"


@sync
async def test_r36_heavy_warns_and_oversize_is_refused_with_nothing_saved(tmp_path):
    app = CounterApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        pane = app.screen.query_one(IntakePane)
        await fill(pilot, pane, **{**PARCEL, "weight": "60"})
        assert "超50kg" in text(pane.query_one("#intake-figures"))
        await fill(pilot, pane, dims="260x10x10")
        assert "最长边超2.5m" in text(pane.query_one("#intake-figures"))
        await tick_all(pilot, pane)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "不可收寄" in text(pane.query_one("#intake-status"))
        assert rows(app, "SELECT COUNT(*) FROM scans") == [(0,)]


@sync
async def test_r39_hzs_finds_toilet_water_refused_and_not_saved(tmp_path):
    app = CounterApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        pane = app.screen.query_one(IntakePane)
        await fill(pilot, pane, **PARCEL, contents="hzs")
        assert text(pane.query_one("#intake-items")).startswith("花露水:拒收")
        pane.query_one("#in-contents", Input).focus()
        await pilot.press("enter")
        await fill(pilot, pane)
        assert pane.value("contents") == "花露水"
        assert "禁寄" in text(pane.query_one("#intake-items"))
        await tick_all(pilot, pane)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "不可收寄: 禁寄" in text(pane.query_one("#intake-status"))
        assert rows(app, "SELECT COUNT(*) FROM waybills WHERE waybill LIKE '518376%'") == [(0,)]


@sync
async def test_r39_three_checks_must_be_ticked_then_r40_save_makes_the_waybill(tmp_path):
    app = CounterApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        pane = app.screen.query_one(IntakePane)
        await fill(pilot, pane, **{**PARCEL, "to": "河南省信阳市淮滨县王家岗乡"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "三个百分百未勾选: 实名收寄、开箱验视、过机安检" in text(pane.query_one("#intake-status"))
        await tick_all(pilot, pane)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "已收件" in text(pane.query_one("#intake-status")))
        await settle(pilot)
        assert rows(app, "SELECT kind FROM scans WHERE waybill = '518376000001' ORDER BY kind") == [("录单",), ("收件",)]
        assert rows(app, "SELECT label_note FROM waybills WHERE waybill = '518376000001'") == [
            ("请勿直接收费转单,联系寄件站处理",)]
        assert pane.value("weight") == "" and not any(b.value for b in pane.query(Checkbox))
        lst = pane.query_one(WaybillList)
        assert lst.row_count == 1 and lst.row_at(0).waybill == "518376000001"
        lst.focus()
        await pilot.press("f12")
        from kefu_tui.screens.tracking import TrackingScreen

        await wait_for(pilot, lambda: isinstance(app.screen, TrackingScreen))


@sync
async def test_nonsense_weights_and_dims_refused_where_typed(tmp_path):
    app = CounterApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        pane = app.screen.query_one(IntakePane)
        for weight, why in [("-1", "重量必须大于0"), ("0", "重量必须大于0"), ("abc", "不是数字"),
                            ("1e9", "不合理")]:
            await fill(pilot, pane, **{**PARCEL, "weight": weight})
            assert why in text(pane.query_one("#intake-status"))
        for dims, why in [("10x0x10", "尺寸必须大于0"), ("10x10", "长x宽x高"), ("1e9x1x1", "不合理")]:
            await fill(pilot, pane, **{**PARCEL, "dims": dims})
            assert why in text(pane.query_one("#intake-status"))
        await tick_all(pilot, pane)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "不能收件" in text(pane.query_one("#intake-status"))
        assert pane.app.focused is pane.query_one("#in-dims")
        assert rows(app, "SELECT COUNT(*) FROM scans") == [(0,)]


@sync
async def test_r10_receipt_burst_dispatched_and_an_empty_envelope_registered(tmp_path):
    app = CounterApp(tmp_path, "receipts")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app, "receipts")
        pane = app.screen.query_one(ReceiptsPane)
        pane.query_one(ScanBox).post_message(events.Paste(f"518000200002\n{RECEIPT_CODE}\n518000200003\n#@!\n"))
        await wait_for(pilot, lambda: pane.query_one(WaybillList).row_count == 3)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "回单发件 3 票" in text(pane.query_one(".pane-status")))
        assert rows(app, "SELECT waybill, note FROM scans WHERE kind = '回单发件' ORDER BY waybill") == [
            (RECEIPT_WAYBILL, RECEIPT_CODE), ("518000200002", None), ("518000200003", None)]
        lst = pane.query_one(WaybillList)
        lst.focus()
        await pilot.press("down", "ctrl+n")  # the envelope of the receipt barcode's waybill was empty
        await settle(pilot)
        assert rows(app, "SELECT waybill, type, status FROM tickets") == [(RECEIPT_WAYBILL, "receipt_empty", "open")]
        assert "空封" in lst.row_at(1).cells[2]
        from kefu_tui.services.tracking import track

        assert track(app.store, [RECEIPT_WAYBILL], app.clock())[0].next_action.startswith("R-10")


@sync
async def test_r11_brushing_batch_of_100_signs_99_and_shows_why_one_was_refused(tmp_path):
    app = CounterApp(tmp_path, "brushing")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app, "brushing")
        pane = app.screen.query_one(BrushingPane)
        pane.query_one(ScanBox).post_message(events.Paste("\r\n".join(BRUSHING) + "\r\n"))
        await wait_for(pilot, lambda: pane.query_one(WaybillList).row_count == 100)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "草签 99 票" in text(pane.query_one(".pane-status")))
        status = text(pane.query_one(".pane-status"))
        assert f"拒签 {REAL}: 备注「真实件」:真实件,立即分拣,不可草签" in status
        assert rows(app, "SELECT COUNT(*), MIN(note) FROM scans WHERE kind = '签收'") == [(99, "草签")]
        assert rows(app, "SELECT COUNT(DISTINCT at) FROM scans") == [(1,)]  # one commit at one instant
        assert pane.pending[REAL].cells[-1].startswith("拒签")


@sync
async def test_r12_unidentified_goods_registered_with_photo_and_title_then_returned(tmp_path):
    photo = tmp_path / "box.jpg"
    photo.write_bytes(b"\xff\xd8photo")
    app = CounterApp(tmp_path, "unidentified")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app, "unidentified")
        screen = app.screen
        for fid, value in [("arrived", "2026-12-01 06:30"), ("channel", "郑州-信阳夜车"), ("packaging", "黄色纸箱"),
                           ("contents", "儿童鞋两双"), ("photos", str(photo))]:
            screen.query_one(f"#un-{fid}", Input).value = value
        await pilot.pause()
        assert text(screen.query_one("#unid-title")) == "河南信阳分拨中心26年12月1日不明货物"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.query_one("#unid-list").row_count == 1)
        assert rows(app, "SELECT title, channel, packaging, contents FROM unidentified_goods") == [
            ("河南信阳分拨中心26年12月1日不明货物", "郑州-信阳夜车", "黄色纸箱", "儿童鞋两双")]
        (path,), = rows(app, "SELECT path FROM unidentified_photos")
        assert path.startswith(str(tmp_path / "photos")) and open(path, "rb").read() == b"\xff\xd8photo"
        screen.query_one("#unid-list").focus()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert rows(app, "SELECT returned_by FROM unidentified_goods") == [("clerk01",)]
        assert screen.query_one("#unid-list").row_at(0).cells[-1].startswith("已退回")


@sync
async def test_r41_slips_per_courier_with_daily_total_and_a_file_to_print(tmp_path):
    app = CounterApp(tmp_path, "slips")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app, "slips")
        await wait_for(pilot, lambda: app.screen.query_one("#slips-list").row_count == 3)
        summary = text(app.screen.query_one("#slips-summary"))
        assert "李强" in summary and "312.50" in summary and "当日交款合计 332.50" in summary
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "交款单已生成" in text(app.screen.query_one("#pane-slips .pane-status")), \
            text(app.screen.query_one("#pane-slips .pane-status"))
        printed = (tmp_path / "交款单" / "交款单-2026-12-02.txt").read_text(encoding="utf-8")
        assert "派件员 王伟" in printed and "交款合计        20.00" in printed


@sync
async def test_palette_and_home_menu_list_the_desk_on_f10(tmp_path):
    from kefu_tui.commands import ENTRIES
    from kefu_tui.screens.home import DESKS

    assert ("F10", "营业/异常", "counter") in DESKS
    assert any(action == "counter" and bid == "counter" for _, action, bid in ENTRIES)
    app = CounterApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        assert app.key_of("counter") == "F10"


@sync
async def test_issue17_no_header_from_a_province_says_what_is_missing_and_a_typed_one_is_confirmed(tmp_path):
    """issue 17 item 3, SPEC §14.2: 河南省 alone gives no header (never 豫-河南省); the form
    says what is missing beside the address, and a header typed by hand is saved only
    after a second ctrl+s confirms it."""
    app = CounterApp(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        pane = app.screen.query_one(IntakePane)
        assert not pane.query_one("#in-header").display
        await fill(pilot, pane, **{**PARCEL, "to": "河南省解放路88号"})
        assert "缺市或区县" in text(pane.query_one("#intake-header"))
        assert pane.query_one("#in-header").display
        await tick_all(pilot, pane)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "手写大头笔" in text(pane.query_one("#intake-status"))
        assert app.focused is pane.query_one("#in-header")
        await pilot.press(*"豫-固始")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "再按 ctrl+s 确认" in text(pane.query_one("#intake-status"))
        assert rows(app, "SELECT COUNT(*) FROM waybills WHERE waybill LIKE '518376%'") == [(0,)]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "已收件" in text(pane.query_one("#intake-status")))
        assert rows(app, "SELECT header FROM intakes WHERE waybill = '518376000001'") == [("豫-固始",)]
        await fill(pilot, pane, to="河南固始解放路88号")
        assert text(pane.query_one("#intake-header")) == "豫 - 固 始"
        assert not pane.query_one("#in-header").display
