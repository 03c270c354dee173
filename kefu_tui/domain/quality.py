"""The quality post (质控): complaints and callbacks (投诉/回访, SPEC §11), the registers
R-31..R-33 (网络订单, 仲裁-被投诉方, 罚款) and the shift handover (交接记录本).

Pure: plain values in, decisions out; ``now`` is always an argument."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import arrow

from kefu_tui.domain.clock import day_start, parse_stamp
from kefu_tui.domain.money import yuan


# ---------------------------------------------------------------- complaints (§11)

STEPS: tuple[str, ...] = ("received", "judged", "responsible", "proposal", "done", "callback", "summary")
"""The closed loop of a complaint, in order (seeds 001-004)."""
STEP_LABELS = {
    "received": "登记", "judged": "判定", "responsible": "责任方", "proposal": "处理方案",
    "done": "已处理", "callback": "回访", "summary": "总结",
}
CALLBACK_DAYS = 3  # the seeds call back within three days of carrying out the proposal
SATISFIED, UNSATISFIED = "satisfied", "unsatisfied"
JUSTIFIED, UNJUSTIFIED = "justified", "unjustified"
ANSWER_LABELS = {SATISFIED: "满意", UNSATISFIED: "不满意", JUSTIFIED: "成立", UNJUSTIFIED: "不成立"}


def next_steps(step: str, outcome: str | None) -> tuple[str, ...]:
    """The steps allowed after ``step`` (§11). A callback answered 不满意 re-opens the
    complaint: a new proposal must be carried out and called back before the summary."""
    if step == "callback":
        return ("summary",) if outcome != UNSATISFIED else ("proposal",)
    if step == "summary":
        return ()
    return (STEPS[STEPS.index(step) + 1],)


def step_refusal(current: str, outcome: str | None, step: str) -> str | None:
    """Why ``step`` may not follow ``current`` now (None: it may). A summary before a
    callback, above all, is refused (§11)."""
    if step not in STEPS or step == "received":
        return f"未知步骤 (unknown step): {step!r}; 可用: {', '.join(STEPS[1:])}"
    allowed = next_steps(current, outcome)
    if step in allowed:
        return None
    if not allowed:
        return "投诉已总结结案, 不能再加步骤 (complaint already summarised)"
    if step == "summary" and current != "callback":
        return "未回访不能总结 (no summary before the callback)"
    if step == "summary":
        return "回访不满意, 须重新提出处理方案并回访 (unsatisfied callback re-opened it)"
    want = "、".join(f"{s} {STEP_LABELS[s]}" for s in allowed)
    return f"步骤顺序不对: 当前 {current} {STEP_LABELS[current]}, 下一步应为 {want} (step out of order)"


def answer_of(step: str, text: str, explicit: str | None = None) -> str | None:
    """The answer a step carries: judged → justified/unjustified; callback →
    satisfied/unsatisfied. ``explicit`` wins; else read from the clerk's words."""
    if step == "judged":
        if explicit in (JUSTIFIED, UNJUSTIFIED):
            return explicit
        return UNJUSTIFIED if any(w in text for w in ("不成立", "无责", "不属实")) else JUSTIFIED
    if step == "callback":
        if explicit in (SATISFIED, UNSATISFIED):
            return explicit
        return UNSATISFIED if "不满意" in text else SATISFIED
    return None


def callback_by(done_at: str) -> str:
    """Stored time of the ``done`` step + 3 days: the callback is due by then."""
    return _plus(done_at, timedelta(days=CALLBACK_DAYS))


# ---------------------------------------------------------------- registers R-31..R-33

REGISTER_DAYS = 3
APPEAL_HOURS = 24  # appeal within 1 day after HQ accepts the complaint
APPEAL_WARN_HOURS = 4  # the home screen warns when an appeal deadline is this close
ORDER_HANDLED_STATUSES = ("已处理", "已取消")
SETTLE, APPEAL = "settle", "appeal"
DECISION_LABELS = {SETTLE: "认责赔付", APPEAL: "申诉"}


def window_register(now: arrow.Arrow) -> tuple[arrow.Arrow, arrow.Arrow]:
    """R-31/R-32/R-33: the last 3 days, 00:00 three days ago to now."""
    return day_start(now, REGISTER_DAYS), now


def order_handled(waybill: str | None, status: str | None, handled_at: str | None = None) -> bool:
    """R-31: an order is handled when it has a waybill, its 状态 is 已处理/已取消, or a
    clerk marked it handled."""
    return bool(waybill) or (status or "").strip() in ORDER_HANDLED_STATUSES or bool(handled_at)


def appeal_by(accepted_at: str) -> str:
    """R-32: the appeal deadline, acceptance + 24 h (stored text)."""
    return _plus(accepted_at, timedelta(hours=APPEAL_HOURS))


def appeal_due_soon(accepted_at: str, decision: str | None, now: arrow.Arrow) -> bool:
    """R-32: undecided and its appeal deadline falls within the next 4 hours."""
    if decision:
        return False
    by = parse_stamp(appeal_by(accepted_at))
    return now <= by <= now.shift(hours=APPEAL_WARN_HOURS)


@dataclass(slots=True)
class RegisterFinding:
    """One line of R-31..R-33 on the board; ``order`` stands in for a missing waybill.
    A plain dataclass: a board builds hundreds of these (pydantic cost 30× the SQL)."""

    reason: str
    label: str
    waybill: str | None = None
    order: str | None = None
    case: str | None = None
    fine: str | None = None
    at: str | None = None
    site: str | None = None
    kind: str | None = None
    amount: str | None = None
    appeal_by: str | None = None
    decision: str | None = None
    told_by: str | None = None

    def as_json(self) -> dict:
        return {k: v for k in self.__slots__ if (v := getattr(self, k)) is not None}


def finding_R31(order_no: str, ordered_at: str, sender: str | None, address: str | None) -> RegisterFinding:
    """R-31: a network order not yet handled."""
    return RegisterFinding(reason="new_order", label="网络订单待处理", order=order_no,
                           at=ordered_at, site=sender or address)


def finding_R32(case_no: str, waybill: str, complainant: str, kind: str, accepted_at: str,
                amount_fen: int | None, decision: str | None) -> RegisterFinding:
    """R-32: a complaint against us; ``appeal_by`` = accepted + 24 h (ISO 8601)."""
    by = stored_iso(appeal_by(accepted_at))
    label = f"{kind} 申诉截止 {by[5:16].replace('T', ' ')}"
    if decision:
        label = f"{kind} 已{DECISION_LABELS.get(decision, decision)}"
    return RegisterFinding(reason="complaint_against_us", label=label, waybill=waybill,
                           case=case_no, at=accepted_at, site=complainant, kind=kind,
                           amount=yuan(amount_fen, blank=None), appeal_by=by, decision=decision)


def finding_R33(fine_no: str, fined_at: str, amount_fen: int, waybill: str | None,
                kind: str | None, told_by: str | None) -> RegisterFinding:
    """R-33: a fine; the supervisor must be told (``told_by`` once done)."""
    label = f"{kind or '罚款'} {yuan(amount_fen, blank=None)}元" + (" 已告知主管" if told_by else " 待告知主管")
    return RegisterFinding(reason="fine", label=label, waybill=waybill, fine=fine_no,
                           at=fined_at, kind=kind, amount=yuan(amount_fen, blank=None), told_by=told_by)


# ---------------------------------------------------------------- handover


def handover_order(urgent: bool, at: str, note_id: int) -> tuple:
    """Sort key of open handover notes: urgent first, then oldest first."""
    return (0 if urgent else 1, at, note_id)


# ---------------------------------------------------------------- helpers


def stored_iso(stored: str) -> str:
    """Stored wall-clock text as ISO 8601 with the branch offset, without arrow (per row)."""
    return stored.replace(" ", "T") + "+08:00"


def _plus(stored: str, delta: timedelta) -> str:
    return (datetime.fromisoformat(stored) + delta).isoformat(" ")


# ---------------------------------------------------------------- statistics

COMPLAINT_STATES = ("处理中", "待回访", "不满意重办", "待总结", "已结案")


def complaint_state(step: str, outcome: str | None) -> str:
    """A complaint's outcome for the statistics (§11)."""
    if step == "summary":
        return "已结案"
    if step == "callback":
        return "不满意重办" if outcome == UNSATISFIED else "待总结"
    if step == "done":
        return "待回访"
    if outcome == UNSATISFIED:
        return "不满意重办"
    return "处理中"
