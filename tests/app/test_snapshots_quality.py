"""Snapshots of the quality desk (F11, issue 11) over the register samples, complaints and
handover notes; frozen clock 2026-11-24 12:00 Shanghai. Update with --snapshot-update only
after LOOKING at the SVGs."""

from __future__ import annotations

from desk_c_data import settle
from quality_data import QualityApp

from kefu_tui.screens.quality import QualityScreen


def _tab(key: str):
    async def run(pilot) -> None:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()
    return run


async def _home(pilot) -> None:
    await settle(pilot)


def test_quality_complaint_register_80x24(snap_compare, tmp_path):
    assert snap_compare(QualityApp(tmp_path, QualityScreen), terminal_size=(80, 24), run_before=_tab("1"))


def test_quality_complaint_register_120x40(snap_compare, tmp_path):
    assert snap_compare(QualityApp(tmp_path, QualityScreen), terminal_size=(120, 40), run_before=_tab("1"))


def test_quality_registers_r32_80x24(snap_compare, tmp_path):
    assert snap_compare(QualityApp(tmp_path, QualityScreen), terminal_size=(80, 24), run_before=_tab("4"))


def test_quality_registers_r32_120x40(snap_compare, tmp_path):
    assert snap_compare(QualityApp(tmp_path, QualityScreen), terminal_size=(120, 40), run_before=_tab("4"))


def test_quality_handover_80x24(snap_compare, tmp_path):
    assert snap_compare(QualityApp(tmp_path, QualityScreen), terminal_size=(80, 24), run_before=_tab("6"))


def test_quality_handover_home_greeting_80x24(snap_compare, tmp_path):
    assert snap_compare(QualityApp(tmp_path), terminal_size=(80, 24), run_before=_home)


def test_quality_handover_home_greeting_120x40(snap_compare, tmp_path):
    assert snap_compare(QualityApp(tmp_path), terminal_size=(120, 40), run_before=_home)
