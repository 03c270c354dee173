"""TicketQueueScreen (问题件队列, F3): the problem parcels of SPEC §5 in a windowed list.

Filters are keys (R-06 overdue and the before-10:00 morning list, R-09 returnable, type,
outlet, open/closed, sort, search) and each change makes a new :class:`TicketSource`
whose count is taken in a thread worker with its own Store; pages are read on the UI
thread. Nothing ever loads the whole queue, so 200,000 tickets cost what a screen costs.
Enter opens the ticket, ``n`` adds a dated note (R-07), ``c`` closes with a reason, F12
tracks the selection (the list posts TrackRequested, the shell answers, R-05)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.actions import SkipAction
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from kefu_tui.domain import words
from kefu_tui.domain.tickets import TicketType
from kefu_tui.domain.untrusted import visible
from kefu_tui.screens.data_changed import DataChanged
from kefu_tui.screens.modals import TextPrompt
from kefu_tui.screens.ticket_detail import TicketDetailScreen
from kefu_tui.screens.ticket_source import EmptySource, TicketSource
from kefu_tui.screens.writes import write
from kefu_tui.services.tickets import list_parties
from kefu_tui.services.tickets import TicketFilter, add_note, close_ticket
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.waybill_list import WaybillList
from kefu_tui.widgets.key_footer import KeyFooter

STATUS_CYCLE = ("open", "closed", "all")
STATUS_LABEL = {**words.TICKET_STATUS, "all": "全部"}
SORT_CYCLE = ("updated", "created", "waybill", "type", "party")
SORT_LABEL = {"updated": "更新", "created": "登记", "waybill": "单号", "type": "类型", "party": "网点"}
TYPE_CYCLE: tuple[str | None, ...] = (None, *(t.value for t in TicketType))


def _next(cycle: tuple, current) -> object:
    i = cycle.index(current) if current in cycle else -1
    return cycle[(i + 1) % len(cycle)]


class TicketQueueScreen(Screen):
    """问题件 — the queue of problem parcels, F3 from anywhere."""

    CSS_PATH = "tickets.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # the filter keys show in the filter bar above the list, not again in the footer
        Binding("o", "cycle_status", "未结/已结", id="queue.status", show=False),
        Binding("d", "toggle('overdue')", "超期", id="queue.overdue", show=False),
        Binding("m", "toggle('before_ten')", "10点前", id="queue.before_ten", show=False),
        Binding("r", "toggle('returnable')", "可退", id="queue.returnable", show=False),
        Binding("b", "app.returns", "今日退件", id="queue.returns"),
        Binding("t", "cycle_type", "类型", id="queue.type", show=False),
        Binding("p", "cycle_party", "网点", id="queue.party", show=False),
        Binding("s", "cycle_sort", "排序", id="queue.sort", show=False),
        Binding("S,shift+s", "reverse", "倒序", id="queue.reverse", show=False),
        Binding("slash", "focus_search", "搜索", id="queue.search"),
        Binding("n", "note", "跟进", id="queue.note"),
        Binding("c", "close_ticket", "关闭", id="queue.close"),
        Binding("escape", "back_to_list", "返回列表", show=False, id="queue.back"),
    ]

    class Counted(Message):
        """A worker finished counting the tickets of a filter."""

        def __init__(self, gen: int, flt: TicketFilter, now, n: int, keep_cursor: bool,
                     positions: dict | None = None) -> None:
            super().__init__()
            self.gen, self.flt, self.now, self.n, self.keep_cursor = gen, flt, now, n, keep_cursor
            self.positions = positions  # where the watched tickets stand now (issue 16 item 1)

    class PartiesLoaded(Message):
        def __init__(self, parties: list[str]) -> None:
            super().__init__()
            self.parties = parties

    def __init__(self) -> None:
        super().__init__()
        self.filter = TicketFilter()
        self.total: int | None = None
        self.parties: list[str] | None = None
        self._parties_asked = False
        self._gen = 0

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield BranchHeader()
        yield Static(id="queue-filters")
        with Horizontal(id="queue-search-row"):
            yield Label("搜索 /", id="queue-search-label")
            yield Input(placeholder="单号前缀、收件人电话或姓名,Enter 查询,Esc 返回", id="queue-search")
        yield WaybillList(EmptySource(), id="queue-list")
        yield Static(id="queue-status")
        yield KeyFooter()

    @property
    def list(self) -> WaybillList:
        return self.query_one("#queue-list", WaybillList)

    def on_mount(self) -> None:
        # hidden until the first count: an empty list would read "no records" meanwhile
        self.list.display = False
        self.list.focus()
        self.refresh_queue()  # the outlets (for p) are read once the first count is in

    # -- filter → count (worker) → source ----------------------------------------------
    def refresh_queue(self, keep_cursor: bool = False) -> None:
        """Recount the current filter in a worker; the list follows when it is done."""
        self._gen += 1
        self.total = None
        self._show_filters()
        self._count(self._gen, self.filter.model_copy(), self.app.clock(), keep_cursor,
                    self.list.watched_keys() if keep_cursor else None)

    def on_data_changed(self, message: DataChanged) -> None:
        """Issue 9: another clerk's close, note or registration shows within 2 s; the
        same filter is recounted in a worker and the list keeps cursor and selection on
        their tickets, wherever they moved (issue 16 item 1)."""
        self._gen += 1
        self._count(self._gen, self.filter.model_copy(), self.app.clock(), True,
                    self.list.watched_keys())

    @work(thread=True, group="queue-count")
    def _count(self, gen: int, flt: TicketFilter, now, keep_cursor: bool, watched) -> None:
        from kefu_tui.services.tickets import count_tickets, follow_positions

        store = self.app.open_store()
        try:
            n = count_tickets(store, flt, now)
            positions = follow_positions(store, flt, now, watched) if watched else None
        finally:
            store.close()
        self.post_message(self.Counted(gen, flt, now, n, keep_cursor, positions))

    def on_ticket_queue_screen_counted(self, m: Counted) -> None:
        if m.gen != self._gen:  # a newer filter is already on its way
            return
        lst = self.list
        old = lst.cursor_index
        src = lst.source
        if m.keep_cursor and isinstance(src, TicketSource) and src.filter == m.flt:
            src.refreshed(m.now, m.n, m.positions)  # same filter, new data: the same tickets
            lst.reload()
        else:
            lst.set_source(TicketSource(self.app.store, m.flt, m.now, count=m.n))
            if m.keep_cursor:
                lst.move_cursor(old)
        self.total = m.n
        lst.display = True
        self._show_filters()
        if self.parties is None and not self._parties_asked:
            self._parties_asked = True  # after the first frame: it must not slow that down
            self._load_parties()

    @work(thread=True, group="queue-parties")
    def _load_parties(self) -> None:
        store = self.app.open_store()
        try:
            parties = list_parties(store)
        finally:
            store.close()
        self.post_message(self.PartiesLoaded(parties))

    def on_ticket_queue_screen_parties_loaded(self, m: PartiesLoaded) -> None:
        self.parties = m.parties

    def _set(self, **changes) -> None:
        self.filter = self.filter.model_copy(update=changes)
        self.refresh_queue()

    # -- the filter keys ---------------------------------------------------------------
    def action_cycle_status(self) -> None:
        self._set(status=_next(STATUS_CYCLE, self.filter.status))

    def action_toggle(self, name: str) -> None:
        """R-06 overdue (``d``), R-06 yesterday's before 10:00 (``m``), R-09 returnable (``r``)."""
        self._set(**{name: not getattr(self.filter, name)})

    def action_cycle_type(self) -> None:
        self._set(type=_next(TYPE_CYCLE, self.filter.type))

    def action_cycle_party(self) -> None:
        if self.parties is None:
            self.notify("网点列表加载中,请稍候", timeout=2)
            return
        if not self.parties:
            self.notify("没有登记网点的问题件", timeout=2)
            return
        self._set(party=_next((None, *self.parties), self.filter.party))

    def action_cycle_sort(self) -> None:
        self._set(sort=_next(SORT_CYCLE, self.filter.sort))

    def action_reverse(self) -> None:
        self._set(descending=not self.filter.descending)

    def action_focus_search(self) -> None:
        self.query_one("#queue-search", Input).focus()

    def action_back_to_list(self) -> None:
        if self.list.has_focus:
            raise SkipAction()  # already on the list: Escape goes back a screen
        self.list.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "queue-search":
            return
        event.stop()
        self.list.focus()
        self._set(search=event.value.strip() or None)

    # -- one ticket --------------------------------------------------------------------
    def _cursor(self):
        row = self.list.cursor_row
        if row is None:
            self.notify("没有选中的问题件", severity="warning", timeout=2)
        return row

    def action_note(self) -> None:
        """R-07: a follow-up note, dated ``(MMDD)`` by the service."""
        row = self._cursor()
        if row is None:
            return

        def save(text: str | None) -> None:
            if text is None:
                return
            tid, now, user = int(row.key), self.app.clock(), self.app.user

            def saved(dated: str) -> None:
                self.notify(f"{row.waybill} 已跟进: {dated}", timeout=4)
                self.refresh_queue(keep_cursor=True)

            write(self, lambda store: add_note(store, tid, text, now, user), done=saved, failed="未保存")

        self.app.push_screen(TextPrompt(f"跟进 {row.waybill}", "跟进内容(自动加日期 MMDD)"), save)

    def action_close_ticket(self) -> None:
        """Close the cursor ticket; a reason is required (the prompt refuses an empty one)."""
        row = self._cursor()
        if row is None:
            return

        def close(reason: str | None) -> None:
            if reason is None:
                return
            tid, now, user = int(row.key), self.app.clock(), self.app.user

            def closed(_: None) -> None:
                self.notify(f"{row.waybill} 已关闭: {reason}", timeout=4)
                self.refresh_queue(keep_cursor=True)

            def refused(text: str) -> None:  # e.g. another clerk closed it first: who, when
                self.notify(text, severity="error", timeout=8)
                self.refresh_queue(keep_cursor=True)

            write(self, lambda store: close_ticket(store, tid, reason, now, user), done=closed,
                  failed="未关闭", error=refused)

        self.app.push_screen(TextPrompt(f"关闭问题件 {row.waybill}", "关闭原因(必填)"), close)

    def on_waybill_list_activated(self, event: WaybillList.Activated) -> None:
        event.stop()
        self.app.push_screen(TicketDetailScreen(int(event.row.key)),
                             lambda _: self.refresh_queue(keep_cursor=True))

    # -- what the clerk sees about the filter -----------------------------------------------
    def _show_filters(self) -> None:
        f = self.filter
        type_label = TicketType(f.type).label if f.type else "全部"
        chips = [
            ("o", STATUS_LABEL[f.status], f.status != "open"),
            ("d", "超期", f.overdue),
            ("m", "10点前", f.before_ten),
            ("r", "可退", f.returnable),
            ("t", f"类型:{type_label}", f.type is not None),
            ("p", f"网点:{visible(f.party or '全部')}", f.party is not None),
            ("s", f"排序:{SORT_LABEL[f.sort]}{'↓' if f.descending else '↑'}", False),
        ]
        bar = Text()
        for key, label, on in chips:
            bar.append(f" {key}", "bold")
            bar.append(f" {label} ", "reverse bold" if on else "dim")
        self.query_one("#queue-filters", Static).update(bar)

        on = [STATUS_LABEL[f.status]]
        on += [name for name, flag in (("超期", f.overdue), ("10点前跟进", f.before_ten),
                                       ("可退件(R-09)", f.returnable)) if flag]
        if f.type:
            on.append(type_label)
        if f.party:
            on.append(visible(f.party))
        if f.search:
            on.append(f"搜索“{visible(f.search)}”")
        total = "计数中…" if self.total is None else f"共 {self.total:,} 件"
        status = Text.assemble((total, "bold"), "  ", " · ".join(on),
                               ("   Enter 详情 · F12 跟踪", "dim"))
        self.query_one("#queue-status", Static).update(status)
