"""SQL for warehouse counts (单货统一, R-42): count sessions and their scanned items.

One row per (session, side, waybill); a repeated scan adds no row but is written to the
audit trail (action ``count.repeat``), which is where repeats are counted from."""

from __future__ import annotations


def start(store, at: str, by: str) -> int:
    """Open a count session. Call inside ``store.write()``."""
    return int(store.conn.execute(
        "INSERT INTO count_sessions (started_at, started_by) VALUES (?, ?)", (at, by)).lastrowid)


def session(store, session_id: int):
    rows = store.query("SELECT * FROM count_sessions WHERE id = ?", (session_id,))
    return rows[0] if rows else None


def add_item(store, session_id: int, waybill: str, side: str, at: str) -> bool:
    """Add one scanned number; False when it was already there (a repeat)."""
    cur = store.conn.execute(
        "INSERT OR IGNORE INTO count_items (session_id, waybill, at, side) VALUES (?, ?, ?, ?)",
        (session_id, waybill, at, side))
    return cur.rowcount == 1


def finish(store, session_id: int, at: str) -> None:
    store.conn.execute("UPDATE count_sessions SET finished_at = ? WHERE id = ?", (at, session_id))


def items(store, session_id: int, side: str) -> list[str]:
    return [r[0] for r in store.query(
        "SELECT waybill FROM count_items WHERE session_id = ? AND side = ? ORDER BY at, id",
        (session_id, side))]


def repeats(store, session_id: int, side: str) -> int:
    return store.query(
        "SELECT count(*) FROM audit WHERE entity = 'count_sessions' AND entity_id = ?"
        " AND action = 'count.repeat' AND json_extract(after, '$.side') = ?",
        (str(session_id), side))[0][0]


def sessions_between(store, start: str, end: str) -> list:
    return store.query(
        "SELECT * FROM count_sessions WHERE started_at >= ? AND started_at < ? ORDER BY id",
        (start, end))
