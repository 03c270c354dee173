"""Delivery lists (派件清单) in the store: bulk import without duplicates (R-03, R-22)."""

from __future__ import annotations

from collections.abc import Sequence

from kefu_tui.domain.monitoring import AGENT_MARK, AGENT_OUTLET

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


def agent_line_sql(alias: str = "") -> tuple[str, list[str]]:
    """R-22 in SQL: a delivery-list line of the Huaibin agent (outlet 淮滨, or a courier
    naming 淮滨 or 代派), the same test as ``domain.monitoring.is_agent_item``. Returns the
    condition and its parameters; ``alias`` is the table alias of ``delivery_items``."""
    p = f"{alias}." if alias else ""
    return (f"({p}outlet = ? OR instr({p}courier, ?) > 0 OR instr({p}courier, ?) > 0)",
            [AGENT_OUTLET, AGENT_OUTLET, AGENT_MARK])
