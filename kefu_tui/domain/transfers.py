"""Overzone transfers (超区转件): what to do with a parcel, the fee, the day, the carrier,
the registration and its follow-up (R-13 – R-21)."""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from typing import Literal

import arrow
from pydantic import BaseModel, field_validator

from kefu_tui.domain import clock
from kefu_tui.domain.areas import DEFAULT_AREAS, AreaRule, AreaVerdict, classify
from kefu_tui.domain.money import yuan
from kefu_tui.domain.untrusted import clean_scan, free_text
from kefu_tui.domain.words import CARRIER_NAMES

Carrier = Literal["postal", "sto", "zto", "yto", "ems"]
CARRIERS: tuple[str, ...] = tuple(CARRIER_NAMES)  # "postal", "sto", "zto", "yto", "ems"
_CARRIER_WORDS = {**{name: code for code, name in CARRIER_NAMES.items()},
                  "邮政小包": "postal", "邮": "postal"}


def parse_carrier(text: str | None) -> str | None:
    """A carrier code from its code or Chinese name (邮政/申通/中通/圆通/EMS); None if unknown."""
    t = (text or "").strip()
    code = _CARRIER_WORDS.get(t, t.lower())
    return code if code in CARRIERS else None


CUTOFF_HOUR = 14
POSTAL_MAX_KG = Decimal(20)  # 单件重量小于20公斤 — strictly less (docs/decisions.md)
POSTAL_MAX_CM = Decimal(100)
FOLLOW_UP_DAYS = 3
ATTEMPTS_SUSPECT = 2  # "several delivery attempts"

# a label that forbids transfer (超区勿转, 勿转件, 禁止转件, 不得转…).
_NO_TRANSFER = re.compile(r"勿转|禁止转|不得转|不要转|不准转|拒绝转")

# SPEC §3: another carrier's number is checked loosely against that carrier's pattern.
CARRIER_PATTERNS: dict[str, re.Pattern[str]] = {
    "sto": re.compile(r"^\d{12,15}$"),
    "zto": re.compile(r"^\d{12,15}$"),
    "yto": re.compile(r"^(?:YT)?\d{10,15}$", re.I),
    "ems": re.compile(r"^(?:[A-Z]{2}\d{9}[A-Z]{2}|\d{13})$", re.I),
    "postal": re.compile(r"^(?:[A-Z]{2}\d{9}[A-Z]{2}|\d{13})$", re.I),
}


class TransferQuote(BaseModel):
    """SPEC §14 ``kefu transfer quote`` keys, then what explains them."""

    overzone: bool
    action: Literal["deliver", "transfer", "problem"]
    reasons: list[str]
    channels: list[str]
    fee: str | None
    transfer_on: str | None
    area: str
    outlet: str | None = None
    problem_type: str | None = None
    notes: list[str] = []


def fee_kg(weight_kg: Decimal) -> int:
    """R-14: weight rounded up to the next whole kg; nothing weighs less than 1 kg."""
    return max(1, math.ceil(weight_kg))


def transfer_fee_fen(weight_kg: Decimal) -> int:
    """R-14 转件费: first kg 5.00, each further kg (or part of one) 1.00."""
    return 500 + 100 * (fee_kg(weight_kg) - 1)


def fee_off_rule(fee_fen: int | None, weight_kg: Decimal | float | None) -> int | None:
    """R-14: the fee the rule gives for ``weight_kg`` when a registered ``fee_fen``
    disagrees with it (the clerk then gives a reason); None when they agree or either is
    not known."""
    if fee_fen is None or weight_kg is None or weight_kg <= 0:
        return None
    rule = transfer_fee_fen(Decimal(str(weight_kg)))
    return rule if fee_fen != rule else None


def sto_cost_fen(weight_kg: Decimal) -> int:
    """R-20 the branch's STO cash cost: first 2 kg 5.00, each further kg 1.00 (rounded up)."""
    return 500 + 100 * max(0, fee_kg(weight_kg) - 2)


def transfer_day(arrived: arrow.Arrow) -> date:
    """R-15: arrived before 14:00 → the same day; at or after 14:00 → the next day."""
    t = arrived.to(clock.TZ)
    return t.date() if t.hour < CUTOFF_HOUR else t.shift(days=1).date()


def postal_ok(weight_kg: Decimal, length_cm: Decimal | None = None, pieces: int = 1) -> bool:
    """R-19: postal parcel takes one piece of less than 20 kg (the seed: 单件重量小于20公斤;
    20.00 kg goes to STO) and at most 1 m; an unmeasured length is taken to fit (the clerk
    measures before sticking the label)."""
    return pieces == 1 and weight_kg < POSTAL_MAX_KG and (length_cm is None or length_cm <= POSTAL_MAX_CM)


def channels_for(weight_kg: Decimal, length_cm: Decimal | None = None, pieces: int = 1) -> list[str]:
    """Carriers in order of preference (SPEC §6, R-19): postal when it can take the parcel,
    then the 通达 companies (STO first: it takes what postal can't), EMS last (only if none
    of those reaches and the sender outlet agrees)."""
    head = ["postal"] if postal_ok(weight_kg, length_cm, pieces) else []
    return head + ["sto", "zto", "yto", "ems"]


def marked_no_transfer(mark: str | None) -> bool:
    """R-16: the label says 超区勿转 or the like."""
    return bool(mark and _NO_TRANSFER.search(mark))


def quote_transfer(to: str, weight_kg: Decimal, arrived: arrow.Arrow, payment: str = "prepaid",
                   receipt: bool = False, mark: str | None = None, length_cm: Decimal | None = None,
                   areas: list[AreaRule] | None = None) -> TransferQuote:
    """R-13 – R-19 for one arrived parcel.

    Inside the actual area → deliver. Overzone (a rule with delivery overzone or agent) →
    problem when R-16 or R-17 forbid a transfer, else transfer on the R-15 day with the R-19
    channels and the R-14 fee where R-13 allows one (no fee when the internal network
    reaches, e.g. the 淮滨 seat). A 信阳市 place the table does not name ('ask') → problem
    (R-01: ask the sender outlet; the clerk's answer is saved to the table). An address
    outside 信阳市 → problem 错分 (missort)."""
    verdict = classify(to, DEFAULT_AREAS if areas is None else areas)
    return quote_for_verdict(verdict, weight_kg, arrived, payment, receipt, mark, length_cm)


def quote_for_verdict(verdict: AreaVerdict, weight_kg: Decimal, arrived: arrow.Arrow,
                      payment: str = "prepaid", receipt: bool = False, mark: str | None = None,
                      length_cm: Decimal | None = None) -> TransferQuote:
    base = dict(area=verdict.kind, outlet=verdict.rule.outlet if verdict.rule else None,
                channels=[], fee=None, transfer_on=None)
    if verdict.kind == "outside":
        return TransferQuote(overzone=False, action="problem", reasons=["R-38"], problem_type="missort_address",
                             notes=["非信阳市地址: 错分件 (missorted)"], **base)
    if verdict.kind != "inside":
        return TransferQuote(overzone=False, action="problem", reasons=["R-01"], problem_type="address",
                             notes=["区域表中没有此地: 请判定并保存到区域表 (SPEC §13)"], **base)
    rule = verdict.rule
    assert rule is not None
    if not verdict.overzone:
        return TransferQuote(overzone=False, action="deliver", reasons=["R-02"], **base)
    reasons = []
    if marked_no_transfer(mark):
        reasons.append("R-16")
    if payment in ("collect", "cod") or receipt:
        reasons.append("R-17")
    if reasons:
        return TransferQuote(overzone=True, action="problem", reasons=reasons, problem_type="overzone",
                             notes=["当天向寄件网点登记问题件 (register a problem to the sender outlet today)"], **base)
    fee_allowed = rule.fee_allowed and not rule.internal_reach
    channels = channels_for(weight_kg, length_cm)
    reasons = ["R-13"] + (["R-14"] if fee_allowed else []) + ["R-15"] + ([] if "postal" in channels else ["R-19"])
    notes = ["邮政面单须在14:00前贴好 (R-19)"] if "postal" in channels else []
    base.update(channels=channels, transfer_on=transfer_day(arrived).isoformat(),
                fee=yuan(transfer_fee_fen(weight_kg)) if fee_allowed else None)
    return TransferQuote(overzone=True, action="transfer", reasons=reasons, notes=notes, **base)


# ---- registration and follow-up (R-21) ----

# The free text of a transfer: True for one-line fields (a name, an address, a contact).
TEXT_FIELDS = {"address": True, "courier_name": True, "courier_contact": True, "note": False}


def clean_text(field: str, value):
    """A transfer's text field through the text gate (issue 15 item 3); others unchanged."""
    if field not in TEXT_FIELDS or not isinstance(value, str) or not value.strip():
        return value  # blank stays blank: check_registration names it missing
    return free_text(value, one_line=TEXT_FIELDS[field]).strip()


class TransferRegistration(BaseModel):
    """What a clerk registers for one transfer (R-18). ``mode``: 原单转件 ``original`` or
    换单转件 ``rewaybill``."""

    waybill: str
    mode: Literal["original", "rewaybill"]
    carrier: Carrier | None = None
    new_waybill: str | None = None
    fee_fen: int | None = None
    address: str | None = None
    courier_name: str | None = None
    courier_contact: str | None = None
    weight_kg: float | None = None
    note: str | None = None

    @field_validator("new_waybill")
    @classmethod
    def _carrier_no(cls, v: str | None) -> str | None:
        # input boundary: full-width digits from an input method are the same number
        return clean_scan(v).upper() or None if v is not None else None

    @field_validator(*TEXT_FIELDS)
    @classmethod
    def _text(cls, v: str | None, info) -> str | None:
        return clean_text(info.field_name, v)


class RegistrationCheck(BaseModel):
    fee_confirmed: bool
    missing: list[str]
    address_differs: bool
    warnings: list[str]


def carrier_number_ok(carrier: str, number: str) -> bool:
    """SPEC §3: loose check of another carrier's number against its pattern."""
    pat = CARRIER_PATTERNS.get(carrier)
    return bool(pat and pat.match(number.strip()))


def _norm(addr: str | None) -> str:
    return re.sub(r"[\s,，。.、]+", "", addr or "")


def check_registration(reg: TransferRegistration, original_address: str | None) -> RegistrationCheck:
    """R-18: original-waybill transfers need the delivering person's name and contact;
    re-waybill transfers need the new no., carrier, UC no., fee and receiving address.
    A missing field, or an address not equal to the original's (also when the original is
    unknown), leaves the fee **not confirmed**."""
    if reg.mode == "original":
        need = {"courier_name": reg.courier_name, "courier_contact": reg.courier_contact}
    else:
        need = {"new_waybill": reg.new_waybill, "carrier": reg.carrier, "waybill": reg.waybill,
                "fee": reg.fee_fen, "address": reg.address}
    missing = [k for k, v in need.items() if v is None or (isinstance(v, str) and not v.strip())]
    differs = False
    warnings = []
    if reg.mode == "rewaybill" and reg.address:
        if original_address is None:
            warnings.append("original_address_unknown")
        differs = original_address is not None and _norm(reg.address) != _norm(original_address)
    if reg.carrier and reg.new_waybill and not carrier_number_ok(reg.carrier, reg.new_waybill):
        warnings.append(f"new_waybill_pattern:{reg.carrier}")
    confirmed = not missing and not differs and "original_address_unknown" not in warnings
    return RegistrationCheck(fee_confirmed=confirmed, missing=missing, address_differs=differs,
                             warnings=warnings)


def postal_label_problems(label: dict[str, str | None], original: dict[str, str | None],
                          dest_city: str) -> list[str]:
    """R-19: the postal label's receiver, phone, address and UC no. equal the original's,
    and the address begins with the destination city (信阳市 or 信阳)."""
    out = [f"{k}_differs" for k in ("receiver", "phone", "address", "waybill")
           if _norm(label.get(k)) != _norm(original.get(k))]
    addr = _norm(label.get("address"))
    if not (addr.startswith(dest_city) or addr.startswith(dest_city.removesuffix("市"))):
        out.append("address_not_city_first")
    return out


def postal_label_in_time(at: arrow.Arrow) -> bool:
    """R-19: postal labels are stuck on before 14:00."""
    return at.to(clock.TZ).hour < CUTOFF_HOUR


def follow_up_due(created: date, signed: bool, today: date) -> bool:
    """R-21: made 3 days ago or more and not signed by the other carrier. Days are
    calendar days (seed: 每天要进行跟踪3天前转运进度): on the 24th, every transfer made
    on the 21st or before, whatever its hour (docs/decisions.md)."""
    return not signed and (today - created).days >= FOLLOW_UP_DAYS


def follow_up_made_before(now: arrow.Arrow) -> str:
    """R-21 as a stored-time bound: a transfer is due when it was made before 00:00 of the
    day ``FOLLOW_UP_DAYS - 1`` days back (the same answer as :func:`follow_up_due`)."""
    return clock.stamp(clock.day_start(now, FOLLOW_UP_DAYS - 1))


def check_contact(attempts: int) -> bool:
    """R-21: several delivery attempts → wrong address or phone: check the original."""
    return attempts >= ATTEMPTS_SUSPECT


class TransferRecord(BaseModel):
    """A registered transfer as stored (R-18), with its follow-up state (R-21)."""

    id: int
    waybill: str
    mode: str
    carrier: str | None = None
    new_waybill: str | None = None
    fee_fen: int | None = None
    fee_confirmed: bool = False
    address: str | None = None
    courier_name: str | None = None
    courier_contact: str | None = None
    weight_kg: float | None = None
    created_at: str
    created_by: str
    signed_at: str | None = None
    attempts: int = 0
    note: str | None = None
    version: int = 1  # moved on by each edit: an edit on a stale view is refused (issue 9)


class FollowUp(BaseModel):
    """A transfer to follow up today (R-21)."""

    transfer: TransferRecord
    days: int
    check_contact: bool
