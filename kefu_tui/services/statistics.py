"""Statistics with pictures (每日统计 and the month, §11, §12): per day, tickets opened and
closed, transfers per channel, the monitoring items checked and missed with the 10.00
penalty per missed item (R-34, §12), and complaints by outcome. The charts of the reports
desk and the ``month`` export show these same figures."""

from __future__ import annotations

from dataclasses import dataclass, field

import arrow

from kefu_tui.domain import quality as dq
from kefu_tui.domain.clock import day_start, stamp
from kefu_tui.domain.monitoring import RULES, UNCHECKED_FEN, yuan
from kefu_tui.store import statistics as q

CHANNEL_LABELS = {"postal": "邮政", "sto": "申通", "zto": "中通", "yto": "圆通", "ems": "EMS",
                  "original": "原单", "rewaybill": "换单"}


@dataclass
class Figures:
    """One period's figures, a value per day in ``days`` order."""

    label: str
    days: list[str]
    opened: list[int]
    closed: list[int]
    transfers: dict[str, list[int]]  # channel label → per day
    checked: list[int]
    missed: list[int | None]  # None: the day is not over yet, or before the first check ever
    complaints: dict[str, int] = field(default_factory=dict)  # outcome label → n

    @property
    def penalty_fen(self) -> int:
        """R-34/§12: 10.00 per missed monitoring item."""
        return sum(m or 0 for m in self.missed) * UNCHECKED_FEN

    @property
    def penalty(self) -> str:
        return yuan(self.penalty_fen)


def figures(store, now: arrow.Arrow, start: arrow.Arrow, end: arrow.Arrow, label: str) -> Figures:
    """The figures of the days in ``[start, end)`` at ``now``."""
    days = []
    d = start
    while d < end:
        days.append(d.format("YYYY-MM-DD"))
        d = d.shift(days=1)
    s, e = stamp(start), stamp(end)
    opened, closed = q.tickets_per_day(store, s, e)
    per_channel = q.transfers_per_day(store, s, e)
    channels = sorted({c for _, c in per_channel}, key=lambda c: list(CHANNEL_LABELS).index(c)
                      if c in CHANNEL_LABELS else 99)
    checks = q.checks_per_day(store, days[0], days[-1]) if days else {}
    today = day_start(now).format("YYYY-MM-DD")
    first = q.first_check_day(store) or today  # days before the workstation was used: no penalty
    n_items = len(RULES)
    complaints: dict[str, int] = {}
    for step, outcome, n in q.complaint_states(store, s, e):
        key = dq.complaint_state(step, outcome)
        complaints[key] = complaints.get(key, 0) + n
    return Figures(
        label=label, days=days,
        opened=[opened.get(x, 0) for x in days], closed=[closed.get(x, 0) for x in days],
        transfers={CHANNEL_LABELS.get(c, c): [per_channel.get((x, c), 0) for x in days] for c in channels},
        checked=[len(checks.get(x, ())) for x in days],
        missed=[n_items - len(checks.get(x, ())) if first <= x < today else None for x in days],
        complaints={k: complaints[k] for k in dq.COMPLAINT_STATES if k in complaints})


def month_figures(store, now: arrow.Arrow, month: str | None = None) -> Figures:
    """The month ``YYYY-MM`` (default: this month)."""
    start = arrow.get(month, "YYYY-MM", tzinfo=now.tzinfo) if month else day_start(now).replace(day=1)
    return figures(store, now, start, start.shift(months=1), start.format("YYYY年M月"))


def week_figures(store, now: arrow.Arrow, date: str | None = None) -> Figures:
    """The seven days ending on ``date`` (default today): the daily statistics in context."""
    last = arrow.get(date, "YYYY-MM-DD", tzinfo=now.tzinfo) if date else day_start(now)
    return figures(store, now, last.shift(days=-6), last.shift(days=1),
                   f"{last.shift(days=-6).format('M月D日')}–{last.format('M月D日')}")


def figures_table(f: Figures) -> tuple[list[str], list[list]]:
    """The same figures as a sheet: one row per day, a total row, then complaints."""
    chans = list(f.transfers)
    head = ["日期", "问题件登记", "问题件关闭", *[f"转件-{c}" for c in chans], "监控已查", "监控漏查",
            "漏查扣款"]
    rows: list[list] = []
    for i, day in enumerate(f.days):
        missed = f.missed[i]
        rows.append([day, f.opened[i], f.closed[i], *[f.transfers[c][i] for c in chans],
                     f.checked[i], "" if missed is None else missed,
                     "" if missed is None else yuan(missed * UNCHECKED_FEN)])
    rows.append(["合计", sum(f.opened), sum(f.closed), *[sum(f.transfers[c]) for c in chans],
                 sum(f.checked), sum(m or 0 for m in f.missed), f.penalty])
    rows.append([])
    rows += [["投诉", state, n] for state, n in f.complaints.items()]
    return head, rows
