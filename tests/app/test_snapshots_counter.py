"""Snapshots of the counter and exceptions desk (F10): intake (R-35–R-40), brushing
(R-11), unidentified goods (R-12), at 80×24 and 120×40; frozen clock 2026-12-02 10:00.
Update with ``--snapshot-update`` only after LOOKING at the SVGs."""

from __future__ import annotations

from counter_data import BRUSHING, REAL, CounterApp
from desk_c_data import settle, steady, wait_for
from textual import events
from textual.widgets import Checkbox, Input, TabbedContent

from kefu_tui.screens.counter import CounterScreen
from kefu_tui.widgets.scan_box import ScanBox


async def _ready(pilot, pane: str) -> CounterScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, CounterScreen) and bool(app.screen.query(TabbedContent))
                   and app.screen.query_one(TabbedContent).active == pane)
    await settle(pilot)
    return app.screen


async def _intake(pilot) -> None:
    """A COD parcel to Shanghai Pudong, 60 kg (R-36 warning), contents typed as hzs (R-39)."""
    screen = await _ready(pilot, "intake")
    values = dict(weight="60", dims="40x30x20", to="上海市浦东新区张江路1号", receiver="张三",
                  phone="13812345678", payment="代收", cod="500", contents="hzs")
    for fid, value in values.items():
        screen.query_one(f"#in-{fid}", Input).value = value
    screen.query_one("#chk-real_name", Checkbox).value = True
    await settle(pilot)
    await wait_for(pilot, lambda: screen.query_one("IntakePane").resolved is not None
                   and screen.query_one("IntakePane").resolved.key[2] == "hzs")
    screen.query_one("#in-contents", Input).focus()
    await steady(pilot)


async def _brushing(pilot) -> None:
    """Five brushing parcels, one marked 真实件, signed: four 草签, one refused with its reason."""
    screen = await _ready(pilot, "brushing")
    nos = BRUSHING[40:45] + [REAL]
    screen.query_one("#brushing-scan", ScanBox).post_message(events.Paste("\n".join(nos) + "\n"))
    await wait_for(pilot, lambda: screen.query_one("#brushing-list").row_count == 5)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: "草签 4 票" in str(screen.query_one("#pane-brushing .pane-status").render()))
    await steady(pilot)


async def _unidentified(pilot) -> None:
    """One box registered (R-12), the form filled for the next one with its title shown."""
    screen = await _ready(pilot, "unidentified")
    for fid, value in [("arrived", "2026-12-01 06:30"), ("channel", "郑州-信阳夜车"), ("packaging", "黄色纸箱"),
                       ("contents", "儿童鞋两双")]:
        screen.query_one(f"#un-{fid}", Input).value = value
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: screen.query_one("#unid-list").row_count == 1)
    for fid, value in [("arrived", "06:10"), ("channel", "信阳分拨中心早班"), ("packaging", "白色编织袋")]:
        screen.query_one(f"#un-{fid}", Input).value = value
    await steady(pilot)


def test_counter_intake_80x24(snap_compare, tmp_path):
    assert snap_compare(CounterApp(tmp_path), terminal_size=(80, 24), run_before=_intake)


def test_counter_intake_120x40(snap_compare, tmp_path):
    assert snap_compare(CounterApp(tmp_path), terminal_size=(120, 40), run_before=_intake)


def test_counter_brushing_80x24(snap_compare, tmp_path):
    assert snap_compare(CounterApp(tmp_path, "brushing"), terminal_size=(80, 24), run_before=_brushing)


def test_counter_brushing_120x40(snap_compare, tmp_path):
    assert snap_compare(CounterApp(tmp_path, "brushing"), terminal_size=(120, 40), run_before=_brushing)


def test_counter_unidentified_80x24(snap_compare, tmp_path):
    assert snap_compare(CounterApp(tmp_path, "unidentified"), terminal_size=(80, 24), run_before=_unidentified)


def test_counter_unidentified_120x40(snap_compare, tmp_path):
    assert snap_compare(CounterApp(tmp_path, "unidentified"), terminal_size=(120, 40), run_before=_unidentified)
