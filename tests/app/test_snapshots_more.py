"""Snapshots of the sizes desk C's tests do not cover: ReportsScreen at 80×24 and 120×40,
HuaibinScreen (R-22, R-23), ReconcileScreen (R-42) and TransfersScreen (R-18, R-21) at
120×40. Same fixed database and host as test_snapshots_desks_c (desk_c_data), frozen
clock 2026-11-24 09:30 Shanghai, no cursor blink. Update with ``--snapshot-update`` only
after LOOKING at the SVGs."""

from __future__ import annotations

from pathlib import Path

from desk_c_data import DeskApp, settle, steady, wait_for
from textual.widgets import Static

from kefu_tui.screens.huaibin import HuaibinScreen
from kefu_tui.screens.reconcile import ReconcileScreen
from kefu_tui.screens.reports import ReportsScreen
from kefu_tui.screens.transfers import TransfersScreen

# the reports desk prints where it saves; the test's tmp folder differs on every run
EXPORTS = Path("/srv/kefu/exports")


def _text(pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def _huaibin(pilot) -> None:
    """R-22 today's list, R-23 the unsigned of 3 and 2 days ago, both loaded."""
    await wait_for(pilot, lambda: _text(pilot, "#huaibin-unsigned-title").strip() != "")
    await steady(pilot)


async def _transfers(pilot) -> None:
    """R-18 all transfers, then ``d``: R-21 the due follow-ups only."""
    await wait_for(pilot, lambda: _text(pilot, "#transfers-title").strip() != "")
    await pilot.press("d")
    await wait_for(pilot, lambda: _text(pilot, "#transfers-title").startswith("待跟进"))
    await steady(pilot)


async def _reconcile(pilot) -> None:
    """R-42: three goods, two slips, one goods scanned twice, finished."""
    await settle(pilot)
    for n in ("518000000001", "518000000002", "518000000004", "518000000001"):
        await pilot.press(*n, "enter")
    await pilot.press("l")
    for n in ("518000000001", "518000000003"):
        await pilot.press(*n, "enter")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: pilot.app.screen.result is not None)
    await steady(pilot)


async def _reports(pilot) -> None:
    """The report list, today's date, the first report's description and format."""
    await settle(pilot)
    screen = pilot.app.screen
    screen._folder = lambda: EXPORTS
    screen._show_status()
    await steady(pilot)


def test_reports_80x24(snap_compare, tmp_path):
    assert snap_compare(DeskApp(tmp_path, ReportsScreen), terminal_size=(80, 24), run_before=_reports)


def test_reports_120x40(snap_compare, tmp_path):
    assert snap_compare(DeskApp(tmp_path, ReportsScreen), terminal_size=(120, 40), run_before=_reports)


def test_r22_r23_huaibin_120x40(snap_compare, tmp_path):
    assert snap_compare(DeskApp(tmp_path, HuaibinScreen), terminal_size=(120, 40), run_before=_huaibin)


def test_r42_reconcile_120x40(snap_compare, tmp_path):
    assert snap_compare(DeskApp(tmp_path, ReconcileScreen), terminal_size=(120, 40), run_before=_reconcile)


def test_r18_r21_transfers_due_120x40(snap_compare, tmp_path):
    assert snap_compare(DeskApp(tmp_path, TransfersScreen), terminal_size=(120, 40), run_before=_transfers)
