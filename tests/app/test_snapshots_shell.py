"""Snapshots of the shell screens (home at 80×24 and 120×40, the post chooser) over the
tiny fixed database with a frozen clock. Update with ``--snapshot-update`` after LOOKING."""

from __future__ import annotations

from kefu_tui.screens.post import PostChooser
from tests.app.snapshot_app import make_app


async def _loaded(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _post_chooser(pilot) -> None:
    await _loaded(pilot)
    await pilot.app.push_screen(PostChooser())
    await pilot.pause()


def test_home_80x24(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=_loaded)


def test_home_120x40(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=(120, 40), run_before=_loaded)


def test_post_chooser(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=(100, 30), run_before=_post_chooser)


def test_too_small_notice(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=(60, 20), run_before=_loaded)
