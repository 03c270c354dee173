"""Warehouse reconciliation (单货统一, R-42): a count session in which the clerk scans the
parcels on the shelves (goods) and the slips (slip), then sees what does not match."""

from __future__ import annotations

import arrow

from kefu_tui.domain.clock import stamp
from kefu_tui.domain.reconcile import GOODS, SIDES, SLIP, CountResult, reconcile
from kefu_tui.domain.waybills import waybill_or_none
from kefu_tui.store import counts as q


class CountError(ValueError):
    """A scan that cannot go into the count (not a number, unknown or finished session)."""


def start_count(store, now: arrow.Arrow, user: str) -> int:
    """R-42: open a count session; returns its id."""
    at = stamp(now)
    with store.write():
        sid = q.start(store, at, user)
        store.audit(at, user, "count.start", "count_sessions", sid)
    return sid


def add_scan(store, session_id: int, line: str, side: str, now: arrow.Arrow,
             user: str) -> tuple[str, bool]:
    """R-42: one scanned or typed line on the goods or slip side. Returns (number, repeat);
    a repeat is folded (no second item) and counted through the audit trail."""
    if side not in SIDES:
        raise CountError(f"side must be one of {SIDES}")
    no = waybill_or_none(line)
    if no is None:
        raise CountError(f"not a waybill number: {line.strip()!r}")
    s = q.session(store, session_id)
    if s is None or s["finished_at"]:
        raise CountError(f"count {session_id} is not open")
    at = stamp(now)
    with store.write():
        new = q.add_item(store, session_id, no, side, at)
        store.audit(at, user, "count.scan" if new else "count.repeat", "count_sessions",
                    session_id, None, {"side": side, "waybill": no})
    return no, not new


def finish_count(store, session_id: int, now: arrow.Arrow, user: str) -> CountResult:
    """R-42: close the session and return its result."""
    at = stamp(now)
    with store.write():
        q.finish(store, session_id, at)
        res = result(store, session_id)
        store.audit(at, user, "count.finish", "count_sessions", session_id, None,
                    {"matched": len(res.matched), "goods_only": len(res.goods_only),
                     "slips_only": len(res.slips_only)})
    return res


def result(store, session_id: int) -> CountResult:
    """R-42: matched, 有货无单, 有单无货 and repeats of a session (open or finished)."""
    return reconcile(q.items(store, session_id, GOODS), q.items(store, session_id, SLIP),
                     q.repeats(store, session_id, GOODS), q.repeats(store, session_id, SLIP))
