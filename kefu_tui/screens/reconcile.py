"""Warehouse reconciliation (单货统一, R-42): scan the parcels on the shelves (货) and the
slips (单) with a barcode scanner or by typing; ``g``/``l`` switch the side; the counts
are live; ctrl+s finishes and shows 单货相符, 有货无单 and 有单无货 as WaybillLists (F12
looks each up, R-05).

The scanner is never blocked: a scan is counted in memory at once and written to the
count session by a worker, one batch at a time and in scan order."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from kefu_tui.domain.reconcile import GOODS, LABELS, SLIP, CountResult
from kefu_tui.screens.writes import write
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.scan_box import ScanBox
from kefu_tui.widgets.waybill_list import Column, ListRow, MemorySource, WaybillList
from kefu_tui.widgets.key_footer import KeyFooter

SIDE_LABEL = {GOODS: "货 (在库包裹)", SLIP: "单 (单证)"}
SIDE_SHORT = {GOODS: "货", SLIP: "单"}
LOG_COLUMNS = [Column("序号", 5, "seq"), Column("单号", 12, "waybill"), Column("货/单", 5, "side"),
               Column("次数", 4, "times")]
RESULT_COLUMNS = [Column("单号", 12, "waybill")]
RESULT_KEYS = ("matched", "goods_only", "slips_only")
FLUSH_PAUSE_S = 0.05  # gather a scanner burst into one write


class CountScanBox(ScanBox):
    """The scan box of a count: lets ``g``/``l`` through to the screen's side keys (a
    UC waybill number is digits only, so no letter is ever part of a scan)."""

    SIDE_KEYS = frozenset("glGL")

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character is not None and character in self.SIDE_KEYS:
            return False
        return super().check_consume_key(key, character)


def number_rows(numbers: list[str]) -> list[ListRow]:
    return [ListRow(n, n, (n,)) for n in numbers]


class ReconcileScreen(Screen):
    """F5 单货统一: one count session at a time (R-42)."""

    CSS_PATH = "reconcile.tcss"
    BINDINGS = [
        # priority, and CountScanBox does not consume them: the scan box has the focus
        Binding("g,G", "side('goods')", "扫货", id="reconcile.goods", priority=True),
        Binding("l,L", "side('slip')", "扫单", id="reconcile.slip", priority=True),
        Binding("ctrl+s", "finish", "结束盘点", id="reconcile.finish", priority=True),
        Binding("ctrl+n", "new_count", "新盘点", id="reconcile.new", priority=True),
        Binding("ctrl+l", "focus_scan", "扫描框", id="reconcile.scan", show=False),
    ]

    class Written(Message):
        def __init__(self, session_id: int | None, result: CountResult | None,
                     errors: list[str]) -> None:
            super().__init__()
            self.session_id = session_id
            self.result = result
            self.errors = errors

    def __init__(self) -> None:
        super().__init__()
        self.side = GOODS
        self.session_id: int | None = None
        self.seen: dict[str, dict[str, int]] = {GOODS: {}, SLIP: {}}  # side → number → times
        self.refused = 0
        self.result: CountResult | None = None
        self.scan_log = MemorySource(LOG_COLUMNS)
        self.lists = {k: MemorySource(RESULT_COLUMNS) for k in RESULT_KEYS}
        self._pending: list[tuple[str, str]] = []
        self._writing = False
        self._finish_wanted = False
        self._timer = None

    def compose(self) -> ComposeResult:
        yield BranchHeader()
        with Horizontal(id="reconcile-top"):
            yield Static("", id="reconcile-side")
            yield CountScanBox("扫描或输入单号,回车", id="reconcile-scan")
        yield Static("", id="reconcile-count")
        yield WaybillList(self.scan_log, id="reconcile-log")
        with Horizontal(id="reconcile-result"):
            for key in RESULT_KEYS:
                with Vertical(classes="reconcile-pane"):
                    yield Static(LABELS[key], id=f"reconcile-{key}-title", classes="reconcile-title")
                    yield WaybillList(self.lists[key], id=f"reconcile-{key}")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#reconcile-result").display = False
        self._show()
        self.action_focus_scan()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """After the finish only the lists and ctrl+n are live (the footer says so)."""
        if action in ("side", "finish") and self.result is not None:
            return False
        return True

    # -- scanning -----------------------------------------------------------------------
    def action_side(self, side: str) -> None:
        if self.result is None:
            self.side = side
            self._show()

    def action_focus_scan(self) -> None:
        self.query_one(ScanBox).focus()

    @on(ScanBox.Scanned)
    def _scanned(self, m: ScanBox.Scanned) -> None:
        if self.result is not None or self._finish_wanted:
            self.notify("本次盘点已结束, ctrl+n 开始新盘点", severity="warning")
            return
        seen = self.seen[self.side]
        if m.number in seen:
            seen[m.number] += 1
            self._update_log(m.number, self.side)
        else:
            seen[m.number] = 1
            self.scan_log.items.append(ListRow((self.side, m.number), m.number,
                                          (str(len(self.scan_log.items) + 1), m.number,
                                           SIDE_SHORT[self.side], "")))
        self._pending.append((m.number, self.side))
        self.query_one("#reconcile-log", WaybillList).reload()
        self._show()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(FLUSH_PAUSE_S, self._kick)

    def _update_log(self, number: str, side: str) -> None:
        for i, row in enumerate(self.scan_log.items):
            if row.key == (side, number):
                self.scan_log.items[i] = ListRow(row.key, number, (*row.cells[:3], f"×{self.seen[side][number]}"))
                return

    @on(ScanBox.Refused)
    def _refused(self, m: ScanBox.Refused) -> None:
        self.refused += 1
        self._show()
        self.notify(m.notice, severity="warning", timeout=3, markup=False)

    def _show(self) -> None:
        g, s = self.seen[GOODS], self.seen[SLIP]
        repeats = sum(v - 1 for d in (g, s) for v in d.values())
        self.query_one("#reconcile-side", Static).update(f"正在扫: {SIDE_LABEL[self.side]}")
        text = f"货 {len(g)} 票 · 单 {len(s)} 票 · 重复 {repeats} · 非单号 {self.refused}"
        if self.result is None:
            text += "   (g 扫货 · l 扫单 · ctrl+s 结束盘点)"
        self.query_one("#reconcile-count", Static).update(text)

    # -- writing the session (one batch at a time, in order) ------------------------------
    def _kick(self) -> None:
        if self._writing or not (self._pending or self._finish_wanted):
            return
        batch, self._pending = self._pending, []
        self._writing = True
        self._write(batch, self.session_id, self._finish_wanted)

    def _write(self, batch: list[tuple[str, str]], session_id: int | None, finish: bool) -> None:
        """R-42: add the scans to the count session (opened at the first scan); finish it."""
        from kefu_tui.services.reconcile import CountError, add_scan, finish_count, start_count

        now, user = self.app.clock(), self.app.user

        def job(store):
            errors: list[str] = []
            sid = start_count(store, now, user) if session_id is None else session_id
            for number, side in batch:
                try:
                    add_scan(store, sid, number, side, now, user)
                except CountError as e:
                    errors.append(str(e))
            result = finish_count(store, sid, now, user) if finish else None
            return sid, result, errors

        write(self, job, done=lambda r: self.post_message(self.Written(*r)),
              error=lambda e: self.post_message(self.Written(session_id, None, [e])),
              failed="写入失败", group="reconcile.write")

    @on(Written)
    def _written(self, m: Written) -> None:
        self._writing = False
        self.session_id = m.session_id
        for e in m.errors:
            self.notify(e, severity="error")
        if m.result is not None:
            self._finish_wanted = False
            self._show_result(m.result)
        else:
            self._kick()

    # -- finish -----------------------------------------------------------------------------
    def action_finish(self) -> None:
        if self.result is not None:
            return
        if not (self.seen[GOODS] or self.seen[SLIP]):
            self.notify("还没有扫描任何单号", severity="warning")
            return
        self._finish_wanted = True
        self._kick()

    def _show_result(self, result: CountResult) -> None:
        """R-42: the three lists; 有货无单 and 有单无货 get F12 and their state on the slip."""
        self.result = result
        for key in RESULT_KEYS:
            numbers = getattr(result, key)
            self.lists[key].items = number_rows(numbers)
            self.query_one(f"#reconcile-{key}", WaybillList).set_source(self.lists[key])
            self.query_one(f"#reconcile-{key}-title", Static).update(f"{LABELS[key]} {len(numbers)}")
        self.query_one("#reconcile-log").display = False
        self.query_one("#reconcile-top").display = False
        self.query_one("#reconcile-result").display = True
        self.refresh_bindings()
        self._show()
        verdict = "单货统一" if result.ok else "单货不符 (F12 查询, 在单上写最新状态)"
        self.query_one("#reconcile-count", Static).update(
            f"盘点#{self.session_id} 已结束: {verdict} · ctrl+n 新盘点")
        first = next((k for k in ("goods_only", "slips_only", "matched") if getattr(result, k)), "matched")
        self.query_one(f"#reconcile-{first}", WaybillList).focus()

    def action_new_count(self) -> None:
        if self._writing or self._finish_wanted:
            return
        if self.result is None and (self.seen[GOODS] or self.seen[SLIP]):
            self.notify("当前盘点未结束 (ctrl+s 结束)", severity="warning")
            return
        self.session_id = None
        self.result = None
        self.seen = {GOODS: {}, SLIP: {}}
        self.refused = 0
        self.side = GOODS
        self.scan_log.items = []
        self.query_one("#reconcile-log", WaybillList).set_source(self.scan_log)
        self.query_one("#reconcile-result").display = False
        self.query_one("#reconcile-log").display = True
        self.query_one("#reconcile-top").display = True
        self.query_one(ScanBox).reset()
        self.refresh_bindings()
        self._show()
        self.action_focus_scan()
