"""Returns (退件, R-09) on screen: the sender's reply form, the return label, and the
"to return today" view (今日退件: those that may and those that must go back).

The form checks a reply where it is typed (``domain.returns.check_reply``) and says why it
refuses; the service checks again inside its transaction. Returns (one parcel or a selection)
take the screens' one write path (``screens.writes.write``: off the UI thread, one
transaction); the labels and the refused with their reasons come back together."""

from __future__ import annotations

import re
from typing import ClassVar

import arrow
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from kefu_tui.domain import clock as bc
from kefu_tui.domain.returns import (
    HOLD_HOURS, ReplyKind, ReplyRefused, ReturnLabel, check_reply, label_lines,
)
from kefu_tui.screens.ticket_source import TicketSource
from kefu_tui.screens.writes import write
from kefu_tui.services.returns import return_parcels
from kefu_tui.services.tickets import TicketFilter
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.waybill_list import WaybillList
from kefu_tui.widgets.key_footer import KeyFooter
from kefu_tui.domain.untrusted import visible
from kefu_tui.widgets.plain import plain

KIND_KEYS = {"1": ReplyKind.HOLD, "2": ReplyKind.REDELIVER, "3": ReplyKind.RETURN,
             "4": ReplyKind.UNCLEAR}
_SHORT = re.compile(r"^\s*(?:(\d{4})-)?(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2}))?\s*$")


def parse_until(text: str, now: arrow.Arrow) -> arrow.Arrow:
    """A hold's end as a clerk types it: ``12-05 18:00``, ``2026-12-05 18:00``, ``12-05``
    (that day 18:00). ValueError with the clerk's reason otherwise."""
    m = _SHORT.match(text or "")
    if not m:
        raise ValueError("暂放截止时间请写成 月-日 时:分,例如 12-05 18:00")
    y, mo, d, h, mi = m.groups()
    try:
        return arrow.Arrow(int(y or now.year), int(mo), int(d), int(h or 18), int(mi or 0),
                           tzinfo=bc.TZ)
    except ValueError as e:
        raise ValueError(f"没有这个时间: {text.strip()}") from e


class KindPicker(Static, can_focus=True):
    """The reply's kind: one key each (1 暂放, 2 再派, 3 退回, 4 不明确), ←/→ to move."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick('1')", "暂放", id="reply.hold"),
        Binding("2", "pick('2')", "再派", id="reply.redeliver"),
        Binding("3", "pick('3')", "退回", id="reply.return"),
        Binding("4", "pick('4')", "不明确", id="reply.unclear"),
        Binding("left", "step(-1)", "上一个", show=False, id="reply.left"),
        Binding("right", "step(1)", "下一个", show=False, id="reply.right"),
        Binding("enter", "next", "下一项", show=False, id="reply.next"),
    ]

    def action_pick(self, key: str) -> None:
        self.screen.choose(KIND_KEYS[key], advance=True)

    def action_step(self, step: int) -> None:
        kinds = list(KIND_KEYS.values())
        self.screen.choose(kinds[(kinds.index(self.screen.kind) + step) % len(kinds)])

    def action_next(self) -> None:
        self.screen.focus_next()


class ReplyForm(ModalScreen[dict | None]):
    """发件网点回复 — one key picks the kind (1 暂放, 2 再派, 3 退回, 4 不明确); a hold takes
    its end (at most 3 days, R-09), a redelivery the new address or phone. Enter saves
    (dismisses with ``{"kind", "until", "text"}``) only when the reply makes sense."""

    CSS_PATH = "returns.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", id="reply.cancel"),
    ]

    def __init__(self, waybill: str, now: arrow.Arrow, kind: ReplyKind = ReplyKind.HOLD) -> None:
        super().__init__()
        self.waybill = waybill
        self.now = now
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="reply-box"):
            yield Label(f"发件网点回复  {self.waybill}", classes="reply-title")
            yield KindPicker(id="reply-kinds")
            yield Label("暂放至(月-日 时:分,最长3天)", id="reply-until-label")
            latest = self.now.shift(hours=HOLD_HOURS)
            yield Input(value=latest.format("MM-DD HH:mm"), id="reply-until")
            yield Label("回复内容(再派:新地址或新电话)", id="reply-text-label")
            yield Input(placeholder="例如 客户出差,下周一再派", id="reply-text")
            yield Static("", id="reply-error", classes="reply-error")
            yield Static("1-4 选回复 · Tab 下一项 · Enter 保存 · Esc 取消", classes="reply-hint")

    def on_mount(self) -> None:
        self.choose(self.kind)
        self.query_one(KindPicker).focus()

    def choose(self, kind: ReplyKind, advance: bool = False) -> None:
        """Show ``kind`` chosen; a hold shows its end field. ``advance``: go to the next field."""
        self.kind = kind
        t = Text()
        for key, k in KIND_KEYS.items():
            t.append(f" {key} ", "bold")
            t.append(f" {k.label} ", "reverse bold" if k == kind else "dim")
        self.query_one(KindPicker).update(t)
        hold = kind == ReplyKind.HOLD
        self.query_one("#reply-until").display = hold
        self.query_one("#reply-until-label").display = hold
        self.query_one("#reply-error", Static).update("")
        if advance:
            self.query_one("#reply-until" if hold else "#reply-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "reply-until":
            self.query_one("#reply-text", Input).focus()
            return
        self.save()

    def save(self) -> None:
        """Check where typed (R-09); dismiss only with a reply that makes sense."""
        text = self.query_one("#reply-text", Input).value.strip()
        until = None
        try:
            if self.kind == ReplyKind.HOLD:
                until = parse_until(self.query_one("#reply-until", Input).value, self.now)
            check_reply(self.kind, self.now, until)
            if self.kind == ReplyKind.REDELIVER and not text:
                raise ReplyRefused("再派请写明新地址或新电话")
        except ValueError as e:
            self.query_one("#reply-error", Static).update(plain(f"未保存:{e}"))  # the error may quote what was typed
            return
        self.dismiss({"kind": self.kind.value, "until": until, "text": text})

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReturnLabelScreen(ModalScreen[None]):
    """退件标签 — the labels of the parcels just returned, and the refused with why."""

    CSS_PATH = "returns.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "关闭", id="label.close"),
    ]

    def __init__(self, labels: list[ReturnLabel], refused: list[tuple[str, str]] = ()) -> None:
        super().__init__()
        self.labels = labels
        self.refused = list(refused)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="label-box"):
            head = f"已退件 {len(self.labels)} 件" + (f",未退 {len(self.refused)} 件" if self.refused else "")
            yield Label(head, classes="reply-title")
            for lab in self.labels:
                # plain text, one stored field one line: an address may hold [/] or ESC
                yield Static(Text("\n".join(visible(line) for line in label_lines(lab))), classes="return-label")
            if self.refused:
                yield Static(Text("\n".join(visible(reason) for _, reason in self.refused)), classes="reply-error")
            yield Static("贴在面单右上角,原目的地用\\划掉 · Enter/Esc 关闭", classes="reply-hint")

    def action_close(self) -> None:
        self.dismiss(None)


class ReturnsScreen(Screen):
    """今日退件 — open problem parcels that may (72 h, hold over) or must (the sender asked)
    go back today (R-09). Space selects, ``t`` returns the selection (or the cursor row),
    F12 tracks (R-05), Enter opens the ticket."""

    CSS_PATH = "returns.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "return_selected", "退件", id="returns.return"),
        Binding("m", "toggle_must", "只看必退", id="returns.must"),
        Binding("escape", "back", "返回", id="returns.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.must_only = False

    def compose(self) -> ComposeResult:
        yield BranchHeader()
        yield Static(id="returns-title")
        yield WaybillList(self._source(), id="returns-list")
        yield Static(id="returns-status")
        yield KeyFooter()

    def _filter(self) -> TicketFilter:
        return TicketFilter(returnable=not self.must_only, must_return=self.must_only,
                            sort="created")

    def _source(self) -> TicketSource:
        return TicketSource(self.app.store, self._filter(), self.app.clock())

    @property
    def list(self) -> WaybillList:
        return self.query_one("#returns-list", WaybillList)

    def on_mount(self) -> None:
        self.list.focus()
        self._show()

    def on_data_changed(self, message) -> None:
        """Issue 9: another clerk's reply or return changes the list unasked."""
        self.reload(keep=True)

    def reload(self, keep: bool = False) -> None:
        self.list.set_source(self._source(), keep=keep)
        self._show()

    def _show(self) -> None:
        what = "发件网点要求退回(必退)" if self.must_only else "可退件与必退件"
        self.query_one("#returns-title", Static).update(
            Text.assemble(("今日退件 ", "bold"), f"R-09 {what}"))
        n = self.list.source.count()
        self.query_one("#returns-status", Static).update(Text.assemble(
            (f"共 {n} 件", "bold"), ("   空格 选择 · t 退件并出标签 · F12 跟踪 · m 只看必退", "dim")))

    def action_toggle_must(self) -> None:
        self.must_only = not self.must_only
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_return_selected(self) -> None:
        nos = self.list.selected_waybills()
        if not nos:
            self.notify("没有可退的件", severity="warning", timeout=2)
            return
        now, user = self.app.clock(), self.app.user
        write(self, lambda store: return_parcels(store, nos, now, user), done=self.returned,
              failed="未退件", group="returns")

    def returned(self, batch) -> None:
        """The labels of those returned, the refused with their reasons (R-09)."""
        self.list.clear_selection()
        self.reload(keep=True)
        self.app.push_screen(ReturnLabelScreen(batch.labels, [(x.waybill, x.reason) for x in batch.refused]))

    def on_waybill_list_activated(self, event: WaybillList.Activated) -> None:
        from kefu_tui.screens.ticket_detail import TicketDetailScreen

        event.stop()
        self.app.push_screen(TicketDetailScreen(int(event.row.key)), lambda _: self.reload(keep=True))
