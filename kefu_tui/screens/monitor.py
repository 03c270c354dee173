"""Monitoring board (监控, SPEC §8): the indicators R-24..R-30 with their windows, number
of findings and today's check (R-34); the highlighted indicator's findings in a
WaybillList (F12 tracks them, R-05); ``k`` records "已检查" for it (R-34).

The board costs about a second on a big database, so it is computed in a worker with its
own store and posted back; the UI only swaps in-memory row sources."""

from __future__ import annotations

from rich.text import Text
from textual.actions import SkipAction
from textual import on, work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from kefu_tui.domain.clock import parse_iso
from kefu_tui.domain.monitoring import SCREEN_NAMES as RULES
from kefu_tui.domain.monitoring import SCREEN_RULES as BOARD_RULES  # R-24..R-33 and R-09
from kefu_tui.screens.writes import write
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.waybill_list import Column, ListRow, MemorySource, WaybillList
from kefu_tui.widgets.key_footer import KeyFooter
from kefu_tui.widgets.plain import plain

FINDING_COLUMNS = [Column("单号", 12, "waybill"), Column("原因", 28, "label"),
                   Column("网点", 10, "site"), Column("时间", 11, "at")]


def short_time(text: str | None) -> str:
    """'2026-11-24 09:30:00' or an ISO time → '11-24 09:30' (a day alone stays a day)."""
    if not text:
        return ""
    if "T" in text:
        text = parse_iso(text).format("YYYY-MM-DD HH:mm")
    return text[5:16]


def window_text(window: list[str]) -> str:
    """R-24..R-30 window as 'MM-DD HH:mm~MM-DD HH:mm'."""
    start, end = (short_time(w) for w in window)
    return f"{start}~{end}"


def finding_row(f: dict) -> ListRow:
    """One finding, known by its parcel (or order), reason and time: a refresh keeps the
    cursor on it wherever it moved (issue 16 item 1)."""
    no = f.get("waybill") or ""  # an order without a waybill shows its order number
    key = (no or f.get("order", ""), f.get("reason", ""), f.get("at") or f.get("day") or "")
    return ListRow(key, no, (no or f.get("order", ""), f.get("label") or f.get("reason", ""),
                                     f.get("site") or f.get("courier") or "",
                                     short_time(f.get("at") or f.get("day"))))


class MonitorScreen(Screen):
    """F8 监控: the board of R-24..R-30, findings of the highlighted rule, checks (R-34)."""

    CSS_PATH = "monitor.tcss"
    BINDINGS = [
        Binding("k", "check", "已检查", id="monitor.check"),
        Binding("r", "refresh", "刷新", id="monitor.refresh"),
        Binding("tab", "switch_pane", "切换", id="monitor.switch", show=False),
        Binding("escape", "focus_board", "返回看板", id="monitor.board", show=False),
    ]

    class Loaded(Message):
        def __init__(self, board: dict, checks: list, error: str | None = None, quiet: bool = False) -> None:
            super().__init__()
            self.quiet = quiet
            self.board = board
            self.checks = checks
            self.error = error

    class ItemLoaded(Message):
        """One indicator of the board is computed."""

        def __init__(self, rule: str, item: dict) -> None:
            super().__init__()
            self.rule = rule
            self.item = item

    class Checked(Message):
        def __init__(self, check, error: str | None = None) -> None:
            super().__init__()
            self.check = check
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.board: dict = {}
        self._again = False  # another clerk changed something while the board was computed
        self.checks: dict[str, list] = {}  # rule → today's checks, oldest first
        self.source = MemorySource(FINDING_COLUMNS)

    def compose(self) -> ComposeResult:
        yield BranchHeader()
        table: DataTable = DataTable(id="monitor-board", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("正在计算监控指标…", id="monitor-status")
        yield WaybillList(self.source, id="monitor-findings")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("规则", key="rule", width=4)
        table.add_column("指标", key="name", width=24)
        table.add_column("窗口", key="window", width=23)
        table.add_column("数", key="n", width=4)
        table.add_column("今日检查", key="checked", width=13)
        for rule in BOARD_RULES:
            table.add_row(rule[2:], RULES[rule], "", "…", "", key=rule)
        table.focus()
        self.action_refresh()

    # -- loading --------------------------------------------------------------------
    def action_refresh(self) -> None:
        self.query_one("#monitor-status", Static).update("正在计算监控指标…")
        self._load()

    def on_data_changed(self, message) -> None:
        """Issue 9: another clerk's check (R-34) or registration shows unasked; the rows
        keep their figures until the new ones come (no flicker back to "…"). While the
        board is being computed, one more pass follows it: a branch writing every second
        must not restart the board before its last rows are done."""
        if any(w.node is self and w.group == "monitor.board" and not w.is_finished for w in self.workers):
            self._again = True
        else:
            self._load(quiet=True)

    @work(thread=True, exclusive=True, group="monitor.board")
    def _load(self, quiet: bool = False) -> None:
        """Today's checks first (one small read), then one indicator at a time, each
        posted as it is done: the board fills in row by row instead of all at the end."""
        from kefu_tui.services.monitor import board_item, checks_today

        worker = get_current_worker()
        try:
            with self.app.open_store() as store:
                now = self.app.clock()
                self.post_message(self.Loaded({}, checks_today(store, now), quiet=quiet))
                for rule in BOARD_RULES:
                    if worker.is_cancelled:
                        return
                    self.post_message(self.ItemLoaded(rule, board_item(store, rule, now)))
        except Exception as e:  # shown on the status line; the screen stays usable
            self.post_message(self.Loaded({}, [], f"监控计算失败: {e}"))

    @on(Loaded)
    def _loaded(self, m: Loaded) -> None:
        if m.error:
            self.query_one("#monitor-status", Static).update(plain(m.error))
            return
        if not m.quiet:
            self.board = {}
        self.checks = {}
        for c in m.checks:
            self.checks.setdefault(c.rule, []).append(c)
        table = self.query_one(DataTable)
        for rule in BOARD_RULES:
            if not m.quiet:
                table.update_cell(rule, "n", "…")
            table.update_cell(rule, "checked", self._checked_text(rule))
        self._show_findings(keep=m.quiet)  # another clerk's change: on the same findings

    @on(ItemLoaded)
    def _item_loaded(self, m: ItemLoaded) -> None:
        again = m.rule in self.board  # a refresh (another clerk's change): keep the cursor
        self.board[m.rule] = m.item
        table = self.query_one(DataTable)
        table.update_cell(m.rule, "window", window_text(m.item["window"]))
        table.update_cell(m.rule, "n", str(len(m.item["findings"])))
        left = sum(1 for r in BOARD_RULES if r not in self.board)
        if m.rule == BOARD_RULES[-1] and self._again:
            self._again = False
            self._load(quiet=True)
        if m.rule == self.rule:
            self._show_findings(keep=again)
        elif left:
            self.query_one("#monitor-status", Static).update(
                f"正在计算监控指标… 已完成 {len(BOARD_RULES) - left}/{len(BOARD_RULES)}")
        else:  # the last row is in: the progress line gives way to the highlighted rule's
            self._show_status()

    def _checked_text(self, rule: str) -> Text:
        """R-34: who checked the item today and when (the last check); a Text, since a
        DataTable reads a str as markup and ``--user '[/]'`` would end the workstation."""
        done = self.checks.get(rule)
        if not done:
            return plain("未检查")
        last = done[-1]
        return plain(f"{last.checked_by} {last.checked_at[11:16]}")

    # -- the highlighted rule ---------------------------------------------------------
    @property
    def rule(self) -> str:
        table = self.query_one(DataTable)
        return BOARD_RULES[max(0, min(table.cursor_row, len(BOARD_RULES) - 1))]

    @on(DataTable.RowHighlighted)
    def _highlighted(self, _m: DataTable.RowHighlighted) -> None:
        self._show_findings()

    @on(DataTable.RowSelected)
    def _selected(self, _m: DataTable.RowSelected) -> None:
        self.query_one(WaybillList).focus()

    def _show_findings(self, keep: bool = False) -> None:
        item = self.board.get(self.rule)
        self.source.items = [finding_row(f) for f in (item["findings"] if item else [])]
        self.query_one(WaybillList).set_source(self.source, keep=keep)
        self._show_status()

    def _show_status(self) -> None:
        """The line under the board: the highlighted rule's count, or how far the board is."""
        rule = self.rule
        item = self.board.get(rule)
        findings = item["findings"] if item else []
        status = self.query_one("#monitor-status", Static)
        if item is None:
            status.update(f"正在计算 {rule} {RULES[rule]}… 已完成 {len(self.board)}/{len(BOARD_RULES)}")
        else:
            status.update(
                f"{rule} {RULES[rule]}: {len(findings)} 票  (Enter/Tab 进入列表, F12 跟踪, k 已检查)")

    # -- R-34 check -------------------------------------------------------------------
    def action_check(self) -> None:
        """R-34: record that this clerk checked the highlighted item now."""
        rule = self.rule
        n = len(self.board[rule]["findings"]) if rule in self.board else None
        self._record(rule, n)

    def _record(self, rule: str, n: int | None) -> None:
        from kefu_tui.services.monitor import record_check

        now, user = self.app.clock(), self.app.user
        write(self, lambda store: record_check(store, rule, now, user, findings=n),
              done=lambda check: self.post_message(self.Checked(check)),
              error=lambda e: self.post_message(self.Checked(None, e)),
              failed="记录检查失败", group="monitor.check")

    @on(Checked)
    def _checked(self, m: Checked) -> None:
        if m.error or m.check is None:
            self.notify(m.error or "记录检查失败", severity="error")
            return
        self.checks.setdefault(m.check.rule, []).append(m.check)
        self.query_one(DataTable).update_cell(m.check.rule, "checked", self._checked_text(m.check.rule))
        self.notify(f"{m.check.rule} 已检查 ({m.check.checked_by} {m.check.checked_at[11:16]})",
                    timeout=3)

    # -- focus ------------------------------------------------------------------------
    def action_switch_pane(self) -> None:
        table = self.query_one(DataTable)
        (self.query_one(WaybillList) if table.has_focus else table).focus()

    def action_focus_board(self) -> None:
        board = self.query_one(DataTable)
        if board.has_focus:
            raise SkipAction()  # already there: Escape goes back a screen
        board.focus()
