"""SQL for problem parcels (问题件, SPEC §5): tickets, notes, photos, bulk batches,
templates, and the queue query.

The queue is windowed (count + one page by LIMIT/OFFSET), and must stay fast with 200,000
tickets. A page is found in two steps: first the ids of the page, walked over a covering
index ``(status, <sort column>, id)`` so OFFSET skips index entries, not table rows; then
only those rows are read, with their waybill's receiver/phone and their newest note."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kefu_tui.domain.untrusted import ascii_digits
from kefu_tui.store import returns

CHUNK = 900
TICKET_COLS = ("id", "waybill", "type", "text", "party", "status", "created_at", "created_by",
               "updated_at", "closed_at", "closed_by", "close_reason", "hold_until", "batch_id",
               "reply_kind", "reply_at")
SORT_COLUMNS = {"updated": "updated_at", "created": "created_at", "waybill": "waybill",
                "type": "type", "party": "party"}


@dataclass(frozen=True)
class QueueQuery:
    """A queue filter turned into bounds the SQL needs (stamps computed by the service)."""

    status: str = "open"  # open | closed | all
    updated_before: str | None = None  # R-06 overdue / before-ten: updated_at < today 00:00
    returnable_at: tuple[str, str] | None = None  # (now, now - 72 h), store.returns
    must_return: bool = False  # the sender asked for the return
    type: str | None = None
    party: str | None = None
    search: str | None = None
    sort: str = "updated"
    descending: bool = False


def _prefix_range(p: str) -> tuple[str, str]:
    # an index-friendly LIKE 'p%': p <= x < p with its last character bumped
    return p, p[:-1] + chr(ord(p[-1]) + 1)


def _where(q: QueueQuery) -> tuple[str, list]:
    conds: list[str] = []
    args: list = []
    if q.status != "all":
        conds.append("t.status = ?")
        args.append(q.status)
    if q.updated_before:
        conds.append("t.updated_at < ?")
        args.append(q.updated_before)
    if q.returnable_at:
        sql, more = returns.returnable_sql(*q.returnable_at)
        conds.append(sql)
        args += more
    if q.must_return:
        sql, more = returns.must_return_sql()
        conds.append(sql)
        args += more
    if q.type:
        conds.append("t.type = ?")
        args.append(q.type)
    if q.party:
        conds.append("t.party = ?")
        args.append(q.party)
    s = ascii_digits((q.search or "").strip())  # full-width digits find the same waybill
    if s:
        if len(s) == 12 and s.isascii() and s.isdigit():
            conds.append("t.waybill = ?")
            args.append(s)
        elif s.isascii() and s.isdigit() and len(s) >= 4:
            lo, hi = _prefix_range(s)
            conds.append("(t.waybill >= ? AND t.waybill < ? OR t.waybill IN"
                         " (SELECT waybill FROM waybills WHERE phone >= ? AND phone < ?))")
            args += [lo, hi, lo, hi]
        else:
            lo, hi = _prefix_range(s)
            conds.append("t.waybill IN (SELECT waybill FROM waybills"
                         " WHERE receiver >= ? AND receiver < ?)")
            args += [lo, hi]
    return (" WHERE " + " AND ".join(conds)) if conds else "", args


def _order(q: QueueQuery) -> str:
    col = SORT_COLUMNS.get(q.sort, "updated_at")
    d = " DESC" if q.descending else ""
    if col in ("type", "party"):
        # the type/party indexes end in updated_at: ties are ordered by last update
        return f" ORDER BY t.{col}{d}, t.updated_at{d}, t.id{d}"
    return f" ORDER BY t.{col}{d}, t.id{d}"


def count(store, q: QueueQuery) -> int:
    where, args = _where(q)
    return store.conn.execute(f"SELECT count(*) FROM tickets t{where}", args).fetchone()[0]


def keyed_waybills(store, q: QueueQuery) -> Iterator[tuple[int, str]]:
    """(id, waybill) of every ticket the query selects, in the queue's order: one pass
    over the same index as the pages (F12 on a whole filter, resolved in a worker)."""
    where, args = _where(q)
    cur = store.conn.cursor()
    cur.row_factory = None
    yield from cur.execute(f"SELECT t.id, t.waybill FROM tickets t{where}{_order(q)}", args)


FEW_POSITIONS = 8  # up to this many ids, one count each; more, one pass over the filter


def positions(store, q: QueueQuery, ids: Sequence[int]) -> dict[int, int]:
    """Where each of ``ids`` stands in the query's order (0-based); an id the query does not
    select is absent (issue 16 item 1: a refresh keeps the cursor on its ticket). A few ids
    are counted each (rows sorting before it, on the sort's index); many, in one pass."""
    if not ids:
        return {}
    where, args = _where(q)
    if len(ids) > FEW_POSITIONS:
        out: dict[int, int] = {}
        for part in _chunks(list(ids)):
            marks = ",".join("?" * len(part))
            out.update(store.conn.execute(
                f"SELECT id, rn FROM (SELECT t.id AS id, row_number() OVER ({_order(q).strip()}) - 1"
                f" AS rn FROM tickets t{where}) WHERE id IN ({marks})", [*args, *part]).fetchall())
        return out
    cols = _sort_columns(q)
    glue = " AND " if where else " WHERE "
    out = {}
    for tid in ids:
        row = store.conn.execute(f"SELECT {', '.join(cols)} FROM tickets t{where}{glue}t.id = ?",
                                 [*args, tid]).fetchone()
        if row is not None:
            before, more = _sorts_before(cols, tuple(row), q.descending)
            out[tid] = store.conn.execute(f"SELECT count(*) FROM tickets t{where}{glue}{before}",
                                          [*args, *more]).fetchone()[0]
    return out


def _sort_columns(q: QueueQuery) -> list[str]:
    """The columns of ``_order`` in order (the last one, the id, makes each row unique)."""
    col = SORT_COLUMNS.get(q.sort, "updated_at")
    if col in ("type", "party"):
        return [f"t.{col}", "t.updated_at", "t.id"]
    return [f"t.{col}", "t.id"]


def _sorts_before(cols: list[str], values: tuple, descending: bool) -> tuple[str, list]:
    """SQL for "this row sorts before ``values``" in ORDER BY ``cols`` (all ASC or all DESC;
    SQLite puts NULL first ascending, last descending). Only t.party may be NULL; the other
    columns take a row-value comparison the index can answer as a range."""
    op = ">" if descending else "<"
    if cols[0] != "t.party":
        return f"({', '.join(cols)}) {op} ({', '.join('?' * len(cols))})", list(values)
    party, rest = values[0], values[1:]
    if descending:  # before: a larger party (a NULL party is never larger)
        first, args = "(t.party IS NOT NULL AND (? IS NULL OR t.party > ?))", [party, party]
    else:  # before: no party while this one has one, or a smaller party
        first, args = "(? IS NOT NULL AND (t.party IS NULL OR t.party < ?))", [party, party]
    tail = f"(t.party IS ? AND ({', '.join(cols[1:])}) {op} ({', '.join('?' * len(rest))}))"
    return f"({first} OR {tail})", [*args, party, *rest]


def page_ids_sql(q: QueueQuery) -> tuple[str, list]:
    where, args = _where(q)
    return f"SELECT t.id FROM tickets t{where}{_order(q)} LIMIT ? OFFSET ?", args


def page(store, q: QueueQuery, offset: int, limit: int) -> list[dict]:
    """One page of the queue: ticket columns plus ``receiver``, ``phone``, ``last_note``."""
    sql, args = page_ids_sql(q)
    ids = [r[0] for r in store.conn.execute(sql, [*args, limit, offset])]
    if not ids:
        return []
    rows = store.conn.execute(
        "SELECT t.*, w.receiver AS receiver, w.phone AS phone,"
        " (SELECT n.text FROM ticket_notes n WHERE n.ticket_id = t.id"
        "  ORDER BY n.at DESC, n.id DESC LIMIT 1) AS last_note"
        " FROM tickets t LEFT JOIN waybills w ON w.waybill = t.waybill"
        f" WHERE t.id IN ({','.join('?' * len(ids))})", ids).fetchall()
    by_id = {r["id"]: dict(r) for r in rows}
    return [by_id[i] for i in ids if i in by_id]


# ------------------------------------------------------------------ single tickets

def get(store, ticket_id: int) -> dict | None:
    r = store.conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
    return dict(r) if r else None


def open_for_waybill(store, waybill: str) -> list[dict]:
    return [dict(r) for r in store.conn.execute(
        "SELECT * FROM tickets WHERE waybill = ? AND status = 'open' ORDER BY id", (waybill,))]


def notes(store, ticket_id: int) -> list[dict]:
    return [dict(r) for r in store.conn.execute(
        "SELECT id, ticket_id, at, by, text FROM ticket_notes WHERE ticket_id = ?"
        " ORDER BY at, id", (ticket_id,))]


def photos(store, ticket_id: int) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT path FROM ticket_photos WHERE ticket_id = ? ORDER BY id", (ticket_id,))]


def insert_note(store, ticket_id: int, at: str, by: str, text: str) -> int:
    """Append a note and mark the ticket updated (R-06, R-07). Inside ``store.write()``."""
    cur = store.conn.execute(
        "INSERT INTO ticket_notes (ticket_id, at, by, text) VALUES (?, ?, ?, ?)",
        (ticket_id, at, by, text))
    store.conn.execute("UPDATE tickets SET updated_at = ? WHERE id = ?", (at, ticket_id))
    return int(cur.lastrowid)


def close(store, ticket_id: int, at: str, by: str, reason: str) -> None:
    store.conn.execute(
        "UPDATE tickets SET status = 'closed', closed_at = ?, closed_by = ?, close_reason = ?,"
        " updated_at = ?, version = version + 1 WHERE id = ?", (at, by, reason, at, ticket_id))


def reopen(store, ticket_id: int, at: str) -> None:
    store.conn.execute(
        "UPDATE tickets SET status = 'open', closed_at = NULL, closed_by = NULL,"
        " close_reason = NULL, updated_at = ?, version = version + 1 WHERE id = ?", (at, ticket_id))


def set_type(store, ticket_id: int, type_: str, at: str) -> None:
    store.conn.execute("UPDATE tickets SET type = ?, updated_at = ?, version = version + 1"
                       " WHERE id = ?", (type_, at, ticket_id))


def last_closed_for_waybill(store, waybill: str) -> dict | None:
    r = store.conn.execute(
        "SELECT * FROM tickets WHERE waybill = ? AND status = 'closed'"
        " ORDER BY closed_at DESC, id DESC LIMIT 1", (waybill,)).fetchone()
    return dict(r) if r else None


def insert_photo(store, ticket_id: int, waybill: str, path: str, at: str, by: str) -> int:
    cur = store.conn.execute(
        "INSERT INTO ticket_photos (ticket_id, waybill, path, added_at, added_by)"
        " VALUES (?, ?, ?, ?, ?)", (ticket_id, waybill, path, at, by))
    return int(cur.lastrowid)


# ------------------------------------------------------------------ bulk

def _chunks(items: Sequence) -> Iterator[Sequence]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def open_types(store, numbers: Sequence[str]) -> dict[str, set[str]]:
    """The types of the open tickets each number has (numbers with none are left out);
    R-08 decides from this with ``domain.tickets.skipped_in_bulk``."""
    out: dict[str, set[str]] = {}
    for part in _chunks(list(numbers)):
        for w, t in store.conn.execute(
            f"SELECT DISTINCT waybill, type FROM tickets WHERE waybill IN"
            f" ({','.join('?' * len(part))}) AND status = 'open'", list(part)):
            out.setdefault(w, set()).add(t)
    return out


def known(store, numbers: Sequence[str]) -> set[str]:
    """Numbers the branch has heard of (a scan or a waybill row)."""
    out: set[str] = set()
    for part in _chunks(numbers):
        marks = ",".join("?" * len(part))
        for table in ("waybills", "scans"):
            out.update(r[0] for r in store.conn.execute(
                f"SELECT DISTINCT waybill FROM {table} WHERE waybill IN ({marks})", list(part)))
    return out


def sender_outlets(store, numbers: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in _chunks(numbers):
        for r in store.conn.execute(
            f"SELECT waybill, sender_outlet FROM waybills WHERE waybill IN"
            f" ({','.join('?' * len(part))}) AND sender_outlet IS NOT NULL", list(part)):
            out[r[0]] = r[1]
    return out


def insert_batch(store, at: str, by: str, type_: str, text: str, n: int) -> int:
    cur = store.conn.execute(
        "INSERT INTO bulk_batches (at, by, type, text, n) VALUES (?, ?, ?, ?, ?)",
        (at, by, type_, text, n))
    return int(cur.lastrowid)


def insert_tickets(store, rows: Sequence[tuple]) -> None:
    """Rows: (waybill, type, text, party, created_at, created_by, batch_id)."""
    store.conn.executemany(
        "INSERT INTO tickets (waybill, type, text, party, status, created_at, created_by,"
        " updated_at, batch_id) VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?)",
        [(w, t, x, p, at, by, at, b) for (w, t, x, p, at, by, b) in rows])


def batch(store, batch_id: int) -> dict | None:
    r = store.conn.execute("SELECT * FROM bulk_batches WHERE id = ?", (batch_id,)).fetchone()
    return dict(r) if r else None


def batch_waybills(store, batch_id: int) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT waybill FROM tickets WHERE batch_id = ? ORDER BY id", (batch_id,))]


def delete_batch(store, batch_id: int, at: str) -> int:
    """Remove a batch's tickets with their notes and photo rows; mark the batch undone."""
    sub = "SELECT id FROM tickets WHERE batch_id = ?"
    store.conn.execute(f"DELETE FROM ticket_notes WHERE ticket_id IN ({sub})", (batch_id,))
    store.conn.execute(f"DELETE FROM ticket_photos WHERE ticket_id IN ({sub})", (batch_id,))
    n = store.conn.execute("DELETE FROM tickets WHERE batch_id = ?", (batch_id,)).rowcount
    store.conn.execute("UPDATE bulk_batches SET undone_at = ? WHERE id = ?", (at, batch_id))
    return n


def last_batch(store, user: str) -> int | None:
    r = store.conn.execute(
        "SELECT id FROM bulk_batches WHERE by = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
        (user,)).fetchone()
    return r[0] if r else None


# ------------------------------------------------------------------ templates

def templates(store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT text FROM templates ORDER BY id")]


def insert_template(store, text: str, type_: str | None) -> bool:
    cur = store.conn.execute("INSERT OR IGNORE INTO templates (type, text) VALUES (?, ?)",
                             (type_, text))
    return cur.rowcount > 0
