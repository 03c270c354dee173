"""Keys a newcomer tries: every desk key opens its desk, Escape goes back one screen, F1 / ?
show the keys of the screen and the desks (read from the bindings), a desk's key returns to
that desk, the palette speaks Chinese, the demo's clock ticks."""

from __future__ import annotations

import asyncio
import time

import arrow

from kefu_tui.app import DESK_SCREENS, KefuApp, desk_screen
from kefu_tui.screens.help import HelpScreen
from kefu_tui.screens.home import HomeScreen
from tests.app.snapshot_app import make_app
from tests.app.test_shell import SIZE, settle, sync


def desk_keys(app: KefuApp) -> dict[str, str]:
    """desk name → its key, from the shell's bindings (a desk added later is included)."""
    return {b.action: b.key.split(",")[0] for b in KefuApp.BINDINGS
            if b.action in DESK_SCREENS and b.action != "track"}


@sync
async def test_every_desk_key_opens_its_desk_and_escape_goes_home(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = desk_keys(app)
        assert set(keys) == set(DESK_SCREENS) - {"track"}
        for name, key in keys.items():
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, desk_screen(name)), name
            await pilot.press("escape")
            await settle(pilot)
            if not isinstance(app.screen, HomeScreen):  # a form field had the focus first
                await pilot.press("escape")
                await settle(pilot)
            assert isinstance(app.screen, HomeScreen), f"{name}: Escape did not go back home"


@sync
async def test_f1_and_question_mark_list_the_screens_keys_and_every_desk(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        queue = app.screen
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            help_screen = app.screen
            assert help_screen.title_text == "问题件"
            own = dict((d, k) for k, d in help_screen.screen_keys)
            for b in type(queue).BINDINGS:  # the queue's own keys, from its bindings
                if b.id and b.description:
                    assert b.description in own, b.description
            assert own["跟进"] == "n" and own["全选"] == "^a"  # the list's keys too
            desks = dict((d, k) for k, d in help_screen.desk_keys)
            for b in KefuApp.BINDINGS:
                if b.id:
                    assert b.description in desks, b.description
            assert desks["问题件"] == "F3" and desks["监控"] == "F8" and desks["帮助"] == "F1 / ?"
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is queue


@sync
async def test_help_follows_a_remapped_key(tmp_path):
    app = make_app(tmp_path, keymap={"home": "f11"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        desks = dict((d, k) for k, d in app.screen.desk_keys)
        assert desks["首页"] == "F11"


@sync
async def test_escape_on_the_queue_goes_home_and_tracking_closes_in_one_press(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        queue = app.screen
        await pilot.press("f12")  # the cursor's parcel, tracked
        await settle(pilot)
        assert isinstance(app.screen, desk_screen("track"))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is queue
        await pilot.press("space", "escape")  # first Escape unselects, the next goes back
        await settle(pilot)
        assert app.screen is queue
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


@sync
async def test_the_boards_key_after_f12_brings_back_the_board(tmp_path):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        board = app.screen
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, desk_screen("track"))
        await pilot.press("f8")
        await settle(pilot)
        assert app.screen is board


@sync
async def test_command_palette_speaks_chinese(tmp_path):
    from textual.command import CommandInput, CommandList

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert app.screen.query_one(CommandInput).placeholder.startswith("搜索命令")
        await pilot.press(*"zzzz")
        await pilot.pause(1.0)
        shown = " ".join(str(o.prompt) for o in app.screen.query_one(CommandList).options)
        assert "没有匹配的命令" in shown and "No matches" not in shown


@sync
async def test_the_demo_clock_starts_at_its_hour_and_ticks(tmp_path):
    make_app(tmp_path)
    start = arrow.get("2026-12-03T09:30:00+08:00")
    app = KefuApp(tmp_path / "kefu.db", user="demo", config_dir=tmp_path / "config", clock_start=start)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.clock()
        assert not app.clock_frozen and 0 <= (first - start).total_seconds() < 30
        await asyncio.sleep(1.1)
        assert app.clock() > first
        time.sleep(0)  # the header repaints once a second from app.clock()
