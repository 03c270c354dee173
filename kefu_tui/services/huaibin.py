"""The Huaibin agent desk (淮滨代派, SPEC §7): the day's list for the driver, its bulk
registration (R-22) and the unsigned lines of 3 and 2 days ago to send the agent (R-23)."""

from __future__ import annotations

from datetime import date

import arrow
from pydantic import BaseModel

from kefu_tui.domain import huaibin as h
from kefu_tui.domain.monitoring import ListItem
from kefu_tui.services.tickets import add_tickets
from kefu_tui.store import huaibin as q


class RegisterResult(BaseModel):
    batch_id: int | None
    created: int
    skipped_open: list[str]


def _day(d: date | str) -> str:
    return d if isinstance(d, str) else d.isoformat()


def day_list(store, day: date | str) -> list[ListItem]:
    """R-22: the agent's delivery list of ``day`` (one line per waybill)."""
    d = _day(day)
    return h.day_list(q.agent_items(store, d, d), d)


def register_day_list(store, day: date | str, now: arrow.Arrow, user: str) -> RegisterResult:
    """R-22/R-08: register every parcel of ``day``'s agent list as an ``agent_delay``
    problem ticket with the text 淮滨网点暂停,代派时效不保: one bulk registration through
    ``tickets.add_tickets`` (one transaction, undoable like any batch); a waybill that
    already has an open agent_delay ticket is skipped by R-08's predicate."""
    nos = [i.waybill for i in day_list(store, day)]
    r = add_tickets(store, nos, h.AGENT_TICKET_TYPE, h.AGENT_TEXT, now, user,
                    audit_action="huaibin.register", audit_extra={"day": _day(day)})
    return RegisterResult(batch_id=r.batch_id, created=r.created, skipped_open=r.skipped_open)


def unsigned_agent_items(store, now: arrow.Arrow) -> list[ListItem]:
    """R-23: the lines of the agent's lists of 3 and 2 days ago that have no signing."""
    first, last = h.days_to_check(now.date())
    items = q.agent_items(store, first.isoformat(), last.isoformat())
    return h.unsigned_items(items, q.signed(store, (i.waybill for i in items)))


def agent_message(store, now: arrow.Arrow) -> str:
    """R-23: the chat text for the agent listing today's unsigned numbers."""
    return h.agent_message(i.waybill for i in unsigned_agent_items(store, now))
