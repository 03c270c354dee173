"""Quality desk use cases (质控): complaints and callbacks (§11), the R-31..R-33 registers
(decide a complaint against us, tell the supervisor of a fine, handle an order) and the
shift handover. Every write is one transaction with its audit entry."""

from __future__ import annotations

import arrow
from pydantic import BaseModel

from kefu_tui.domain import quality as dq
from kefu_tui.domain.clock import iso, parse_stamp, stamp
from kefu_tui.domain.privacy import mask_phone  # one masking for every desk (issue 9)
from kefu_tui.domain.waybills import clean_scan, is_waybill_no
from kefu_tui.domain.untrusted import MAX_TEXT, free_text, one_line
from kefu_tui.store import quality as q


class StepRefused(ValueError):
    """A complaint step out of order (§11): nothing was written."""


class NotFound(ValueError):
    """No such complaint, note or register row."""


# ---------------------------------------------------------------- complaints

class StepView(BaseModel):
    step: str
    label: str
    text: str
    answer: str | None = None
    at: str
    by: str


class ComplaintView(BaseModel):
    """A complaint (投诉登记表 line) with its steps; phone masked unless revealed."""

    id: int
    caller: str
    phone: str
    text: str
    waybill: str | None = None
    received_at: str
    received_by: str
    step: str
    step_label: str
    step_at: str
    next_steps: list[str]
    justified: bool | None = None
    outcome: str | None = None
    reopened: int = 0
    closed_at: str | None = None
    callback_by: str | None = None  # ISO 8601: the done step + 3 days
    callback_overdue: bool = False
    steps: list[StepView] = []


def add_complaint(store, caller: str, phone: str, text: str, waybill: str | None, now: arrow.Arrow,
                  user: str) -> int:
    """Register a complaint (投诉登记: who, phone, when, what, waybill); returns its id."""
    caller, phone, text = one_line(caller), one_line(phone), free_text(text).strip()
    if not (caller and phone and text):
        raise ValueError("投诉人、电话、内容都必须填写 (from, phone and text are required)")
    if waybill:
        waybill = clean_scan(waybill)
        if not is_waybill_no(waybill):
            raise ValueError(f"运单号不是12位数字 (not a 12-digit waybill number): {waybill!r}")
    at = stamp(now)
    with store.write() as conn:
        cur = conn.execute(
            "INSERT INTO complaints (caller, phone, text, waybill, received_at, received_by, step,"
            " step_at) VALUES (?, ?, ?, ?, ?, ?, 'received', ?)",
            (caller, phone, text, waybill or None, at, user, at))
        cid = cur.lastrowid
        conn.execute("INSERT INTO complaint_steps (complaint_id, step, text, at, by)"
                     " VALUES (?, 'received', ?, ?, ?)", (cid, text, at, user))
        store.audit(at, user, "complaint.add", "complaints", cid, None,
                    {"caller": caller, "waybill": waybill, "text": text})
    return cid


def add_step(store, cid: int, step: str, text: str, now: arrow.Arrow, user: str,
             answer: str | None = None) -> ComplaintView:
    """Record the next step of complaint ``cid`` (§11); out of order → :class:`StepRefused`
    and nothing written. An unsatisfied callback re-opens the complaint."""
    text = free_text(text).strip()
    if not text:
        raise ValueError("步骤说明不能为空 (--text is required)")
    at = stamp(now)
    with store.write() as conn:
        row = q.complaint(store, cid)
        if row is None:
            raise NotFound(f"没有投诉 #{cid} (no such complaint)")
        why = dq.step_refusal(row["step"], row["outcome"], step)
        if why:
            raise StepRefused(f"投诉 #{cid}: {why}")
        got = dq.answer_of(step, text, answer)
        sets = {"step": step, "step_at": at}
        if step == "judged":
            sets["justified"] = 1 if got == dq.JUSTIFIED else 0
        if step == "callback":
            sets["outcome"] = got
            if got == dq.UNSATISFIED:
                sets["reopened"] = row["reopened"] + 1
        if step == "summary":
            sets["closed_at"] = at
        conn.execute(f"UPDATE complaints SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                     (*sets.values(), cid))
        conn.execute("INSERT INTO complaint_steps (complaint_id, step, text, answer, at, by)"
                     " VALUES (?, ?, ?, ?, ?, ?)", (cid, step, text, got, at, user))
        store.audit(at, user, f"complaint.{step}", "complaints", cid,
                    {"step": row["step"]}, {"step": step, "text": text, "answer": got})
    return complaint_view(store, cid, now)


def complaint_view(store, cid: int, now: arrow.Arrow, reveal: bool = False,
                   with_steps: bool = True) -> ComplaintView:
    row = q.complaint(store, cid)
    if row is None:
        raise NotFound(f"没有投诉 #{cid} (no such complaint)")
    return _view(store, row, now, reveal, with_steps)


def _view(store, row, now: arrow.Arrow, reveal: bool, with_steps: bool) -> ComplaintView:
    by = dq.callback_by(row["step_at"]) if row["step"] == "done" else None
    overdue = bool(by and parse_stamp(by) < now)
    steps = [StepView(step=s["step"], label=dq.STEP_LABELS[s["step"]], text=s["text"],
                      answer=s["answer"], at=s["at"], by=s["by"])
             for s in q.complaint_steps(store, row["id"])] if with_steps else []
    return ComplaintView(
        id=row["id"], caller=row["caller"],
        phone=row["phone"] if reveal else mask_phone(row["phone"]),
        text=row["text"], waybill=row["waybill"], received_at=row["received_at"],
        received_by=row["received_by"], step=row["step"], step_label=dq.STEP_LABELS[row["step"]],
        step_at=row["step_at"], next_steps=list(dq.next_steps(row["step"], row["outcome"])),
        justified=None if row["justified"] is None else bool(row["justified"]),
        outcome=row["outcome"], reopened=row["reopened"], closed_at=row["closed_at"],
        callback_by=iso_of(by) if by else None, callback_overdue=overdue, steps=steps)


def list_complaints(store, now: arrow.Arrow, open_only: bool = False, callbacks_due: bool = False,
                    reveal: bool = False, offset: int = 0, limit: int = -1) -> list[ComplaintView]:
    """The complaint register (newest first), open ones only, or the callback list of the
    day: carried out and not yet called back, oldest first, each with ``callback_by``."""
    rows = q.callbacks_due(store) if callbacks_due else q.complaints(store, open_only, offset, limit)
    return [_view(store, r, now, reveal, with_steps=False) for r in rows]


# ---------------------------------------------------------------- handover

class HandoverNote(BaseModel):
    """One line of the 交接记录本."""

    id: int
    text: str
    urgent: bool
    waybills: list[str] = []
    at: str
    by: str
    done_at: str | None = None
    done_by: str | None = None


def _note(r) -> HandoverNote:
    return HandoverNote(id=r["id"], text=r["text"], urgent=bool(r["urgent"]),
                        waybills=(r["waybills"] or "").split(), at=r["at"], by=r["by"],
                        done_at=r["done_at"], done_by=r["done_by"])


def add_note(store, text: str, urgent: bool, now: arrow.Arrow, user: str,
             waybills: list[str] | None = None) -> HandoverNote:
    """A note for the next shift (交接), urgent or not, optionally on waybills."""
    text = free_text(text).strip()
    if not text:
        raise ValueError("交接内容不能为空 (empty note)")
    nos = [clean_scan(w) for w in waybills or []]
    bad = [w for w in nos if not is_waybill_no(w)]
    if bad:
        raise ValueError(f"运单号不是12位数字 (not a 12-digit waybill number): {bad[0]!r}")
    at = stamp(now)
    with store.write() as conn:
        cur = conn.execute("INSERT INTO handover_notes (text, urgent, waybills, at, by)"
                           " VALUES (?, ?, ?, ?, ?)", (text, int(urgent), " ".join(nos) or None, at, user))
        store.audit(at, user, "handover.add", "handover_notes", cur.lastrowid, None,
                    {"text": text, "urgent": urgent, "waybills": nos})
        nid = cur.lastrowid
    return _note(q.note(store, nid))


def open_notes(store) -> list[HandoverNote]:
    """Open notes, urgent first, then oldest first."""
    return [_note(r) for r in q.open_notes(store)]


def mark_note_done(store, nid: int, now: arrow.Arrow, user: str) -> HandoverNote:
    """Mark a note done (who, when). A note already done is refused (:class:`StepRefused`)."""
    at = stamp(now)
    with store.write() as conn:
        r = q.note(store, nid)
        if r is None:
            raise NotFound(f"没有交接记录 #{nid} (no such note)")
        if r["done_at"]:
            raise StepRefused(f"交接记录 #{nid} 已由 {r['done_by']} 于 {r['done_at']} 办结 (already done)")
        conn.execute("UPDATE handover_notes SET done_at = ?, done_by = ? WHERE id = ?", (at, user, nid))
        store.audit(at, user, "handover.done", "handover_notes", nid, None, {"done_at": at})
    return _note(q.note(store, nid))


# ---------------------------------------------------------------- registers R-31..R-33

def findings_R31(store, now: arrow.Arrow) -> list[dq.RegisterFinding]:
    """R-31: network orders of the last 3 days not yet handled."""
    start, end = (stamp(t) for t in dq.window_register(now))
    return [dq.finding_R31(r["order_no"], r["ordered_at"], r["sender"], r["sender_address"])
            for r in q.orders_since(store, start, end)]


def findings_R32(store, now: arrow.Arrow) -> list[dq.RegisterFinding]:
    """R-32: complaints against us accepted in the last 3 days, each with ``appeal_by``."""
    start, end = (stamp(t) for t in dq.window_register(now))
    return [dq.finding_R32(r["case_no"], r["waybill"], r["complainant"], r["kind"],
                           r["accepted_at"], r["amount_fen"], r["decision"])
            for r in q.arbitrations_since(store, start, end)]


def findings_R33(store, now: arrow.Arrow) -> list[dq.RegisterFinding]:
    """R-33: fines of the last 3 days; tell the supervisor."""
    start, end = (stamp(t) for t in dq.window_register(now))
    return [dq.finding_R33(r["fine_no"], r["fined_at"], r["amount_fen"], r["waybill"],
                           r["kind"], r["told_by"]) for r in q.fines_since(store, start, end)]


def appeals_due_soon(store, now: arrow.Arrow) -> list[dict]:
    """R-32: undecided complaints against us whose appeal deadline (accepted + 24 h) falls
    within the next 4 hours — the home screen shows them in the warning colour."""
    lo = stamp(now.shift(hours=-dq.APPEAL_HOURS))
    hi = stamp(now.shift(hours=dq.APPEAL_WARN_HOURS - dq.APPEAL_HOURS))
    return [{"case": r["case_no"], "waybill": r["waybill"], "complainant": r["complainant"],
             "appeal_by": dq.appeal_by(r["accepted_at"])}
            for r in q.undecided_arbitrations(store, lo, hi)
            if dq.appeal_due_soon(r["accepted_at"], r["decision"], now)]


def decide_arbitration(store, case_no: str, decision: str, reason: str, now: arrow.Arrow,
                       user: str) -> None:
    """R-32: accept (settle with the complaining outlet) or appeal, with the reason."""
    if decision not in (dq.SETTLE, dq.APPEAL):
        raise ValueError(f"decision must be settle or appeal, not {decision!r}")
    reason = one_line(reason, MAX_TEXT)
    if decision == dq.APPEAL and not reason:
        raise ValueError("申诉须写明理由 (an appeal needs a reason)")
    at = stamp(now)
    with store.write() as conn:
        r = q.register_row(store, "arbitrations", case_no)
        if r is None:
            raise NotFound(f"没有仲裁单 {case_no} (no such case)")
        conn.execute("UPDATE arbitrations SET decision = ?, decision_reason = ?, decided_at = ?,"
                     " decided_by = ? WHERE case_no = ?", (decision, reason, at, user, case_no))
        store.audit(at, user, f"arbitration.{decision}", "arbitrations", case_no,
                    {"decision": r["decision"]}, {"decision": decision, "reason": reason})


def tell_supervisor(store, fine_no: str, supervisor: str, now: arrow.Arrow, user: str) -> None:
    """R-33: the fine was told to the supervisor — by whom, whom, when."""
    supervisor = one_line(supervisor)
    at = stamp(now)
    with store.write() as conn:
        r = q.register_row(store, "fines", fine_no)
        if r is None:
            raise NotFound(f"没有罚款单 {fine_no} (no such fine)")
        conn.execute("UPDATE fines SET supervisor = ?, told_at = ?, told_by = ? WHERE fine_no = ?",
                     (supervisor or None, at, user, fine_no))
        store.audit(at, user, "fine.told", "fines", fine_no, None, {"supervisor": supervisor})


def mark_order_handled(store, order_no: str, now: arrow.Arrow, user: str) -> None:
    """R-31: a clerk handled the order (e.g. arranged the pickup)."""
    at = stamp(now)
    with store.write() as conn:
        if q.register_row(store, "orders", order_no) is None:
            raise NotFound(f"没有网络订单 {order_no} (no such order)")
        conn.execute("UPDATE network_orders SET handled_at = ?, handled_by = ? WHERE order_no = ?",
                     (at, user, order_no))
        store.audit(at, user, "order.handled", "network_orders", order_no, None, {"handled_at": at})


def iso_of(stored: str) -> str:
    return iso(parse_stamp(stored))


# ---------------------------------------------------------------- desk lists

def count_register(store, fmt: str) -> int:
    """Rows of one register (orders, arbitrations, fines)."""
    return q.register_count(store, fmt)


def page_register(store, fmt: str, offset: int, limit: int) -> list[dict]:
    """A page of one register, newest first, as plain dicts (phones masked)."""
    out = []
    for r in q.register_page(store, fmt, offset, limit):
        d = dict(r)
        if "sender_phone" in d:
            d["sender_phone"] = mask_phone(d["sender_phone"])
        out.append(d)
    return out


def register_detail(store, fmt: str, key: str) -> dict | None:
    r = q.register_row(store, fmt, key)
    if r is None:
        return None
    d = dict(r)
    if "sender_phone" in d:
        d["sender_phone"] = mask_phone(d["sender_phone"])
    if fmt == "arbitrations":
        d["appeal_by"] = dq.appeal_by(d["accepted_at"])
    return d


def count_complaints(store, open_only: bool = False) -> int:
    return q.count_complaints(store, open_only)
