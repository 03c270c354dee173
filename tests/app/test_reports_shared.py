"""F9 exports land in the clerks' shared folder, readable by the next clerk (issue 16 item
4), written all or nothing (issue 15 item 5): the real reports desk under Pilot."""

from __future__ import annotations

import os
import stat

from desk_c_data import DeskApp, settle, sync, wait_for
from textual.widgets import Static

from kefu_tui.screens.reports import ReportsScreen


def _status(pilot) -> str:
    return str(pilot.app.screen.query_one("#reports-status", Static).render())


@sync
async def test_f9_exports_are_0660_in_a_2770_folder_of_the_group_issue_16_item_4(tmp_path):
    """Issue 16 item 4: an F9 export was -rw------- of its clerk; now the exports folder
    beside the database is 2770 with the database folder's group and every file 0660, even
    under umask 077 (a folder left 0700 by an older kefu is put right); two exports of the same report never overwrite each other."""
    branch = tmp_path / "branch"
    branch.mkdir()
    gid = 100 if os.geteuid() == 0 else os.getgid()
    os.chown(branch, -1, gid)
    (branch / "exports").mkdir(mode=0o700)  # made by an older kefu under umask 077
    old = os.umask(0o077)
    try:
        app = DeskApp(branch, ReportsScreen)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            for _ in range(2):
                await pilot.press("enter")
                await wait_for(pilot, lambda: "已导出" in _status(pilot) or "失败" in _status(pilot))
                assert "已导出" in _status(pilot), _status(pilot)
                pilot.app.screen._show_status()
    finally:
        os.umask(old)
    folder = branch / "exports"
    st = folder.stat()
    assert stat.S_IMODE(st.st_mode) == 0o2770 and st.st_gid == gid
    files = sorted(folder.iterdir())
    assert [p.name for p in files] == ["daily-2026-11-24-2.xlsx", "daily-2026-11-24.xlsx"]
    for p in files:
        assert stat.S_IMODE(p.stat().st_mode) == 0o660 and p.stat().st_gid == gid
