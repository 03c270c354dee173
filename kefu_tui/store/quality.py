"""SQL of the quality desk: the R-31..R-33 registers, complaints (投诉) with their steps,
and the handover notes (交接记录本). Times are stored wall-clock text."""

from __future__ import annotations

from collections.abc import Sequence

# imported columns per register table (the clerk's columns are never overwritten by imports)
REGISTER_TABLES = {
    "orders": ("network_orders", "order_no",
               ("order_no", "ordered_at", "sender", "sender_phone", "sender_address", "waybill",
                "status", "extra")),
    "arbitrations": ("arbitrations", "case_no",
                     ("case_no", "waybill", "complainant", "kind", "accepted_at", "respondent",
                      "content", "amount_fen", "status", "extra")),
    "fines": ("fines", "fine_no",
              ("fine_no", "fined_at", "amount_fen", "waybill", "kind", "note", "extra")),
}


def upsert_register(conn, fmt: str, rows: Sequence[tuple]) -> tuple[int, int, int]:
    """Insert imported rows keyed by their legacy id; a row seen before with other values
    (an order handled since) is updated. Returns (new, known, updated)."""
    table, key, cols = REGISTER_TABLES[fmt]
    new = known = updated = 0
    select = f"SELECT {', '.join(cols)} FROM {table} WHERE {key} = ?"
    insert = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    update = f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in cols[1:])} WHERE {key} = ?"
    for row in rows:
        old = conn.execute(select, (row[0],)).fetchone()
        if old is None:
            conn.execute(insert, row)
            new += 1
        elif tuple(old) == tuple(row):
            known += 1
        else:
            conn.execute(update, (*row[1:], row[0]))
            updated += 1
    return new, known, updated


# ---------------------------------------------------------------- registers

def orders_since(store, start: str, end: str, open_only: bool = True) -> list:
    """R-31: network orders placed in [start, end); open_only: not yet handled."""
    where = (" AND coalesce(waybill, '') = '' AND coalesce(status, '') NOT IN ('已处理', '已取消')"
             " AND handled_at IS NULL") if open_only else ""
    return store.query("SELECT * FROM network_orders WHERE ordered_at >= ? AND ordered_at < ?"
                       f"{where} ORDER BY ordered_at, order_no", (start, end))


def arbitrations_since(store, start: str, end: str) -> list:
    """R-32: complaints against us accepted in [start, end)."""
    return store.query("SELECT * FROM arbitrations WHERE accepted_at >= ? AND accepted_at < ?"
                       " ORDER BY accepted_at, case_no", (start, end))


def undecided_arbitrations(store, accepted_from: str, accepted_to: str) -> list:
    """R-32: undecided complaints against us accepted in [from, to] (deadline checks)."""
    return store.query("SELECT * FROM arbitrations WHERE decision IS NULL AND accepted_at >= ?"
                       " AND accepted_at <= ? ORDER BY accepted_at", (accepted_from, accepted_to))


def fines_since(store, start: str, end: str) -> list:
    """R-33: fines dated in [start, end)."""
    return store.query("SELECT * FROM fines WHERE fined_at >= ? AND fined_at < ?"
                       " ORDER BY fined_at, fine_no", (start, end))


def register_page(store, fmt: str, offset: int, limit: int) -> list:
    table, key, _ = REGISTER_TABLES[fmt]
    at = {"orders": "ordered_at", "arbitrations": "accepted_at", "fines": "fined_at"}[fmt]
    return store.query(f"SELECT * FROM {table} ORDER BY {at} DESC, {key} LIMIT ? OFFSET ?",
                       (limit, offset))


def register_count(store, fmt: str) -> int:
    return store.query(f"SELECT count(*) FROM {REGISTER_TABLES[fmt][0]}")[0][0]


def register_row(store, fmt: str, key_value: str):
    table, key, _ = REGISTER_TABLES[fmt]
    rows = store.query(f"SELECT * FROM {table} WHERE {key} = ?", (key_value,))
    return rows[0] if rows else None


# ---------------------------------------------------------------- complaints

def complaint(store, cid: int):
    rows = store.query("SELECT * FROM complaints WHERE id = ?", (cid,))
    return rows[0] if rows else None


def complaint_steps(store, cid: int) -> list:
    return store.query("SELECT * FROM complaint_steps WHERE complaint_id = ? ORDER BY id", (cid,))


def complaints(store, open_only: bool, offset: int = 0, limit: int = -1) -> list:
    where = " WHERE step != 'summary'" if open_only else ""
    return store.query(f"SELECT * FROM complaints{where} ORDER BY received_at DESC, id DESC"
                       " LIMIT ? OFFSET ?", (limit, offset))


def count_complaints(store, open_only: bool) -> int:
    where = " WHERE step != 'summary'" if open_only else ""
    return store.query(f"SELECT count(*) FROM complaints{where}")[0][0]


def callbacks_due(store) -> list:
    """Complaints whose last step is ``done`` (carried out, no callback since), oldest
    ``done`` first."""
    return store.query("SELECT * FROM complaints WHERE step = 'done' ORDER BY step_at, id")


def complaint_outcomes(store, start: str, end: str) -> list[tuple[str, int]]:
    """(outcome, n) of complaints received in the period; outcome is the last answer or
    the step reached."""
    return [tuple(r) for r in store.query(
        "SELECT CASE WHEN step = 'summary' THEN 'closed_' || coalesce(outcome, '')"
        " ELSE 'open' END, count(*) FROM complaints WHERE received_at >= ? AND received_at < ?"
        " GROUP BY 1 ORDER BY 1", (start, end))]


# ---------------------------------------------------------------- handover

def open_notes(store) -> list:
    return store.query("SELECT * FROM handover_notes WHERE done_at IS NULL"
                       " ORDER BY urgent DESC, at, id")


def note(store, nid: int):
    rows = store.query("SELECT * FROM handover_notes WHERE id = ?", (nid,))
    return rows[0] if rows else None
