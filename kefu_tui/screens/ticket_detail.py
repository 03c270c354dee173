"""TicketDetailScreen (问题件详情): one problem parcel with all its follow-ups (appended,
never edited away, R-07), its photos and its waybill's tracking (state derived from scans,
R-04; the next action the rules require, R-06/R-09/R-10) and its history (who, when,
what changed: the audit trail, issue 9). Keys: ``n`` note (dated ``(MMDD)``), ``c`` close
(reason required), ``o`` re-open, ``r`` the sender's reply and ``t`` return (退件, R-09; the
return clock is shown in words), ``v`` show the whole phone (an audit entry), ``a`` attach
a photo (copied under ``photos/<waybill>/``, SPEC §5), F12 tracks this waybill (R-05),
Escape back. A close or re-open on a view another clerk has changed meanwhile is refused
with who and when, and the screen reloads; another clerk's change reloads it unasked."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from kefu_tui.config import data_dir
from kefu_tui.domain import words
from kefu_tui.domain.untrusted import visible
from kefu_tui.screens.modals import TextPrompt
from kefu_tui.screens.data_changed import DataChanged
from kefu_tui.screens.writes import write
from kefu_tui.services.audit import record_reveal, trail
from kefu_tui.services.returns import record_reply, return_parcels, ticket_clock
from kefu_tui.services.tickets import (
    add_note,
    attach_photo,
    close_ticket,
    reopen_ticket,
    ticket_detail,
)
from kefu_tui.services.tracking import track
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.waybill_list import WaybillList
from kefu_tui.widgets.key_footer import KeyFooter


def photos_root(app) -> Path:
    """The photos folder: the clerk's setting ``photos_dir`` when the shell has one,
    else ``<data dir>/photos``."""
    settings = getattr(app, "settings", None)
    configured = getattr(settings, "photos_dir", None) or getattr(app, "photos_dir", None)
    return Path(configured) if configured else data_dir() / "photos"


def _days(since: str, today: date) -> int:
    return (today - date.fromisoformat(since[:10])).days


class TicketDetailScreen(Screen):
    """One ticket: facts, notes in order, photos, tracking."""

    CSS_PATH = "ticket_detail.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "note", "跟进", id="detail.note"),
        Binding("c", "close_ticket", "关闭", id="detail.close"),
        Binding("o", "reopen", "重开", id="detail.reopen"),
        Binding("v", "reveal", "电话", id="detail.reveal"),
        Binding("a", "attach", "附照片", id="detail.attach"),
        Binding("r", "reply", "回复", id="detail.reply"),
        Binding("t", "return_parcel", "退件", id="detail.return"),
        Binding("f12", "track", "跟踪", id="detail.track"),
        Binding("escape", "back", "返回", id="detail.back"),
    ]

    def __init__(self, ticket_id: int) -> None:
        super().__init__()
        self.ticket_id = ticket_id
        self.detail = None
        self.revealed = False  # the whole phone shown, after the clerk asked (audit entry)

    def compose(self) -> ComposeResult:
        yield BranchHeader()
        with VerticalScroll(id="detail-body"):
            yield Static(id="detail-ticket", classes="detail-block")
            yield Static("跟进记录", classes="detail-title")
            yield Static(id="detail-notes", classes="detail-block")
            yield Static("照片", classes="detail-title")
            yield Static(id="detail-photos", classes="detail-block")
            yield Static("变更记录", classes="detail-title")
            yield Static(id="detail-history", classes="detail-block")
            yield Static("跟踪", classes="detail-title")
            yield Static(id="detail-track", classes="detail-block")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#detail-body").focus()
        self.load()

    @property
    def waybill(self) -> str:
        return self.detail.ticket.waybill if self.detail else ""

    def load(self) -> None:
        """One ticket and one waybill's scans: small reads, done on the UI thread."""
        store, now = self.app.store, self.app.clock()
        self.detail = ticket_detail(store, self.ticket_id, reveal=self.revealed)
        self._show_ticket(now)
        self._show_notes()
        self._show_photos()
        self._show_history(store)
        self.refresh_bindings()
        tracks = track(store, [self.waybill], now)
        self._show_track(tracks[0] if tracks else None)

    def _show_ticket(self, now) -> None:
        t = self.detail.ticket
        today = now.date()
        status = (words.status_word(t.status) if t.status == "open"
                  else f"{words.status_word(t.status)} {t.closed_at or ''} {visible(t.closed_by or '')}")
        lines = Text()
        lines.append(f"运单号 {t.waybill}", "bold")
        lines.append(f"   {t.type_label}", "bold")
        lines.append(f"   {status}\n", "green" if t.status != "open" else "yellow")
        lines.append(f"发往网点 {visible(t.party or '—')}   登记 {t.created_at} ({visible(t.created_by)})"
                     f"   已 {_days(t.created_at, today)} 天\n")
        stale = _days(t.updated_at, today)
        lines.append(f"最后更新 {t.updated_at}   ")
        lines.append(f"{stale} 天未更新" if stale else "今日已更新", "bold red" if stale else "")
        lines.append(f"\n登记内容 {visible(t.text)}")
        if t.status == "open":  # the return clock, in the clerk's words
            clock = ticket_clock(t, now)
            lines.append(f"\n退件 {clock.words(now)}", "bold red" if clock.allowed else "")
        if t.close_reason:
            lines.append(f"\n关闭原因 {visible(t.close_reason)}")
        info = self.detail.waybill_info
        if info is not None:
            lines.append(f"\n收件人 {visible(info.receiver or '—')}  {visible(info.phone)}  {visible(info.address)}")
        self.query_one("#detail-ticket", Static).update(lines)

    def _show_notes(self) -> None:
        notes = self.detail.notes
        text = Text()
        for i, n in enumerate(notes):
            text.append(("\n" if i else "") + f"{n.at}  {visible(n.by)}  ", "dim")
            text.append(visible(n.text))
        self.query_one("#detail-notes", Static).update(text if notes else Text("(暂无跟进)", "dim"))

    def _show_photos(self) -> None:
        photos = [str(getattr(p, "path", p)) for p in self.detail.photos]
        body = Text("\n".join(visible(p) for p in photos)) if photos else Text("(无照片, a 添加)", "dim")
        self.query_one("#detail-photos", Static).update(body)

    def _show_history(self, store) -> None:
        entries = trail(store, waybill=self.waybill, limit=30)
        text = Text("\n".join(visible(e.summary) for e in entries)) if entries else Text("(无记录)", "dim")
        self.query_one("#detail-history", Static).update(text)

    def on_data_changed(self, message: DataChanged) -> None:
        """Another clerk's note, close or re-open: show it now (issue 9)."""
        if self.detail is not None:
            self.load()

    def _refused(self, text: str) -> None:
        """A write refused (another clerk changed the ticket first: who and when) or
        failed: say so, and show the ticket as it is now."""
        self.notify(text, severity="error", timeout=8)
        self.load()

    def _show_track(self, pt) -> None:
        text = Text()
        if pt is None or not pt.known:
            text.append("系统中没有此单的扫描记录", "dim")
        else:
            text.append(f"状态 {visible(pt.state)}", "bold")
            text.append(f"   网点 {visible(pt.site or '—')}\n")
            for s in pt.scans:
                hop = f" → {visible(s.next_site)}" if s.next_site else ""
                who = f"  {visible(s.operator)}" if s.operator else ""
                text.append(f"{s.at}  {visible(s.kind):<4} {visible(s.site)}{hop}{who}\n")
        if pt is not None:
            text.append(f"下一步 {pt.next_action if pt.next_action != 'none' else '无'}", "bold")
        self.query_one("#detail-track", Static).update(text)

    # -- actions -----------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss(None)

    def action_reply(self) -> None:
        """R-09: the sender outlet's reply (hold / redeliver / return / unclear), checked
        where typed; saved as a dated note (R-07) that moves the return clock."""
        from kefu_tui.screens.returns import ReplyForm

        def save(reply: dict | None) -> None:
            if reply is None:
                return
            tid, now, user = self.ticket_id, self.app.clock(), self.app.user

            def saved(res) -> None:
                self.notify(f"已记录回复: {res.note}", timeout=4)
                self.load()

            write(self, lambda store: record_reply(store, tid, reply["kind"], now, user,
                                                   reply["until"], reply["text"]),
                  done=saved, failed="未保存")

        self.app.push_screen(ReplyForm(self.waybill, self.app.clock()), save)

    def action_return_parcel(self) -> None:
        """R-09: return this parcel (scans, ticket closed 退件) and show its label; the
        guard's refusal is shown with its reason."""
        from kefu_tui.screens.returns import ReturnLabelScreen

        no, now, user = self.waybill, self.app.clock(), self.app.user

        def returned(batch) -> None:
            if batch.refused:
                self.notify(f"不能退件: {batch.refused[0].reason}", severity="error", timeout=8)
                return
            self.load()
            self.app.push_screen(ReturnLabelScreen(batch.labels))

        write(self, lambda store: return_parcels(store, [no], now, user), done=returned,
              failed="未退件")

    def action_track(self) -> None:
        """F12 (R-05): the shell answers TrackRequested with the tracking screen."""
        if self.waybill:
            self.post_message(WaybillList.TrackRequested([self.waybill]))

    def action_note(self) -> None:
        """R-07: append a follow-up, dated ``(MMDD)`` by the service."""
        def save(text: str | None) -> None:
            if text is None:
                return
            tid, now, user = self.ticket_id, self.app.clock(), self.app.user

            def saved(dated: str) -> None:
                self.notify(f"已跟进: {dated}", timeout=4)
                self.load()

            write(self, lambda store: add_note(store, tid, text, now, user), done=saved, failed="未保存",
                  error=self._refused)

        self.app.push_screen(TextPrompt(f"跟进 {self.waybill}", "跟进内容(自动加日期 MMDD)"), save)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # re-open only a closed ticket; close only an open one
        if self.detail is not None and action in ("reopen", "close_ticket"):
            return self.detail.ticket.is_open == (action == "close_ticket")
        return True

    def action_reveal(self) -> None:
        """Issue 9: the whole phone, on purpose; the audit trail names the waybill."""
        if self.detail is None or self.revealed:
            return
        nos, now, user = [self.waybill], self.app.clock(), self.app.user

        def shown(_: None) -> None:
            self.revealed = True
            self.load()

        write(self, lambda store: record_reveal(store, nos, now, user, "ticket detail"), done=shown,
              failed="未显示")

    def action_reopen(self) -> None:
        """Re-open a closed ticket (the sender outlet wrote again); refused on a stale view."""
        if self.detail is None:
            return
        tid, now, user, seen = self.ticket_id, self.app.clock(), self.app.user, self.detail.ticket.version

        def reopened(_: None) -> None:
            self.notify("已重新打开", timeout=4)
            self.load()

        write(self, lambda store: reopen_ticket(store, tid, now, user, seen_version=seen), done=reopened,
              failed="未重开", error=self._refused)

    def action_close_ticket(self) -> None:
        seen = self.detail.ticket.version if self.detail else None  # the view the clerk decides on

        def close(reason: str | None) -> None:
            if reason is None:
                return
            tid, now, user = self.ticket_id, self.app.clock(), self.app.user

            def closed(_: None) -> None:
                self.notify(f"已关闭: {reason}", timeout=4)
                self.load()

            write(self, lambda store: close_ticket(store, tid, reason, now, user, seen_version=seen),
                  done=closed, failed="未关闭", error=self._refused)

        self.app.push_screen(TextPrompt(f"关闭问题件 {self.waybill}", "关闭原因(必填)"), close)

    def action_attach(self) -> None:
        """SPEC §5 (破损/错分): photos are stored under the waybill number."""
        def attach(path: str | None) -> None:
            if path is None:
                return
            src = Path(path.strip().strip("'\"")).expanduser()
            tid, root, now, user = self.ticket_id, photos_root(self.app), self.app.clock(), self.app.user

            def attached(target: Path) -> None:
                self.notify(f"照片已保存: {target}", timeout=4)
                self.load()

            write(self, lambda store: attach_photo(store, tid, src, root, now, user),
                  done=attached, failed="未添加照片")

        self.app.push_screen(TextPrompt(f"为 {self.waybill} 添加照片", "照片文件路径"), attach)
