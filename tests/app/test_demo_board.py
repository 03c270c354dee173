"""The demo branch at a fixed clock: one word gives one number on home and on the board
(issue 16 item 6), and the board's progress line ends once every row is in (item 7)."""

from __future__ import annotations

import re

import pytest
from desk_c_data import DeskApp, settle, sync, wait_for
from textual.widgets import DataTable

from kefu_tui.domain import clock
from kefu_tui.domain.monitoring import SCREEN_RULES
from kefu_tui.screens.home import HomeScreen
from kefu_tui.screens.monitor import MonitorScreen
from kefu_tui.services.demo import build_demo
from kefu_tui.services.tickets import TicketFilter, count_tickets
from kefu_tui.store import open_store

NOW = "2026-11-24T09:30:00+08:00"
WORDS = ("应退未退", "必退", "可退")  # the R-09 words a clerk reads on home and on the board


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-board")
    with open_store(folder / "kefu.db") as s:
        build_demo(s, seed=1, now=clock.parse_iso(NOW), scale=0.3)
    return folder


async def board_rows(pilot, app) -> dict[str, int]:
    """The board's rows as name → number once every indicator is in."""
    app.push_screen(MonitorScreen())
    await wait_for(pilot, lambda: isinstance(app.screen, MonitorScreen)
                   and len(app.screen.board) == len(SCREEN_RULES), timeout=60)
    await settle(pilot)
    table = app.screen.query_one(DataTable)
    return {str(table.get_row_at(i)[1]): int(str(table.get_row_at(i)[3]))
            for i in range(len(SCREEN_RULES))}


@sync
async def test_one_word_gives_one_number_on_home_and_the_board(demo_dir):
    """Issue 16 item 6: home said ``应退未退 ... 3`` where the board's 应退未退 row said 2 (the
    board counts asks made before today, home every ask). Each R-09 word now stands for one
    number wherever it is shown; home's 必退件 is the queue's --must-return count."""
    app = DeskApp(demo_dir, HomeScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        figures = app.screen.query_one("#home-figures")
        await wait_for(pilot, lambda: "正在统计" not in str(figures.render()), timeout=30)
        home = {m[1].strip(): int(m[2]) for m in
                re.finditer(r"^\s+(\S[^\n]*?)\s+(\d+)$", str(figures.render()), re.M)}
        board = await board_rows(pilot, app)
    shown = [(label, n) for label, n in (*home.items(), *board.items())]
    for word in WORDS:
        numbers = {n for label, n in shown if word in label}
        assert len(numbers) <= 1, (word, [(label, n) for label, n in shown if word in label])
    with open_store(demo_dir / "kefu.db") as s:
        must = count_tickets(s, TicketFilter(must_return=True), clock.parse_iso(NOW))
    assert home["必退件 (R-09 发件网点要求退回)"] == must
    late = [n for label, n in board.items() if "应退未退" in label]
    assert late and 0 < late[0] < must  # the demo asks one back today: the two differ


@sync
async def test_board_progress_line_ends_when_every_row_is_in(demo_dir):
    """Issue 16 item 7: on the demo F8 filled all eleven rows and the line under them kept
    saying ``正在计算监控指标… 已完成 10/11``; once the last row is in it names the
    highlighted rule and its count."""
    app = DeskApp(demo_dir, MonitorScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: len(screen.board) == len(SCREEN_RULES), timeout=60)
        await settle(pilot)
        status = str(screen.query_one("#monitor-status").render())
        n = len(screen.board[screen.rule]["findings"])
        assert "正在计算" not in status and status.startswith(f"{screen.rule} ") and f"{n} 票" in status
