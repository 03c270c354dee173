"""A junk setting never stops the workstation (issue 15 item 8): `KEFU_POST=garbage`, a
junk `KEFU_KEYMAP` or a broken settings.json ended it with 内部错误 ValidationError. It
starts with that value's default and says which one in a warning."""

from __future__ import annotations

import asyncio
import functools

import pytest
from kefu_tui.screens.home import HomeScreen
from kefu_tui.screens.post import PostChooser
from kefu_tui.settings import load_settings
from tests.app.snapshot_app import make_app


def sync(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


@pytest.mark.parametrize("env, named", [
    ({"KEFU_KEYMAP": "junk"}, "KEFU_KEYMAP"),
    ({"KEFU_KEYMAP": '{"home": 5}'}, "KEFU_KEYMAP"),
    ({"KEFU_KEYMAP": '["f6"]'}, "KEFU_KEYMAP"),
    ({"KEFU_KEYMAP": '{"home": "ctrl+!!"}'}, None),  # a key Textual has no name for: harmless
], ids=["keymap-not-json", "keymap-number", "keymap-list", "keymap-odd-key"])
def test_a_junk_variable_starts_with_defaults_and_a_warning_issue_15_item_8(tmp_path, monkeypatch, env, named):
    for k, v in env.items():
        monkeypatch.setenv(k, v)

    @sync
    async def run():
        app = make_app(tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            notes = [str(n.message) for n in app._notifications]
            if named:
                assert any(named in n and "默认" in n for n in notes), notes
            await pilot.press("f3")
            await pilot.pause()
            assert not isinstance(app.screen, HomeScreen)

    run()


def test_a_broken_settings_file_gives_defaults_and_says_so_issue_15_item_8(tmp_path, monkeypatch):
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    for text, field in (('{"post": 42, "keymap": {"home": "f6"}}', "post"), ("[1, 2]", None), ("{oops", None)):
        (cfg / "settings.json").write_text(text, encoding="utf-8")
        s = load_settings(cfg, environ={"KEFU_POST": "质控"})
        assert len(s.warnings) == 1 and "settings.json" in s.warnings[0]
        if field:  # the good fields of the file are kept, the bad one is the variable's/default
            assert s.keymap == {"home": "f6"} and s.post == "质控"
    (cfg / "settings.json").write_text('{"post": "出港"}', encoding="utf-8")
    s = load_settings(cfg, environ={"KEFU_POST": "质控"})
    assert s.post == "出港" and s.warnings == []  # the file wins over the variable


@sync
async def test_the_post_chooser_still_comes_after_a_junk_post_issue_15_item_8(tmp_path, monkeypatch):
    monkeypatch.setenv("KEFU_POST", "garbage")
    app = make_app(tmp_path, post=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PostChooser)
        notes = [str(n.message) for n in app._notifications]
        assert any("KEFU_POST" in n for n in notes), notes
        await pilot.press("3")
        await pilot.pause()
        assert app.post == "质控"


@sync
async def test_a_post_that_cannot_be_saved_is_kept_for_the_day_with_a_warning_issue_15_item_8(tmp_path):
    """Second look at issue 15 item 8: a settings folder kefu cannot write (a full disk, a
    read-only home, ``KEFU_CONFIG_DIR`` naming a file) ended the workstation with 内部错误
    FileExistsError the moment the clerk chose a post."""
    app = make_app(tmp_path, post=None)
    (app.config_dir / "settings.json.tmp").mkdir()  # no file can be written there
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PostChooser)
        await pilot.press("3")
        await pilot.pause()
        assert app.post == "质控" and app.is_running
        notes = [str(n.message) for n in app._notifications]
        assert any("无法保存" in n for n in notes), notes
