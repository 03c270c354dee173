"""SQL for returns (退件, R-09): the sender's replies, the queue's R-09 filters, and the
return itself (scans, closing, the ``returns`` row) for many parcels in one transaction.

:func:`returnable_sql` mirrors ``domain.returns.return_clock`` (MAY or MUST) for the
queue's windowed query; ``tests/store/test_returns_store.py`` holds both to one answer."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

CHUNK = 900


def _chunks(items: Sequence) -> Iterator[Sequence]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _in(part: Sequence) -> str:
    return ",".join("?" * len(part))


# ------------------------------------------------------------------ R-09 in SQL

def returnable_sql(now: str, limit: str) -> tuple[str, list]:
    """R-09 (mirror of ``return_clock`` being MAY or MUST) for a ticket ``t``: the sender
    replied ``return``; or, no ``redeliver``/``return`` reply, notified at or before
    ``limit`` (= now − 72 h) and no hold running at ``now``. The subqueries walk the small
    partial indexes ``tickets_reply`` and ``tickets_hold`` (few tickets have either)."""
    return ("(t.id IN (SELECT id FROM tickets WHERE reply_kind = 'return')"
            " OR (t.created_at <= ?"
            " AND t.id NOT IN (SELECT id FROM tickets WHERE hold_until > ?)"
            " AND t.id NOT IN (SELECT id FROM tickets WHERE reply_kind IN ('redeliver', 'return'))))",
            [limit, now])


def must_return_sql() -> tuple[str, list]:
    """R-09: the sender asked for the return (mirror of ``ReturnState.MUST``)."""
    return "t.id IN (SELECT id FROM tickets WHERE reply_kind = 'return')", []


def count_must_return(store, asked_before: str | None = None) -> int:
    """Open tickets the sender asked back; with ``asked_before``, asked before that time."""
    sql = "SELECT count(*) FROM tickets WHERE reply_kind = 'return' AND status = 'open'"
    args: list = []
    if asked_before:
        sql += " AND reply_at < ?"
        args.append(asked_before)
    return store.conn.execute(sql, args).fetchone()[0]


def asked_back_rows(store, asked_before: str) -> list[dict]:
    """Open tickets whose sender asked the return before ``asked_before`` (still here)."""
    return [dict(r) for r in store.conn.execute(
        "SELECT t.id, t.waybill, t.type, t.party, t.created_at, t.reply_at,"
        " w.sender_outlet FROM tickets t LEFT JOIN waybills w ON w.waybill = t.waybill"
        " WHERE t.reply_kind = 'return' AND t.status = 'open' AND t.reply_at < ?"
        " ORDER BY t.reply_at, t.id", (asked_before,))]


# ------------------------------------------------------------------ replies

def set_reply(store, ticket_id: int, kind: str, at: str, by: str, hold_until: str | None,
              text: str, note_id: int) -> int:
    """Record a reply and make it the ticket's newest. Inside ``store.write()``."""
    # version + 1: a view of the ticket read before the reply is stale (issue 9)
    store.conn.execute("UPDATE tickets SET reply_kind = ?, reply_at = ?, hold_until = ?,"
                       " version = version + 1 WHERE id = ?", (kind, at, hold_until, ticket_id))
    cur = store.conn.execute(
        "INSERT INTO ticket_replies (ticket_id, waybill, kind, at, by, hold_until, text, note_id)"
        " SELECT id, waybill, ?, ?, ?, ?, ?, ? FROM tickets WHERE id = ?",
        (kind, at, by, hold_until, text, note_id, ticket_id))
    return int(cur.lastrowid)


def replies(store, ticket_id: int) -> list[dict]:
    return [dict(r) for r in store.conn.execute(
        "SELECT * FROM ticket_replies WHERE ticket_id = ? ORDER BY at, id", (ticket_id,))]


# ------------------------------------------------------------------ the return

def tickets_of(store, numbers: Sequence[str]) -> dict[str, list[dict]]:
    """Every ticket of those waybills (open and closed), oldest first, with the waybill's
    sender outlet under ``sender_outlet``."""
    out: dict[str, list[dict]] = {}
    for part in _chunks(list(numbers)):
        for r in store.conn.execute(
            "SELECT t.id, t.waybill, t.type, t.party, t.status, t.created_at, t.closed_at,"
            " t.closed_by, t.close_reason, t.hold_until, t.reply_kind, t.reply_at,"
            " w.sender_outlet FROM tickets t LEFT JOIN waybills w ON w.waybill = t.waybill"
            f" WHERE t.waybill IN ({_in(part)}) ORDER BY t.waybill, t.id", list(part)):
            out.setdefault(r["waybill"], []).append(dict(r))
    return out


def close_returned(store, ticket_ids: Sequence[int], at: str, by: str, reason: str) -> None:
    store.conn.executemany(
        "UPDATE tickets SET status = 'closed', closed_at = ?, closed_by = ?, close_reason = ?,"
        " updated_at = ?, version = version + 1 WHERE id = ? AND status = 'open'",
        [(at, by, reason, at, i) for i in ticket_ids])


def insert_returns(store, rows: Sequence[tuple]) -> None:
    """Rows: (waybill, returned_at, returned_by, sender_outlet, reason, asked)."""
    store.conn.executemany(
        "INSERT INTO returns (waybill, returned_at, returned_by, sender_outlet, reason, asked)"
        " VALUES (?, ?, ?, ?, ?, ?)", rows)


def returned_on(store, day_start: str, day_end: str) -> int:
    return store.conn.execute("SELECT count(*) FROM returns WHERE returned_at >= ?"
                              " AND returned_at < ?", (day_start, day_end)).fetchone()[0]
