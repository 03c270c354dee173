"""Batch reads for tracking (F12, R-05): scans, waybills, tickets with notes, transfers and
agent delivery-list days for many numbers at once, in ``IN (...)`` chunks of at most 900
(below SQLite's historic 999 bound-parameter limit)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kefu_tui.domain.tracking import ScanFact, TicketFact
from kefu_tui.domain.trusted import rebuild
from kefu_tui.domain.waybills import Payment, Scan, ScanKind, Waybill
from kefu_tui.store.delivery import agent_line_sql

CHUNK = 900
_SCAN_COLS = ("waybill", "kind", "at", "site", "prev_site", "next_site", "operator", "note")
_WAYBILL_COLS = (
    "waybill", "sender_outlet", "sent_at", "receiver", "phone", "address", "dest_outlet",
    "pieces", "weight_kg", "payment", "cod_fen", "collect_fen", "receipt_no", "master_no",
    "label_note", "entered_at",
)


def _chunks(numbers: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(numbers), CHUNK):
        yield numbers[i : i + CHUNK]


def _in(numbers: Sequence[str]) -> str:
    return ",".join("?" * len(numbers))


def _tuples(store, sql: str, params: Sequence) -> Iterator[tuple]:
    # plain tuples: sqlite3.Row costs more than the dict we build from the row anyway
    cur = store.conn.cursor()
    cur.row_factory = None
    return cur.execute(sql, params)


def scans_by_waybill(store, numbers: Sequence[str]) -> dict[str, list[Scan]]:
    """Every scan of those waybills in time order (R-04). The IN query walks the
    ``scans_identity`` index (waybill, at, …), so rows already come grouped by waybill and
    in time order: no sort is needed."""
    out: dict[str, list[Scan]] = {}
    cols = ", ".join(_SCAN_COLS)
    for part in _chunks(numbers):
        rows = _tuples(store, f"SELECT {cols} FROM scans WHERE waybill IN ({_in(part)})"
                              " ORDER BY waybill, at", part)
        for r in rows:
            scans = out.get(r[0])
            if scans is None:
                scans = out[r[0]] = []
            scans.append(stored_scan(r))
    return out


_KIND = {k.value: k for k in ScanKind}


def stored_scan(r: tuple) -> Scan:
    # F12 on 1,000 parcels rebuilds ~5,000 scans, validated when they were imported
    return rebuild(Scan, {"waybill": r[0], "kind": _KIND[r[1]], "at": r[2], "site": r[3],
                          "prev_site": r[4], "next_site": r[5], "operator": r[6], "note": r[7]})


def waybills_by_number(store, numbers: Sequence[str], phone=None) -> dict[str, Waybill]:
    """The waybill rows (录单) of those numbers; numbers without one are absent.
    ``phone``: a function the receiver's phone is shown through (masking, issue 9)."""
    out: dict[str, Waybill] = {}
    cols = ", ".join(_WAYBILL_COLS)
    pay = _WAYBILL_COLS.index("payment")
    for part in _chunks(numbers):
        for r in _tuples(store, f"SELECT {cols} FROM waybills WHERE waybill IN ({_in(part)})", part):
            d = dict(zip(_WAYBILL_COLS, r))
            if r[pay] is not None:
                d["payment"] = _PAYMENT[r[pay]]
            if phone is not None and d["phone"]:
                d["phone"] = phone(d["phone"])
            # validated when entered: rebuilt, not re-validated (F12 on 100,000 parcels)
            out[r[0]] = rebuild(Waybill, d)
    return out


_PAYMENT = {p.value: p for p in Payment}


_TICKET_COLS = ("id", "waybill", "type", "text", "party", "status", "created_at", "updated_at",
                "hold_until", "reply_kind", "reply_at", "close_reason", "closed_by", "closed_at")


def tickets_by_waybill(store, numbers: Sequence[str]) -> dict[str, list[dict]]:
    """Every ticket of those waybills (open and closed, oldest first), each with its notes
    (oldest first) under ``notes``."""
    out: dict[str, list[dict]] = {}
    by_id: dict[int, dict] = {}
    cols = ", ".join(_TICKET_COLS)
    for part in _chunks(numbers):
        for r in _tuples(store, f"SELECT {cols} FROM tickets WHERE waybill IN ({_in(part)})", part):
            d = dict(zip(_TICKET_COLS, r))
            d["notes"] = []
            by_id[r[0]] = d
            same = out.get(r[1])
            if same is None:
                out[r[1]] = [d]
            else:
                same.append(d)
    for same in out.values():
        if len(same) > 1:  # the index walks (waybill, status, …): oldest first by id here
            same.sort(key=_by_id)
    ids = list(by_id)
    for i in range(0, len(ids), CHUNK):
        part = ids[i : i + CHUNK]
        for r in _tuples(store, f"SELECT ticket_id, text FROM ticket_notes WHERE ticket_id IN ({_in(part)})"
                                " ORDER BY ticket_id, at, id", part):
            by_id[r[0]]["notes"].append(r[1])
    return out


def _by_id(d: dict) -> int:
    return d["id"]


def transfers_by_waybill(store, numbers: Sequence[str]) -> dict[str, list[dict]]:
    """Every registered transfer (R-18) of those waybills, oldest first."""
    out: dict[str, list[dict]] = {}
    for part in _chunks(numbers):
        for r in store.conn.execute(
            "SELECT id, waybill, mode, carrier, new_waybill, fee_fen, fee_confirmed, created_at,"
            f" signed_at, attempts FROM transfers WHERE waybill IN ({_in(part)})"
            " ORDER BY waybill, created_at, id", part
        ):
            out.setdefault(r["waybill"], []).append(dict(r))
    return out


def agent_days_by_waybill(store, numbers: Sequence[str], agent_site: str | None = None
                          ) -> dict[str, list[str]]:
    """The days of the Huaibin agent's delivery lists each waybill is on (R-23), by the one
    agent-line test (``store.delivery.agent_line_sql``; ``agent_site`` is ignored)."""
    agent, args = agent_line_sql()
    out: dict[str, list[str]] = {}
    for part in _chunks(numbers):
        for r in store.conn.execute(
            f"SELECT DISTINCT waybill, day FROM delivery_items WHERE waybill IN ({_in(part)})"
            f" AND {agent}", [*part, *args],
        ):
            out.setdefault(r[0], []).append(r[1])
    return out


def scan_facts_by_waybill(store, numbers: Sequence[str]) -> dict[str, list[ScanFact]]:
    """(kind, at, site) of every scan of those waybills, in time order: read from the
    covering index ``scans_identity`` alone (F12 on a whole filter, R-04)."""
    out: dict[str, list[ScanFact]] = {}
    new = tuple.__new__
    for part in _chunks(numbers):
        for r in _tuples(store, f"SELECT waybill, kind, at, site FROM scans WHERE waybill IN ({_in(part)})"
                                " ORDER BY waybill, at", part):
            facts = out.get(r[0])
            if facts is None:
                facts = out[r[0]] = []
            facts.append(new(ScanFact, (_KIND[r[1]], r[2], r[3])))
    return out


def ticket_facts_by_waybill(store, numbers: Sequence[str]) -> dict[str, list[TicketFact]]:
    """What the rules read of the open tickets of those waybills (no texts, no notes;
    a closed ticket changes neither the state nor the next action), from the index
    ``tickets_waybill_facts`` alone."""
    out: dict[str, list[TicketFact]] = {}
    new = tuple.__new__
    # a database migrated before the index came (slot m7) reads the table rows instead
    index = " INDEXED BY tickets_waybill_facts" if store.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'tickets_waybill_facts'").fetchone() else ""
    for part in _chunks(numbers):
        for r in _tuples(store, "SELECT waybill, status, type, created_at, updated_at, hold_until,"
                                " reply_kind, reply_at"
                                f" FROM tickets{index} WHERE waybill IN ({_in(part)}) AND status = 'open'",
                         part):
            out.setdefault(r[0], []).append(new(TicketFact, r[1:]))
    return out


def entered_or_ticketed(store, numbers: Sequence[str]) -> set[str]:
    """Those numbers that have a waybill row (录单) or any ticket, open or closed (what
    ``track`` counts as known besides scans, transfers and delivery lists, R-05)."""
    out: set[str] = set()
    for part in _chunks(numbers):
        for table in ("waybills", "tickets"):  # one IN list each: at most CHUNK parameters
            out.update(r[0] for r in _tuples(
                store, f"SELECT DISTINCT waybill FROM {table} WHERE waybill IN ({_in(part)})", part))
    return out
