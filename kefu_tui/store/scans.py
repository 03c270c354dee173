"""Scans (扫描) in the store: bulk import that never duplicates (R-03), and batched reads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kefu_tui.domain.waybills import Scan

IN_CHUNK = 900  # below SQLite's historic 999 bound-parameter limit

SCAN_COLUMNS = ("waybill", "kind", "at", "site", "prev_site", "next_site", "operator", "note", "extra")
_INSERT = (
    f"INSERT OR IGNORE INTO scans ({', '.join(SCAN_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(SCAN_COLUMNS))})"
)


def insert_scans(conn, rows: Sequence[tuple]) -> tuple[int, int]:
    """Add scans given as tuples in ``SCAN_COLUMNS`` order; one already stored (same
    waybill, time, kind, site) is left alone (R-03). Returns (new, known). Call inside
    ``store.write()``."""
    before = conn.total_changes
    conn.executemany(_INSERT, rows)
    new = conn.total_changes - before
    return new, len(rows) - new


def chunks(items: Sequence[str], size: int = IN_CHUNK) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def scans_for(store, waybills: Iterable[str]) -> dict[str, list[Scan]]:
    """Every stored scan of those waybills, in time order (R-04 derives state from them).
    Waybills without scans are absent from the result."""
    numbers = list(dict.fromkeys(waybills))
    out: dict[str, list[Scan]] = {}
    for part in chunks(numbers):
        marks = ",".join("?" * len(part))
        for r in store.conn.execute(
            f"SELECT waybill, kind, at, site, prev_site, next_site, operator, note FROM scans"
            f" WHERE waybill IN ({marks}) ORDER BY waybill, at, id",
            list(part),
        ):
            out.setdefault(r[0], []).append(
                Scan(waybill=r[0], kind=r[1], at=r[2], site=r[3], prev_site=r[4],
                     next_site=r[5], operator=r[6], note=r[7])
            )
    return out


def known_waybills(store, numbers: Iterable[str]) -> set[str]:
    """Those numbers the branch has heard of: a scan, a waybill row or a delivery item."""
    wanted = list(dict.fromkeys(numbers))
    found: set[str] = set()
    for part in chunks(wanted):
        for table in ("scans", "waybills", "delivery_items"):
            rest = [n for n in part if n not in found]
            if not rest:
                break
            marks = ",".join("?" * len(rest))
            found.update(r[0] for r in store.conn.execute(
                f"SELECT DISTINCT waybill FROM {table} WHERE waybill IN ({marks})", rest))
    return found
