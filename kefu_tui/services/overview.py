"""The home screen's figures (首页): each one is the answer of the same service function the
desk it opens uses, so two clerks looking at the same thing see the same number (issue 7).

| figure | rule | answered by |
|---|---|---|
| open_total, overdue, before_ten, returnable, must_return | R-06, R-09 | ``tickets.count_tickets`` (the queue's filter) |
| huaibin_today | R-22 | ``huaibin.day_list`` |
| agent_unsigned | R-23 | ``huaibin.unsigned_agent_items`` |
| transfers_due | R-21 | ``transfers.due_count`` (= ``len(due_followups)``) |
| checks_missing | R-34 | ``monitor.unchecked_today`` (the board's indicator set) |
"""

from __future__ import annotations

import arrow
from pydantic import BaseModel

from kefu_tui.domain.clock import at_hour
from kefu_tui.domain.tickets import MORNING_HOUR
from kefu_tui.services import huaibin, monitor, transfers
from kefu_tui.services.tickets import TicketFilter, count_tickets


class DayOverview(BaseModel):
    """Home-screen counts at ``now``."""

    open_total: int = 0
    overdue: int = 0
    before_ten: int = 0  # yesterday's still to follow up
    before_ten_late: bool = False  # it is 10:00 or later and some are left
    returnable: int = 0  # may or must be returned now (可退件)
    must_return: int = 0  # the sender asked, not yet returned (必退件)
    desks: dict[str, dict[str, int]] = {}


def day_overview(store, now: arrow.Arrow) -> DayOverview:
    """Counts for the home screen at ``now``: open, overdue and before-ten (R-06),
    returnable (R-09); per post: 进港 open tickets and Huaibin lists (R-22, R-23),
    出港 transfers to follow up (R-21), 质控 monitoring items not checked today (R-34)."""
    open_total = count_tickets(store, TicketFilter(), now)
    stale = count_tickets(store, TicketFilter(overdue=True), now)
    before_ten = count_tickets(store, TicketFilter(before_ten=True), now)
    desks = {
        "进港": {"open_tickets": open_total,
                 "huaibin_today": len(huaibin.day_list(store, now.date())),
                 "agent_unsigned": len(huaibin.unsigned_agent_items(store, now))},
        "出港": {"transfers_due": transfers.due_count(store, now)},
        "质控": {"checks_missing": len(monitor.unchecked_today(store, now))},
    }
    return DayOverview(open_total=open_total, overdue=stale, before_ten=before_ten,
                       before_ten_late=before_ten > 0 and now >= at_hour(now, MORNING_HOUR),
                       returnable=count_tickets(store, TicketFilter(returnable=True), now),
                       must_return=count_tickets(store, TicketFilter(must_return=True), now),
                       desks=desks)
