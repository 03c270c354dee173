"""Why a record left a list the clerk was looking at (issue 16 item 1): a refresh took the
cursor's record away, and the clerk is told in one line who moved it, from the audit trail:
``518783459856 已由 bob 关闭``."""

from __future__ import annotations

from kefu_tui.services.audit import ACTION_WORDS, trail

# actions the history lines do not name, as the notice says them
MORE_WORDS = {"return": "退件", "ticket.reply": "记录回复", "order.handled": "处理",
              "fine.told": "告知主管", "handover.done": "办结", "unidentified.return": "退回上级"}


def left_notice(store, label: str, waybill: str | None, me: str | None) -> str | None:
    """The line for a record that left a list: who last changed ``waybill`` and how. None
    when that was ``me`` (the clerk's own action already said what it did); without a
    waybill or an entry in the trail, only that it is gone (None when the newest change of
    all is ``me``'s: most likely the one that took it away)."""
    last = trail(store, waybill=waybill, limit=1) if waybill else []
    if not last:
        newest = trail(store, limit=1)
        if me is not None and newest and newest[0].user == me:
            return None
        return f"{label} 已不在列表中"
    entry = last[0]
    if me is not None and entry.user == me:
        return None
    word = MORE_WORDS.get(entry.action) or ACTION_WORDS.get(entry.action, entry.action)
    return f"{label} 已由 {entry.user} {word}"
