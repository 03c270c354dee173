"""SQL for the exported reports (`kefu export`, SPEC §14): plain rows per period.

Periods are half-open stored-text bounds ``[start, end)``; days are ``YYYY-MM-DD``."""

from __future__ import annotations

from kefu_tui.store.delivery import agent_line_sql

STAT_KINDS = ("到件", "派件", "签收")


def scan_counts(store, start: str, end: str) -> list[tuple[str, str, int]]:
    """(kind, site, n) of arrivals, deliveries and signings in the period (index kind, at)."""
    out = []
    for kind in STAT_KINDS:
        out.extend((kind, r[0], r[1]) for r in store.query(
            "SELECT site, count(*) FROM scans WHERE kind = ? AND at >= ? AND at < ?"
            " GROUP BY site ORDER BY site", (kind, start, end)))
    return out


def tickets_opened_closed(store, start: str, end: str) -> tuple[list, list]:
    """(type, n) of tickets opened and of tickets closed in the period."""
    opened = store.query("SELECT type, count(*) FROM tickets WHERE created_at >= ?"
                         " AND created_at < ? GROUP BY type ORDER BY type", (start, end))
    closed = store.query("SELECT type, count(*) FROM tickets WHERE closed_at >= ?"
                         " AND closed_at < ? GROUP BY type ORDER BY type", (start, end))
    return [tuple(r) for r in opened], [tuple(r) for r in closed]


def tickets(store, start: str | None, end: str | None) -> list:
    """Tickets opened in the period, or (no period) every open ticket, with the last note."""
    where, params = ("t.created_at >= ? AND t.created_at < ?", (start, end)) if start \
        else ("t.status = 'open'", ())
    return store.query(
        "SELECT t.id, t.waybill, t.type, t.text, t.party, t.status, t.created_at,"
        " t.created_by, t.updated_at, t.closed_at,"
        " (SELECT n.text FROM ticket_notes n WHERE n.ticket_id = t.id"
        "  ORDER BY n.at DESC, n.id DESC LIMIT 1) AS last_note,"
        " w.receiver, w.phone"
        f" FROM tickets t LEFT JOIN waybills w ON w.waybill = t.waybill WHERE {where}"
        " ORDER BY t.created_at, t.id", params)


def transfers(store, start: str, end: str, carrier: str | None = None) -> list:
    """Transfers registered in the period (index transfers_created), optionally one carrier."""
    sql = ("SELECT t.*, w.receiver, w.phone FROM transfers t"
           " LEFT JOIN waybills w ON w.waybill = t.waybill"
           " WHERE t.created_at >= ? AND t.created_at < ?")
    params: tuple = (start, end)
    if carrier:
        sql += " AND t.carrier = ?"
        params += (carrier,)
    return store.query(sql + " ORDER BY t.created_at, t.id", params)


def transfer_counts_by_day(store, start: str, end: str, carrier: str) -> list[tuple[str, int]]:
    """(day, n) of one carrier's transfers in the period (a month's settlement, R-20)."""
    return [tuple(r) for r in store.query(
        "SELECT substr(created_at, 1, 10) AS day, count(*) FROM transfers"
        " WHERE created_at >= ? AND created_at < ? AND carrier = ?"
        " GROUP BY day ORDER BY day", (start, end, carrier))]


def transfer_counts_by_carrier(store, start: str, end: str) -> list[tuple[str, int]]:
    return [tuple(r) for r in store.query(
        "SELECT coalesce(carrier, mode), count(*) FROM transfers WHERE created_at >= ?"
        " AND created_at < ? GROUP BY 1 ORDER BY 1", (start, end))]


def agent_list(store, day: str) -> list:
    """R-22: the Huaibin agent's list of ``day`` with receiver details, for the driver."""
    agent, args = agent_line_sql("d")
    return store.query(
        "SELECT d.waybill, d.courier, d.at, w.receiver, w.phone, w.address, w.pieces,"
        " w.weight_kg FROM delivery_items d LEFT JOIN waybills w ON w.waybill = d.waybill"
        f" WHERE d.day = ? AND {agent} GROUP BY d.waybill ORDER BY min(d.at), d.waybill",
        [day, *args])


def count_items(store, start: str, end: str) -> list:
    """R-42: every item of the count sessions started in the period."""
    return store.query(
        "SELECT s.id, s.started_at, s.started_by, s.finished_at, i.side, i.waybill, i.at"
        " FROM count_sessions s JOIN count_items i ON i.session_id = s.id"
        " WHERE s.started_at >= ? AND s.started_at < ? ORDER BY s.id, i.at, i.id",
        (start, end))
