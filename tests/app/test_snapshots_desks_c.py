"""Snapshots of desk C's screens over a fixed database (tiny sample + Huaibin lists +
transfers), frozen clock 2026-11-24 09:30 Shanghai, user clerk01, no cursor blink.
Update with ``--snapshot-update`` only after LOOKING at the SVGs."""

from __future__ import annotations

from desk_c_data import DeskApp, settle, steady

from kefu_tui.screens.huaibin import HuaibinScreen
from kefu_tui.screens.monitor import MonitorScreen
from kefu_tui.screens.reconcile import ReconcileScreen
from kefu_tui.screens.transfers import TransfersScreen


async def _monitor(pilot) -> None:
    """R-28 highlighted and checked (R-34)."""
    await settle(pilot)
    await pilot.press("down", "down", "down", "down", "k")
    await steady(pilot)


async def _reconcile(pilot) -> None:
    """R-42: two goods, two slips, finished."""
    await settle(pilot)
    for n in ("518000000001", "518000000002"):
        await pilot.press(*n, "enter")
    await pilot.press("l")
    for n in ("518000000001", "518000000003"):
        await pilot.press(*n, "enter")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await steady(pilot)


def test_r24_r30_monitor_80x24(snap_compare, tmp_path):
    assert snap_compare(DeskApp(tmp_path, MonitorScreen), terminal_size=(80, 24), run_before=_monitor)


def test_r24_r30_monitor_120x40(snap_compare, tmp_path):
    assert snap_compare(DeskApp(tmp_path, MonitorScreen), terminal_size=(120, 40), run_before=_monitor)


def test_r22_r23_huaibin_80x24(snap_compare, tmp_path):
    assert snap_compare(DeskApp(tmp_path, HuaibinScreen), terminal_size=(80, 24), run_before=steady)


def test_r42_reconcile_80x24(snap_compare, tmp_path):
    assert snap_compare(DeskApp(tmp_path, ReconcileScreen), terminal_size=(80, 24), run_before=_reconcile)


def test_r18_r21_transfers_80x24(snap_compare, tmp_path):
    assert snap_compare(DeskApp(tmp_path, TransfersScreen), terminal_size=(80, 24), run_before=steady)
