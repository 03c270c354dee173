"""The counter and exceptions desk (营业/异常): what a typed field means, the branch's own
waybill range, the payment slip's text (R-41), the brushing batch (R-11) and the
unidentified-goods record (R-12). Pure: the rules themselves live in ``intake`` and
``tickets``; this module reads what a clerk typed and says plainly why it is refused."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from pydantic import BaseModel

from kefu_tui.domain.intake import MAX_KG, MAX_SIDE_CM, yuan
from kefu_tui.domain.monitoring import Cash, PaymentSlip
from kefu_tui.domain.tickets import BRUSHING_EXEMPT_MARKS
from kefu_tui.domain.untrusted import ascii_digits, free_text
from kefu_tui.domain.words import INTAKE_CHECKS, PAYMENT_LABELS, quote_word  # noqa: F401 (re-exported)

# The branch's own range of waybill numbers for parcels it collects (自收件).
OWN_RANGE = ("518376000001", "518376999999")
BRANCH = "信阳二部"
ZZ_HUB = "郑州分拨中心"
# A figure beyond these is a typing slip (a scanner in the wrong box, 1e9), not a parcel:
# refused where typed, apart from R-36, which says what a real heavy/long parcel breaks.
NONSENSE_KG = Decimal(1000)
NONSENSE_CM = Decimal(1000)
MAX_COD = Decimal(100000)
_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")
PAYMENTS = ("prepaid", "collect", "cod")
PAYMENT_WORDS = {"寄付": "prepaid", "现付": "prepaid", "到付": "collect", "代收": "cod",
                 "代收货款": "cod", **{p: p for p in PAYMENTS}}
# The three 100 % (三个百分百, R-39), ticked before an intake is saved.
CHECKS = INTAKE_CHECKS


class FieldError(ValueError):
    """A typed value that cannot be a parcel's: the message is the clerk's reason."""


def _number(text: str, what: str, places: int = 2) -> Decimal:
    t = ascii_digits(text or "").strip()
    if not t:
        raise FieldError(f"{what}未填")
    try:
        d = Decimal(t)
    except InvalidOperation:
        raise FieldError(f"{what}「{t}」不是数字") from None
    if not d.is_finite():
        raise FieldError(f"{what}「{t}」不是数字")
    if d <= 0:
        raise FieldError(f"{what}必须大于0")
    if d.adjusted() < 15 and d != d.quantize(Decimal(1).scaleb(-places)):
        raise FieldError(f"{what}「{t}」最多{places}位小数")
    return d


def read_weight(text: str) -> Decimal:
    """Actual weight in kg: a number > 0 and below :data:`NONSENSE_KG`."""
    d = _number(text, "重量")
    if d >= NONSENSE_KG:
        raise FieldError(f"重量 {text.strip()} kg 不合理 (单件限{MAX_KG}kg)")
    return d


def read_dims(text: str) -> tuple[Decimal, Decimal, Decimal]:
    """``L×W×H`` in cm (x, X, ×, *, space or comma between), each > 0 and sensible."""
    parts = [p for p in re.split(r"[\sxX×*,，]+", (text or "").strip()) if p]
    if not parts:
        raise FieldError("尺寸未填")
    if len(parts) != 3:
        raise FieldError("尺寸要写 长x宽x高 (厘米), 如 40x30x20")
    out = []
    for p in parts:
        d = _number(p, "尺寸", places=1)
        if d >= NONSENSE_CM:
            raise FieldError(f"尺寸 {p} cm 不合理 (最长边限{MAX_SIDE_CM}cm)")
        out.append(d)
    return out[0], out[1], out[2]


def read_cod(text: str) -> Decimal:
    """A cash-on-delivery amount in yuan: > 0, two decimals at most."""
    d = _number(text, "代收金额")
    if d >= MAX_COD:
        raise FieldError(f"代收金额 {text.strip()} 不合理")
    return d


def read_text(text: str, what: str, limit: int = 200) -> str:
    """A name, an address or contents as typed: no control characters, not empty."""
    t = " ".join(free_text(text or "", limit).split())
    if not t:
        raise FieldError(f"{what}未填")
    return t


def read_phone(text: str) -> str:
    """A receiver's phone: an 11-digit mobile or a landline with its area code."""
    t = re.sub(r"[\s()（）]", "", ascii_digits(text or ""))
    if not _PHONE.match(t):
        raise FieldError("电话要写11位手机号或带区号的座机")
    return t


def read_payment(text: str) -> str:
    """prepaid | collect | cod, or their Chinese words (寄付/到付/代收)."""
    p = PAYMENT_WORDS.get((text or "").strip().lower()) or PAYMENT_WORDS.get((text or "").strip())
    if p is None:
        raise FieldError("付款方式写 寄付、到付 或 代收")
    return p


def next_own_number(highest: str | None) -> str:
    """The next number of the branch's own range after ``highest`` (None: the first)."""
    if highest is None or highest < OWN_RANGE[0]:
        return OWN_RANGE[0]
    n = int(highest) + 1
    if str(n) > OWN_RANGE[1]:
        raise FieldError("本站单号段已用完,请联系管理员")
    return str(n)


def service_of(payment: str, service: str = "normal") -> str:
    """R-38 looks at the service: a COD or freight-collect parcel is ``cod``/``collect``
    unless a more specific one (multi, warehouse) was named."""
    if service != "normal":
        return service
    return {"cod": "cod", "collect": "collect"}.get(payment, "normal")


# ------------------------------------------------------------------ R-11 brushing

def brushing_refusal(label_note: str | None) -> str | None:
    """R-11: why a parcel may not be signed in the brushing batch, or None: its remark
    says 非刷单件/真实件 (real goods, sorted at once)."""
    for mark in BRUSHING_EXEMPT_MARKS:
        if label_note and mark in label_note:
            return f"备注「{mark}」:真实件,立即分拣,不可草签"
    return None


# ------------------------------------------------------------------ R-41 payment slips

def slip_text(slip: PaymentSlip, day: str, cash: Mapping[str, Cash], branch: str = BRANCH) -> str:
    """R-41: one courier's payment slip (交款单) as plain text a clerk prints: each waybill
    with 到付/代收 and its amount, the two sums and the total, and room for signatures."""
    lines = [f"{branch} 交款单", f"日期 {day}    派件员 {slip.courier}", "-" * 36,
             "单号            类型        金额"]
    for no in slip.waybills:
        c = cash.get(no)
        kind = "" if c is None else PAYMENT_LABELS[c.payment.value][:2]
        lines.append(f"{no:<16}{kind:<6}{yuan(c.fen) if c else '':>10}")
    lines += ["-" * 36, f"到付合计 {yuan(slip.collect_fen):>12}", f"代收合计 {yuan(slip.cod_fen):>12}",
              f"交款合计 {yuan(slip.total_fen):>12}", "", "交款人签字:            收款人签字:"]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ R-12 unidentified goods

class UnidentifiedGoods(BaseModel):
    """不明货物 (R-12): goods with no label, registered with photos and a dated title."""

    id: int | None = None
    title: str
    arrived_at: str
    channel: str
    packaging: str
    contents: str
    created_at: str
    created_by: str
    returned_at: str | None = None
    returned_by: str | None = None
    photos: list[str] = []
