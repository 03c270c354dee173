"""SQL for the monitoring indicators (R-24..R-30) and the check record (R-34).

Every population is one indexed range query (scans by (site, kind, at), delivery items
by (day, outlet)); the related scans and tickets are then fetched for just those waybills
through the (waybill, ...) indexes, in chunks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kefu_tui.domain.monitoring import Cash, ListItem, MonitorCheck
from kefu_tui.domain.waybills import Payment, Scan, ScanKind
from kefu_tui.domain.tracking import ScanFact
from kefu_tui.store.tracking import scan_facts_by_waybill, scans_by_waybill, stored_scan

_CHUNK = 500
_SCAN_COLS = "waybill, kind, at, site, prev_site, next_site, operator, note"


def _scan(r) -> Scan:
    # rows were validated on import; rebuilt, not re-validated (tens of thousands per board)
    return stored_scan(r)


def _chunks(items: Iterable[str]) -> Iterable[list[str]]:
    xs = list(dict.fromkeys(items))
    for i in range(0, len(xs), _CHUNK):
        yield xs[i:i + _CHUNK]


def scans_at(store, sites: Sequence[str], kind: str, start: str, end: str) -> list[Scan]:
    """Scans of ``kind`` at ``sites`` with ``start <= at < end`` (index scans_site_kind_at)."""
    out: list[Scan] = []
    for site in sites:
        rows = store.query(
            f"SELECT {_SCAN_COLS} FROM scans WHERE site = ? AND kind = ? AND at >= ? AND at < ?"
            " ORDER BY at", (site, kind, start, end))
        out.extend(_scan(r) for r in rows)
    return out


def _range(store, extra: str, site: str, kind: str, start: str, end: str,
           params: tuple = ()) -> list[Scan]:
    rows = store.query(
        f"SELECT {_SCAN_COLS} FROM scans s WHERE site = ? AND kind = ? AND at >= ? AND at < ?"
        f" AND {extra} ORDER BY at", (site, kind, start, end, *params))
    return [_scan(r) for r in rows]


def unarrived_dispatches(store, site: str, start: str, end: str, until: str) -> list[Scan]:
    """R-25 candidates: dispatches (发件) from ``site`` with no arrival (到件) at their next
    site (elsewhere, without one) between the dispatch and ``until``."""
    return _range(store, """NOT EXISTS (SELECT 1 FROM scans a WHERE a.waybill = s.waybill
        AND a.kind = '到件' AND a.at >= s.at AND a.at <= ?
        AND (CASE WHEN coalesce(s.next_site, '') != '' THEN a.site = s.next_site
             ELSE a.site != s.site END))""", site, "发件", start, end, (until,))


def stuck_arrivals(store, site: str, start: str, end: str) -> list[Scan]:
    """R-26 candidates: arrivals at ``site`` with nothing after them (no dispatch, transfer,
    return, problem, no scan elsewhere), never signed, no problem, no open ticket."""
    return _range(store, """NOT EXISTS (SELECT 1 FROM scans x WHERE x.waybill = s.waybill
        AND (x.kind IN ('签收', '问题件') OR (x.at >= s.at AND x.id != s.id
             AND (x.kind IN ('发件', '转件', '退件') OR x.site != s.site))))
        AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.waybill = s.waybill
        AND t.status = 'open')""", site, "到件", start, end)


def unsigned_arrivals(store, sites: Sequence[str], start: str, end: str) -> list[Scan]:
    """R-30 candidates: arrivals at ``sites`` never signed, with no problem (scan or open
    ticket), not transferred or returned."""
    out: list[Scan] = []
    for site in sites:
        out += _range(store, """NOT EXISTS (SELECT 1 FROM scans x WHERE x.waybill = s.waybill
            AND x.kind IN ('签收', '问题件', '转件', '退件'))
            AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.waybill = s.waybill
            AND t.status = 'open')
            AND NOT EXISTS (SELECT 1 FROM transfers f WHERE f.waybill = s.waybill)""",
                      site, "到件", start, end)
    return out


def scans_of(store, waybills: Iterable[str]) -> dict[str, list[Scan]]:
    """All scans of these waybills, in time order (index scans_identity)."""
    return scans_by_waybill(store, list(dict.fromkeys(waybills)))


def scan_facts_of(store, waybills: Iterable[str]) -> dict[str, list[ScanFact]]:
    """(kind, at, site) of every scan of these waybills, in time order, from the index
    alone: what R-27..R-29 read of them (the board fills within a second)."""
    return scan_facts_by_waybill(store, list(dict.fromkeys(waybills)))


def entered(store, waybills: Iterable[str]) -> set[str]:
    """R-24: those waybills that were entered (a 录单 scan, or an entry time on the waybill)."""
    out: set[str] = set()
    for part in _chunks(waybills):
        marks = ",".join("?" * len(part))
        out.update(r[0] for r in store.query(
            f"SELECT DISTINCT waybill FROM scans WHERE waybill IN ({marks}) AND kind = '录单'",
            part))
        out.update(r[0] for r in store.query(
            f"SELECT waybill FROM waybills WHERE waybill IN ({marks})"
            " AND entered_at IS NOT NULL AND entered_at != ''", part))
    return out


def open_ticket_waybills(store, waybills: Iterable[str]) -> set[str]:
    """Those waybills with an open problem ticket (index tickets_waybill)."""
    out: set[str] = set()
    for part in _chunks(waybills):
        marks = ",".join("?" * len(part))
        out.update(r[0] for r in store.query(
            f"SELECT DISTINCT waybill FROM tickets WHERE waybill IN ({marks})"
            " AND status = 'open'", part))
    return out


def transferred(store, waybills: Iterable[str]) -> set[str]:
    """Those waybills registered as transferred to another carrier (R-18)."""
    out: set[str] = set()
    for part in _chunks(waybills):
        marks = ",".join("?" * len(part))
        out.update(r[0] for r in store.query(
            f"SELECT DISTINCT waybill FROM transfers WHERE waybill IN ({marks})", part))
    return out


def list_items(store, first_day: str, last_day: str) -> list[ListItem]:
    """Delivery-list lines of the days ``first_day..last_day`` inclusive (index
    delivery_day_outlet)."""
    rows = store.query(
        "SELECT waybill, courier, at, day, outlet FROM delivery_items"
        " WHERE day >= ? AND day <= ? ORDER BY day, at, id", (first_day, last_day))
    return [ListItem(**{k: r[k] for k in r.keys()}) for r in rows]


def cash_due(store, waybills: Iterable[str]) -> dict[str, Cash]:
    """R-29/R-41: what must be collected on delivery: 到付 freight or 代收 amount."""
    out: dict[str, Cash] = {}
    for part in _chunks(waybills):
        marks = ",".join("?" * len(part))
        for r in store.query(
                f"SELECT waybill, payment, cod_fen, collect_fen FROM waybills"
                f" WHERE waybill IN ({marks}) AND payment IN ('collect', 'cod')", part):
            p = Payment(r["payment"])
            fen = (r["cod_fen"] if p == Payment.COD else r["collect_fen"]) or 0
            out[r["waybill"]] = Cash(payment=p, fen=int(fen))
    return out


# ---------------------------------------------------------------- R-34 checks

def insert_check(store, c: MonitorCheck) -> int:
    """R-34: record one check. Call inside ``store.write()``."""
    cur = store.conn.execute(
        "INSERT INTO monitor_checks (rule, day, checked_at, checked_by, findings, note)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (c.rule, c.day, c.checked_at, c.checked_by, c.findings, c.note))
    return int(cur.lastrowid)


def checks_on(store, day: str) -> list[MonitorCheck]:
    """R-34: the checks recorded on ``day`` (index monitor_checks_day)."""
    rows = store.query(
        "SELECT rule, day, checked_at, checked_by, findings, note FROM monitor_checks"
        " WHERE day = ? ORDER BY checked_at, id", (day,))
    return [MonitorCheck(**{k: r[k] for k in r.keys()}) for r in rows]
