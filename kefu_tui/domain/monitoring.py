"""Monitoring (监控): the four daily indicators R-24..R-30 and the check record R-34.

Each indicator has a window function ``window_R2x(now) -> (start, end)`` (half-open,
``start <= t < end``, Asia/Shanghai) and a pure finding function over plain data that the
store gathered: scans (``Scan``), delivery-list items (``ListItem``), the waybills with an
open problem ticket, and so on. The decisions where the seed is terse are written down in
docs/decisions.md (monitoring); the reason codes below are part of the ``kefu monitor`` JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import arrow
from pydantic import BaseModel, ConfigDict

from kefu_tui.domain.clock import at_hour, day_start, stamp
from kefu_tui.domain.money import yuan
from kefu_tui.domain.words import FINDING_REASONS, MONITOR_ITEMS
from kefu_tui.domain.quality import window_register
from kefu_tui.domain.waybills import Payment, Scan, ScanKind

HUB = "信阳分拨中心"
BRANCH = "信阳二部"
AGENT_OUTLET = "淮滨"
AGENT_MARK = "代派"  # a courier named 淮滨… or …代派… is the agent
# Sites whose parcels the branch's own couriers or the Huaibin agent take out:
# 信阳二部's own area, 羊山 (suspended, delivered by our couriers), 淮滨 (the agent).
OWN_DELIVERY_SITES = (BRANCH, "羊山", AGENT_OUTLET)
ENTRY_FINE_FEN = 50_000  # 500.00 per waybill not entered after 5 days
ENTRY_DAYS = 5
UNCHECKED_FEN = 1_000  # 10.00 per monitoring item left unchecked

RULES: dict[str, str] = MONITOR_ITEMS  # R-24..R-33 by name (words clerks read)
# The indicators on the board, which are also the items R-34 counts as unchecked (one set).
BOARD_RULES = tuple(f"R-{n}" for n in range(24, 34))
# The board screen also shows R-09's proof (issue 12): parcels the sender outlet asked back
# that are still here after the day they were asked. Not one of §8's checked items (R-34),
# and not a key of ``kefu monitor --json`` (SPEC §14 keeps R-24..R-33).
RETURNS_RULE = "R-09"
SCREEN_RULES = (*BOARD_RULES, RETURNS_RULE)
# "应退未退" is only this row's word (issue 16 item 6): asked back before today and still
# here; home's 必退件 counts today's asks too, the same as 今日退件's 必退 and --must-return.
SCREEN_NAMES = {**RULES, RETURNS_RULE: "应退未退 隔天仍未退件"}
RETURNS_LOOKBACK_DAYS = 30  # how far back the R-09 finding looks for a "return" reply
# Which post answers for an item (seed §岗位考核: 进港/出港 indicators; 质控 the rest).
POST_OF_RULE = {
    "R-24": "出港", "R-25": "进港", "R-26": "出港", "R-27": "出港", "R-28": "进港",
    "R-29": "进港", "R-30": "质控", "R-31": "质控", "R-32": "质控", "R-33": "质控",
}

REASONS = FINDING_REASONS  # a finding's reason code → what the board says

Window = tuple[arrow.Arrow, arrow.Arrow]


class ListItem(BaseModel):
    """One line of a delivery list (派件清单) as the store has it, with its list day."""

    model_config = ConfigDict(frozen=True)
    waybill: str
    courier: str
    at: str
    day: str
    outlet: str | None = None


class Cash(BaseModel):
    """What a courier must collect on delivery (到付/代收, R-29, R-41)."""

    model_config = ConfigDict(frozen=True)
    payment: Payment
    fen: int


class Finding(BaseModel):
    """One parcel an indicator points at. ``reason`` is a code of :data:`REASONS`."""

    waybill: str
    reason: str
    label: str = ""
    site: str | None = None
    at: str | None = None
    day: str | None = None
    courier: str | None = None
    next_site: str | None = None
    last_scan: str | None = None
    amount: str | None = None
    fine: str | None = None

    def model_post_init(self, _ctx: object) -> None:
        if not self.label:
            self.label = REASONS.get(self.reason, self.reason)

    def as_json(self) -> dict:
        return self.model_dump(exclude_none=True)


# ---------------------------------------------------------------- windows

def window_R24(now: arrow.Arrow) -> Window:
    """R-24 录单: collected from 00:00 five days ago to now (二部系统, 信阳二部)."""
    return day_start(now, ENTRY_DAYS), now


def window_R25(now: arrow.Arrow) -> Window:
    """R-25 本站已发-下站未到: dispatched from yesterday 12:00 to today 10:00."""
    return at_hour(now, 12, 1), at_hour(now, 10)


def arrival_window_R25(now: arrow.Arrow) -> Window:
    """R-25: where the next site's arrival is looked for: today 08:00-20:00."""
    return at_hour(now, 8), at_hour(now, 20)


def window_R26(now: arrow.Arrow) -> Window:
    """R-26 已到未发: arrivals at the hub from 00:00 three days ago to now, day by day."""
    return day_start(now, 3), now


def window_R27(now: arrow.Arrow) -> Window:
    """R-27 派件: today, 00:00 to now."""
    return day_start(now), now


def window_R28(now: arrow.Arrow) -> Window:
    """R-28 代派签收: the whole days of the delivery lists of 3 and 2 days ago (R-23)."""
    return day_start(now, 3), day_start(now, 1)


def window_R29(now: arrow.Arrow) -> Window:
    """R-29 自派签收: today and 3 days back."""
    return day_start(now, 3), now


def window_R30(now: arrow.Arrow) -> Window:
    """R-30 未签收查询: 3 days ago to today."""
    return day_start(now, 3), now


WINDOWS = {
    "R-24": window_R24, "R-25": window_R25, "R-26": window_R26, "R-27": window_R27,
    "R-28": window_R28, "R-29": window_R29, "R-30": window_R30,
    "R-31": window_register, "R-32": window_register, "R-33": window_register,
    RETURNS_RULE: lambda now: (day_start(now, RETURNS_LOOKBACK_DAYS), day_start(now)),
}


def window_stamps(w: Window) -> tuple[str, str]:
    """A window as stored-text bounds for SQL range queries."""
    return stamp(w[0]), stamp(w[1])


# ---------------------------------------------------------------- helpers

ScansOf = Mapping[str, list[Scan]]


def _last(scans: Iterable[Scan]) -> Scan | None:
    return max(scans, key=lambda s: s.at, default=None)


def _describe(s: Scan | None) -> str | None:
    return None if s is None else f"{s.at} {s.site} {s.kind.value}"


def _has(scans: Iterable[Scan], kind: ScanKind) -> bool:
    return any(s.kind == kind for s in scans)


def is_agent_item(outlet: str | None, courier: str | None) -> bool:
    """R-22: a delivery-list line belongs to the Huaibin agent when its outlet is 淮滨 or
    its courier names 淮滨 or 代派. The store asks the same in SQL with
    ``store.delivery.agent_line_sql`` (built from the same two words)."""
    courier = courier or ""
    return outlet == AGENT_OUTLET or AGENT_OUTLET in courier or AGENT_MARK in courier


# ---------------------------------------------------------------- findings

def findings_R24(collected: list[Scan], entered: set[str], now: arrow.Arrow) -> list[Finding]:
    """R-24 录单: a parcel collected (收件) at 信阳二部 in the window and never entered
    (no 录单 scan, no entry time on its waybill). Once 5×24 h have passed since the
    pickup the 500.00 fine is due."""
    due_before = stamp(now.shift(days=-ENTRY_DAYS))
    first: dict[str, Scan] = {}
    for s in sorted(collected, key=lambda s: s.at):
        if s.waybill not in entered:
            first.setdefault(s.waybill, s)
    out = []
    for no, s in first.items():
        late = s.at <= due_before
        out.append(Finding(
            waybill=no, reason="not_entered_fine" if late else "not_entered", site=s.site,
            at=s.at, day=s.at[:10], courier=s.operator,
            fine=yuan(ENTRY_FINE_FEN if late else 0),
        ))
    return out


def findings_R25(dispatches: list[Scan], scans_of: ScansOf, now: arrow.Arrow) -> list[Finding]:
    """R-25 本站已发-下站未到: a dispatch (发件) from the hub in the window with no arrival
    (到件) at its next site (any site but the hub when the next site is not named)
    between the dispatch and today 20:00."""
    until = stamp(arrival_window_R25(now)[1])
    out = []
    for d in sorted(dispatches, key=lambda s: (s.at, s.waybill)):
        arrived = any(
            s.kind == ScanKind.ARRIVAL and d.at <= s.at <= until
            and (s.site == d.next_site if d.next_site else s.site != d.site)
            for s in scans_of.get(d.waybill, ())
        )
        if not arrived:
            out.append(Finding(
                waybill=d.waybill, reason="not_arrived", site=d.site, at=d.at,
                day=d.at[:10], next_site=d.next_site,
                last_scan=_describe(_last(scans_of.get(d.waybill, [d]))),
            ))
    return out


_HANDLED_AFTER_HUB = {ScanKind.DISPATCH, ScanKind.TRANSFER, ScanKind.RETURN, ScanKind.PROBLEM}


def findings_R26(arrivals: list[Scan], scans_of: ScansOf, open_tickets: set[str],
                 now: arrow.Arrow) -> list[Finding]:
    """R-26 已到未发: arrived at the hub in the window and since then not dispatched,
    transferred, returned, signed or scanned elsewhere, with no problem registered
    (no 问题件 scan, no open ticket): still at the hub. Ordered by arrival day."""
    latest: dict[str, Scan] = {}
    for a in arrivals:  # a parcel back at the hub (a return) is judged on its last stay
        if a.waybill not in latest or a.at > latest[a.waybill].at:
            latest[a.waybill] = a
    out = []
    for a in sorted(latest.values(), key=lambda s: (s.at, s.waybill)):
        if a.waybill in open_tickets:
            continue
        scans = scans_of.get(a.waybill, [a])
        if _has(scans, ScanKind.SIGNED) or _has(scans, ScanKind.PROBLEM):
            continue
        later = [s for s in scans if s.at >= a.at and s != a]
        if any(s.kind in _HANDLED_AFTER_HUB or s.site != HUB for s in later):
            continue
        out.append(Finding(
            waybill=a.waybill, reason="not_dispatched", site=a.site, at=a.at, day=a.at[:10],
            last_scan=_describe(_last(scans)),
        ))
    return out


def findings_R27(today_items: list[ListItem], delivery_scans: list[Scan],
                 yesterday_scans: list[Scan], scans_of: ScansOf,
                 now: arrow.Arrow) -> list[Finding]:
    """R-27 派件 (today): every parcel out for delivery by our couriers or the Huaibin agent
    has a 派件 scan today and is on today's delivery list. Findings: on today's list but
    no 派件 scan today; a 派件 scan today at our delivery sites but on no list today;
    taken out yesterday, not signed, not returned or transferred, and not scanned out
    again today (次日续派要再次扫描派件)."""
    today = now.format("YYYY-MM-DD")
    listed = {i.waybill for i in today_items}
    scanned_today = {s.waybill for s in delivery_scans}
    out = []
    for i in sorted(today_items, key=lambda i: (i.at, i.waybill)):
        if i.waybill not in scanned_today:
            out.append(Finding(waybill=i.waybill, reason="listed_not_scanned", site=i.outlet,
                               at=i.at, day=i.day, courier=i.courier,
                               last_scan=_describe(_last(scans_of.get(i.waybill, ())))))
    for s in sorted(delivery_scans, key=lambda s: (s.at, s.waybill)):
        if s.waybill not in listed:
            out.append(Finding(waybill=s.waybill, reason="scanned_not_listed", site=s.site,
                               at=s.at, day=today, courier=s.operator))
            listed.add(s.waybill)
    done = {ScanKind.SIGNED, ScanKind.RETURN, ScanKind.TRANSFER}
    for s in sorted(yesterday_scans, key=lambda s: (s.at, s.waybill)):
        if s.waybill in scanned_today or s.waybill in listed:
            continue
        if any(x.kind in done for x in scans_of.get(s.waybill, ())):
            continue
        out.append(Finding(waybill=s.waybill, reason="not_rescanned", site=s.site, at=s.at,
                           day=s.at[:10], courier=s.operator,
                           last_scan=_describe(_last(scans_of.get(s.waybill, [s])))))
        scanned_today.add(s.waybill)
    return out


def findings_R28(items: list[ListItem], scans_of: ScansOf, now: arrow.Arrow) -> list[Finding]:
    """R-28 / R-23 代派签收: a line of the Huaibin agent's delivery lists of 3 and 2 days
    ago (the agent has 2 days) with no 签收 scan. Registered or not, it stays a finding
    until signed: the agent is told and it is followed up. The lines are
    :func:`agent_unsigned`'s, the same the Huaibin desk lists."""
    signed = {w for w, scans in scans_of.items() if _has(scans, ScanKind.SIGNED)}
    return [Finding(waybill=i.waybill, reason="agent_unsigned", site=i.outlet, at=i.at,
                    day=i.day, courier=i.courier,
                    last_scan=_describe(_last(scans_of.get(i.waybill, ()))))
            for i in agent_unsigned(items, signed)]


def agent_unsigned(items: Iterable[ListItem], signed: set[str]) -> list[ListItem]:
    """R-23 / R-28: the Huaibin agent's lines with no signing, one per waybill, oldest list
    first. The board (R-28), the Huaibin desk and the home count all ask this."""
    out: dict[str, ListItem] = {}
    for i in sorted(items, key=lambda i: (i.day, i.at, i.waybill)):
        if is_agent_item(i.outlet, i.courier) and i.waybill not in signed:
            out.setdefault(i.waybill, i)
    return list(out.values())


def findings_R29(items: list[ListItem], scans_of: ScansOf, cash: Mapping[str, Cash],
                 open_tickets: set[str], now: arrow.Arrow) -> list[Finding]:
    """R-29 自派签收, on the own couriers' lists (not the agent's) of today and 3 days back:
    today's line without a 派件 scan today (listed_not_scanned); today's 到付/代收 line,
    the amount the courier must hand in (cash_to_collect, R-41); a line of an earlier
    day still unsigned and not registered as a problem (courier_unsigned)."""
    today = now.format("YYYY-MM-DD")
    out, seen, unsigned = [], set(), set()
    for i in sorted(items, key=lambda i: (i.day, i.at, i.waybill)):
        if is_agent_item(i.outlet, i.courier) or (i.waybill, i.day) in seen:
            continue
        seen.add((i.waybill, i.day))
        scans = scans_of.get(i.waybill, ())
        base = dict(waybill=i.waybill, site=i.outlet, at=i.at, day=i.day, courier=i.courier)
        if i.day == today:
            if not any(s.kind == ScanKind.DELIVERY and s.at[:10] == today for s in scans):
                out.append(Finding(reason="listed_not_scanned", **base))
            c = cash.get(i.waybill)
            if c and c.fen > 0:
                out.append(Finding(reason="cash_to_collect", amount=yuan(c.fen), **base))
        elif not _has(scans, ScanKind.SIGNED) and i.waybill not in open_tickets \
                and not any(s.kind in (ScanKind.RETURN, ScanKind.TRANSFER) for s in scans):
            if i.waybill in unsigned:
                continue
            unsigned.add(i.waybill)
            out.append(Finding(reason="courier_unsigned", last_scan=_describe(_last(scans)),
                               **base))
    return out


def findings_R30(arrivals: list[Scan], scans_of: ScansOf, open_tickets: set[str],
                 transferred: set[str], now: arrow.Arrow) -> list[Finding]:
    """R-30 未签收查询 (过滤问题件): a parcel that arrived at one of our delivery sites from 3
    days ago to now and has no 签收, leaving out problem parcels (open ticket or 问题件
    scan) and parcels transferred or returned (their signing is followed by R-21)."""
    out, seen = [], set()
    for a in sorted(arrivals, key=lambda s: (s.at, s.waybill)):
        if a.waybill in seen:
            continue
        seen.add(a.waybill)
        if a.waybill in open_tickets or a.waybill in transferred:
            continue
        scans = scans_of.get(a.waybill, [a])
        if any(s.kind in (ScanKind.SIGNED, ScanKind.PROBLEM, ScanKind.TRANSFER, ScanKind.RETURN)
               for s in scans):
            continue
        out.append(Finding(waybill=a.waybill, reason="unsigned", site=a.site, at=a.at,
                           day=a.at[:10], last_scan=_describe(_last(scans))))
    return out


# ---------------------------------------------------------------- R-34 checks

class MonitorCheck(BaseModel):
    """R-34: who checked which monitoring item, when, and how many findings it showed."""

    rule: str
    day: str
    checked_at: str
    checked_by: str
    findings: int | None = None
    note: str | None = None


class UncheckedItem(BaseModel):
    """R-34: a monitoring item nobody checked on ``day``; it costs its post 10.00."""

    rule: str
    name: str
    post: str
    penalty_fen: int = UNCHECKED_FEN

    @property
    def penalty(self) -> str:
        return yuan(self.penalty_fen)


def unchecked_items(checks: Iterable[MonitorCheck], day: date | str) -> list[UncheckedItem]:
    """R-34: the monitoring items with no check recorded on ``day``. The items are the
    board's (:data:`BOARD_RULES`): the home screen's 今日未查监控项 and the board count the
    same set, so they cannot disagree."""
    d = day if isinstance(day, str) else day.isoformat()
    done = {c.rule for c in checks if c.day == d}
    return [UncheckedItem(rule=r, name=RULES[r], post=POST_OF_RULE[r]) for r in BOARD_RULES
            if r not in done]


def unchecked_penalty_fen(items: Iterable[UncheckedItem]) -> int:
    """R-34: 10.00 per unchecked item."""
    return sum(i.penalty_fen for i in items)


def normalize_rule(text: str) -> str | None:
    """'R-24', 'r24', '24' → 'R-24'; None when it is no monitoring item."""
    t = text.strip().upper().replace("R-", "").replace("R", "")
    rule = f"R-{t}"
    return rule if rule in SCREEN_NAMES else None


class PaymentSlip(BaseModel):
    """交款单 (R-41): the cash one courier hands in for a day's 到付 and 代收 parcels."""

    courier: str
    collect_fen: int = 0
    cod_fen: int = 0
    waybills: list[str] = []

    @property
    def total_fen(self) -> int:
        return self.collect_fen + self.cod_fen


def payment_slips(lines: Iterable[tuple[str, str, Cash | None]]) -> list[PaymentSlip]:
    """R-41: from (courier, waybill, cash to collect) of a day's delivery lines, one slip per
    courier with the 到付 and 代收 sums (fen) and the waybills they come from; a waybill on
    a courier's list twice is counted once."""
    slips: dict[str, PaymentSlip] = {}
    seen: set[tuple[str, str]] = set()
    for courier, waybill, cash in lines:
        if cash is None or cash.fen <= 0 or (courier, waybill) in seen:
            continue
        seen.add((courier, waybill))
        slip = slips.setdefault(courier, PaymentSlip(courier=courier))
        if cash.payment == Payment.COLLECT:
            slip.collect_fen += cash.fen
        else:
            slip.cod_fen += cash.fen
        slip.waybills.append(waybill)
    return [slips[c] for c in sorted(slips)]
