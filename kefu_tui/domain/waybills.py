"""Waybills (运单), scans (扫描) and delivery lists (派件清单): the facts that come from
the legacy system (SPEC §3, R-03, R-04)."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from kefu_tui.domain.untrusted import clean_scan, is_waybill_no, waybill_or_none  # noqa: F401

# re.ASCII: ``\d`` alone also matches full-width and Arabic-Indic digits (one parcel, two numbers)
WAYBILL_RE = re.compile(r"^[0-9]{12}$", re.ASCII)


class ScanKind(StrEnum):
    """Scan kinds in the order a parcel normally meets them (SPEC §3)."""

    ENTRY = "录单"
    PICKUP = "收件"
    DISPATCH = "发件"
    ARRIVAL = "到件"
    DELIVERY = "派件"
    SIGNED = "签收"
    PROBLEM = "问题件"
    TRANSFER = "转件"
    RETURN = "退件"
    RECEIPT_DISPATCH = "回单发件"


SCAN_KINDS = frozenset(k.value for k in ScanKind)


class Payment(StrEnum):
    """付款方式."""

    PREPAID = "prepaid"  # 寄付
    COLLECT = "collect"  # 到付
    COD = "cod"  # 代收

    @classmethod
    def from_text(cls, text: str | None) -> "Payment | None":
        if not text:
            return None
        t = text.strip()
        return _PAYMENT_WORDS.get(t) or (cls(t) if t in cls._value2member_map_ else None)


_PAYMENT_WORDS = {
    "寄付": Payment.PREPAID,
    "现付": Payment.PREPAID,
    "月结": Payment.PREPAID,
    "到付": Payment.COLLECT,
    "代收": Payment.COD,
    "代收货款": Payment.COD,
}


def numbers_in(text: str) -> tuple[list[str], int, int]:
    """Waybill numbers of a pasted or scanned block, one per line, first-seen order.

    Returns (numbers without repeats, lines ignored as not-a-number, repeats folded).
    Every line is kept: nothing is merged or dropped silently (R-05, R-08)."""
    seen: dict[str, None] = {}
    ignored = repeats = 0
    for raw in re.split(r"[\r\n,;，；]+", text):
        if not clean_scan(raw):
            continue
        no = waybill_or_none(raw)
        if no is None:
            ignored += 1
        elif no in seen:
            repeats += 1
        else:
            seen[no] = None
    return list(seen), ignored, repeats


class Scan(BaseModel):
    """One scan of the legacy system (SPEC §3). ``at`` is stored wall-clock text."""

    model_config = ConfigDict(frozen=True)

    waybill: str
    kind: ScanKind
    at: str
    site: str
    prev_site: str | None = None
    next_site: str | None = None
    operator: str | None = None
    note: str | None = None


class Waybill(BaseModel):
    """A waybill as entered (录单): receiver, payment, pieces (主单/子单), return receipt (签回单)."""

    waybill: str
    sender_outlet: str | None = None
    sent_at: str | None = None
    receiver: str | None = None
    phone: str | None = None
    address: str | None = None
    dest_outlet: str | None = None
    pieces: int | None = None
    weight_kg: float | None = None
    payment: Payment | None = None
    cod_fen: int | None = None
    collect_fen: int | None = None
    receipt_no: str | None = None
    master_no: str | None = None
    label_note: str | None = None
    entered_at: str | None = None


class DeliveryItem(BaseModel):
    """One line of a delivery list (派件清单): who took which parcel out, when."""

    waybill: str
    courier: str
    at: str
    outlet: str | None = None
