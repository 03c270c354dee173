"""IntakePane — 营业收货 on the counter desk (R-35–R-41).

The clerk types while the customer waits. Every keystroke recomputes the figures that are
plain arithmetic (R-35 chargeable weight, R-36 limits and the over-50 kg warning, R-37 COD
fee) on the UI thread; the destination header (R-38), the R-40 remark and the R-39 item
lookup need the address matcher and pypinyin, so they run in a thread worker whose answer
replaces the previous one. ctrl+s saves in a worker with its own store; saving is refused
while a limit is broken, an item is refused or one of the three 100 % is not ticked. An
address that gives no header (a province alone, or nothing readable: SPEC §14.2) says
what is missing beside the form and opens a box for a header typed by hand, which the
clerk confirms with a second ctrl+s before it is saved."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, Static

from kefu_tui.domain import counter as c
from kefu_tui.domain.intake import chargeable_kg, cod_fee_fen, heavy, limit_violations, volumetric_kg, yuan
from kefu_tui.widgets.plain import plain
from kefu_tui.widgets.waybill_list import Column, ListRow, MemorySource, WaybillList

# (field, label, placeholder)
FIELDS = (
    ("weight", "重量kg", "实重, 如 3.5"),
    ("dims", "尺寸cm", "长x宽x高, 如 40x30x20"),
    ("to", "地址", "收件地址, 如 上海市徐汇区漕溪北路1号"),
    ("receiver", "收件人", "姓名"),
    ("phone", "电话", "11位手机或带区号座机"),
    ("payment", "付款", "寄付 / 到付 / 代收"),
    ("cod", "代收额", "代收货款金额 元 (代收才填)"),
    ("contents", "内件", "品名, 可打拼音首字母, 如 hls"),
)
SHORT_VERDICT = {"refuse": "拒收", "limit_20kg": "限20kg", "accept": "可收"}
HINT = "Enter 下一项 · 填好后 ctrl+s 收件 · 三个百分百要先勾选 (空格勾选)"
COLUMNS = [Column("单号", 12, "waybill"), Column("大头笔", 10, "header"), Column("收件人", 8, "receiver"),
           Column("计费kg", 7, "kg"), Column("付款", 4, "payment"), Column("时间", 5, "at")]


def resolve(key: tuple, areas) -> tuple:
    """(header, warnings, R-40 remark, R-39 refusals, lookup hits, why no header) for
    (address, service, contents, weight): the parts of the quote that need the matcher
    and pypinyin."""
    from kefu_tui.domain.intake import item_refusals, quote_intake
    from kefu_tui.domain.items import search_items

    to, service, contents, weight = key
    header, warnings, note, refusals, reason = None, [], None, [], None
    if to:
        q = quote_intake(Decimal(weight), (Decimal(1), Decimal(1), Decimal(1)), to, None, service,
                         contents or None, areas)
        header, warnings, note, refusals, reason = q.header, q.warnings, q.label_note, q.refusals, q.header_reason
    elif contents:
        refusals = item_refusals(contents, Decimal(weight))
    hits = search_items(contents, limit=3) if contents else []
    return header, warnings, note, refusals, hits, reason


def intake_row(r: dict) -> ListRow:
    return ListRow(r["waybill"], r["waybill"], (
        r["waybill"], r["header"] or "", r["receiver"] or "", f"{r['chargeable_kg']:.2f}",
        c.PAYMENT_LABELS.get(r["payment"], r["payment"])[:2], r["created_at"][11:16]))


class IntakePane(Vertical):
    """The intake form, its live verdicts and today's intakes."""

    class Resolved(Message):
        """The worker's answer for one (address, service, contents, weight)."""

        def __init__(self, key: tuple, header: str | None, warnings: list[str], label_note: str | None,
                     refusals: list[str], hits: list, header_reason: str | None = None) -> None:
            super().__init__()
            self.key, self.header, self.warnings = key, header, warnings
            self.label_note, self.refusals, self.hits = label_note, refusals, hits
            self.header_reason = header_reason

    class Saved(Message):
        def __init__(self, waybill: str | None, quote=None, error: str | None = None) -> None:
            super().__init__()
            self.waybill, self.quote, self.error = waybill, quote, error

    class Listed(Message):
        def __init__(self, rows: list[ListRow]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.source = MemorySource(COLUMNS)
        self.areas = None
        self.resolved: IntakePane.Resolved | None = None
        self.saving = False
        self.warm = False  # the address matcher and pypinyin loaded (see _prepare)
        self.notice: Text | str | None = None
        self.confirmed_header: tuple | None = None  # (address, header typed by hand) asked once

    def compose(self) -> ComposeResult:
        with Horizontal(id="intake-top"):
            with Vertical(id="intake-form"):
                with Grid(id="intake-grid"):
                    for fid, label, hint in FIELDS:
                        yield Label(label)
                        yield Input(placeholder=hint, id=f"in-{fid}")
                with Horizontal(id="intake-checks"):
                    for cid, label in c.CHECKS.items():
                        yield Checkbox(label, id=f"chk-{cid}")
            with Vertical(id="intake-side"):
                yield Static("大头笔", id="intake-header")
                hand = Input(placeholder="手写大头笔, 如 豫-固始", id="in-header")
                hand.display = False  # only while the address gives no header
                yield hand
                yield Static("", id="intake-figures")
                yield Static("", id="intake-items")
        yield Static(HINT, id="intake-status")
        yield WaybillList(self.source, id="intake-list")

    def on_mount(self) -> None:
        # no focus here: focusing inside a hidden pane would bring that pane to the front
        self._prepare()
        self.reload()

    # -- reading the form --------------------------------------------------------------
    def value(self, fid: str) -> str:
        return self.query_one(f"#in-{fid}", Input).value.strip()

    def payment(self) -> str:
        text = self.value("payment")
        return c.read_payment(text) if text else ("cod" if self.value("cod") else "prepaid")

    def checks(self) -> list[str]:
        return [cid for cid in c.CHECKS if self.query_one(f"#chk-{cid}", Checkbox).value]

    # -- live figures (R-35, R-36, R-37 on the UI thread) --------------------------------
    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refresh_figures()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        ids = [f"in-{fid}" for fid, _, _ in FIELDS]
        if event.input.id == "in-contents":
            self.complete_contents()
        if event.input.id in ids:
            at = ids.index(event.input.id)
            target = f"#{ids[at + 1]}" if at + 1 < len(ids) else f"#chk-{next(iter(c.CHECKS))}"
            self.query_one(target).focus()

    def complete_contents(self) -> None:
        """Enter on pinyin initials (``hls``) puts the first R-39 hit in as the contents,
        so the saved parcel is checked against the word itself."""
        box = self.query_one("#in-contents", Input)
        text = box.value.strip()
        if text and text.isascii():
            from kefu_tui.domain.items import search_items

            hits = search_items(text, limit=1)
            if hits:
                box.value = hits[0].name

    def refresh_figures(self) -> None:
        """Recompute the arithmetic at once; ask the worker for the header and items."""
        lines = Text()
        problems: list[str] = []
        weight = dims = None
        for fid, reader in (("weight", c.read_weight), ("dims", c.read_dims)):
            text = self.value(fid)
            if not text:
                continue
            try:
                if fid == "weight":
                    weight = reader(text)
                else:
                    dims = reader(text)
            except c.FieldError as e:
                problems.append(str(e))
        cod_fen = 0
        if self.value("cod"):
            try:
                cod_fen = cod_fee_fen(c.read_cod(self.value("cod")))
            except c.FieldError as e:
                problems.append(str(e))
        try:
            pay = self.payment()
        except c.FieldError as e:
            problems.append(str(e))
            pay = "prepaid"
        if self.value("phone"):
            try:
                c.read_phone(self.value("phone"))
            except c.FieldError as e:
                problems.append(str(e))
        if weight is not None and dims is not None:
            lines.append(f"计费 {chargeable_kg(weight, dims):.2f}kg", "bold")
            lines.append(f"  实重{weight:.2f} 体积{volumetric_kg(dims):.2f}\n")
            broken = limit_violations(weight, dims)
            if broken:
                lines.append("超限不收: " + " ".join(c.quote_word(v) for v in broken) + "\n", "bold red")
            else:
                lines.append("规格: 可收 (R-36)\n", "green")
        else:
            lines.append("计费: 填重量和尺寸\n", "dim")
        if weight is not None and heavy(weight):
            lines.append(c.quote_word("heavy_over_50kg") + "\n", "bold yellow")
        if pay == "cod" or self.value("cod"):
            lines.append(f"代收手续费 {yuan(cod_fen)} (1%,最低10元)\n")
        else:
            lines.append(f"付款 {c.PAYMENT_LABELS[pay]}\n")
        self.weight, self.dims, self.problems = weight, dims, problems
        self._figures = lines
        self._paint()
        key = self._key(weight, pay)
        if self.resolved is None or self.resolved.key != key:
            self._resolve(key)

    def _key(self, weight=None, pay: str | None = None) -> tuple:
        if pay is None:
            weight, pay = getattr(self, "weight", None), self._payment_or_prepaid()
        return (self.value("to"), c.service_of(pay), self.value("contents"), str(weight or 0))

    def _payment_or_prepaid(self) -> str:
        try:
            return self.payment()
        except c.FieldError:
            return "prepaid"

    def _paint(self) -> None:
        t = Text()
        t.append_text(getattr(self, "_figures", Text()))
        r = self.resolved
        if r is not None:
            for w in r.warnings:
                if w != "heavy_over_50kg":
                    t.append(c.quote_word(w) + "\n", "yellow")
            if r.label_note:
                t.append(f"面单备注: {r.label_note}\n", "bold yellow")
        self.query_one("#intake-figures", Static).update(t)
        head = self.query_one("#intake-header", Static)
        text = r.header if r else None
        missing = r is not None and text is None and bool(r.key[0])
        # plain: the header carries what the clerk typed into the address ([/] is text)
        head.update(plain(" ".join(text) if text else f"无大头笔: {r.header_reason}" if missing else "大头笔: 填地址"))
        head.set_class(bool(text), "known")
        self.query_one("#in-header", Input).display = missing
        items = Text()
        if r is not None:
            for code in r.refusals:
                items.append(c.quote_word(code) + "\n", "bold red")
            for it in r.hits[:3]:
                style = {"refuse": "bold red", "limit_20kg": "yellow", "accept": "green"}[it.verdict]
                items.append(f"{it.name}:{SHORT_VERDICT[it.verdict]} ", style)
        self.query_one("#intake-items", Static).update(items)
        if getattr(self, "problems", None):
            self.say(Text("  ".join(self.problems), "bold red"), keep=False)
        else:
            self.say(self.notice or HINT, keep=False)

    def say(self, text: Text | str, keep: bool = True) -> None:
        """The status line; ``keep`` leaves it there until the next save or refusal."""
        if keep:
            self.notice = text
        self.query_one("#intake-status", Static).update(text)

    def _resolve(self, key: tuple) -> None:
        """R-38 header, R-40 remark, R-39 refusals and lookup: on the UI thread once the
        matcher and pypinyin are loaded (well under a millisecond then), in a worker before."""
        if self.warm:
            self._resolved(self.Resolved(key, *resolve(key, self.areas)))
        else:
            self._resolve_in_worker(key)

    @work(thread=True, exclusive=True, group="intake.resolve")
    def _resolve_in_worker(self, key: tuple) -> None:
        self.post_message(self.Resolved(key, *resolve(key, self.areas)))

    @on(Resolved)
    def _resolved(self, m: Resolved) -> None:
        m.stop()
        if m.key != self._key():
            return  # a worker's answer for what the clerk typed before
        self.resolved = m
        self._paint()

    @work(thread=True, group="intake.prepare")
    def _prepare(self) -> None:
        """Load the clerks' area table and warm pypinyin and the address matcher once."""
        from kefu_tui.domain.areas import parse_place
        from kefu_tui.domain.items import all_items
        from kefu_tui.services.counter import area_table

        with self.app.open_store() as store:
            self.areas = area_table(store)
        all_items()
        parse_place("河南省信阳市浉河区")
        self.warm = True

    # -- today's intakes -----------------------------------------------------------------
    def reload(self) -> None:
        self._list(self.app.clock())

    @work(thread=True, exclusive=True, group="intake.list")
    def _list(self, now) -> None:
        from kefu_tui.services.counter import intakes_today

        with self.app.open_store() as store:
            rows = [intake_row(r) for r in intakes_today(store, now)]
        self.post_message(self.Listed(rows))

    @on(Listed)
    def _listed(self, m: Listed) -> None:
        m.stop()
        self.source.items = m.rows
        self.query_one(WaybillList).set_source(self.source, keep=True)  # on its records (issue 16)

    # -- saving (R-40) ---------------------------------------------------------------------
    def order(self):
        """The form as an IntakeOrder; FieldError with the clerk's words (the field focused)."""
        from kefu_tui.services.counter import IntakeOrder

        labels = {f: lb for f, lb, _ in FIELDS}
        reads = {"weight": c.read_weight, "dims": c.read_dims, "phone": c.read_phone,
                 "to": lambda t: c.read_text(t, labels["to"]), "receiver": lambda t: c.read_text(t, labels["receiver"])}
        got = {}
        for fid, _, _ in FIELDS:
            try:
                if fid in reads:
                    got[fid] = reads[fid](self.value(fid))
                elif fid == "cod":
                    got[fid] = c.read_cod(self.value("cod")) if self.value("cod") else None
                elif fid == "payment":
                    got[fid] = self.payment()
                elif fid == "contents":
                    got[fid] = c.free_text(self.value(fid), 200).strip()
                else:
                    got[fid] = self.value(fid)
            except c.FieldError:
                self.query_one(f"#in-{fid}", Input).focus()
                raise
        if got["payment"] == "cod" and got["cod"] is None:
            self.query_one("#in-cod", Input).focus()
            raise c.FieldError("代收货款要写代收金额")
        return IntakeOrder(weight_kg=got["weight"], dims=got["dims"], to=got["to"], receiver=got["receiver"],
                           phone=got["phone"], payment=got["payment"], cod=got["cod"],
                           contents=got["contents"] or None, checks=self.checks())

    def submit(self) -> None:
        """ctrl+s: refuse what the rules refuse, else save in a worker."""
        from kefu_tui.services.counter import quote_order

        if self.saving:
            return
        try:
            order = self.order()
        except c.FieldError as e:
            self.say(Text(f"不能收件: {e}", "bold red"))
            return
        quote = quote_order(order, self.areas)
        if not quote.ok:
            why = " ".join(c.quote_word(x) for x in quote.violations + quote.refusals)
            self.say(Text(f"不可收寄: {why}", "bold red"))
            return
        missing = [label for cid, label in c.CHECKS.items() if cid not in order.checks]
        if missing:
            self.say(Text("三个百分百未勾选: " + "、".join(missing), "bold red"))
            self.query_one(f"#chk-{next(k for k, v in c.CHECKS.items() if v == missing[0])}").focus()
            return
        if quote.header is None:
            order = self._hand_header(order, quote.header_reason)
            if order is None:
                return
        self.saving = True
        self.say("正在保存…")
        self._save(order)

    def _hand_header(self, order, reason: str | None):
        """R-38 / SPEC §14.2: no header from the address: the clerk types one and confirms
        it with a second ctrl+s; None while that has not happened."""
        box = self.query_one("#in-header", Input)
        hand = box.value.strip()
        if not hand:
            box.display = True
            box.focus()
            self.say(Text(f"无大头笔: {reason} — 在右边手写大头笔后再按 ctrl+s", "bold red"))
            return None
        if self.confirmed_header != (order.to, hand):
            self.confirmed_header = (order.to, hand)
            self.say(Text(f"大头笔「{hand}」是手写的,不是从地址读出的: 再按 ctrl+s 确认收件", "bold yellow"))
            return None
        return order.model_copy(update={"header": hand})

    def _save(self, order) -> None:
        """R-40: the one write path of screens (off the UI thread, errors as words)."""
        from kefu_tui.screens.writes import write
        from kefu_tui.services.counter import save_intake

        now, user, areas = self.app.clock(), self.app.user, self.areas
        write(self, lambda store: save_intake(store, order, now, user, areas),
              done=lambda got: self._saved(self.Saved(*got)),
              error=lambda text: self._saved(self.Saved(None, error=text)),
              waiting=lambda: self.say("等待数据库…(其他终端正在写入)"), failed="未收件", group="intake.save")

    @on(Saved)
    def _saved(self, m: Saved) -> None:
        m.stop()
        self.saving = False
        if m.error:
            self.say(Text(m.error, "bold red"))
            return
        for box in self.query(Input):
            box.value = ""
        for box in self.query(Checkbox):
            box.value = False
        self.resolved = None
        self.confirmed_header = None
        self.problems = []
        note = f" · 面单备注 {m.quote.label_note}" if m.quote.label_note else ""
        self.say(Text(f"已收件 {m.waybill} · 大头笔 {m.quote.header} · 计费 {m.quote.chargeable_kg:.2f}kg{note}",
                           "bold green"))
        self.query_one("#in-weight", Input).focus()
        self.reload()
