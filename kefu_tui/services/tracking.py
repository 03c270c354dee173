"""Batch tracking (F12, SPEC §4, R-05): many waybills' timelines at once, each with its
derived state (R-04), open problems, transfers and the next action the rules require."""

from __future__ import annotations

import arrow

from kefu_tui.domain import tracking as t
from kefu_tui.domain.money import yuan
from kefu_tui.domain.privacy import mask_phone
from kefu_tui.domain.tickets import TicketType
from kefu_tui.domain.tracking import ParcelTrack, TicketView, TransferView
from kefu_tui.domain.trusted import rebuild
from kefu_tui.services.gc_pause import paused_gc
from kefu_tui.store import tracking as q


def track(store, numbers: list[str], now: arrow.Arrow, reveal: bool = False) -> list[ParcelTrack]:
    """R-04/R-05: one ``ParcelTrack`` per distinct number, in the order given. A number the
    branch has never heard of comes back with ``known=False`` and state 未到. Receivers'
    phones come masked unless ``reveal`` (issue 9)."""
    with paused_gc():
        return _track(store, numbers, now, reveal)


def _track(store, numbers: list[str], now: arrow.Arrow, reveal: bool) -> list[ParcelTrack]:
    nos = list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))
    scans = q.scans_by_waybill(store, nos)
    info = q.waybills_by_number(store, nos, phone=None if reveal else mask_phone)
    tickets = q.tickets_by_waybill(store, nos) if _any_rows(store, "tickets") else {}
    transfers = q.transfers_by_waybill(store, nos) if _any_rows(store, "transfers") else {}
    agent = (q.agent_days_by_waybill(store, nos)
             if _any_rows(store, "delivery_items") else {})
    out = []
    for no in nos:
        sc = scans.get(no, [])
        tv = [_ticket_view(r) for r in tickets.get(no, ())]
        xv = [_transfer_view(r) for r in transfers.get(no, ())]
        last = t.last_meaningful(sc) or (sc[-1] if sc else None)
        # every field is given and already typed: rebuilt, not re-validated (F12 speed)
        out.append(rebuild(ParcelTrack, dict(
            waybill=no, known=bool(sc) or no in info or bool(tv) or bool(xv) or no in agent,
            state=t.derive_state(sc, tv, xv), last_scan=last, site=last.site if last else None,
            scans=sc, waybill_info=info.get(no), tickets=tv, transfers=xv,
            next_action=t.next_action(sc, tv, xv, now, agent.get(no, ())),
        )))
    return out


def track_summaries(store, numbers: list[str], now: arrow.Arrow) -> list[t.TrackSummary]:
    """R-04/R-05: one line per distinct number, in the order given, as :func:`track` would
    show it in a list (state, last scan's site and time, open problems, next action), read
    from the scans' index and the tickets' rule columns only: F12 on 100,000 parcels. The
    timeline of one parcel is :func:`track` of that one."""
    with paused_gc():
        return _track_summaries(store, numbers, now)


def _track_summaries(store, numbers: list[str], now: arrow.Arrow) -> list[t.TrackSummary]:
    nos = list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))
    scans = q.scan_facts_by_waybill(store, nos)
    tickets = q.ticket_facts_by_waybill(store, nos) if _any_rows(store, "tickets") else {}
    # a waybill row (录单) matters only to a number with neither scans nor open tickets
    unseen = [no for no in nos if no not in scans and no not in tickets]
    entered = q.entered_or_ticketed(store, unseen) if unseen else set()
    transfers = q.transfers_by_waybill(store, nos) if _any_rows(store, "transfers") else {}
    agent = (q.agent_days_by_waybill(store, nos)
             if _any_rows(store, "delivery_items") else {})
    out = []
    for no in nos:
        sc = scans.get(no, ())
        tv = tickets.get(no, ())
        xv = [_transfer_view(r) for r in transfers.get(no, ())]
        known = bool(sc) or no in entered or bool(tv) or bool(xv) or no in agent
        out.append(t.summarize(no, known, sc, tv, xv, now, agent.get(no, ())))
    return out


def _any_rows(store, table: str) -> bool:
    # a fresh branch has no tickets/transfers yet: skip those lookups entirely
    return store.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None


_LABELS = {t.value: t.label for t in TicketType}


def _ticket_view(r: dict) -> TicketView:
    # the store's own row, every field given: rebuilt, not re-validated (F12 speed)
    r.pop("waybill", None)
    r["type_label"] = _LABELS.get(r["type"], r["type"])
    return rebuild(TicketView, r)


def _transfer_view(r: dict) -> TransferView:
    return TransferView(id=r["id"], mode=r["mode"], carrier=r["carrier"],
                        new_waybill=r["new_waybill"],
                        fee=yuan(r["fee_fen"], blank=None),
                        fee_confirmed=bool(r["fee_confirmed"]), created_at=r["created_at"],
                        signed_at=r["signed_at"], attempts=r["attempts"] or 0)
