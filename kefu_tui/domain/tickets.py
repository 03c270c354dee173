"""Problem parcels (问题件, SPEC §5): types, the ticket and its notes, and the rules that
govern follow-ups (R-06, R-07), returns (R-09), empty receipts (R-10), brushing parcels
(R-11) and unidentified goods (R-12). Pure: no store, no clock reads."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum

import arrow
from pydantic import BaseModel

from kefu_tui.domain.clock import at_hour, day_start, mmdd, stamp
from kefu_tui.domain.words import TICKET_TYPE_LABELS

MORNING_HOUR = 10  # yesterday's problem parcels are followed up before 10:00
BRUSHING_SIGNER = "草签"
BRUSHING_EXEMPT_MARKS = ("非刷单件", "真实件")


class TicketType(StrEnum):
    """The problem types of SPEC §5 (the ``--type`` codes)."""

    PHONE = "phone"
    ADDRESS = "address"
    DAMAGED = "damaged"
    INCOMPLETE = "incomplete"
    OVERZONE = "overzone"
    MISSORT_HEADER = "missort_header"
    MISSORT_ADDRESS = "missort_address"
    NOT_HOME = "not_home"
    REFUSED = "refused"
    AGENT_DELAY = "agent_delay"
    RECEIPT_EMPTY = "receipt_empty"
    OTHER = "other"

    @property
    def label(self) -> str:
        return LABELS[self]

    @classmethod
    def parse(cls, text: str) -> "TicketType":
        """A code or the Chinese word (SPEC §5: the word is accepted wherever a code is).
        Raises ValueError for anything else."""
        t = (text or "").strip()
        if t.lower() in cls._value2member_map_:
            return cls(t.lower())
        hit = _WORDS.get(t.replace("－", "-").replace("—", "-"))
        if hit is None:
            raise ValueError(f"unknown problem type {text!r}; one of: {', '.join(m.value for m in cls)}")
        return hit


LABELS: dict[TicketType, str] = {t: TICKET_TYPE_LABELS[t.value] for t in TicketType}

_WORDS: dict[str, TicketType] = {label: t for t, label in LABELS.items()}
_WORDS.update({
    "电话错误": TicketType.PHONE, "停机": TicketType.PHONE, "暂停服务": TicketType.PHONE,
    "空号": TicketType.PHONE, "大头笔写错": TicketType.MISSORT_HEADER,
    "地址错": TicketType.MISSORT_ADDRESS, "错分": TicketType.MISSORT_HEADER,
})

# Texts the seed prescribes per type; the clerk replaces XXX (SPEC §5, R-22).
DEFAULT_TEXT: dict[TicketType, str] = {
    TicketType.MISSORT_HEADER: "此件错分",
    TicketType.MISSORT_ADDRESS: "经与收货人联系,收货地址为XXX",
    TicketType.AGENT_DELAY: "淮滨网点暂停,代派时效不保",
    TicketType.RECEIPT_EMPTY: "回单空封,请回复后派送",
}


class ProblemTicket(BaseModel):
    """A registered problem parcel. Times are stored wall-clock text. ``created_at`` is when
    it was registered to ``party`` (the sender outlet): that is the notice of R-09."""

    id: int | None = None
    waybill: str
    type: TicketType
    text: str
    party: str | None = None
    status: str = "open"
    created_at: str
    created_by: str = ""
    updated_at: str
    closed_at: str | None = None
    closed_by: str | None = None
    close_reason: str | None = None
    hold_until: str | None = None
    batch_id: int | None = None
    version: int = 1  # bumped by close/re-open/type change: a stale view is refused (issue 9)
    reply_kind: str | None = None  # the sender's newest reply (domain.returns.ReplyKind)
    reply_at: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def type_label(self) -> str:
        return LABELS[self.type]


class TicketNote(BaseModel):
    """A follow-up (跟进) note; appended, never edited (R-07)."""

    id: int | None = None
    ticket_id: int
    at: str
    by: str
    text: str


# ------------------------------------------------------------------ R-06 follow-ups

def overdue_before(now: arrow.Arrow) -> str:
    """R-06 as a stored-time bound: an open ticket last updated before this (today 00:00)
    is overdue and on the morning list. The queue's SQL, the home count and F12 use it."""
    return stamp(day_start(now))


def is_overdue(ticket: ProblemTicket, now: arrow.Arrow) -> bool:
    """R-06: an open ticket with no update today (所有问题件必须每天更新登记)."""
    return ticket.is_open and ticket.updated_at < overdue_before(now)


def needs_morning_followup(ticket: ProblemTicket, now: arrow.Arrow) -> bool:
    """R-06: an open ticket last updated before today is on the morning list: it must be
    followed up before 10:00 (see :func:`morning_followup_late` for the flag after 10:00)."""
    return is_overdue(ticket, now)


def morning_followup_late(ticket: ProblemTicket, now: arrow.Arrow) -> bool:
    """R-06: the morning follow-up was missed: still not updated today at or after 10:00."""
    return needs_morning_followup(ticket, now) and now >= at_hour(now, MORNING_HOUR)


# ------------------------------------------------------------------ R-08 bulk registration

def skipped_in_bulk(open_types: Iterable[str], type_: str) -> bool:
    """R-08: a bulk registration skips a number that already has an open ticket of the
    same type (registering it twice would only duplicate the follow-up); an open ticket of
    another type does not stop it. The preview and the commit both ask this."""
    return type_ in set(open_types)


# ------------------------------------------------------------------ R-07 dated notes

_DATE_TAG = re.compile(r"[(（]\d{4}[)）]\s*$")


def dated_note(text: str, now: arrow.Arrow) -> str:
    """R-07: a follow-up carries its date as ``(MMDD)``: ``暂放续送`` on 6 Dec →
    ``暂放续送(1206)``. A text already ending with a (MMDD) tag is kept as typed."""
    t = text.strip()
    if _DATE_TAG.search(t):
        return t
    return f"{t}({mmdd(now)})"


# R-09 (returns) is decided in one place: ``kefu_tui.domain.returns.return_clock``.


# ------------------------------------------------------------------ R-10 receipts

def may_deliver(tickets: list[ProblemTicket]) -> bool:
    """R-10: a parcel whose return-receipt envelope was empty is delivered only after the
    sender outlet replied, i.e. once its ``receipt_empty`` ticket is closed."""
    return not any(t.is_open and t.type == TicketType.RECEIPT_EMPTY for t in tickets)


# ------------------------------------------------------------------

def is_brushing_exempt(label_note: str | None) -> bool:
    """R-11: a label saying 非刷单件/真实件 is a real parcel, sorted at once, never signed
    in the brushing batch (whose signer is :data:`BRUSHING_SIGNER` 草签)."""
    return bool(label_note) and any(m in label_note for m in BRUSHING_EXEMPT_MARKS)


def unidentified_goods_title(day: date | arrow.Arrow) -> str:
    """R-12: the title of an unidentified-goods (不明货物) registration,
    ``河南信阳分拨中心YY年M月D日不明货物``."""
    d = day.date() if isinstance(day, arrow.Arrow) else day
    return f"河南信阳分拨中心{d.year % 100:02d}年{d.month}月{d.day}日不明货物"
