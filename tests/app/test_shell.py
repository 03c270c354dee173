"""The workstation shell under Pilot: post chooser, desk keys, keymap, small terminal,
command palette, F12 from any waybill list (R-05), the home figures (R-06, R-09)."""

from __future__ import annotations

import asyncio
import functools
import json

import pytest
from textual.screen import Screen
from textual.widgets import Footer

from kefu_tui.app import KefuApp, TooSmall, desk_screen
from kefu_tui.screens.home import HomeScreen
from kefu_tui.screens.post import PostChooser
from kefu_tui.settings import load_settings
from kefu_tui.widgets.branch_header import BranchHeader
from tests.app.snapshot_app import NOW, make_app

SIZE = (120, 40)


def sync(fn):
    """Run an async Pilot test without an async pytest plugin."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@sync
async def test_post_chosen_at_first_start_is_remembered(tmp_path):
    app = make_app(tmp_path, post=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PostChooser)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.post == "质控"
    assert load_settings(tmp_path / "config").post == "质控"
    again = KefuApp(tmp_path / "kefu.db", now_text=NOW, user="clerk01", config_dir=tmp_path / "config")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, HomeScreen)
        assert again.post == "质控"


@sync
async def test_post_chooser_by_arrows_and_enter(tmp_path):
    app = make_app(tmp_path, post=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.post == "出港"
    saved = json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8"))
    assert saved["post"] == "出港"


@sync
async def test_header_shows_clerk_post_frozen_clock_and_database(tmp_path):
    app = make_app(tmp_path, post="进港")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one(BranchHeader).render())
        for part in ("客服工作台", "clerk01", "进港", "2026-11-24 09:30:00", "kefu.db"):
            assert part in text
        assert app.clock_frozen and app.clock().isoformat() == "2026-11-24T09:30:00+08:00"


@sync
async def test_home_counts_open_overdue_and_returnable_tickets_R06_R09(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ov = app.screen.overview
        assert ov is not None
        # the sample: 12 open tickets, 4 of them updated an hour ago (i % 3 == 0)
        assert ov.open_total == 12
        assert ov.overdue == 6  # created before today and not updated today
        assert ov.returnable == 3  # created 3 days back (i % 4 == 3), >= 72 h


@pytest.mark.parametrize("key,name", [("f3", "queue"), ("f4", "bulk"), ("f12", "track")])
@sync
async def test_desk_keys_open_the_desk(tmp_path, key, name):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, desk_screen(name))
        await pilot.press("f2")
        await settle(pilot)
        if name != "track":  # tracking is pushed over the current desk; F2 switches mode
            assert isinstance(app.screen, HomeScreen)
        assert app.current_mode == "home"


@sync
async def test_keymap_from_the_config_file_remaps_home(tmp_path):
    app = make_app(tmp_path, keymap={"home": "f6"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.add_mode("scratch", Screen)
        await app.switch_mode("scratch")
        await pilot.press("f2")
        await settle(pilot)
        assert app.current_mode == "scratch"  # f2 no longer goes home
        await pilot.press("f6")
        await settle(pilot)
        assert app.current_mode == "home"
        assert app.key_of("home") == "F6"


@sync
async def test_too_small_terminal_shows_a_notice_and_restores(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(70, 20)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TooSmall)
        assert "太小" in str(app.screen.render())
        await pilot.press("f3")  # desk keys do nothing under the notice
        assert isinstance(app.screen, TooSmall)
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.2)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


@sync
async def test_command_palette_lists_every_desk_with_its_key(tmp_path):
    from textual.command import CommandList

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        await pilot.press(*"问题")
        await pilot.pause(0.5)
        prompts = [str(o.prompt) for o in app.screen.query_one(CommandList).options]
        assert any("问题件" in p and "F3" in p for p in prompts), prompts
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        prompts = " ".join(str(o.prompt) for o in app.screen.query_one(CommandList).options)
        for desk in ("首页", "批量登记", "批量跟踪", "单货统一", "淮滨代派", "超区转件", "监控", "报表"):
            assert desk in prompts


class RecordingApp(KefuApp):
    """Records what F12 asked to track."""

    tracked: list | None = None

    def open_tracking(self, numbers):
        self.tracked = numbers
        super().open_tracking(numbers)


@sync
async def test_f12_in_any_waybill_list_tracks_its_selection_R05(tmp_path):
    from kefu_tui.widgets.waybill_list import Column, ListRow, MemorySource, WaybillList

    make_app(tmp_path)  # builds the database and settings
    app = RecordingApp(tmp_path / "kefu.db", now_text=NOW, user="clerk01", config_dir=tmp_path / "config")

    class ListScreen(Screen):
        def compose(self):
            rows = [ListRow(i, f"51800000000{i}", (f"51800000000{i}",)) for i in range(5)]
            yield WaybillList(MemorySource([Column("单号", 14, "waybill")], rows))
            yield Footer()

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.add_mode("list", ListScreen)
        await app.switch_mode("list")
        await settle(pilot)
        app.screen.query_one(WaybillList).focus()
        await pilot.press("space", "down", "space", "f12")
        await settle(pilot)
        assert app.tracked == ["518000000000", "518000000001"]
        assert isinstance(app.screen, desk_screen("track"))


@sync
async def test_f12_without_a_list_opens_empty_tracking(tmp_path):
    make_app(tmp_path)
    app = RecordingApp(tmp_path / "kefu.db", now_text=NOW, user="clerk01", config_dir=tmp_path / "config")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        assert app.tracked is None
        assert isinstance(app.screen, desk_screen("track"))
