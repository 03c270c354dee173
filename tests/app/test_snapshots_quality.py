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


def _charts(key: str):
    async def run(pilot) -> None:
        from desk_c_data import wait_for

        await settle(pilot)
        await wait_for(pilot, lambda: pilot.app.screen.figures is not None)
        await pilot.press(key)
        await pilot.pause()
    return run


def _charts_app(tmp_path):
    from kefu_tui.screens.charts import ChartsScreen

    app = QualityApp(tmp_path, lambda: ChartsScreen("2026-11"))
    from kefu_tui.store import open_store

    with open_store(tmp_path / "kefu.db") as s, s.write():  # a week of checks, some missed
        s.conn.executemany(
            "INSERT INTO monitor_checks (rule, day, checked_at, checked_by) VALUES (?, ?, ?, 'x')",
            [(f"R-{n}", f"2026-11-{d:02d}", f"2026-11-{d:02d} 09:00:00")
             for d in range(17, 25) for n in range(24, 34) if (n + d) % 4])
    return app


def test_quality_month_charts_checks_80x24(snap_compare, tmp_path):
    assert snap_compare(_charts_app(tmp_path), terminal_size=(80, 24), run_before=_charts("3"))


def test_quality_month_charts_complaints_80x24(snap_compare, tmp_path):
    assert snap_compare(_charts_app(tmp_path), terminal_size=(80, 24), run_before=_charts("4"))


def test_quality_month_charts_checks_120x40(snap_compare, tmp_path):
    assert snap_compare(_charts_app(tmp_path), terminal_size=(120, 40), run_before=_charts("3"))
