"""Returns (退件, R-09) use cases: record the sender outlet's reply, read a parcel's return
clock, and return parcels (one or a selection) in one transaction with their labels.

The guard reads the tickets inside the write transaction (``BEGIN IMMEDIATE``), so two
clerks returning the same parcel cannot both pass it."""

from __future__ import annotations

import arrow
from pydantic import BaseModel

from kefu_tui.domain import returns as r
from kefu_tui.domain.clock import day_start, stamp
from kefu_tui.domain.tickets import TicketType, dated_note
from kefu_tui.domain.waybills import ScanKind
from kefu_tui.domain.untrusted import free_text
from kefu_tui.store import returns as q
from kefu_tui.store import tickets as tq
from kefu_tui.store.scans import insert_scans


class ReplyResult(BaseModel):
    ticket_id: int
    waybill: str
    kind: str
    note: str  # the dated note
    hold_until: str | None = None
    clock: r.ReturnClock


class Refusal(BaseModel):
    waybill: str
    reason: str  # the clerk's sentence, with the rule id


class ReturnBatch(BaseModel):
    """What a return did: the labels of the parcels returned, and the refused with why."""

    returned_at: str
    labels: list[r.ReturnLabel] = []
    refused: list[Refusal] = []


class ReturnRefused(ValueError):
    """R-09 said no; the message is the clerk's reason."""


def _clock(t: dict, now: arrow.Arrow) -> r.ReturnClock:
    return r.return_clock(t["created_at"], t["reply_kind"], t["reply_at"], t["hold_until"], now)


# ------------------------------------------------------------------ the sender's reply

def record_reply(store, ticket_id: int, kind: str, now: arrow.Arrow, user: str,
                 until: arrow.Arrow | None = None, text: str = "") -> ReplyResult:
    """R-09/R-07: the sender outlet's reply becomes a dated note and the ticket's newest
    reply (it moves the clock). A reply that makes no sense raises ``ReplyRefused`` and
    nothing is written; a closed or unknown ticket raises ``ReturnRefused``."""
    return _reply(store, lambda: _one(store, ticket_id), kind, now, user, until, text)[0]


def reply_to_waybill(store, waybill: str, kind: str, now: arrow.Arrow, user: str,
                     until: arrow.Arrow | None = None, text: str = "") -> list[ReplyResult]:
    """The same reply on every open ticket of ``waybill`` (the sender answers about the
    parcel), in one transaction; ``ReturnRefused`` when it has no open ticket."""
    def tickets() -> list[dict]:
        found = tq.open_for_waybill(store, waybill)
        if not found:
            raise ReturnRefused(f"{waybill}: 没有未结的问题件,无法记录发件网点回复")
        return found
    return _reply(store, tickets, kind, now, user, until, text)


def _one(store, ticket_id: int) -> list[dict]:
    t = tq.get(store, ticket_id)
    if t is None:
        raise ReturnRefused(f"没有问题件 {ticket_id}")
    if t["status"] != "open":
        raise ReturnRefused(f"{t['waybill']} 的问题件已关闭({t['close_reason'] or ''}),不能再记回复")
    return [t]


def _reply(store, tickets, kind, now, user, until, text) -> list[ReplyResult]:
    k = r.ReplyKind.parse(kind)
    text = free_text(text or "").strip()
    hold_until = r.check_reply(k, now, until)
    body = dated_note(r.reply_note(k, hold_until, text), now)
    at = stamp(now)
    out = []
    with store.write():
        for t in tickets():
            note_id = tq.insert_note(store, t["id"], at, user, body)
            q.set_reply(store, t["id"], k.value, at, user, hold_until, text.strip(), note_id)
            store.audit(at, user, "ticket.reply", "tickets", t["id"],
                        {"reply_kind": t["reply_kind"], "hold_until": t["hold_until"]},
                        {"waybill": t["waybill"], "reply_kind": k.value,
                         "hold_until": hold_until, "note": body})
            now_row = tq.get(store, t["id"])
            out.append(ReplyResult(ticket_id=t["id"], waybill=t["waybill"], kind=k.value,
                                   note=body, hold_until=hold_until, clock=_clock(now_row, now)))
    return out


def open_ticket_ids(store, waybill: str) -> list[int]:
    return [t["id"] for t in tq.open_for_waybill(store, waybill)]


# ------------------------------------------------------------------ the clock

def ticket_clock(ticket, now: arrow.Arrow) -> r.ReturnClock:
    """R-09 for one ticket (a ``ProblemTicket`` or a row dict)."""
    t = ticket if isinstance(ticket, dict) else ticket.model_dump()
    return _clock(t, now)


def waybill_clock(store, waybill: str, now: arrow.Arrow) -> r.ReturnClock:
    """R-09 for one parcel over its open tickets (NO_NOTICE when it has none)."""
    tickets = [t for t in q.tickets_of(store, [waybill]).get(waybill, []) if t["status"] == "open"]
    return r.waybill_clock([_clock(t, now) for t in tickets])


# ------------------------------------------------------------------ the return

def _verdict(no: str, tickets: list[dict], now: arrow.Arrow) -> tuple[r.ReturnClock | None, str | None]:
    """(clock, None) when ``no`` may go back now, else (clock or None, the reason)."""
    open_ = [t for t in tickets if t["status"] == "open"]
    if not open_:
        done = [t for t in tickets if t["close_reason"] == r.CLOSE_REASON]
        if done:
            t = done[-1]
            return None, f"{no}: 已于 {t['closed_at'][:16]} 退件({t['closed_by']})"
        if tickets:
            return None, (f"{no}: {r.RULE} 问题件已关闭({tickets[-1]['close_reason'] or ''}),"
                          "没有未结的问题件通知,不能退件")
        return None, f"{no}: {r.RULE} 没有问题件通知,不能退件"
    clock = r.waybill_clock([_clock(t, now) for t in open_])
    if not clock.allowed:
        return clock, f"{no}: {clock.words(now)}"
    return clock, None


def return_parcels(store, waybills: list[str], now: arrow.Arrow, user: str) -> ReturnBatch:
    """R-09: return each parcel the guard allows, all in one transaction: 到件 and 退件
    scans at 信阳分拨中心 and a 发件 scan to 郑州分拨中心 at ``now``, its open tickets closed
    with reason 退件, a ``returns`` row and one audit entry each; the label of each. The
    refused (no notice, under 72 h without the sender's "return", a hold running, a
    "redeliver" reply) are listed with the reason and nothing of theirs is written."""
    nos = list(dict.fromkeys(n.strip() for n in waybills if n and n.strip()))
    at = stamp(now)
    batch = ReturnBatch(returned_at=at)
    with store.write():
        tickets = q.tickets_of(store, nos)
        scans, close_ids, rows = [], [], []
        for no in nos:
            mine = tickets.get(no, [])
            clock, why = _verdict(no, mine, now)
            if why:
                batch.refused.append(Refusal(waybill=no, reason=why))
                continue
            open_ = [t for t in mine if t["status"] == "open"]
            first = open_[0]
            outlet = first["sender_outlet"] or first["party"] or "—"
            reason = r.return_reason(_type_label(first["type"]), clock)
            label = r.ReturnLabel(waybill=no, sender_outlet=outlet, reason=reason,
                                  date=at[:10])
            batch.labels.append(label)
            close_ids += [t["id"] for t in open_]
            scans += [(no, ScanKind.ARRIVAL.value, at, r.HUB, None, None, user, "退件到件", None),
                      (no, ScanKind.RETURN.value, at, r.HUB, None, None, user, reason, None),
                      (no, ScanKind.DISPATCH.value, at, r.HUB, None, r.RETURN_TO, user, "退件发件", None)]
            rows.append((no, at, user, outlet, reason, int(clock.state == r.ReturnState.MUST)))
            store.audit(at, user, "return", "waybills", no,
                        {"tickets": [t["id"] for t in open_], "state": clock.state.value},
                        label.model_dump())
        if rows:
            insert_scans(store.conn, scans)
            q.close_returned(store, close_ids, at, user, r.CLOSE_REASON)
            q.insert_returns(store, rows)
    return batch


def return_one(store, waybill: str, now: arrow.Arrow, user: str) -> r.ReturnLabel:
    """R-09: return one parcel; ``ReturnRefused`` with the reason when the guard says no."""
    batch = return_parcels(store, [waybill], now, user)
    if batch.refused:
        raise ReturnRefused(batch.refused[0].reason)
    return batch.labels[0]


def _type_label(code: str) -> str:
    try:
        return TicketType(code).label
    except ValueError:
        return code


# ------------------------------------------------------------------ the day's proof

class ReturnCounts(BaseModel):
    returnable: int = 0  # 可退件: may or must go back now
    must_return: int = 0  # 应退未退: the sender asked, not yet returned


def asked_back_still_here(store, now: arrow.Arrow) -> list[dict]:
    """R-09 finding: parcels the sender asked back before today that are still here
    (not returning them is a violation). Each: waybill, asked_at, sender outlet, ticket."""
    rows = q.asked_back_rows(store, stamp(day_start(now)))
    return [{"waybill": x["waybill"], "asked_at": x["reply_at"],
             "sender_outlet": x["sender_outlet"] or x["party"], "ticket": x["id"],
             "type": _type_label(x["type"])} for x in rows]
