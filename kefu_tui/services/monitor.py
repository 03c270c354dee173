"""The monitoring board (监控, SPEC §8): each indicator R-24..R-30 with its window and
findings at ``now``, and the record of who checked what (R-34).

Where a population can be large (R-25, R-26, R-30) the store pre-filters it in SQL with the
same conditions; the domain function still decides, on the candidates' full scans."""

from __future__ import annotations

from collections.abc import Callable

import arrow

from kefu_tui.domain import monitoring as m
from kefu_tui.domain.clock import day_start, iso, stamp
from kefu_tui.domain.waybills import ScanKind
from kefu_tui.domain.untrusted import free_text
from kefu_tui.services import quality
from kefu_tui.services.gc_pause import paused_gc
from kefu_tui.store import monitor as q

_DAY = "YYYY-MM-DD"


def _r24(store, now):
    start, end = m.window_stamps(m.window_R24(now))
    collected = q.scans_at(store, [m.BRANCH], ScanKind.PICKUP, start, end)
    done = q.entered(store, (s.waybill for s in collected))
    return m.findings_R24(collected, done, now)


def _r25(store, now):
    start, end = m.window_stamps(m.window_R25(now))
    until = stamp(m.arrival_window_R25(now)[1])
    sent = q.unarrived_dispatches(store, m.HUB, start, end, until)
    return m.findings_R25(sent, q.scans_of(store, (s.waybill for s in sent)), now)


def _r26(store, now):
    start, end = m.window_stamps(m.window_R26(now))
    arrived = q.stuck_arrivals(store, m.HUB, start, end)
    nos = [s.waybill for s in arrived]
    return m.findings_R26(arrived, q.scans_of(store, nos), q.open_ticket_waybills(store, nos), now)


def _r27(store, now):
    start, end = m.window_stamps(m.window_R27(now))
    today = now.format(_DAY)
    items = q.list_items(store, today, today)
    out_today = q.scans_at(store, m.OWN_DELIVERY_SITES, ScanKind.DELIVERY, start, end)
    out_yday = q.scans_at(store, m.OWN_DELIVERY_SITES, ScanKind.DELIVERY,
                          stamp(day_start(now, 1)), start)
    nos = [i.waybill for i in items] + [s.waybill for s in out_today + out_yday]
    return m.findings_R27(items, out_today, out_yday, q.scan_facts_of(store, nos), now)


def _r28(store, now):
    start, end = m.window_R28(now)
    items = q.list_items(store, start.format(_DAY), end.shift(days=-1).format(_DAY))
    items = [i for i in items if m.is_agent_item(i.outlet, i.courier)]
    return m.findings_R28(items, q.scan_facts_of(store, (i.waybill for i in items)), now)


def _r29(store, now):
    start, _ = m.window_R29(now)
    items = q.list_items(store, start.format(_DAY), now.format(_DAY))
    items = [i for i in items if not m.is_agent_item(i.outlet, i.courier)]
    nos = [i.waybill for i in items]
    return m.findings_R29(items, q.scan_facts_of(store, nos), q.cash_due(store, nos),
                          q.open_ticket_waybills(store, nos), now)


def _r30(store, now):
    start, end = m.window_stamps(m.window_R30(now))
    arrived = q.unsigned_arrivals(store, m.OWN_DELIVERY_SITES, start, end)
    nos = [s.waybill for s in arrived]
    return m.findings_R30(arrived, q.scans_of(store, nos), q.open_ticket_waybills(store, nos),
                          q.transferred(store, nos), now)


def _r09(store, now):
    """R-09 on the board: asked back by the sender before today, still here."""
    from kefu_tui.services.returns import asked_back_still_here

    start, _ = m.WINDOWS[m.RETURNS_RULE](now)
    return [m.Finding(waybill=f["waybill"], reason="asked_back", site=f["sender_outlet"],
                      at=f["asked_at"])
            for f in asked_back_still_here(store, now) if f["asked_at"] >= stamp(start)]


INDICATORS: dict[str, Callable] = {
    m.RETURNS_RULE: _r09,
    "R-24": _r24, "R-25": _r25, "R-26": _r26, "R-27": _r27,
    "R-28": _r28, "R-29": _r29, "R-30": _r30,
    "R-31": quality.findings_R31, "R-32": quality.findings_R32, "R-33": quality.findings_R33,
}


def findings(store, rule: str, now: arrow.Arrow) -> list[m.Finding]:
    """The findings of one indicator (R-24..R-30) at ``now``."""
    return INDICATORS[rule](store, now)


def board(store, now: arrow.Arrow) -> dict:
    """SPEC §14 ``kefu monitor --json``: keyed by rule id R-24..R-30, each
    ``{"window": [start, end], "findings": [{"waybill": NO, ...}]}`` (ISO 8601, +08:00)."""
    return {rule: board_item(store, rule, now) for rule in m.BOARD_RULES}


def board_item(store, rule: str, now: arrow.Arrow) -> dict:
    """One row of the board: ``{"window": [start, end], "findings": [...]}`` (the board
    screen fills its rows one indicator at a time with this)."""
    start, end = m.WINDOWS[rule](now)
    with paused_gc():  # thousands of scans and findings built, none cyclic (services.gc_pause)
        return {"window": [iso(start), iso(end)],
                "findings": [f.as_json() for f in findings(store, rule, now)]}


def record_check(store, rule: str, now: arrow.Arrow, user: str,
                 findings: int | list | None = None, note: str | None = None) -> m.MonitorCheck:
    """R-34: record that ``user`` checked monitoring item ``rule`` at ``now`` (one
    transaction with its audit entry). ``findings``: the count, or the findings seen."""
    rule_id = m.normalize_rule(rule)
    if rule_id is None:
        raise ValueError(f"not a monitoring item: {rule!r} (R-24..R-33)")
    n = len(findings) if isinstance(findings, list) else findings
    note = free_text(note).strip() or None if note is not None else None  # the text gate
    check = m.MonitorCheck(rule=rule_id, day=now.format(_DAY), checked_at=stamp(now),
                           checked_by=user, findings=n, note=note)
    with store.write():
        cid = q.insert_check(store, check)
        store.audit(check.checked_at, user, "monitor.check", "monitor_checks", cid,
                    None, check.model_dump())
    return check


def checks_today(store, now: arrow.Arrow) -> list[m.MonitorCheck]:
    """R-34: the checks recorded today."""
    return q.checks_on(store, now.format(_DAY))


def unchecked_today(store, now: arrow.Arrow) -> list[m.UncheckedItem]:
    """R-34: today's monitoring items nobody has checked yet (10.00 each)."""
    return m.unchecked_items(checks_today(store, now), now.format(_DAY))
