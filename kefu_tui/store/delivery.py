"""Delivery lists (派件清单) in the store: bulk import without duplicates (R-03, R-22)."""

from __future__ import annotations

from collections.abc import Sequence

DELIVERY_COLUMNS = ("waybill", "courier", "at", "day", "outlet", "extra")
_INSERT = (
    f"INSERT OR IGNORE INTO delivery_items ({', '.join(DELIVERY_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(DELIVERY_COLUMNS))})"
)


def insert_delivery_items(conn, rows: Sequence[tuple]) -> tuple[int, int]:
    """Add delivery-list lines (tuples in ``DELIVERY_COLUMNS`` order); a line already
    stored (same waybill, courier, time) is left alone (R-03). Returns (new, known)."""
    before = conn.total_changes
    conn.executemany(_INSERT, rows)
    new = conn.total_changes - before
    return new, len(rows) - new
