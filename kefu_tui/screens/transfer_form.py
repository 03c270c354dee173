"""RegisterTransferForm — 转件登记 (R-18) from the transfers desk, keyboard only.

Every field has its label; Enter moves to the next field, ctrl+s registers. The rules
decide whether the fee is confirmed (every field there, address equal to the original's);
the form only says why not. A fee that is not R-14's for the weight is saved only with a
reason, which goes into the transfer's note."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from kefu_tui.domain.transfers import TransferRegistration, fee_kg, fee_off_rule, parse_carrier
from kefu_tui.domain.waybills import waybill_or_none
from kefu_tui.domain.money import yuan
from kefu_tui.domain.words import TRANSFER_MODES
from kefu_tui.screens.modals import TextPrompt
from kefu_tui.screens.writes import WAITING, write
from kefu_tui.widgets.plain import plain

# (field id, label, placeholder)
FIELDS = (
    ("waybill", "优速单号", "12位"),
    ("mode", "方式", "原单 或 换单"),
    ("carrier", "承运", "邮政 申通 中通 圆通 EMS"),
    ("new_waybill", "新单号", "换单转件必填"),
    ("fee", "转件费(元)", "内网到则空"),
    ("address", "收件地址", "换单: 新面单上的地址"),
    ("courier_name", "派送人", "原单转件: 姓名"),
    ("courier_contact", "派送人电话", "原单转件必填"),
    ("weight", "重量(kg)", "如 2.7"),
)
# R-18's missing-field names as the form labels them
FIELD_LABEL = {fid: label for fid, label, _ in FIELDS} | {"fee": "转件费"}
MODES = {**{name: code for code, name in TRANSFER_MODES.items()},
         **{code: code for code in TRANSFER_MODES}, "原": "original", "换": "rewaybill"}


def _fen(text: str) -> int | None:
    if not text:
        return None
    value = Decimal(text)
    if value < 0:
        raise InvalidOperation
    return int((value * 100).to_integral_value())


class RegisterTransferForm(ModalScreen[str | None]):
    """One transfer (R-18); dismisses with a one-line summary, or None when cancelled."""

    CSS_PATH = "transfers.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "登记", id="transfers.form.save", priority=True),
        Binding("escape", "cancel", "取消", id="transfers.form.cancel"),
    ]

    def __init__(self, waybill: str | None = None) -> None:
        super().__init__()
        self.waybill = waybill

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Label("转件登记 (R-18) · Enter 下一项 · ctrl+s 登记 · Esc 取消", id="form-title")
            for fid, label, hint in FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Input(placeholder=hint, id=f"form-{fid}")
            yield Static("", id="form-result")

    def on_mount(self) -> None:
        if self.waybill:
            self.query_one("#form-waybill", Input).value = self.waybill
            self.query_one("#form-mode", Input).focus()
        else:
            self.query_one("#form-waybill", Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        ids = [f"form-{fid}" for fid, _, _ in FIELDS]
        at = ids.index(event.input.id)
        if at + 1 < len(ids):
            self.query_one(f"#{ids[at + 1]}", Input).focus()
        else:
            self.action_save()

    def _value(self, fid: str) -> str:
        return self.query_one(f"#form-{fid}", Input).value.strip()

    def registration(self) -> TransferRegistration:
        """The form as a registration; ValueError with the clerk's words when unreadable."""
        no = waybill_or_none(self._value("waybill"))
        if no is None:
            raise ValueError("单号要写12位优速单号")
        mode = MODES.get(self._value("mode"))
        if mode is None:
            raise ValueError("方式写 原单 或 换单")
        carrier = parse_carrier(self._value("carrier")) if self._value("carrier") else None
        if self._value("carrier") and carrier is None:
            raise ValueError("承运写 邮政 申通 中通 圆通 或 EMS")
        try:
            fee = _fen(self._value("fee"))
            weight = Decimal(self._value("weight")) if self._value("weight") else None
        except InvalidOperation:
            raise ValueError("费用和重量要写数字") from None
        return TransferRegistration(
            waybill=no, mode=mode, carrier=carrier, new_waybill=self._value("new_waybill") or None,
            fee_fen=fee, address=self._value("address") or None,
            courier_name=self._value("courier_name") or None,
            courier_contact=self._value("courier_contact") or None,
            weight_kg=None if weight is None else float(weight),
        )

    def action_save(self) -> None:
        out = self.query_one("#form-result", Static)
        try:
            reg = self.registration()
        except ValueError as e:
            out.update(plain(str(e), "bold red"))
            return
        rule_fen = fee_off_rule(reg.fee_fen, reg.weight_kg)
        if rule_fen is None:
            return self._register(reg)
        # a fee other than the rule's is kept only with the clerk's reason
        kg = fee_kg(Decimal(str(reg.weight_kg)))
        question = (f"转件费 {yuan(reg.fee_fen)} 与 R-14 不符: {reg.weight_kg:g} kg 按 {kg} kg 计"
                    f"应为 {yuan(rule_fen)}。请写明原因 (Esc 返回修改)")

        def answer(reason: str | None) -> None:
            if reason is None:
                out.update(Text(f"未登记: 转件费与 R-14 不符 (应为 {yuan(rule_fen)}),请改正或写明原因",
                                style="bold red"))
                return
            note = f"转件费与R-14不符(应为{yuan(rule_fen)}): {reason}"
            self._register(reg.model_copy(update={"note": f"{reg.note}; {note}" if reg.note else note}))

        self.app.push_screen(TextPrompt(question, placeholder="原因, 如 客户要求加急"), answer)

    def _register(self, reg: TransferRegistration) -> None:
        from kefu_tui.services.transfers import register_transfer

        out = self.query_one("#form-result", Static)
        now, user = self.app.clock(), self.app.user

        def saved(result) -> None:
            record, check = result
            summary = f"已登记转件 {record.waybill}"
            if check.fee_confirmed:
                summary += " · 费用已确认"
            else:
                why = [FIELD_LABEL.get(m, m) for m in check.missing]
                why += ["地址与原单不同"] if check.address_differs else []
                summary += " · 费用未确认: " + ("、".join(why) or "见登记")
            self.dismiss(summary)

        write(self, lambda store: register_transfer(store, reg, now, user), done=saved,
              failed="未登记", error=lambda text: out.update(Text(text, style="bold red")),
              waiting=lambda: out.update(WAITING))

    def action_cancel(self) -> None:
        self.dismiss(None)
