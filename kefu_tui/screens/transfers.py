"""Overzone transfers desk (超区转件, SPEC §6): the registered transfers (R-18) in a
WaybillList, ``d`` narrows it to today's follow-ups (R-21: made 3 days ago or more and
not signed; several attempts → check address and phone), ``q`` opens the quote form
(R-13–R-19: action, reasons, channels, fee, transfer day), ``a`` registers a transfer
(R-18), ``s``/``t`` mark the cursor row signed / one more delivery attempt."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from kefu_tui.domain import clock, words
from kefu_tui.domain.money import yuan
from kefu_tui.screens.writes import write
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.waybill_list import Column, ListRow, MemorySource, WaybillList
from kefu_tui.widgets.key_footer import KeyFooter
from kefu_tui.widgets.plain import plain

COLUMNS = [Column("单号", 12, "waybill"), Column("方式", 4, "mode"), Column("承运", 4, "carrier"),
           Column("新单号", 14, "new_waybill"), Column("费用", 6, "fee"), Column("确认", 4, "confirmed"),
           Column("天数", 4, "age"), Column("签收", 11, "signed")]


def transfer_row(rec, today, check_contact: bool = False) -> ListRow:
    """One transfer; age in days since it was made (R-21), '!' when attempts suggest a
    wrong address or phone."""
    made = clock.parse_stamp(rec.created_at).date()
    age = f"{(today - made).days}{'!' if check_contact else ''}"
    signed = rec.signed_at[5:16] if rec.signed_at else "未签"
    return ListRow(rec.id, rec.waybill, (
        rec.waybill, words.mode_name(rec.mode), words.carrier_name(rec.carrier),
        rec.new_waybill or "", yuan(rec.fee_fen), words.yes_no(rec.fee_confirmed), age, signed))


def parse_arrival(text: str, now):
    """'HH:MM' (today) or 'YYYY-MM-DD HH:MM[:SS]'; empty → now. None when unreadable."""
    text = text.strip()
    if not text:
        return now
    if len(text) <= 5 and ":" in text:
        text = f"{now.format('YYYY-MM-DD')} {text}"
    stamp = clock.normalize_stamp(text)
    return clock.parse_stamp(stamp) if stamp else None


def fee_line(q, weight=None) -> str:
    """R-14's fee with the whole kg it was computed on (the weight rounded up)."""
    if q.fee is None:
        return "不收 (内网到)"
    if weight is None:
        return q.fee
    from kefu_tui.domain.transfers import fee_kg

    return f"{q.fee} 元 (按 {fee_kg(weight)} kg 计, R-14)"


def quote_text(q, weight=None) -> str:
    """A TransferQuote as the clerk reads it (R-13–R-19)."""
    lines = [f"处理: {words.QUOTE_ACTIONS.get(q.action, q.action)}" + ("  (超区)" if q.overzone else ""),
             f"依据: {' '.join(q.reasons) or '-'}"]
    if q.action == "transfer":
        lines.append("渠道: " + " > ".join(words.carrier_name(c) for c in q.channels))
        lines.append(f"转件费: {fee_line(q, weight)}")
        lines.append(f"转件日: {q.transfer_on}")
    if q.outlet:
        lines.append(f"区域: {words.area_kind(q.area)} · {q.outlet}")
    lines.extend(f"注意: {n}" for n in q.notes)
    return "\n".join(lines)


class QuoteForm(ModalScreen[None]):
    """``kefu transfer quote`` on a form: address, weight, arrival time → the quote."""

    CSS_PATH = "transfers.tcss"
    BINDINGS = [Binding("escape", "close", "关闭", id="transfers.quote.close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="quote-box"):
            yield Label("超区转件报价 (R-13–R-19) · Enter 下一项/计算 · Esc 关闭", id="quote-title")
            for label, hint, fid in (("收件地址", "如 河南省信阳市淮滨县王家岗乡", "quote-to"),
                                     ("重量(kg)", "如 2.3", "quote-weight"),
                                     ("到件时间", "HH:MM 或 YYYY-MM-DD HH:MM (空=现在)", "quote-arrived")):
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Input(placeholder=hint, id=fid)
            yield Static("", id="quote-result")

    def on_mount(self) -> None:
        self.query_one("#quote-to", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        order = ["quote-to", "quote-weight", "quote-arrived"]
        at = order.index(event.input.id)
        if at < len(order) - 1 and not self.query_one(f"#{order[at + 1]}", Input).value:
            self.query_one(f"#{order[at + 1]}", Input).focus()
            return
        self.compute()

    def compute(self) -> None:
        from kefu_tui.services.transfers import quote

        out = self.query_one("#quote-result", Static)
        to = self.query_one("#quote-to", Input).value.strip()
        try:
            weight = Decimal(self.query_one("#quote-weight", Input).value.strip())
            if weight <= 0:
                raise InvalidOperation
        except InvalidOperation:
            out.update("[b red]重量要写正数 kg[/]")
            return
        arrived = parse_arrival(self.query_one("#quote-arrived", Input).value, self.app.clock())
        if not to or arrived is None:
            out.update("[b red]地址和到件时间要写清楚[/]")
            return
        # the area table as the clerks left it (a small read)
        q = quote(self.app.store, to, weight, arrived)
        self.quote = q
        out.update(quote_text(q, weight))

    def action_close(self) -> None:
        self.dismiss(None)


class TransfersScreen(Screen):
    """F7 超区转件: the transfers (R-18), due follow-ups (R-21), the quote form."""

    CSS_PATH = "transfers.tcss"
    # d and q are named in the title line; all keys are in F1 help (the footer fits 80)
    BINDINGS = [
        Binding("d", "toggle_due", "待跟进/全部", id="transfers.due", show=False),
        Binding("q", "quote", "转件报价", id="transfers.quote", show=False),
        Binding("a", "register", "登记转件", id="transfers.register"),
        Binding("s", "signed", "已签收", id="transfers.signed"),
        Binding("t", "attempt", "派送+1", id="transfers.attempt"),
        Binding("r", "refresh", "刷新", id="transfers.refresh", show=False),
    ]

    class Loaded(Message):
        def __init__(self, rows: list[ListRow], error: str | None = None, due_only: bool = False,
                     due: int = 0) -> None:
            super().__init__()
            self.due = due
            self.rows = rows
            self.error = error
            self.due_only = due_only

    def __init__(self) -> None:
        super().__init__()
        self.due_only = False
        self.source = MemorySource(COLUMNS)

    def compose(self) -> ComposeResult:
        yield BranchHeader()
        yield Static("", id="transfers-title")
        yield WaybillList(self.source, id="transfers-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(WaybillList).focus()
        self.action_refresh()

    def on_data_changed(self, message) -> None:
        """Issue 9: another clerk's registration shows unasked, cursor and selection kept
        on their transfers (issue 16 item 1)."""
        self.action_refresh()

    def action_refresh(self) -> None:
        self._load(self.due_only)

    def action_toggle_due(self) -> None:
        self.due_only = not self.due_only
        self._new_rows = True  # another list: the cursor starts at its top
        self.action_refresh()

    @work(thread=True, exclusive=True, group="transfers.load")
    def _load(self, due_only: bool) -> None:
        from kefu_tui.services.transfers import due_count, due_followups, list_transfers

        try:
            with self.app.open_store() as store:
                now = self.app.clock()
                today = clock.day_of(now)
                if due_only:
                    rows = [transfer_row(f.transfer, today, f.check_contact) for f in due_followups(store, now)]
                else:
                    rows = [transfer_row(r, today, False) for r in reversed(list_transfers(store))]
                due = len(rows) if due_only else due_count(store, now)  # home's 转件待跟进 (issue 7)
        except Exception as e:
            self.post_message(self.Loaded([], f"读取失败: {e}", due_only))
            return
        self.post_message(self.Loaded(rows, due_only=due_only, due=due))

    @on(Loaded)
    def _loaded(self, m: Loaded) -> None:
        if m.due_only != self.due_only:
            # A thread worker cannot be stopped: a load started before 'd' may finish after it.
            return
        title = self.query_one("#transfers-title", Static)
        if m.error:
            title.update(plain(m.error))
            return
        self.source.items = m.rows
        fresh, self._new_rows = getattr(self, "_new_rows", False), False
        self.query_one(WaybillList).set_source(self.source, keep=not fresh)
        if self.due_only:
            title.update(f"待跟进 R-21 (转出≥3天未签): {len(m.rows)} 票 · !=多次派送,核对地址电话 · d 全部")
        else:
            title.update(f"转件登记 (R-18): {len(m.rows)} 票, 新的在前 · 待跟进 {m.due} 票: d 只看待跟进 · q 报价")

    def action_quote(self) -> None:
        self.app.push_screen(QuoteForm())

    def action_register(self) -> None:
        """R-18: register a transfer (the cursor row's waybill filled in when there is one)."""
        from kefu_tui.screens.transfer_form import RegisterTransferForm

        row = self.query_one(WaybillList).cursor_row
        self.app.push_screen(RegisterTransferForm(row.waybill if row else None), self._registered)

    def _registered(self, summary: str | None) -> None:
        if summary:
            self.notify(summary)
            self.action_refresh()

    def action_signed(self) -> None:
        """R-21: the other carrier signed the cursor row's transfer; it leaves the follow-ups."""
        self._on_cursor_transfer("mark_signed", "已标记签收")

    def action_attempt(self) -> None:
        """R-21: one more delivery attempt seen in the other carrier's tracking."""
        self._on_cursor_transfer("record_attempt", "已记派送次数")

    def _on_cursor_transfer(self, name: str, done: str) -> None:
        from kefu_tui.services import transfers

        row = self.query_one(WaybillList).cursor_row
        if row is None:
            return
        key, now, user = row.key, self.app.clock(), self.app.user

        def written(_: None) -> None:
            self.notify(f"{row.waybill} {done}")
            self.action_refresh()

        write(self, lambda store: getattr(transfers, name)(store, key, now, user), done=written,
              failed=f"{row.waybill} 未保存")
