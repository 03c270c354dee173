"""Batch tracking (批量跟踪, the F12 key, R-05): many numbers at once, each parcel's state,
last scan, open problems and the next action the rules require; the selected parcel's full
timeline beside the list. Numbers come from any list (F12) or are scanned/pasted here.
Tracking runs in a worker thread with its own store; the UI thread never waits for it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from rich.text import Text
from textual.actions import SkipAction
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import get_current_worker

from kefu_tui.domain import words
from kefu_tui.domain.tickets import DEFAULT_TEXT, TicketType
from kefu_tui.domain.tracking import TrackSummary
from kefu_tui.domain.untrusted import visible
from kefu_tui.screens.writes import write
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.scan_box import ScanBox
from kefu_tui.widgets.waybill_list import Column, ListRow, MemorySource, Selection, WaybillList
from kefu_tui.widgets.key_footer import KeyFooter
from kefu_tui.widgets.plain import plain

COLUMNS = [
    Column("单号", 12, "waybill"),
    Column("状态", 12, "state"),
    Column("网点", 10, "site"),
    Column("最后扫描", 11, "last"),
    Column("问题", 4, "open"),
    Column("下一步", 30, "next"),
]
PENDING = "查询中…"
FIRST_PART = 200  # numbers in the first tracked part: the first screenful comes quickly
PART = 25_000  # numbers per later part (one message, one redraw each)
KEEP = 1_000  # whole trackings kept for the detail pane (a pasted list, F12 of a page); beyond, a row's is read when the cursor lands on it (one query)


def summary_row(s) -> ListRow:
    """A TrackSummary as one list row."""
    last = s.last_at[5:16] if s.last_at else ""
    nxt = "" if s.next_action == "none" else s.next_action
    state = s.state if s.known else f"{s.state}(无记录)"
    return ListRow(s.waybill, s.waybill, (s.waybill, state, s.site or "", last, str(s.open_tickets or ""), nxt))


def track_row(t) -> ListRow:
    """A ParcelTrack as one list row."""
    n_open = sum(1 for k in t.tickets if k.status == "open")
    return summary_row(TrackSummary(t.waybill, t.known, t.state, t.site,
                                    t.last_scan.at if t.last_scan else None, n_open, t.next_action))


def timeline_text(t) -> Text:
    """The full tracking of one parcel (R-05): scans in time order, problems with their
    notes, transfers, the next action."""
    out = Text()
    out.append(f"{t.waybill}  ", style="bold")
    out.append(visible(t.state), style="bold reverse")
    out.append("\n")
    info = t.waybill_info
    if info:
        bits = [info.sender_outlet and f"寄件网点 {info.sender_outlet}", info.receiver and f"收件人 {info.receiver}",
                info.phone and f"电话 {info.phone}", info.address and f"地址 {info.address}"]
        out.append(visible("  ".join(b for b in bits if b)) + "\n", style="dim")
    nxt = "无" if t.next_action == "none" else t.next_action
    out.append("下一步: ", style="bold")
    out.append(visible(nxt) + "\n", style="bold yellow" if t.next_action != "none" else "")
    out.append("\n扫描记录\n", style="bold underline")
    if not t.scans:
        out.append("  (无扫描)\n", style="dim")
    for s in t.scans:
        # compact (MM-DD HH:MM, site←from / site→to) so a line fits the side pane at 120 cols
        route = s.site + (f"←{s.prev_site}" if s.prev_site else "") + (f"→{s.next_site}" if s.next_site else "")
        out.append(f" {s.at[5:16]} ")
        out.append(f"{s.kind.value:　<4}", style="bold")
        out.append(f" {visible(route)}")
        if s.operator:
            out.append(f"  {visible(s.operator)}", style="dim")
        if s.note:
            out.append(f"  {visible(s.note)}", style="italic")
        out.append("\n")
    if t.tickets:
        out.append("\n问题件\n", style="bold underline")
        for k in t.tickets:
            mark = "●" if k.status == "open" else "○"
            out.append(f"  {mark} {k.type_label}  {visible(k.text)}  → {visible(k.party or '?')}  {k.created_at[:16]}\n")
            if k.status != "open":  # why it was closed, by whom, when (SPEC §14.2)
                out.append(f"      {visible(words.closed_words(k))}\n")
            for note in k.notes:
                out.append(f"      · {visible(note)}\n", style="dim")
    if t.transfers:
        out.append("\n转件\n", style="bold underline")
        for tr in t.transfers:
            fee = f" 费用 {tr.fee}{'' if tr.fee_confirmed else '(未确认)'}" if tr.fee else ""
            signed = f" 签收 {tr.signed_at[:16]}" if tr.signed_at else ""
            out.append(f"  {tr.created_at[:16]} {words.mode_name(tr.mode)} {words.carrier_name(tr.carrier)} {visible(tr.new_waybill)}{fee}{signed}\n")
    return out


def history_text(store, waybill: str) -> Text:
    """Who did what to this waybill, newest first (the audit trail, issue 9); nothing when
    no clerk has touched it here."""
    from kefu_tui.services.audit import trail

    entries = trail(store, waybill=waybill, limit=12)
    out = Text()
    if entries:
        out.append("\n变更记录\n", style="bold underline")
        for e in entries:
            out.append(f"  {visible(e.summary)}\n", style="dim")
    return out


class RegisterProblem(ModalScreen[tuple[str, str] | None]):
    """Pick a problem type and a text for the selected parcels (SPEC §5, R-08)."""

    CSS_PATH = "tracking.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", "登记", id="register.submit"),
        Binding("escape", "cancel", "取消", id="register.cancel"),
    ]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(id="register-box"):
            yield Label(f"登记问题件: {self.count} 票")
            yield Select([(t.label, t.value) for t in TicketType], prompt="问题类型", id="register-type")
            yield Input(placeholder="登记内容", id="register-text")
            with Horizontal(id="register-buttons"):
                yield Button("登记 (ctrl+s)", variant="primary", id="register-ok")
                yield Button("取消", id="register-cancel")

    @on(Select.Changed, "#register-type")
    def _type_changed(self, event: Select.Changed) -> None:
        text = self.query_one("#register-text", Input)
        if not event.select.is_blank() and not text.value:
            text.value = DEFAULT_TEXT.get(TicketType(event.value), "")

    def action_submit(self) -> None:
        select = self.query_one("#register-type", Select)
        kind = select.value
        text = self.query_one("#register-text", Input).value.strip()
        if select.is_blank():
            self.notify("请选择问题类型", severity="warning")
            return
        if not text:
            self.notify("请填写登记内容", severity="warning")
            return
        self.dismiss((str(kind), text))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#register-ok")
    def _ok(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#register-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#register-text")
    def _enter(self) -> None:
        self.action_submit()


class TrackingScreen(Screen):
    """F12: the tracking of a list of numbers (R-05)."""

    CSS_PATH = "tracking.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("ctrl+r", "register", "登记问题件", id="tracking.register"),
        Binding("ctrl+l", "focus_scan", "输入单号", id="tracking.scan"),
        Binding("ctrl+d", "focus_detail", "详情", id="tracking.detail"),
        Binding("ctrl+x", "clear", "清空", id="tracking.clear"),
        Binding("escape", "close", "返回", id="tracking.close"),
    ]

    class Tracked(Message):
        """A part is tracked: (waybill, ParcelTrack or None, row) each; ``read``: how many
        of a selection's tickets are read so far."""

        def __init__(self, tracks: list, error: str | None = None, read: int | None = None,
                     epoch: int | None = None) -> None:
            super().__init__()
            self.epoch = epoch
            self.tracks = tracks
            self.error = error
            self.read = read

    class Detail(Message):
        """One parcel's tracking read again for the detail pane."""

        def __init__(self, track) -> None:
            super().__init__()
            self.track = track

    class Registered(Message):
        def __init__(self, result, numbers: list[str], error: str | None = None) -> None:
            super().__init__()
            self.result = result
            self.numbers = numbers
            self.error = error

    def __init__(self, numbers: list[str] | Selection | None = None) -> None:
        super().__init__()
        self._selection = numbers if isinstance(numbers, Selection) else None
        self._initial = [] if self._selection is not None else list(numbers or [])
        self.source = MemorySource(COLUMNS)
        self.tracks: dict = {}
        self._index: dict[str, int] = {}
        self._pending: list[str] = []
        self.waiting = 0  # rows still showing 查询中
        self.unread = len(self._selection) if self._selection is not None else 0  # not read yet
        self.cancelled = False
        self._epoch = 0  # bumped by Escape: parts of a cancelled tracking arriving late are dropped
        self.ignored = 0
        self.last_refusal = ""
        self.repeats = 0

    def compose(self) -> ComposeResult:
        yield BranchHeader()
        with Vertical(id="tracking-top"):
            yield ScanBox("扫描或粘贴单号,回车加入跟踪", id="tracking-scan")
            yield Static("", id="tracking-status")
        with Horizontal(id="tracking-panes"):
            yield WaybillList(self.source, id="tracking-list")
            with VerticalScroll(id="tracking-detail", can_focus=True):
                yield Static("选择一票查看详情", id="tracking-timeline")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self._selection is not None:
            self._show_status()
            self._track_selection(self._selection)
        else:
            self.add_numbers(self._initial)
        big = self._selection is not None or self._initial
        self.query_one(WaybillList if big else ScanBox).focus()

    # -- numbers in ------------------------------------------------------------------
    def add_numbers(self, numbers: list[str], track: bool = True) -> None:
        """Append numbers not yet tracked here (duplicates folded) and track them."""
        fresh = []
        items, index = self.source.items, self._index
        for n in numbers:
            if n in index:
                self.repeats += 1
                continue
            index[n] = len(items)
            items.append(ListRow(n, n, (n, PENDING, "", "", "", "")))
            fresh.append(n)
        if fresh:
            self.waiting += len(fresh)
            self.query_one(WaybillList).reload()
            if track:
                self.cancelled = False
                self._pending.extend(fresh)
                self.set_timer(0.05, self._flush)  # coalesce a scanner burst into one query
        self._show_status()

    def _flush(self) -> None:
        if self._pending:
            numbers, self._pending = self._pending, []
            self._track(numbers)

    @work(thread=True, group="track")
    def _track(self, numbers: list[str]) -> None:
        try:
            with self.app.open_store() as store:
                self._track_in_parts(store, numbers)
        except Exception as e:  # shown on the status line, the screen stays usable
            self.post_message(self.Tracked([], f"跟踪失败: {e}"))

    @work(thread=True, group="track")
    def _track_selection(self, selection: Selection) -> None:
        """F12 on "all of this filter": the numbers are read here, not on the UI thread,
        and tracked while they are read, part by part; each part is on screen as soon as
        it is done (the first within a fraction of a second)."""
        seen: set[str] = set()
        read = 0

        def distinct() -> Iterator[str]:
            nonlocal read
            for n in selection.numbers(store):
                read += 1
                if n not in seen:
                    seen.add(n)
                    yield n

        try:
            with self.app.open_store() as store:
                self._track_in_parts(store, distinct(), lambda: read)
        except Exception as e:
            self.post_message(self.Tracked([], f"跟踪失败: {e}"))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Tracked([], read=len(selection)))  # every ticket read

    def _track_in_parts(self, store, numbers: Iterable[str], read: Callable[[], int] | None = None) -> None:
        """In the worker: a small first part (the first screenful fast), then big parts;
        stops between parts when cancelled (Escape)."""
        from kefu_tui.services.gc_pause import paused_gc

        with paused_gc():  # half the worker's time was the cycle collector (services.gc_pause)
            self._parts(store, numbers, read)

    def _parts(self, store, numbers: Iterable[str], read: Callable[[], int] | None) -> None:
        from kefu_tui.services.tracking import track, track_summaries

        worker, now, epoch = get_current_worker(), self.app.clock(), self._epoch
        numbers, at, size = iter(numbers), 0, FIRST_PART
        while part := list(islice(numbers, size)):
            if worker.is_cancelled:
                return
            if at < KEEP:  # whole trackings, kept for the detail pane
                got = [(t.waybill, t, track_row(t)) for t in track(store, part, now)]
            else:  # lines only: a row's timeline is read when the cursor lands on it
                got = [(s.waybill, None, summary_row(s)) for s in track_summaries(store, part, now)]
            self.post_message(self.Tracked(got, read=read() if read else None, epoch=epoch))
            at = at + len(part)
            size = KEEP - at if 0 < KEEP - at < PART else PART  # whole trackings up to KEEP only

    def on_tracking_screen_tracked(self, m: Tracked) -> None:
        if m.epoch is not None and m.epoch != self._epoch:
            return  # a part that was under way when Escape cancelled: what is on screen stays
        items, index, tracks = self.source.items, self._index, self.tracks
        for waybill, t, row in m.tracks:
            if t is not None and (len(tracks) < KEEP or waybill in tracks):
                tracks[waybill] = t
            at = index.get(waybill)
            if at is None:  # a selection's numbers come with their tracking
                index[waybill] = len(items)
                items.append(row)
            else:
                if items[at].cells[1] == PENDING:
                    self.waiting -= 1
                items[at] = row
        if m.read is not None and self._selection is not None:
            self.unread = len(self._selection) - m.read
        lst = self.query_one(WaybillList)
        lst.reload()
        self._show_status(m.error)
        self._show_detail(lst.cursor_row)

    @on(ScanBox.Scanned)
    def _scanned(self, m: ScanBox.Scanned) -> None:
        self.add_numbers([m.number])

    @on(ScanBox.Refused)
    def _refused(self, m: ScanBox.Refused) -> None:
        self.ignored += 1
        self.last_refusal = m.reason  # on the status line: a pasted column may hold many
        self._show_status()

    @property
    def busy(self) -> bool:
        """Numbers are still being read or tracked."""
        return bool(self.waiting or self.unread)

    def _show_status(self, error: str | None = None) -> None:
        total = len(self.source.items)
        parts = [f"共 {total:,} 票"]
        if self.unread:
            n = len(self._selection)
            parts.append(f"读取所选 {n - self.unread:,}/{n:,} 件" + (
                " (已取消)" if self.cancelled else ",跟踪中… Esc 取消"))
        if self.waiting:
            done = total - self.waiting
            parts.append(f"已查 {done:,}/{total:,}" + (" (已取消)" if self.cancelled else ",查询中… Esc 取消"))
        if self.ignored:
            parts.append(f"{self.ignored} 行非单号已忽略")
        if self.repeats:
            parts.append(f"{self.repeats} 重复已合并")
        if error:
            parts.append(error)
        if self.ignored:  # last: the counts must fit 80 columns before it
            parts.append(f"最后一行: {self.last_refusal}")
        # Text, not markup: a refused line or an error may hold brackets of its own
        self.query_one("#tracking-status", Static).update(Text(visible(" · ".join(parts))))

    # -- detail ---------------------------------------------------------------------
    @on(WaybillList.CursorMoved)
    def _cursor(self, m: WaybillList.CursorMoved) -> None:
        self._show_detail(m.row)

    def _show_detail(self, row: ListRow | None) -> None:
        pane = self.query_one("#tracking-timeline", Static)
        t = self.tracks.get(row.waybill) if row else None
        if t is not None:
            pane.update(timeline_text(t) + history_text(self.app.store, t.waybill))
        elif row is None:
            pane.update("选择一票查看详情")
        else:
            pane.update(plain(f"{row.waybill}  {PENDING}"))
            if row.cells[1] != PENDING:  # tracked, but not kept: read this one again
                self._track_one(row.waybill)

    @work(thread=True, exclusive=True, group="detail")
    def _track_one(self, waybill: str) -> None:
        from kefu_tui.services.tracking import track

        with self.app.open_store() as store:
            [t] = track(store, [waybill], self.app.clock())
        self.post_message(self.Detail(t))

    def on_tracking_screen_detail(self, m: Detail) -> None:
        row = self.query_one(WaybillList).cursor_row
        if row is not None and row.waybill == m.track.waybill:
            self.query_one("#tracking-timeline", Static).update(
                timeline_text(m.track) + history_text(self.app.store, m.track.waybill))

    def on_data_changed(self, message) -> None:
        """Issue 9: another clerk's change to the parcel under the cursor shows unasked."""
        row = self.query_one(WaybillList).cursor_row
        if row is not None and row.cells[1] != PENDING:
            self._track_one(row.waybill)

    @on(WaybillList.TrackRequested)
    def _retrack(self, m: WaybillList.TrackRequested) -> None:
        """F12 here refreshes the selected parcels instead of opening another screen."""
        m.stop()
        self._track(m.waybills)

    @on(WaybillList.Activated)
    def _activated(self) -> None:
        self.action_focus_detail()

    # -- actions ---------------------------------------------------------------------
    def action_focus_scan(self) -> None:
        self.query_one(ScanBox).focus()

    def action_focus_detail(self) -> None:
        self.query_one("#tracking-detail").focus()

    def action_clear(self) -> None:
        self.app.workers.cancel_group(self, "track")
        self.waiting, self.unread, self.cancelled = 0, 0, False
        self._selection = None
        self.source.items.clear()
        self._index.clear()
        self.tracks.clear()
        self.ignored = self.repeats = 0
        self.query_one(ScanBox).reset()
        self.query_one(WaybillList).set_source(self.source)
        self._show_detail(None)
        self._show_status()

    def action_close(self) -> None:
        """Escape: while numbers are still being tracked, stop that (what is on screen
        stays); otherwise leave the screen."""
        running = [w for w in self.app.workers if w.node is self and w.group == "track" and not w.is_finished]
        if running:
            self.app.workers.cancel_group(self, "track")
            self._epoch += 1
            self._pending.clear()
            self.cancelled = True
            self._show_status()
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            raise SkipAction()  # a desk of its own: the shell's Escape goes home

    def action_register(self) -> None:
        """Register the selected parcels (else the cursor's) as problem parcels (R-08)."""
        numbers = self.query_one(WaybillList).selected_waybills()
        if not numbers:
            self.notify("没有可登记的单号", severity="warning")
            return

        def done(choice: tuple[str, str] | None) -> None:
            if choice:
                self._register(numbers, *choice)

        self.app.push_screen(RegisterProblem(len(numbers)), done)

    def _register(self, numbers: list[str], kind: str, text: str) -> None:
        from kefu_tui.services.tickets import add_tickets

        now, user = self.app.clock(), self.app.user
        write(self, lambda store: add_tickets(store, numbers, kind, text, now, user),
              done=lambda r: self.post_message(self.Registered(r, numbers)),
              error=lambda e: self.post_message(self.Registered(None, numbers, e)),
              failed="登记失败", group="register")

    def on_tracking_screen_registered(self, m: Registered) -> None:
        if m.error:
            self.notify(m.error, severity="error")
            return
        r = m.result
        msg = f"已登记 {r.created} 票问题件"
        if r.batch_id is not None:
            msg += f" (批次 #{r.batch_id})"
        if r.skipped_open:
            msg += f", {len(r.skipped_open)} 票已有同类未结问题件"
        self.notify(msg)
        self.query_one(WaybillList).clear_selection()
        self._track(m.numbers)

