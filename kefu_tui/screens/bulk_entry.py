"""Bulk registration of problem parcels (批量登记问题件, R-08; the Huaibin list, R-22).

Scan or paste many numbers, pick one type and text (or a saved template), look at the
preview (unknown numbers, numbers already open), commit them all in ONE transaction, undo
the batch if it was wrong. The scanner is never blocked: each scan appends one row to an
in-memory list whose redraw is coalesced; the preview runs in a worker after the scanning
pauses and only for numbers it has not seen yet."""

from __future__ import annotations

import time

from textual.actions import SkipAction
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Select, Static

from kefu_tui.domain.tickets import DEFAULT_TEXT, TicketType
from kefu_tui.domain.untrusted import visible
from kefu_tui.screens.modals import ConfirmPrompt
from kefu_tui.screens.writes import WAITING, write
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.scan_box import ScanBox
from kefu_tui.widgets.waybill_list import Column, ListRow, MemorySource, WaybillList
from kefu_tui.widgets.key_footer import KeyFooter
from kefu_tui.widgets.plain import plain, plain_lines

COLUMNS = [Column("序号", 5, "seq"), Column("单号", 12, "waybill"), Column("次数", 4, "times"),
           Column("预检", 10, "check")]
CHECK_LABEL = {"ok": "正常", "unknown": "无记录", "open": "同类未结"}
REDRAW_S = 0.05  # coalesce a scanner burst into one redraw
PREVIEW_PAUSE_S = 0.2  # preview once the scanning pauses


class BulkEntryScreen(Screen):
    """F4: scan → type + text → preview → commit → (undo) (R-08)."""

    CSS_PATH = "bulk_entry.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "commit", "提交", id="bulk.commit", priority=True),
        Binding("ctrl+z", "undo", "撤销批次", id="bulk.undo", priority=True),
        Binding("ctrl+t", "next_template", "切换模板", id="bulk.template", priority=True),
        Binding("ctrl+e", "save_template", "存为模板", id="bulk.save_template", priority=True),
        Binding("ctrl+n", "new_batch", "清空", id="bulk.new", priority=True),
        Binding("ctrl+l", "focus_scan", "扫描", id="bulk.scan", show=False),
        Binding("escape", "close", "返回", id="bulk.close", show=False),
    ]

    class Previewed(Message):
        def __init__(self, checks: dict[str, str], error: str | None = None) -> None:
            super().__init__()
            self.checks = checks
            self.error = error

    class Committed(Message):
        def __init__(self, result, elapsed: float, error: str | None = None) -> None:
            super().__init__()
            self.result = result
            self.elapsed = elapsed
            self.error = error

    class Undone(Message):
        def __init__(self, batch_id: int | None, removed: int, error: str | None = None) -> None:
            super().__init__()
            self.batch_id = batch_id
            self.removed = removed
            self.error = error

    class TemplatesLoaded(Message):
        def __init__(self, templates: list[str]) -> None:
            super().__init__()
            self.templates = templates

    def __init__(self) -> None:
        super().__init__()
        self.source = MemorySource(COLUMNS)
        self.times: dict[str, int] = {}  # number → how often scanned
        self.position: dict[str, int] = {}
        self.checks: dict[str, str] = {}  # number → ok | unknown | open (preview)
        self.refused = 0
        self.templates: list[str] = []
        self._template_at = -1
        self._redraw_due = False
        self._preview_timer = None
        self._committing = False

    def compose(self) -> ComposeResult:
        yield BranchHeader()
        with Horizontal(id="bulk-body"):
            with Vertical(id="bulk-left"):
                yield ScanBox(id="bulk-scan")
                yield Static("", id="bulk-count")
                yield WaybillList(self.source, id="bulk-list")
            with Vertical(id="bulk-form"):
                yield Select([(f"{t.label} ({t.value})", t.value) for t in TicketType],
                             prompt="问题类型", id="bulk-type")
                yield Input(placeholder="登记内容 (ctrl+t 切换模板)", id="bulk-text")
                yield Static("", id="bulk-preview")
                yield Static("", id="bulk-result")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ScanBox).focus()
        self._show_count()
        self._load_templates()

    # -- scanning (never blocks: append, redraw later) ------------------------------
    @on(ScanBox.Scanned)
    def _scanned(self, m: ScanBox.Scanned) -> None:
        n = m.number
        if n in self.times:
            self.times[n] += 1
            at = self.position[n]
            row = self.source.items[at]
            self.source.items[at] = ListRow(n, n, (row.cells[0], n, f"×{self.times[n]}", row.cells[3]))
        else:
            self.times[n] = 1
            self.position[n] = len(self.source.items)
            self.source.items.append(ListRow(n, n, (str(len(self.source.items) + 1), n, "", "")))
        self._changed()

    @on(ScanBox.Refused)
    def _refused(self, m: ScanBox.Refused) -> None:
        self.refused += 1
        self.notify(m.notice, severity="warning", timeout=3, markup=False)
        self._changed()

    def _changed(self) -> None:
        if not self._redraw_due:
            self._redraw_due = True
            self.set_timer(REDRAW_S, self._redraw)
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_PAUSE_S, self._preview_now)

    def _redraw(self) -> None:
        self._redraw_due = False
        lst = self.query_one(WaybillList)
        lst.reload()
        if not lst.has_focus:
            lst.move_cursor(lst.row_count - 1)  # newest at the bottom, in view
        self._show_count()

    def _show_count(self) -> None:
        repeats = sum(self.times.values()) - len(self.times)
        text = f"已扫 {len(self.times)} 票"
        if repeats:
            text += f" · 重复扫描 {repeats} 次(已合并)"
        if self.refused:
            text += f" · 非单号 {self.refused} 行"
        self.query_one("#bulk-count", Static).update(text)

    # -- preview (incremental: only numbers not checked yet) -----------------------
    def _preview_now(self) -> None:
        todo = [n for n in self.times if n not in self.checks]
        if todo:
            self._preview(todo, self._kind())
        else:
            self._show_preview()

    def _kind(self) -> str | None:
        """The chosen problem type's code, None while none is chosen."""
        select = self.query_one("#bulk-type", Select)
        return None if select.is_blank() else str(select.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        # what the commit skips depends on the type: check every number again
        if event.select.id == "bulk-type" and self.times:
            self.checks.clear()
            self._preview_now()

    @work(thread=True, group="preview")
    def _preview(self, numbers: list[str], kind: str | None) -> None:
        try:
            from kefu_tui.services.tickets import preview_bulk

            with self.app.open_store() as store:
                p = preview_bulk(store, numbers, kind)
        except Exception as e:
            self.post_message(self.Previewed({}, f"预检失败: {e}"))
            return
        checks = {n: "ok" for n in p.ok}
        checks.update({n: "unknown" for n in p.unknown})
        checks.update({n: "open" for n in p.already_open})
        self.post_message(self.Previewed(checks))

    def on_bulk_entry_screen_previewed(self, m: Previewed) -> None:
        for n, check in m.checks.items():
            at = self.position.get(n)
            if at is None:
                continue  # cleared meanwhile
            self.checks[n] = check
            row = self.source.items[at]
            self.source.items[at] = ListRow(n, n, (*row.cells[:3], CHECK_LABEL[check]))
        self.query_one(WaybillList).reload()
        self._show_preview(m.error)

    def _show_preview(self, error: str | None = None) -> None:
        counts = {k: 0 for k in CHECK_LABEL}
        for n in self.times:
            c = self.checks.get(n)
            if c:
                counts[c] += 1
        waiting = len(self.times) - sum(counts.values())
        # every number is registered on commit: unknown ones too (a list can come before its
        # scans); only a same-type open ticket is skipped (R-08, the commit's own predicate)
        lines = [f"预检: 正常 {counts['ok']} · 无记录(仍登记) {counts['unknown']}"
                 f" · 已有同类未结 {counts['open']}(跳过)"]
        if waiting:
            lines.append(f"{waiting} 票预检中…")
        if error:
            lines.append(error)
        self.query_one("#bulk-preview", Static).update(plain_lines("\n".join(lines)))

    # -- templates -------------------------------------------------------------------
    @work(thread=True, group="templates")
    def _load_templates(self) -> None:
        try:
            from kefu_tui.services.tickets import list_templates

            with self.app.open_store() as store:
                self.post_message(self.TemplatesLoaded(list_templates(store)))
        except Exception:
            self.post_message(self.TemplatesLoaded(list(DEFAULT_TEXT.values())))

    def on_bulk_entry_screen_templates_loaded(self, m: TemplatesLoaded) -> None:
        self.templates = m.templates

    def action_next_template(self) -> None:
        if not self.templates:
            self.notify("没有保存的模板", severity="warning")
            return
        self._template_at = (self._template_at + 1) % len(self.templates)
        text = self.templates[self._template_at]
        self.query_one("#bulk-text", Input).value = visible(text)  # a template an old database holds
        kinds = [t for t, default in DEFAULT_TEXT.items() if default == text]
        if kinds:
            self.query_one("#bulk-type", Select).value = kinds[0].value

    def action_save_template(self) -> None:
        text = self.query_one("#bulk-text", Input).value.strip()
        if not text:
            self.notify("登记内容为空", severity="warning")
            return
        self._save_template(text, self._kind())

    def _save_template(self, text: str, kind: str | None) -> None:
        from kefu_tui.services.tickets import list_templates, save_template

        now, user = self.app.clock(), self.app.user

        def job(store) -> list[str]:
            save_template(store, text, kind, now=now, user=user)
            return list_templates(store)

        def saved(templates: list[str]) -> None:
            self.templates = templates
            self.notify(f"已存为模板: {text}")

        write(self, job, done=saved, failed="模板未保存", group="templates")

    # -- commit and undo -------------------------------------------------------------
    def action_commit(self) -> None:
        """R-08: one type and text on every scanned number, in one transaction."""
        if self._committing:
            return
        numbers = list(self.times)
        kind = self._kind()
        text = self.query_one("#bulk-text", Input).value.strip()
        if not numbers:
            self.notify("还没有扫描单号", severity="warning")
        elif kind is None:
            self.notify("请选择问题类型", severity="warning")
        elif not text:
            self.notify("请填写登记内容或选择模板 (ctrl+t)", severity="warning")
        else:
            self._committing = True
            self.query_one("#bulk-result", Static).update(f"提交中… {len(numbers)} 票")
            self._commit(numbers, str(kind), text)

    def _commit(self, numbers: list[str], kind: str, text: str) -> None:
        from kefu_tui.services.tickets import add_tickets

        t0, now, user = time.perf_counter(), self.app.clock(), self.app.user
        write(self, lambda store: add_tickets(store, numbers, kind, text, now, user),
              done=lambda r: self.post_message(self.Committed(r, time.perf_counter() - t0)),
              error=lambda e: self.post_message(self.Committed(None, 0.0, e)),
              waiting=lambda: self.query_one("#bulk-result", Static).update(WAITING),
              failed="提交失败", group="commit")

    def on_bulk_entry_screen_committed(self, m: Committed) -> None:
        self._committing = False
        box = self.query_one("#bulk-result", Static)
        if m.error:
            box.update(plain(m.error))
            self.notify(m.error, severity="error")
            return
        r = m.result
        msg = f"已登记 {r.created} 票问题件"
        if r.batch_id is not None:
            msg += f" (批次 #{r.batch_id})"
        if r.skipped_open:
            msg += f"\n{len(r.skipped_open)} 票已有同类未结问题件,未重复登记"
        if r.unknown:
            msg += f"\n{len(r.unknown)} 票系统中尚无记录(已登记)"
        box.update(msg + "\nctrl+z 撤销此批次")
        self.notify(msg.splitlines()[0])
        self._clear_scans()

    def action_undo(self) -> None:
        """R-08: take back the user's last batch, after a confirmation."""
        from kefu_tui.services.tickets import last_batch

        batch_id = last_batch(self.app.store, self.app.user)
        if batch_id is None:
            self.notify("没有可撤销的批次", severity="warning")
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._undo(batch_id)

        self.app.push_screen(ConfirmPrompt(f"撤销批次 #{batch_id} 的全部问题件登记?"), answer)

    def _undo(self, batch_id: int) -> None:
        from kefu_tui.services.tickets import undo_batch

        now, user = self.app.clock(), self.app.user
        write(self, lambda store: undo_batch(store, batch_id, now, user),
              done=lambda n: self.post_message(self.Undone(batch_id, n)),
              error=lambda e: self.post_message(self.Undone(batch_id, 0, e)),
              failed="撤销失败", group="commit")

    def on_bulk_entry_screen_undone(self, m: Undone) -> None:
        msg = m.error or f"已撤销批次 #{m.batch_id}: 删除 {m.removed} 票问题件"
        self.query_one("#bulk-result", Static).update(plain(msg))
        self.notify(msg, severity="error" if m.error else "information")

    # -- the rest --------------------------------------------------------------------
    def _clear_scans(self) -> None:
        self.source.items.clear()
        self.times.clear()
        self.position.clear()
        self.checks.clear()
        self.refused = 0
        self.query_one(ScanBox).reset()
        self.query_one(WaybillList).set_source(self.source)
        self._show_count()
        self._show_preview()

    def action_new_batch(self) -> None:
        self._clear_scans()
        self.query_one("#bulk-result", Static).update("")
        self.action_focus_scan()

    def action_focus_scan(self) -> None:
        self.query_one(ScanBox).focus()

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            raise SkipAction()  # a desk of its own: the shell's Escape goes home
