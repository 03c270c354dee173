"""Batch tracking (F12, SPEC §4): a parcel's state derived from its scans and
registrations (R-04) and the next action the rules require (R-06, R-09, R-10, R-15, R-21,
R-23). Pure: the store gathers scans, tickets, transfers and delivery-list lines."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import arrow
from pydantic import BaseModel

from kefu_tui.domain import transfers as transfer_rules
from kefu_tui.domain.clock import at_hour, parse_stamp, stamp
from kefu_tui.domain.huaibin import AGENT_DAYS
from kefu_tui.domain.monitoring import AGENT_OUTLET
from kefu_tui.domain.returns import return_clock, waybill_clock
from kefu_tui.domain.tickets import MORNING_HOUR, TicketType, overdue_before
from kefu_tui.domain.waybills import Scan, ScanKind, Waybill

NONE = "none"
AGENT_SITE = AGENT_OUTLET  # kept for callers; the agent's outlet is defined once

# what a scan kind says about the parcel. 回单发件 concerns the receipt, not the parcel.
STATE_OF_KIND: dict[str, str] = {
    ScanKind.ENTRY: "已录单",
    ScanKind.PICKUP: "已收件",
    ScanKind.DISPATCH: "运输中",
    ScanKind.ARRIVAL: "已到件",
    ScanKind.DELIVERY: "派件中",
    ScanKind.SIGNED: "已签收",
    ScanKind.PROBLEM: "问题件",
    ScanKind.TRANSFER: "已转件",
    ScanKind.RETURN: "已退件",
}
NOT_ARRIVED = "未到"
REGISTERED_PROBLEM = "问题件"
TRANSFER_SIGNED = "转件已签收"


class TicketView(BaseModel):
    """A problem ticket as tracking shows it: its type, text and follow-ups."""

    id: int
    type: str
    type_label: str
    text: str
    party: str | None = None
    status: str
    created_at: str
    updated_at: str
    hold_until: str | None = None
    reply_kind: str | None = None  # the sender's newest reply
    reply_at: str | None = None
    notes: list[str] = []
    # a closed ticket's why, who and when (SPEC §14.2; ``退件`` after a return)
    close_reason: str | None = None
    closed_by: str | None = None
    closed_at: str | None = None


class TransferView(BaseModel):
    """A registered transfer (R-18) as tracking shows it. ``fee`` is yuan with 2 decimals."""

    id: int
    mode: str
    carrier: str | None = None
    new_waybill: str | None = None
    fee: str | None = None
    fee_confirmed: bool = False
    created_at: str
    signed_at: str | None = None
    attempts: int = 0


class ParcelTrack(BaseModel):
    """One parcel's tracking (F12): timeline, derived state (R-04), next action."""

    waybill: str
    known: bool
    state: str
    last_scan: Scan | None = None
    site: str | None = None
    scans: list[Scan] = []
    waybill_info: Waybill | None = None
    tickets: list[TicketView] = []
    transfers: list[TransferView] = []
    next_action: str = NONE


def last_meaningful(scans: list[Scan]) -> Scan | None:
    """R-04: the newest scan that says where the parcel is (not a receipt's 回单发件).
    ``scans`` are in time order."""
    for s in reversed(scans):
        if s.kind in STATE_OF_KIND:
            return s
    return None


def derive_state(scans: list[Scan], tickets: Iterable[TicketView] = (),
                 transfers: Iterable[TransferView] = ()) -> str:
    """R-04: the state label from scans and registrations, never typed in. The last
    meaningful scan wins; a transfer registered after it, or signed by the other carrier,
    wins over it; an open problem ticket is shown beside the state (``已到件·问题件``)."""
    last = last_meaningful(scans)
    state = STATE_OF_KIND[last.kind] if last else NOT_ARRIVED
    for tr in transfers:
        if tr.signed_at:
            state = TRANSFER_SIGNED
        elif state not in (TRANSFER_SIGNED, "已签收") and (last is None or tr.created_at >= last.at):
            state = STATE_OF_KIND[ScanKind.TRANSFER]
    if any(t.status == "open" for t in tickets) and state not in ("已签收", TRANSFER_SIGNED):
        if state == NOT_ARRIVED and not scans:
            return REGISTERED_PROBLEM
        if state != REGISTERED_PROBLEM:
            state = f"{state}·{REGISTERED_PROBLEM}"
    return state


def next_action(scans: list[Scan], tickets: list[TicketView], transfers: list[TransferView],
                now: arrow.Arrow, agent_days: Iterable[str] = ()) -> str:
    """What the rules require now, first match wins:
    signed → ``none``; R-09 returnable; R-15 transfer an overzone parcel today/tomorrow;
    R-06 follow up today (before 10:00 for yesterday's); R-10 empty receipt waits for the
    sender's reply; R-21 follow up a transfer of 3+ days; an open ticket followed up today
    waits; R-23 agent list unsigned after 2 days (``agent_days``: the days of the agent
    lists the parcel is on)."""
    last = last_meaningful(scans)
    signed = last is not None and last.kind == ScanKind.SIGNED
    if signed or any(tr.signed_at for tr in transfers):
        return NONE
    b = _bounds(now)
    open_tickets = [t for t in tickets if t.status == "open"]
    if open_tickets:
        clock = waybill_clock([return_clock(t.created_at, t.reply_kind, t.reply_at, t.hold_until, now)
                               for t in open_tickets])
        if clock.allowed:
            return clock.words(now)
    if not transfers and any(t.type == TicketType.OVERZONE for t in open_tickets):
        return transfer_due(scans, now)
    if any(t.updated_at < b.today for t in open_tickets):
        if not b.after_ten:
            return "R-06 10:00前跟进问题件并登记最新状态"
        return "R-06 今日未跟进(已过10:00):立即跟进登记"
    if any(t.type == TicketType.RECEIPT_EMPTY for t in open_tickets):
        return "R-10 回单空封:等发件网点回复后再派送"
    for tr in transfers:
        if tr.created_at < b.transfer_limit:
            if transfer_rules.check_contact(tr.attempts):
                return "R-21 转件多次派送未签收:核对地址/电话"
            return "R-21 转件3天未签收:跟进对方快递"
    if open_tickets:
        return "R-06 已跟进,等待回复"
    for day in sorted(agent_days):
        if day <= b.agent_day:
            return "R-23 代派超2天未签收:登记并通知代派跟进"
    return NONE


class _Bounds(NamedTuple):
    now: str
    today: str
    after_ten: bool
    transfer_limit: str
    agent_day: str


@lru_cache(maxsize=8)
def _bounds(now: arrow.Arrow) -> _Bounds:
    # stored times are wall-clock text: compare them as text, computed once per clock value
    return _Bounds(
        now=stamp(now), today=overdue_before(now), after_ten=now >= at_hour(now, MORNING_HOUR),
        transfer_limit=transfer_rules.follow_up_made_before(now),
        agent_day=now.shift(days=-AGENT_DAYS).format("YYYY-MM-DD"),
    )


def transfer_day(arrived_at: str) -> str:
    """R-15: the day an overzone parcel must be transferred: arrived before 14:00 → that day,
    at or after 14:00 → the next day (``YYYY-MM-DD``)."""
    return transfer_rules.transfer_day(parse_stamp(arrived_at)).isoformat()


def transfer_due(scans: list[Scan], now: arrow.Arrow) -> str:
    """R-15: the transfer instruction for an overzone parcel not yet transferred."""
    arrivals = [s for s in scans if s.kind == ScanKind.ARRIVAL]
    if not arrivals:
        return "R-15 超区件:到件后转件"
    due = transfer_day(arrivals[-1].at)
    today = now.format("YYYY-MM-DD")
    if due == today:
        return "R-15 超区件:今日转件"
    if due > today:
        return "R-15 超区件:明日转件"
    return f"R-15 超区件:应于{due}转件,已逾期"


class ScanFact(NamedTuple):
    """What R-04 and the next action read of a scan (kind, time, site): a stored scan's
    three columns, for tracking many parcels at once without building whole scans."""

    kind: str
    at: str
    site: str


class TicketFact(NamedTuple):
    """What R-04 and the next action read of a ticket."""

    status: str
    type: str
    created_at: str
    updated_at: str
    hold_until: str | None
    reply_kind: str | None
    reply_at: str | None


class TrackSummary(NamedTuple):
    """One parcel's line in batch tracking (F12, R-04/R-05): the state, the last scan's
    site and time, open problems and the next action: the same rule functions as a whole
    :class:`ParcelTrack`, without its timeline (read again when the clerk opens it)."""

    waybill: str
    known: bool
    state: str
    site: str | None
    last_at: str | None
    open_tickets: int
    next_action: str


def summarize(waybill: str, known: bool, scans: list, tickets: list, transfers: list,
              now: arrow.Arrow, agent_days: Iterable[str] = ()) -> TrackSummary:
    """R-04/R-05 for one parcel from its facts (``ScanFact``/``TicketFact`` or whole
    models, time order): what a ParcelTrack would say, by the same functions."""
    last = last_meaningful(scans) or (scans[-1] if scans else None)
    return TrackSummary(
        waybill, known, derive_state(scans, tickets, transfers),
        last.site if last else None, last.at if last else None,
        sum(1 for k in tickets if k.status == "open"),
        next_action(scans, tickets, transfers, now, agent_days))
