"""CounterScreen — the counter and exceptions desk (营业/异常, F10): counter intake
(R-35–R-40), payment slips (R-41), return receipts (R-10), brushing parcels (R-11) and
unidentified goods (R-12), one pane each. F10 on the desk moves to the next pane; ctrl+s
commits the pane in front; F12 tracks the selection of any of its lists (R-05)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane

from kefu_tui.screens.counter_exceptions import BrushingPane, ReceiptsPane, SlipsPane, UnidentifiedPane
from kefu_tui.screens.counter_intake import IntakePane
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.key_footer import KeyFooter

# pane id → (tab label, pane class)
PANES = {
    "intake": ("收件", IntakePane),
    "receipts": ("回单", ReceiptsPane),
    "brushing": ("刷单", BrushingPane),
    "unidentified": ("不明货物", UnidentifiedPane),
    "slips": ("交款单", SlipsPane),
}


class DeskPane(TabPane):
    """A pane of the desk. Focus inside a pane tells TabbedContent to bring that pane to
    the front, by a message that arrives later; when the clerk has moved on to another
    pane meanwhile (F10 pressed quickly), that late message must not pull the old one back."""

    def on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        tabs = self.screen.query_one(TabbedContent)
        if event.tab_pane is self and tabs.active != self.id:
            event.stop()


class CounterScreen(Screen):
    """F10 营业/异常."""

    CSS_PATH = "counter.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", "提交", id="counter.submit", priority=True),
        Binding("f10", "next_pane", "下一页", id="counter.next", priority=True),
        Binding("ctrl+n", "empty_receipt", "空封", id="counter.empty", priority=True),
        Binding("ctrl+r", "returned", "退回上级", id="counter.returned", priority=True),
    ]

    def __init__(self, pane: str = "intake") -> None:
        super().__init__()
        self.first = pane

    def compose(self) -> ComposeResult:
        yield BranchHeader()
        with TabbedContent(initial=self.first, id="counter-tabs"):
            for pid, (label, cls) in PANES.items():
                with DeskPane(label, id=pid):
                    yield cls(id=f"pane-{pid}")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self._focus_pane)

    @property
    def pane_id(self) -> str:
        return self.query_one(TabbedContent).active or self.first

    def pane(self):
        return self.query_one(f"#pane-{self.pane_id}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "empty_receipt":
            return self.pane_id == "receipts"
        if action == "returned":
            return self.pane_id == "unidentified"
        return True

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        pane = self.pane()
        if isinstance(pane, SlipsPane):
            pane.reload()

    def on_data_changed(self, message) -> None:
        """Issue 9: the pane's list (today's intakes, unidentified goods, the cash slips)
        shows another clerk's entry unasked; the scanning panes hold only this clerk's scans."""
        reload = getattr(self.pane(), "reload", None)
        if reload is not None:
            reload()

    def show(self, pid: str) -> None:
        self.query_one(TabbedContent).active = pid
        self.call_after_refresh(self._focus_pane, pid)

    def _focus_pane(self, pid: str | None = None) -> None:
        # focusing inside a pane brings it to the front: a late call for a pane the clerk
        # already left must not pull it back
        if pid is not None and pid != self.pane_id:
            return
        pane = self.pane()
        target = next(iter(pane.query("Input, ScanBox")), None) or next(iter(pane.query("WaybillList")), None)
        if target is not None:
            target.focus()

    def action_next_pane(self) -> None:
        ids = list(PANES)
        self.show(ids[(ids.index(self.pane_id) + 1) % len(ids)])

    def action_submit(self) -> None:
        self.pane().submit()

    def action_empty_receipt(self) -> None:
        self.query_one(ReceiptsPane).empty_envelope()

    def action_returned(self) -> None:
        self.query_one(UnidentifiedPane).mark_returned()
