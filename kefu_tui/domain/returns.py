"""Returns (退件, SPEC §5 "Returns", seed §九 退件操作): the sender outlet's reply to a
problem notice, the one R-09 clock, and the return label.

R-09 is decided here and only here (:func:`return_clock`); the store's queue filter
mirrors it in SQL (``store.returns``) and a test holds the two to the same answer.
Pure: no store, no clock reads."""

from __future__ import annotations

from enum import StrEnum

import arrow
from pydantic import BaseModel

from kefu_tui.domain.clock import parse_stamp, stamp

RULE = "R-09"
HOLD_HOURS = 72  # 3 days point to point; also the longest hold the sender may ask
HUB = "信阳分拨中心"  # the return is scanned in and out here (seed: 做中心到件和发件到郑州中心)
RETURN_TO = "郑州分拨中心"
CLOSE_REASON = "退件"
LABEL_REMINDER = "原目的地划掉,贴面单右上角,勿盖单号条码及代收到付标志"


class ReplyKind(StrEnum):
    """The sender outlet's reply (发件网点回复) to a problem notice."""

    HOLD = "hold"  # 暂放: keep for the customer, until a time ≤ 3 days after the reply
    REDELIVER = "redeliver"  # 再派: deliver again (new address/phone in the text)
    RETURN = "return"  # 退回: send it back; not doing so is a violation
    UNCLEAR = "unclear"  # 不明确: decides nothing, the 72 h clock keeps running

    @property
    def label(self) -> str:
        return REPLY_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> "ReplyKind":
        """A code or its Chinese word; ValueError for anything else."""
        t = (text or "").strip()
        if t.lower() in cls._value2member_map_:
            return cls(t.lower())
        hit = _REPLY_WORDS.get(t)
        if hit is None:
            raise ValueError(f"不认识的回复 {text!r}: hold(暂放) redeliver(再派) return(退回) unclear(不明确)")
        return hit


REPLY_LABELS = {ReplyKind.HOLD: "暂放", ReplyKind.REDELIVER: "再派",
                ReplyKind.RETURN: "退回", ReplyKind.UNCLEAR: "不明确"}
_REPLY_WORDS = {v: k for k, v in REPLY_LABELS.items()} | {
    "暂放待客户": ReplyKind.HOLD, "重新派送": ReplyKind.REDELIVER, "续派": ReplyKind.REDELIVER,
    "退件": ReplyKind.RETURN, "无明确回复": ReplyKind.UNCLEAR}


class ReplyRefused(ValueError):
    """A reply that makes no sense (R-09); the message is the clerk's reason."""


def check_reply(kind: ReplyKind, at: arrow.Arrow, until: arrow.Arrow | None) -> str | None:
    """R-09: the stored ``hold_until`` of a reply given at ``at``, or ReplyRefused. A hold
    needs its end, after the reply and at most 3 days (72 h) later; other kinds take none."""
    if kind != ReplyKind.HOLD:
        if until is not None:
            raise ReplyRefused(f"只有“暂放”需要截止时间,“{kind.label}”不用")
        return None
    if until is None:
        raise ReplyRefused("暂放要写明暂放到什么时候(最长3天)")
    if until <= at:
        raise ReplyRefused(f"暂放截止 {stamp(until)[:16]} 早于回复时间 {stamp(at)[:16]}")
    limit = at.shift(hours=HOLD_HOURS)
    if until > limit:
        raise ReplyRefused(f"R-09 暂放最长3天:最晚到 {stamp(limit)[:16]},"
                           f"不能到 {stamp(until)[:16]}")
    return stamp(until)


def reply_note(kind: ReplyKind, until: str | None, text: str) -> str:
    """The note's text before its (MMDD) date tag (R-07): ``发件网点回复:暂放至12-05 18:00 客户出差``."""
    head = f"发件网点回复:{kind.label}"
    if until:
        head += f"至{until[5:16]}"
    return f"{head} {text.strip()}".strip()


# ------------------------------------------------------------------ the R-09 clock

class ReturnState(StrEnum):
    """R-09: where a problem parcel stands towards its return."""

    NO_NOTICE = "no_notice"  # no problem notice: returning is a violation
    WAITING = "waiting"  # under 72 h since the notice: returning now is a violation
    HELD = "held"  # a sender-asked hold is running
    REDELIVER = "redeliver"  # the sender asked to deliver again
    MAY = "may"  # 72 h without a (clear) reply, or the hold is over: may be returned
    MUST = "must"  # the sender asked for it back: not returning is a violation


class ReturnClock(BaseModel):
    """The answer of :func:`return_clock`: the state, when a return becomes allowed
    (``may_from``, stored text; None when it never does by time alone) and the words."""

    state: ReturnState
    may_from: str | None = None
    asked_at: str | None = None  # when the sender asked for the return (MUST)
    rule: str = RULE

    @property
    def allowed(self) -> bool:
        return self.state in (ReturnState.MAY, ReturnState.MUST)

    def words(self, now: arrow.Arrow) -> str:
        """The clerk's sentence, with the rule id."""
        s = self.state
        if s == ReturnState.NO_NOTICE:
            return f"{RULE} 没有问题件通知,不能退件"
        if s == ReturnState.REDELIVER:
            return f"{RULE} 发件网点要求再派,不能退件"
        if s == ReturnState.MUST:
            late = self.asked_at and self.asked_at[:10] < stamp(now)[:10]
            return (f"{RULE} 发件网点{self.asked_at[5:10]}要求退回,应退未退:今日必须退件" if late
                    else f"{RULE} 发件网点要求退回:今日必须退件")
        if s == ReturnState.MAY:
            return f"{RULE} 已满72小时无明确回复,可以退件"
        wait = _span(parse_stamp(self.may_from) - now)
        if s == ReturnState.HELD:
            return f"{RULE} 发件网点要求暂放至{self.may_from[5:16]},还有{wait}才能退件"
        return f"{RULE} 通知未满72小时,还有{wait}才能退件({self.may_from[5:16]}起可退)"

    def short(self, now: arrow.Arrow) -> str:
        """A queue cell: 必退 / 可退 / 差1天3时 / 暂放至12-05 / 再派 / 无通知."""
        s = self.state
        if s == ReturnState.MUST:
            return "必退·逾期" if self.asked_at and self.asked_at[:10] < stamp(now)[:10] else "必退"
        if s == ReturnState.MAY:
            return "可退"
        if s == ReturnState.HELD:
            return f"暂放至{self.may_from[5:10]}"
        if s == ReturnState.WAITING:
            return f"差{_span(parse_stamp(self.may_from) - now)}"
        return {ReturnState.REDELIVER: "再派", ReturnState.NO_NOTICE: "无通知"}[s]


def _span(d) -> str:
    minutes = max(0, int(d.total_seconds() // 60) + (1 if d.total_seconds() % 60 else 0))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}天{hours}时" if hours else f"{days}天"
    if hours:
        return f"{hours}时{mins}分" if mins else f"{hours}时"
    return f"{mins}分"


def return_clock(notified_at: str | None, reply_kind: str | None, reply_at: str | None,
                 hold_until: str | None, now: arrow.Arrow) -> ReturnClock:
    """R-09, the one answer: may this problem parcel be returned to its sender outlet now?

    ``notified_at``: when the problem was registered to the sender outlet (the notice; None:
    no notice). The newest reply decides: ``return`` → must go back now; ``redeliver`` →
    no return; a ``hold`` moves the earliest return to its end when that is later than
    72 h after the notice; ``unclear`` or none → 72 h point to point after the notice.
    ``hold_until`` counts whatever the reply kind (an imported hold has no kind).
    Compared as stored wall-clock text, like the SQL mirror in ``store.returns``."""
    if notified_at is None:
        return ReturnClock(state=ReturnState.NO_NOTICE)
    if reply_kind == ReplyKind.RETURN:
        return ReturnClock(state=ReturnState.MUST, may_from=reply_at or notified_at,
                           asked_at=reply_at or notified_at)
    if reply_kind == ReplyKind.REDELIVER:
        return ReturnClock(state=ReturnState.REDELIVER)
    now_s = stamp(now)
    may_from = stamp(parse_stamp(notified_at).shift(hours=HOLD_HOURS))
    if hold_until and hold_until > may_from:
        if now_s < hold_until:
            return ReturnClock(state=ReturnState.HELD, may_from=hold_until)
        return ReturnClock(state=ReturnState.MAY, may_from=hold_until)
    if now_s < may_from:
        return ReturnClock(state=ReturnState.WAITING, may_from=may_from)
    return ReturnClock(state=ReturnState.MAY, may_from=may_from)


# the order in which one waybill's tickets decide (several open tickets on one parcel)
_PRECEDENCE = (ReturnState.MUST, ReturnState.REDELIVER, ReturnState.HELD,
               ReturnState.WAITING, ReturnState.MAY, ReturnState.NO_NOTICE)


def waybill_clock(clocks: list[ReturnClock]) -> ReturnClock:
    """R-09 for a parcel with several open tickets: the sender's "return" wins; otherwise
    any ticket that forbids the return forbids it (the latest ``may_from``)."""
    if not clocks:
        return ReturnClock(state=ReturnState.NO_NOTICE)
    best = min(_PRECEDENCE.index(c.state) for c in clocks)
    same = [c for c in clocks if _PRECEDENCE.index(c.state) == best]
    return max(same, key=lambda c: c.may_from or "")


# ------------------------------------------------------------------ the return label

class ReturnLabel(BaseModel):
    """退件标签 (seed §九): stuck on the waybill's top-right corner, the old destination
    struck out, never over the number, barcode or the COD/collect marks."""

    waybill: str
    sender_outlet: str
    reason: str
    date: str  # YYYY-MM-DD
    reminder: str = LABEL_REMINDER


LABEL_INNER = 26  # terminal cells inside the border: the reminder in two lines of ≤ 26


def label_lines(label: ReturnLabel) -> list[str]:
    """The label as bordered text, 30 cells wide and 9 lines high (10 with a long reason):
    small enough for the top-right corner of a waybill."""
    from rich.cells import cell_len, set_cell_size

    def row(text: str) -> str:
        if cell_len(text) > LABEL_INNER:
            text = set_cell_size(text, LABEL_INNER - 1) + "…"
        return f"│ {set_cell_size(text, LABEL_INNER)} │"

    cut = label.reminder.index("勿")
    body = [
        "退件标签 (退回发件网点)",
        f"单号 {label.waybill}",
        f"退回 {label.sender_outlet}",
        *_wrap(f"原因 {label.reason}", LABEL_INNER, "     "),
        f"日期 {label.date}",
        label.reminder[:cut],
        label.reminder[cut:],
    ]
    edge = "─" * (LABEL_INNER + 2)
    return [f"┌{edge}┐", *(row(b) for b in body), f"└{edge}┘"]


def _wrap(text: str, width: int, indent: str) -> list[str]:
    from rich.cells import cell_len

    lines, cur = [], ""
    for ch in text:
        if cell_len(cur + ch) > width:
            lines.append(cur)
            cur = indent
        cur += ch
    return [*lines, cur]


def return_reason(type_label: str, clock: ReturnClock) -> str:
    """The label's reason: the problem, and why it goes back (R-09)."""
    why = "网点要求退回" if clock.state == ReturnState.MUST else "超72时无回复"
    return f"{type_label}·{why}"
