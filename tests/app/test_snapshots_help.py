"""Snapshots of F1 help (按键帮助) over the problem queue, at 80×24 and 120×40: the
queue's keys on the left, the desks and global keys on the right. Update with
``--snapshot-update`` after LOOKING."""

from __future__ import annotations

import pytest

from kefu_tui.screens.help import HelpScreen
from tests.app.snapshot_app import make_app
from tests.app.test_shell import settle


async def _help_over_queue(pilot) -> None:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("f1")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HelpScreen), "no help screen: no snapshot taken"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_over_the_queue(snap_compare, tmp_path, size):
    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=_help_over_queue)
