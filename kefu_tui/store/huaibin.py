"""SQL for the Huaibin agent (R-22, R-23): the agent's delivery-list lines and the bulk
registration of the day's list as ``agent_delay`` problem tickets."""

from __future__ import annotations

from collections.abc import Iterable

from kefu_tui.domain.monitoring import AGENT_OUTLET, ListItem
from kefu_tui.store.monitor import _chunks


def agent_items(store, first_day: str, last_day: str) -> list[ListItem]:
    """R-22: the agent's lines (outlet 淮滨, or a courier naming 淮滨/代派) of those days."""
    rows = store.query(
        "SELECT waybill, courier, at, day, outlet FROM delivery_items"
        " WHERE day >= ? AND day <= ?"
        " AND (outlet = ? OR courier LIKE '%淮滨%' OR courier LIKE '%代派%')"
        " ORDER BY day, at, id", (first_day, last_day, AGENT_OUTLET))
    return [ListItem(**{k: r[k] for k in r.keys()}) for r in rows]


def signed(store, waybills: Iterable[str]) -> set[str]:
    """Those waybills with a 签收 scan."""
    out: set[str] = set()
    for part in _chunks(waybills):
        marks = ",".join("?" * len(part))
        out.update(r[0] for r in store.query(
            f"SELECT DISTINCT waybill FROM scans WHERE waybill IN ({marks}) AND kind = '签收'",
            part))
    return out


def open_of_type(store, waybills: Iterable[str], type_: str) -> set[str]:
    """Those waybills with an open ticket of ``type_``."""
    out: set[str] = set()
    for part in _chunks(waybills):
        marks = ",".join("?" * len(part))
        out.update(r[0] for r in store.query(
            f"SELECT DISTINCT waybill FROM tickets WHERE waybill IN ({marks})"
            " AND status = 'open' AND type = ?", [*part, type_]))
    return out


def sender_outlets(store, waybills: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in _chunks(waybills):
        marks = ",".join("?" * len(part))
        for r in store.query(f"SELECT waybill, sender_outlet FROM waybills"
                             f" WHERE waybill IN ({marks}) AND sender_outlet IS NOT NULL", part):
            out[r[0]] = r[1]
    return out


def insert_batch(store, at: str, by: str, type_: str, text: str,
                 waybills: list[str], party: dict[str, str]) -> int:
    """R-08/R-22: one bulk batch and its tickets (status open). Call inside ``store.write()``;
    the batch row lets the tickets desk undo it like any bulk registration."""
    cur = store.conn.execute(
        "INSERT INTO bulk_batches (at, by, type, text, n) VALUES (?, ?, ?, ?, ?)",
        (at, by, type_, text, len(waybills)))
    batch = int(cur.lastrowid)
    store.conn.executemany(
        "INSERT INTO tickets (waybill, type, text, party, status, created_at, created_by,"
        " updated_at, batch_id) VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?)",
        [(no, type_, text, party.get(no), at, by, at, batch) for no in waybills])
    return batch
