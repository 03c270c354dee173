"""The month's charts on the reports desk (issue 11): opened from F9 with g, each chart
drawn at 80×24, the same figures as the `month` export (R-34 penalty 10.00 per missed item)."""

from __future__ import annotations

from desk_c_data import settle, sync, wait_for
from quality_data import NOW, QualityApp
from textual.widgets import Static
from textual_plotext import PlotextPlot

from kefu_tui.domain import clock
from kefu_tui.screens.charts import ChartsScreen
from kefu_tui.services.statistics import figures_table, month_figures
from kefu_tui.store import open_store


def _seed_checks(db):
    with open_store(db) as s, s.write():
        s.conn.executemany("INSERT INTO monitor_checks (rule, day, checked_at, checked_by)"
                           " VALUES (?, ?, ?, 'x')",
                           [(f"R-{n}", "2026-11-22", "2026-11-22 09:00:00") for n in range(24, 31)]
                           + [("R-24", "2026-11-23", "2026-11-23 09:00:00")])


@sync
async def test_quality_month_charts_open_at_80x24_from_the_reports_desk(tmp_path):
    app = QualityApp(tmp_path)
    _seed_checks(tmp_path / "kefu.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        app.screen.query_one("#reports-date").value = "2026-11"
        await pilot.press("g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChartsScreen)
        await wait_for(pilot, lambda: screen.figures is not None)
        assert screen.query_one(PlotextPlot).size.height >= 15
        await pilot.press("3")
        totals = str(screen.query_one("#charts-totals", Static).render())
        # 11-22: 7 of 10 checked, 11-23: 1 of 10 → 12 missed, 120.00
        assert "漏查 12 项" in totals and "120.00" in totals
        await pilot.press("right")
        assert screen.chart == "complaints"
        assert "待回访 1" in str(screen.query_one("#charts-totals", Static).render())


def test_month_export_has_the_same_figures_as_the_charts(tmp_path):
    QualityApp(tmp_path)
    _seed_checks(tmp_path / "kefu.db")
    with open_store(tmp_path / "kefu.db") as s:
        f = month_figures(s, clock.parse_iso(NOW), "2026-11")
        head, rows = figures_table(f)
    assert len(f.days) == 30 and head[0] == "日期"
    total = next(r for r in rows if r and r[0] == "合计")
    assert total[-1] == "120.00" and total[-2] == 12 == sum(m or 0 for m in f.missed)
    assert ["投诉", "处理中", 1] in rows and ["投诉", "待回访", 1] in rows


@sync
async def test_a_stored_channel_name_is_drawn_as_text_in_the_charts(tmp_path):
    """Issue 15 item 3: an old database's transfer carrier holding markup (`[/]`, `[b]`)
    is shown as it is in the chart's legend and totals, not read as markup (it ended the
    workstation with MarkupError)."""
    app = QualityApp(tmp_path)
    with open_store(tmp_path / "kefu.db") as s, s.write():
        s.conn.execute("INSERT INTO transfers (waybill, mode, carrier, created_at, created_by)"
                       " VALUES ('518000009901', 'original', '[/]坏[b]', '2026-11-22 10:00:00', 'x')")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        app.screen.query_one("#reports-date").value = "2026-11"
        await pilot.press("g")
        await settle(pilot)
        screen = app.screen
        await wait_for(pilot, lambda: screen.figures is not None)
        await pilot.press("2")
        await settle(pilot)
        assert screen.chart == "transfers" and app.is_running
        assert "[/]坏[b] 1" in str(screen.query_one("#charts-totals", Static).render())
        assert "[/]坏[b]" in str(screen.query_one("#charts-legend", Static).render())
