"""The exceptions panes of the counter desk: return receipts (R-10), brushing parcels
(R-11), unidentified goods (R-12) and the day's payment slips (R-41).

Receipts and brushing parcels are scanned in bursts into a ScanBox (every line kept) and
listed at once; ctrl+s commits the whole list in one transaction in a thread worker with
its own store, and each row then shows what became of it."""

from __future__ import annotations

import re
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from kefu_tui.domain import counter as c
from kefu_tui.domain.intake import yuan
from kefu_tui.widgets.scan_box import ScanBox
from kefu_tui.widgets.waybill_list import Column, ListRow, MemorySource, WaybillList
from kefu_tui.domain.untrusted import visible

_BARCODE = re.compile(r"^[A-Za-z0-9]{6,20}$")


class Done(Message):
    """A worker's answer to a pane: ``result`` or ``error``."""

    def __init__(self, pane: str, result=None, error: str | None = None) -> None:
        super().__init__()
        self.pane, self.result, self.error = pane, result, error


class Listed(Message):
    def __init__(self, rows: list[ListRow], text: Text | str | None = None) -> None:
        super().__init__()
        self.rows, self.text = rows, text


def _listed(pane, m: Listed) -> None:
    m.stop()
    pane.source.items = m.rows
    pane.query_one(WaybillList).set_source(pane.source, keep=True)  # on its records (issue 16)
    if m.text is not None:
        pane.query_one("#slips-summary", Static).update(m.text)


def _status(widget, text: Text | str) -> None:
    widget.query_one(".pane-status", Static).update(text)


class ScanPane(Vertical):
    """A ScanBox over a list of what was scanned, committed whole with ctrl+s."""

    NAME = ""
    COLUMNS = [Column("单号", 12, "waybill"), Column("回单号", 12, "code"), Column("状态", 40, "state")]
    HINT = ""

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.source = MemorySource(self.COLUMNS)
        self.pending: dict[str, ListRow] = {}  # code → row, in scan order
        self.busy = False
        self._dirty = False

    def compose(self) -> ComposeResult:
        yield ScanBox(id=f"{self.NAME}-scan")
        yield Static(self.HINT, classes="pane-status")
        yield WaybillList(self.source, id=f"{self.NAME}-list")

    def add(self, code: str, waybill: str) -> None:
        if code in self.pending:
            return
        self.pending[code] = ListRow(code, waybill, self.cells(code, waybill, "待提交"))
        self._changed()

    def cells(self, code: str, waybill: str, state: str) -> tuple[str, ...]:
        return (waybill, state)

    def _changed(self) -> None:
        # a burst of 500 lines repaints the list once, after the burst
        if not self._dirty:
            self._dirty = True
            self.call_after_refresh(self._repaint)

    def _repaint(self) -> None:
        self._dirty = False
        self.source.items = list(self.pending.values())
        lst = self.query_one(WaybillList)
        lst.reload()
        waiting = sum(1 for r in self.pending.values() if r.cells[-1] == "待提交")
        if waiting:
            _status(self, f"已扫 {waiting} 票待提交 · ctrl+s 提交")

    @on(ScanBox.Scanned)
    def _scanned(self, m: ScanBox.Scanned) -> None:
        m.stop()
        self.add(m.number, m.number)

    @on(ScanBox.Refused)
    def _refused(self, m: ScanBox.Refused) -> None:
        m.stop()
        _status(self, Text(m.notice, "bold red"))

    def waiting(self) -> list[str]:
        return [code for code, r in self.pending.items() if r.cells[-1] == "待提交"]

    def submit(self) -> None:
        codes = self.waiting()
        if self.busy or not codes:
            if not codes:
                _status(self, "没有待提交的扫描")
            return
        self.busy = True
        _status(self, f"正在提交 {len(codes)} 票…")
        self._commit(codes, self.app.clock(), self.app.user)

    def _commit(self, codes, now, user) -> None:  # pragma: no cover - each pane has its own
        raise NotImplementedError

    def commit(self, job) -> None:
        """The whole list in one transaction, through the screens' one write path."""
        from kefu_tui.screens.writes import write

        write(self, job, done=lambda res: self.post_message(Done(self.NAME, res)),
              error=lambda text: self.post_message(Done(self.NAME, error=text)),
              waiting=lambda: _status(self, "等待数据库…(其他终端正在写入)"), failed="未提交,未写入",
              group=f"counter.{self.NAME}")

    @on(Done)
    def _done(self, m: Done) -> None:
        m.stop()
        self.busy = False
        if m.error:
            _status(self, Text(m.error, "bold red"))
            return
        self.committed(m.result)
        self._changed()

    def committed(self, res) -> None:  # pragma: no cover - each pane has its own
        """What became of each scanned row, from the service's answer."""
        raise NotImplementedError

    def set_state(self, code: str, state: str, waybill: str | None = None) -> None:
        row = self.pending.get(code)
        if row is None:
            return
        no = waybill or row.waybill
        self.pending[code] = ListRow(code, no, self.cells(code, no, state))


class ReceiptsPane(ScanPane):
    """R-10: receipts scanned out (回单发件) by waybill number or receipt barcode; ctrl+n
    registers the cursor row's envelope as empty (receipt_empty problem)."""

    NAME = "receipts"
    COLUMNS = [Column("单号", 12, "waybill"), Column("回单号", 12, "code"), Column("状态", 40, "state")]
    HINT = "扫回单(单号或回单条码) · ctrl+s 回单发件 · ctrl+n 空封登记问题件"

    def cells(self, code: str, waybill: str, state: str) -> tuple[str, ...]:
        return (waybill, "" if code == waybill else code, state)

    @on(ScanBox.Refused)
    def _refused(self, m: ScanBox.Refused) -> None:
        m.stop()
        if _BARCODE.match(m.text):  # a receipt's own barcode, linked to its waybill at entry
            self.add(m.text, "")
        else:
            _status(self, Text(f"不是单号或回单条码: {visible(m.text)}", "bold red"))

    def _commit(self, codes, now, user) -> None:
        from kefu_tui.services.counter import dispatch_receipts

        self.commit(lambda store: dispatch_receipts(store, codes, now, user))

    def committed(self, res) -> None:
        for no, code in res.dispatched:
            key = code if code in self.pending else no
            self.set_state(key, "回单发件 → 郑州分拨中心", no)
        for key in res.repeats:
            self.set_state(key, "已发过")
        for key in res.unknown:
            self.set_state(key, "条码未关联运单,未发")
        _status(self, Text(f"回单发件 {len(res.dispatched)} 票 · 重复 {len(res.repeats)} · "
                           f"不认识 {len(res.unknown)}", "bold red" if res.unknown else "bold green"))

    def empty_envelope(self) -> None:
        """R-10: the cursor row's envelope is empty → receipt_empty problem to the sender
        outlet; the parcel waits for its reply (tracking says so)."""
        from kefu_tui.services.counter import register_empty_receipt, waybill_of_receipt

        row = self.query_one(WaybillList).cursor_row
        if row is None:
            _status(self, "先扫回单,再按 ctrl+n")
            return
        no = row.waybill or waybill_of_receipt(self.app.store, row.key)
        if not no:
            _status(self, Text(f"回单条码 {row.key} 未关联运单,请扫运单号", "bold red"))
            return
        from kefu_tui.screens.writes import write

        now, user, key = self.app.clock(), self.app.user, row.key

        def registered(_) -> None:
            self.set_state(key, "空封: 已登记问题件,等发件网点回复后派送", no)
            self._changed()
            _status(self, Text(f"{no} 回单空封已登记问题件 (R-10)", "bold yellow"))

        write(self, lambda store: register_empty_receipt(store, no, now, user), done=registered,
              error=lambda text: _status(self, Text(text, "bold red")), failed="未登记", group="counter.empty")


class BrushingPane(ScanPane):
    """R-11: brushing parcels scanned in a burst, signed all at once with signer 草签."""

    NAME = "brushing"
    COLUMNS = [Column("单号", 12, "waybill"), Column("结果", 50, "state")]
    HINT = "扫刷单件 · ctrl+s 全部到件并草签 (备注 非刷单件/真实件 的拒签)"

    def _commit(self, codes, now, user) -> None:
        from kefu_tui.services.counter import sign_brushing

        self.commit(lambda store: sign_brushing(store, codes, now, user))

    def committed(self, res) -> None:
        for no in res.signed:
            self.set_state(no, "已到件 · 草签签收")
        for no in res.already_signed:
            self.set_state(no, "已签收过")
        for no, why in res.refused:
            self.set_state(no, f"拒签: {why}")
        t = Text(f"草签 {len(res.signed)} 票 · 已签过 {len(res.already_signed)} · 拒签 {len(res.refused)}",
                 "bold green" if not res.refused else "bold")
        for no, why in res.refused[:3]:
            t.append(f"\n拒签 {no}: {why}", "bold red")
        _status(self, t)


class UnidentifiedPane(Vertical):
    """R-12: register unidentified goods (title of the arrival day, photos copied under the
    data folder); ctrl+r marks the cursor row returned to the upstream hub."""

    FIELDS = (("arrived", "到货", "到货时间 HH:MM 或 YYYY-MM-DD HH:MM (空=现在)"),
              ("channel", "渠道", "到货渠道, 如 郑州-信阳夜车"),
              ("packaging", "包装", "如 黄色纸箱 胶带缠绕"),
              ("contents", "内件", "如 儿童鞋两双"),
              ("photos", "照片", "照片文件路径, 多个用 ; 隔开"))
    COLUMNS = [Column("编号", 4, "id"), Column("标题", 32, "title"), Column("渠道", 12, "channel"),
               Column("内件", 12, "contents"), Column("照片", 4, "photos"), Column("状态", 10, "state")]

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.source = MemorySource(self.COLUMNS)

    def compose(self) -> ComposeResult:
        with Grid(id="unid-grid"):
            for fid, label, hint in self.FIELDS:
                yield Label(label)
                yield Input(placeholder=hint, id=f"un-{fid}")
        yield Static("", id="unid-title")
        yield Static("Enter 下一项 · ctrl+s 登记 · ctrl+r 光标行已退回上级中心", classes="pane-status")
        yield WaybillList(self.source, id="unid-list")

    def on_mount(self) -> None:
        self._show_title()
        self.reload()

    def value(self, fid: str) -> str:
        return self.query_one(f"#un-{fid}", Input).value.strip()

    def arrived(self):
        from kefu_tui.screens.transfers import parse_arrival

        return parse_arrival(self.value("arrived"), self.app.clock())

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_title()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        ids = [f"un-{fid}" for fid, _, _ in self.FIELDS]
        at = ids.index(event.input.id)
        if at + 1 < len(ids):
            self.query_one(f"#{ids[at + 1]}", Input).focus()
        else:
            self.submit()

    def _show_title(self) -> None:
        from kefu_tui.domain.tickets import unidentified_goods_title

        if not self.query("#un-arrived") or not self.query("#unid-title"):
            return  # not composed yet, or the app is closing
        arrived = self.arrived()
        box = self.query_one("#unid-title", Static)
        if arrived is None:
            box.update(Text("到货时间写 HH:MM 或 YYYY-MM-DD HH:MM", "bold red"))
        else:
            box.update(Text(unidentified_goods_title(arrived), "bold"))

    def photos(self) -> list[Path]:
        return [Path(p.strip()).expanduser() for p in re.split(r"[;；]", self.value("photos")) if p.strip()]

    def submit(self) -> None:
        arrived = self.arrived()
        if arrived is None:
            _status(self, Text("到货时间写 HH:MM 或 YYYY-MM-DD HH:MM", "bold red"))
            return
        from kefu_tui.screens.ticket_detail import photos_root

        self._add(arrived, self.value("channel"), self.value("packaging"), self.value("contents"),
                  self.photos(), photos_root(self.app), self.app.clock(), self.app.user)

    def _add(self, arrived, channel, packaging, contents, photos, root, now, user) -> None:
        from kefu_tui.screens.writes import write
        from kefu_tui.services.counter import add_unidentified

        write(self, lambda store: add_unidentified(store, arrived, channel, packaging, contents, photos, root,
                                                   now, user),
              done=lambda g: self.post_message(Done("unidentified", g)),
              error=lambda text: self.post_message(Done("unidentified", error=text)),
              failed="不能登记", group="counter.unidentified")

    @on(Done)
    def _done(self, m: Done) -> None:
        m.stop()
        if m.error:
            _status(self, Text(m.error, "bold red"))
            return
        if m.result is not None:
            g = m.result
            _status(self, Text(f"已登记 #{g.id} {g.title} · 照片 {len(g.photos)} 张", "bold green"))
            for box in self.query(Input):
                box.value = ""
            self.query_one("#un-arrived", Input).focus()
        self.reload()

    def mark_returned(self) -> None:
        from kefu_tui.services.counter import return_unidentified

        row = self.query_one(WaybillList).cursor_row
        if row is None:
            _status(self, "光标行没有登记")
            return
        from kefu_tui.screens.writes import write

        def returned(g) -> None:
            _status(self, Text(f"#{g.id} 已退回上级中心 {g.returned_at[5:16]}", "bold green"))
            self.reload()

        gid, now, user = int(row.key), self.app.clock(), self.app.user
        write(self, lambda store: return_unidentified(store, gid, now, user), done=returned,
              error=lambda text: _status(self, Text(text, "bold red")), failed="未退回", group="counter.return")

    def reload(self) -> None:
        self._list()

    @work(thread=True, exclusive=True, group="counter.unidentified.list")
    def _list(self) -> None:
        from kefu_tui.services.counter import list_unidentified

        with self.app.open_store() as store:
            goods = list_unidentified(store)
        rows = [ListRow(g.id, "", (str(g.id), g.title, g.channel, g.contents, str(len(g.photos)),
                                   f"已退回{g.returned_at[5:10]}" if g.returned_at else "在库")) for g in goods]
        self.post_message(Listed(rows))

    def on_listed(self, m: Listed) -> None:
        _listed(self, m)

    @on(WaybillList.TrackRequested)
    def _no_waybill(self, m: WaybillList.TrackRequested) -> None:
        if not any(m.waybills):
            m.stop()
            self.notify("不明货物没有单号,无法跟踪", severity="warning")


class SlipsPane(Vertical):
    """R-41: the day's 到付 and 代收 cash per courier from the delivery lists, with the
    daily total; ctrl+s writes the slips as a text file to print (never over another)."""

    COLUMNS = [Column("派件员", 10, "courier"), Column("单号", 12, "waybill"), Column("类型", 4, "kind"),
               Column("金额", 10, "amount")]

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.source = MemorySource(self.COLUMNS)

    def compose(self) -> ComposeResult:
        yield Static("", id="slips-summary")
        yield Static("ctrl+s 生成交款单文件 (打印用)", classes="pane-status")
        yield WaybillList(self.source, id="slips-list")

    def on_listed(self, m: Listed) -> None:
        _listed(self, m)

    def reload(self) -> None:
        self._load(self.app.clock().format("YYYY-MM-DD"))

    @work(thread=True, exclusive=True, group="counter.slips")
    def _load(self, day: str) -> None:
        from kefu_tui.services.counter import day_slips

        with self.app.open_store() as store:
            slips, cash = day_slips(store, day)
        rows, t = [], Text()
        t.append(f"{day} 交款单 (R-41)\n", "bold")
        for s in slips:
            t.append(f"{visible(s.courier):<6} 到付 {yuan(s.collect_fen):>8}  代收 {yuan(s.cod_fen):>9}  "
                     f"合计 {yuan(s.total_fen):>9}  {len(s.waybills)}票\n")
            for no in s.waybills:
                kind = c.PAYMENT_LABELS[cash[no].payment.value][:2]
                rows.append(ListRow((s.courier, no), no, (s.courier, no, kind, yuan(cash[no].fen))))
        t.append(f"当日交款合计 {yuan(sum(s.total_fen for s in slips))}", "bold")
        self.post_message(Listed(rows, t))

    def submit(self) -> None:
        from kefu_tui.config import data_dir
        from kefu_tui.services.counter import write_slips
        from kefu_tui.services.outputs import OutputError, shared_folder

        day = self.app.clock().format("YYYY-MM-DD")
        try:  # the group's folder beside the database: the next clerk prints them too (issue 16)
            folder = shared_folder(Path(getattr(self.app, "db_path", data_dir() / "x")).parent / "交款单")
            target = folder / f"交款单-{day}.txt"
            n = 2
            while target.exists():
                target = folder / f"交款单-{day}-{n}.txt"
                n += 1
            write_slips(self.app.store, day, target)
        except OutputError as e:  # a full disk: said on the screen, nothing half-written
            _status(self, Text(f"交款单未生成: {e}", "bold red"))
            return
        _status(self, Text(f"交款单已生成: {target}", "bold green"))
