"""The Huaibin agent (淮滨代派, SPEC §7): the day's list registered as problem parcels
(R-22) and the agent's 2-day delivery limit checked on the lists of 3 and 2 days ago (R-23)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from kefu_tui.domain.monitoring import ListItem, agent_unsigned, is_agent_item

AGENT_TEXT = "淮滨网点暂停,代派时效不保"
AGENT_TICKET_TYPE = "agent_delay"
AGENT_DAYS = 2


def day_list(items: Iterable[ListItem], day: date | str) -> list[ListItem]:
    """R-22: the Huaibin agent's lines of ``day``'s delivery lists, one per waybill, in
    list-time order (the driver's list; every one is registered with :data:`AGENT_TEXT`)."""
    d = day if isinstance(day, str) else day.isoformat()
    seen: dict[str, ListItem] = {}
    for i in sorted(items, key=lambda i: (i.at, i.waybill)):
        if i.day == d and is_agent_item(i.outlet, i.courier):
            seen.setdefault(i.waybill, i)
    return list(seen.values())


def days_to_check(today: date) -> list[date]:
    """R-23: on day D the agent's lists of D-3 and D-2 are checked (on the 5th, the 3rd's
    list is past its 2 days; the 2nd's was last checked yesterday, seed §跟单 2)."""
    return [today - timedelta(days=3), today - timedelta(days=AGENT_DAYS)]


# the agent's lines with no signing (one rule with the board's R-28)
unsigned_items = agent_unsigned


def agent_message(numbers: Iterable[str], day: date | None = None) -> str:
    """R-23: the text the clerk pastes into the chat with the agent (QQ): a line asking
    for the signing, then one waybill number per line so it can be copied back."""
    nos = list(dict.fromkeys(numbers))
    if not nos:
        return ""
    when = f"{day.month}月{day.day}日" if day else ""
    head = f"淮滨代派:以下{len(nos)}票{when}未签收,请尽快派送并回复签收情况:"
    return "\n".join([head, *nos])
