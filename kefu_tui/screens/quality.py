"""Quality desk (质控, F11): complaints and callbacks (投诉/回访, §11), the registers
R-31 网络订单, R-32 仲裁-被投诉方, R-33 罚款 (§8, §15) and the shift handover (交接记录本).

One WaybillList (F12 tracks the selection, R-05) whose source follows the tab (keys 1-6);
the cursor row's detail below it. Writes run in a thread worker with their own store;
lists are read a page at a time on the UI thread."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.content import Content
from textual.widgets import Static

from kefu_tui.domain import quality as dq
from kefu_tui.domain.clock import stamp
from kefu_tui.domain.money import yuan
from kefu_tui.screens.modals import ConfirmPrompt, TextPrompt
from kefu_tui.screens.writes import write
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.waybill_list import Column, ListRow, MemorySource, WaybillList
from kefu_tui.widgets.key_footer import KeyFooter
from kefu_tui.widgets.plain import markup


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    columns: list[Column]


TABS: tuple[Tab, ...] = (
    Tab("complaints", "投诉登记", [Column("编号", 4, "id"), Column("登记", 11, "at"),
        Column("投诉人", 8, "caller"), Column("电话", 11, "phone"), Column("进度", 8, "step"),
        Column("运单号", 12, "waybill"), Column("内容", 24, "text")]),
    Tab("callbacks", "待回访", [Column("编号", 4, "id"), Column("处理完", 11, "done"),
        Column("回访截止", 13, "by"), Column("投诉人", 8, "caller"), Column("电话", 11, "phone"),
        Column("运单号", 12, "waybill"), Column("内容", 18, "text")]),
    Tab("orders", "网络订单R31", [Column("订单号", 15, "order"), Column("下单", 11, "at"),
        Column("寄件人", 8, "sender"), Column("电话", 11, "phone"), Column("运单号", 12, "waybill"),
        Column("状态", 12, "status")]),
    Tab("arbitrations", "仲裁R32", [Column("仲裁单号", 12, "case"), Column("运单号", 12, "waybill"),
        Column("投诉网点", 12, "site"), Column("类型", 8, "kind"), Column("申诉截止", 11, "by"),
        Column("金额", 7, "amount"), Column("处理", 10, "decision")]),
    Tab("fines", "罚款R33", [Column("罚款单号", 13, "fine"), Column("时间", 11, "at"),
        Column("金额", 8, "amount"), Column("运单号", 12, "waybill"), Column("类型", 10, "kind"),
        Column("告知主管", 18, "told")]),
    Tab("handover", "交接", [Column("编号", 4, "id"), Column("时间", 11, "at"),
        Column("记录人", 8, "by"), Column("紧急", 4, "urgent"), Column("内容", 34, "text"),
        Column("运单号", 12, "waybill")]),
)
TAB_KEYS = [t.key for t in TABS]
ACTIONS_OF_TAB = {  # action → the tabs it works on (the others show it greyed out)
    "add": ("complaints", "callbacks", "handover"),
    "next_step": ("complaints", "callbacks"),
    "settle": ("orders", "arbitrations", "fines", "handover"),
    "appeal": ("arbitrations",),
    "done": ("handover",),
    "import_file": ("orders", "arbitrations", "fines"),
}
HINTS = {
    "complaints": "a 登记投诉 · n 下一步 · F12 跟踪",
    "callbacks": "n 回访(满意/不满意) · 回访截止 = 处理完 + 3 天",
    "orders": "s 已处理 · i 导入 · F12 跟踪",
    "arbitrations": "s 认责赔付 · p 申诉(写理由) · 截止 = 受理 + 24 小时",
    "fines": "s 已告知主管 · i 导入",
    "handover": "a 写交接 · d 办结",
}




def _short(stamp: str | None) -> str:
    if not stamp:
        return ""
    return stamp.replace("T", " ")[5:16]


class RegisterSource:
    """One tab of the desk as a RowSource, paged from the store (small reads)."""

    def __init__(self, store, tab: Tab, now):
        self.store, self.tab, self.now = store, tab, now
        self.columns = tab.columns
        self._count: int | None = None

    def count(self) -> int:
        from kefu_tui.services import quality as svc

        if self._count is None:
            k = self.tab.key
            if k == "complaints":
                self._count = svc.count_complaints(self.store)
            elif k in ("orders", "arbitrations", "fines"):
                self._count = svc.count_register(self.store, k)
            else:
                self._count = len(self._memory())
        return self._count

    def _memory(self) -> list[ListRow]:
        from kefu_tui.services import quality as svc

        if not hasattr(self, "_items"):
            if self.tab.key == "callbacks":
                self._items = [_callback_row(v) for v in
                               svc.list_complaints(self.store, self.now, callbacks_due=True)]
            else:
                self._items = [_note_row(n) for n in svc.open_notes(self.store)]
        return self._items

    def rows(self, offset: int, limit: int) -> list[ListRow]:
        from kefu_tui.services import quality as svc

        k = self.tab.key
        if k == "complaints":
            return [_complaint_row(v) for v in
                    svc.list_complaints(self.store, self.now, offset=offset, limit=limit)]
        if k in ("orders", "arbitrations", "fines"):
            now = stamp(self.now)
            return [ROW_OF[k](d, now) for d in svc.page_register(self.store, k, offset, limit)]
        return self._memory()[offset:offset + limit]


def _complaint_row(v) -> ListRow:
    step = v.step_label + ("·不满意" if v.outcome == dq.UNSATISFIED and v.step != "summary" else "")
    return ListRow(v.id, v.waybill or "", (str(v.id), _short(v.received_at), v.caller, v.phone,
                                            step, v.waybill or "", v.text))


def _callback_row(v) -> ListRow:
    by = _short(v.callback_by) + (" 超期" if v.callback_overdue else "")
    return ListRow(v.id, v.waybill or "", (str(v.id), _short(v.step_at), by, v.caller, v.phone,
                                            v.waybill or "", v.text))


def _note_row(n) -> ListRow:
    return ListRow(n.id, n.waybills[0] if n.waybills else "", (
        str(n.id), _short(n.at), n.by, "紧急" if n.urgent else "", n.text, " ".join(n.waybills)))


def _order_row(d: dict, now=None) -> ListRow:
    handled = dq.order_handled(d["waybill"], d["status"], d["handled_at"])
    status = d["status"] or ""
    if d["handled_at"]:
        status = f"已处理 {d['handled_by']}"
    elif not handled:
        status = status or "待处理"
    return ListRow(d["order_no"], d["waybill"] or "", (
        d["order_no"], _short(d["ordered_at"]), d["sender"] or "", d["sender_phone"] or "",
        d["waybill"] or "", status))


def _arbitration_row(d: dict, now=None) -> ListRow:
    decision = dq.DECISION_LABELS.get(d["decision"] or "", "待处理")
    if not d["decision"] and now is not None and dq.appeal_by(d["accepted_at"]) < now:
        decision = "已过期"
    return ListRow(d["case_no"], d["waybill"], (
        d["case_no"], d["waybill"], d["complainant"], d["kind"], _short(dq.appeal_by(d["accepted_at"])),
        yuan(d["amount_fen"]), decision))


def _fine_row(d: dict, now=None) -> ListRow:
    told = f"{d['told_by']} {_short(d['told_at'])}" if d["told_at"] else "待告知"
    return ListRow(d["fine_no"], d["waybill"] or "", (
        d["fine_no"], _short(d["fined_at"]), yuan(d["amount_fen"]), d["waybill"] or "",
        d["kind"] or "", told))


ROW_OF = {"orders": _order_row, "arbitrations": _arbitration_row, "fines": _fine_row}


class QualityScreen(Screen):
    """F11 质控: complaints, callbacks, R-31..R-33, handover."""

    CSS_PATH = "quality.tcss"
    BINDINGS = [
        *[Binding(str(i + 1), f"tab('{t.key}')", t.label, id=f"quality.tab{i + 1}", show=False)
          for i, t in enumerate(TABS)],
        Binding("left", "step_tab(-1)", "上一页", id="quality.prev", show=False),
        Binding("right", "step_tab(1)", "下一页", id="quality.next", show=False),
        Binding("a", "add", "新增", id="quality.add"),
        Binding("n", "next_step", "下一步", id="quality.next_step"),
        Binding("s", "settle", "认责/已办", id="quality.settle"),
        Binding("p", "appeal", "申诉", id="quality.appeal"),
        Binding("d", "done", "办结", id="quality.done"),
        Binding("i", "import_file", "导入", id="quality.import", show=False),  # in F1 and the status line: 80 columns
    ]

    def __init__(self, tab: str = "complaints") -> None:
        super().__init__()
        self.tab = TABS[TAB_KEYS.index(tab)]

    def compose(self) -> ComposeResult:
        yield BranchHeader()
        yield Static(id="quality-tabs")
        yield WaybillList(MemorySource(self.tab.columns), id="quality-list")
        yield Static(id="quality-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(WaybillList).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload(keep=True)  # back from a prompt: on the record the clerk was on

    # -- tabs and the list -------------------------------------------------------------
    def action_tab(self, key: str) -> None:
        self.tab = TABS[TAB_KEYS.index(key)]
        self.reload()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys that do something on this tab are shown in the footer."""
        wanted = ACTIONS_OF_TAB.get(action)
        return True if wanted is None or self.tab.key in wanted else None

    def action_step_tab(self, delta: int) -> None:
        self.action_tab(TAB_KEYS[(TAB_KEYS.index(self.tab.key) + delta) % len(TABS)])

    def on_data_changed(self, message) -> None:
        """Issue 9: another clerk's complaint step, handover note or import shows unasked,
        the cursor on the same record (issue 16 item 1)."""
        self.reload(keep=True)

    def reload(self, keep: bool = False) -> None:
        lst = self.query_one(WaybillList)
        lst.set_source(RegisterSource(self.app.store, self.tab, self.app.clock()), keep=keep)
        parts = []
        for i, t in enumerate(TABS):
            label = f" {i + 1} {t.label} "
            parts.append(f"[reverse b]{label}[/]" if t is self.tab else label)
        self.query_one("#quality-tabs", Static).update("".join(parts))
        self._show_detail(lst.cursor_row)

    @on(WaybillList.CursorMoved)
    def _moved(self, m) -> None:
        self._show_detail(m.row)

    def _show_detail(self, row: ListRow | None) -> None:
        from kefu_tui.services import quality as svc

        hint = HINTS[self.tab.key]
        text = markup("[dim]$hint[/]", hint=hint)
        if row is not None:
            k = self.tab.key
            if k in ("complaints", "callbacks"):
                text = _complaint_detail(svc.complaint_view(self.app.store, row.key, self.app.clock())) + \
                    markup("\n[dim]$hint[/]", hint=hint)
            elif k in ("orders", "arbitrations", "fines"):
                d = svc.register_detail(self.app.store, k, row.key)
                text = (DETAIL_OF[k](d, self.app.clock()) if d else markup("")) + markup("\n[dim]$hint[/]", hint=hint)
            elif k == "handover":
                text = markup("$text\n[dim]$by $at · $hint[/]", text=row.cells[4], by=row.cells[2],
                              at=row.cells[1], hint=hint)
        self.query_one("#quality-detail", Static).update(text)

    def _cursor(self) -> ListRow | None:
        return self.query_one(WaybillList).cursor_row

    # -- actions -----------------------------------------------------------------------
    def action_add(self) -> None:
        if self.tab.key in ("complaints", "callbacks"):
            self._add_complaint()
        elif self.tab.key == "handover":
            self._add_note()
        else:
            self.notify("登记表从乾坤系统导出后导入: 按 i 或 kefu import", timeout=4)

    @work(group="quality.form")
    async def _add_complaint(self) -> None:
        answers = []
        for title, ph, required in (
            ("投诉登记 1/4: 投诉人", "姓名", True), ("投诉登记 2/4: 电话", "手机号", True),
            ("投诉登记 3/4: 投诉内容", "何事", True), ("投诉登记 4/4: 运单号 (可空)", "12位单号", False),
        ):
            a = await self.app.push_screen_wait(TextPrompt(title, ph, required=required))
            if a is None:
                return
            answers.append(a)
        caller, phone, text, waybill = answers
        self._write("complaint.add", caller, phone, text, waybill or None)

    @work(group="quality.form")
    async def _add_note(self) -> None:
        text = await self.app.push_screen_wait(TextPrompt("交接记录: 给下一班的话", "何事,何单"))
        if not text:
            return
        urgent = await self.app.push_screen_wait(ConfirmPrompt("紧急吗? (y 紧急 / n 普通)"))
        nos = [w for w in text.split() if w.isdigit() and len(w) == 12]
        self._write("handover.add", text, bool(urgent), nos)

    def action_next_step(self) -> None:
        if self.tab.key in ("complaints", "callbacks") and self._cursor() is not None:
            self._next_step(self._cursor().key)

    @work(group="quality.form")
    async def _next_step(self, cid: int) -> None:
        from kefu_tui.services import quality as svc

        view = svc.complaint_view(self.app.store, cid, self.app.clock(), with_steps=False)
        if not view.next_steps:
            self.notify(f"投诉 #{cid} 已总结结案", severity="warning")
            return
        step = view.next_steps[0]
        text = await self.app.push_screen_wait(
            TextPrompt(f"投诉 #{cid} 下一步: {dq.STEP_LABELS[step]}", "说明"))
        if not text:
            return
        answer = None
        if step == "callback":
            ok = await self.app.push_screen_wait(ConfirmPrompt("客户满意吗? (y 满意 / n 不满意)"))
            answer = dq.SATISFIED if ok else dq.UNSATISFIED
        elif step == "judged":
            ok = await self.app.push_screen_wait(ConfirmPrompt("投诉成立吗? (y 成立 / n 不成立)"))
            answer = dq.JUSTIFIED if ok else dq.UNJUSTIFIED
        self._write("complaint.step", cid, step, text, answer)

    def action_settle(self) -> None:
        row = self._cursor()
        if row is None:
            return
        if self.tab.key == "arbitrations":
            self._decide(row.key, dq.SETTLE)
        elif self.tab.key == "fines":
            self._tell(row.key)
        elif self.tab.key == "orders":
            self._write("order.handled", row.key)
        elif self.tab.key == "handover":
            self._write("handover.done", row.key)

    def action_appeal(self) -> None:
        row = self._cursor()
        if row is not None and self.tab.key == "arbitrations":
            self._decide(row.key, dq.APPEAL)

    def action_done(self) -> None:
        row = self._cursor()
        if row is not None and self.tab.key == "handover":
            self._write("handover.done", row.key)

    @work(group="quality.form")
    async def _decide(self, case_no: str, decision: str) -> None:
        title = (f"{case_no} 申诉理由 (R-32)" if decision == dq.APPEAL
                 else f"{case_no} 认责, 与投诉网点协商赔付: 说明 (可空)")
        reason = await self.app.push_screen_wait(
            TextPrompt(title, "理由", required=decision == dq.APPEAL))
        if reason is None:
            return
        self._write("arbitration.decide", case_no, decision, reason)

    @work(group="quality.form")
    async def _tell(self, fine_no: str) -> None:
        who = await self.app.push_screen_wait(TextPrompt(f"{fine_no} 已告知哪位主管 (R-33)", "主管姓名"))
        if who:
            self._write("fine.told", fine_no, who)

    @work(group="quality.form")
    async def action_import_file(self) -> None:
        path = await self.app.push_screen_wait(
            TextPrompt("导入乾坤导出文件 (网络订单/仲裁查询/罚款查询, CSV 或 XLSX)", "文件路径"))
        if path:
            self._write("import", path)

    # -- writes: the one path (screens.writes), a worker with its own store ------------
    def _write(self, what: str, *args) -> None:
        now, user = self.app.clock(), self.app.user
        write(self, lambda store: WRITES[what](store, now, user, *args),
              done=self._written, failed="未保存", group="quality.write")

    def _written(self, done: str | tuple[str, int]) -> None:
        """The list again, on the record the clerk was on; on a record just added, that one
        (an add says ``(text, its id)``)."""
        text, new = done if isinstance(done, tuple) else (done, None)
        self.notify(text, timeout=4)
        self.reload(keep=True)
        lst = self.query_one(WaybillList)
        at = None if new is None else lst.locate(new, lst.cursor_index)
        if at is not None:
            lst.move_cursor(at)


def _complaint_added(store, now, user, caller, phone, text, waybill) -> tuple[str, int]:
    from kefu_tui.services import quality as svc

    cid = svc.add_complaint(store, caller, phone, text, waybill, now, user)
    return f"投诉 #{cid} 已登记", cid


def _complaint_step(store, now, user, cid, step, words, answer) -> str:
    from kefu_tui.services import quality as svc

    v = svc.add_step(store, cid, step, words, now, user, answer)
    text = f"投诉 #{cid}: {v.step_label}"
    if v.step == "callback" and v.outcome == dq.UNSATISFIED:
        text += " — 客户不满意, 投诉重新打开"
    return text


def _note_added(store, now, user, text, urgent, nos) -> tuple[str, int]:
    from kefu_tui.services import quality as svc

    nid = svc.add_note(store, text, urgent, now, user, nos).id
    return f"交接 #{nid} 已记录", nid


def _note_done(store, now, user, nid) -> str:
    from kefu_tui.services import quality as svc

    svc.mark_note_done(store, nid, now, user)
    return f"交接 #{nid} 已办结"


def _decided(store, now, user, case_no, decision, reason) -> str:
    from kefu_tui.services import quality as svc

    svc.decide_arbitration(store, case_no, decision, reason, now, user)
    return f"{case_no}: {dq.DECISION_LABELS[decision]}"


def _told(store, now, user, fine_no, who) -> str:
    from kefu_tui.services import quality as svc

    svc.tell_supervisor(store, fine_no, who, now, user)
    return f"{fine_no}: 已告知主管 {who}"


def _handled(store, now, user, order_no) -> str:
    from kefu_tui.services import quality as svc

    svc.mark_order_handled(store, order_no, now, user)
    return f"{order_no}: 已处理"


def _imported(store, now, user, path) -> str:
    from kefu_tui.services.imports import import_files

    r = import_files(store, [path], now, user)[0]
    return f"导入 {r.format}: 新增 {r.new}, 已有 {r.known + r.updated}, 拒绝 {len(r.rejected)}"


WRITES = {
    "complaint.add": _complaint_added, "complaint.step": _complaint_step,
    "handover.add": _note_added, "handover.done": _note_done,
    "arbitration.decide": _decided, "fine.told": _told, "order.handled": _handled,
    "import": _imported,
}


# The details below are our markup with stored values put in as $variables (plain text:
# a 寄件人 holding [/] or an escape sequence is drawn as it is, issue 15 item 3).
def _complaint_detail(v) -> Content:
    lines = [markup("#$id $caller $phone $waybill: $text", id=v.id, caller=v.caller, phone=v.phone,
                    waybill=v.waybill or "", text=v.text)]
    for s in v.steps[-3:]:
        ans = f" [{dq.ANSWER_LABELS[s.answer]}]" if s.answer else ""
        lines.append(markup("  $at $label$ans $by: $text", at=s.at[5:16], label=s.label, ans=ans,
                            by=s.by, text=s.text))
    if v.callback_by:
        lines.append(markup("  回访截止 $by" + (" [b red]已超期[/]" if v.callback_overdue else ""),
                            by=_short(v.callback_by)))
    elif v.next_steps:
        lines.append(markup("  下一步: $step", step=dq.STEP_LABELS[v.next_steps[0]]))
    return Content("\n").join(lines)


def _order_detail(d: dict, now) -> Content:
    return markup("$no $sender $phone\n$address", no=d["order_no"], sender=d["sender"] or "",
                  phone=d["sender_phone"] or "", address=d["sender_address"] or "")


def _arbitration_detail(d: dict, now) -> Content:
    from kefu_tui.domain.clock import parse_stamp

    left = (parse_stamp(d["appeal_by"]) - now).total_seconds() / 3600
    if d["decision"]:
        state = markup("$decision $by $at: $reason", decision=dq.DECISION_LABELS[d["decision"]],
                       by=d["decided_by"], at=_short(d["decided_at"]), reason=d["decision_reason"] or "")
    elif left < 0:
        state = markup("[b red]申诉已过期[/]")
    else:
        warn = "b red" if left <= dq.APPEAL_WARN_HOURS else "b"
        state = markup(f"[{warn}]申诉截止 $by (还剩 {left:.1f} 小时)[/]", by=_short(d["appeal_by"]))
    return markup("$case $complainant 投诉 $kind: $content\n", case=d["case_no"],
                  complainant=d["complainant"], kind=d["kind"], content=d["content"] or "") + state


def _fine_detail(d: dict, now) -> Content:
    told = (markup("已告知主管 $who ($by $at)", who=d["supervisor"] or "", by=d["told_by"],
                   at=_short(d["told_at"])) if d["told_at"] else markup("[b]待告知主管[/]"))
    return markup("$no $kind $amount元: $note\n", no=d["fine_no"], kind=d["kind"] or "",
                  amount=yuan(d["amount_fen"]), note=d["note"] or "") + told


DETAIL_OF = {"orders": _order_detail, "arbitrations": _arbitration_detail, "fines": _fine_detail}
