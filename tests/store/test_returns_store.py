"""R-09 in SQL (store.returns) answers exactly what domain.returns.return_clock answers."""

import random

from kefu_tui.domain import clock
from kefu_tui.domain.returns import ReturnState, return_clock
from kefu_tui.services import tickets as ts

KINDS = [None, None, "hold", "redeliver", "return", "unclear"]


def T(text):
    return clock.parse_iso(text)


def _fill(store, n=400, seed=7):
    rnd = random.Random(seed)
    base = T("2026-12-01T00:00:00")
    rows = []
    for i in range(n):
        created = base.shift(minutes=rnd.randrange(0, 6 * 24 * 60))
        kind = rnd.choice(KINDS)
        reply = created.shift(minutes=rnd.randrange(1, 3000)) if kind else None
        hold = None
        if kind == "hold" or (kind is None and i % 9 == 0):  # imported holds have no kind
            hold = (reply or created).shift(minutes=rnd.randrange(1, 72 * 60))
        rows.append((f"518{i:09d}", "phone", "x", "固始", "open" if i % 13 else "closed",
                     clock.stamp(created), "wu", clock.stamp(created),
                     kind, clock.stamp(reply) if reply else None,
                     clock.stamp(hold) if hold else None))
    with store.write():
        store.conn.executemany(
            "INSERT INTO tickets (waybill, type, text, party, status, created_at, created_by,"
            " updated_at, reply_kind, reply_at, hold_until) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    return rows


def _domain(rows, now, states):
    return sorted(r[0] for r in rows if r[4] == "open"
                  and return_clock(r[5], r[8], r[9], r[10], now).state in states)


def _sql(store, f, now):
    n = ts.count_tickets(store, f, now)
    got = sorted(r.waybill for r in ts.page_tickets(store, f, now, 0, 10_000))
    assert n == len(got)
    return got


def test_R09_queue_filters_agree_with_the_one_clock(store):
    rows = _fill(store)
    for now in ("2026-12-02T12:00:00", "2026-12-04T09:00:00", "2026-12-06T18:30:00",
                "2026-12-09T00:00:00", "2026-12-12T00:00:00"):
        t = T(now)
        may = _domain(rows, t, {ReturnState.MAY, ReturnState.MUST})
        assert _sql(store, ts.TicketFilter(returnable=True), t) == may
        must = _domain(rows, t, {ReturnState.MUST})
        assert _sql(store, ts.TicketFilter(must_return=True), t) == must
        assert may and must  # the sample exercises both


def test_R09_sql_counts_a_running_hold(store):
    """Kills the mutation that drops ``hold_until`` from the SQL mirror."""
    with store.write():
        store.conn.execute(
            "INSERT INTO tickets (waybill, type, text, status, created_at, created_by, updated_at,"
            " reply_kind, reply_at, hold_until) VALUES ('518000000001', 'not_home', 'x', 'open',"
            " '2026-12-01 09:00:00', 'wu', '2026-12-01 09:00:00', 'hold', '2026-12-03 09:00:00',"
            " '2026-12-06 09:00:00')")
    f = ts.TicketFilter(returnable=True)
    assert ts.count_tickets(store, f, T("2026-12-05T09:00:00")) == 0  # 96 h, still held
    assert ts.count_tickets(store, f, T("2026-12-06T09:00:00")) == 1
    row = ts.page_tickets(store, ts.TicketFilter(), T("2026-12-05T09:00:00"), 0, 1)[0]
    assert row.return_clock == "暂放至12-06"
