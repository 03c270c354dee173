"""SQL of the ``transfers`` table (R-18, R-21). Callers hold ``store.write()``."""

from __future__ import annotations

from typing import Any

from kefu_tui.domain.transfers import TransferRegistration
from kefu_tui.store.db import Store


def original_address(store: Store, waybill: str) -> str | None:
    row = store.conn.execute("SELECT address FROM waybills WHERE waybill = ?", (waybill,)).fetchone()
    return row["address"] if row else None


def insert_transfer(store: Store, reg: TransferRegistration, fee_confirmed: bool, at: str, user: str) -> int:
    cur = store.conn.execute(
        "INSERT INTO transfers (waybill, mode, carrier, new_waybill, fee_fen, fee_confirmed, address,"
        " courier_name, courier_contact, weight_kg, created_at, created_by, note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (reg.waybill, reg.mode, reg.carrier, reg.new_waybill, reg.fee_fen, int(fee_confirmed), reg.address,
         reg.courier_name, reg.courier_contact, reg.weight_kg, at, user, reg.note),
    )
    return int(cur.lastrowid)


def get_transfer(store: Store, transfer_id: int) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT * FROM transfers WHERE id = ?", (transfer_id,)).fetchone()
    return dict(row) if row else None


def select_transfers(store: Store, since: str | None = None, until: str | None = None,
                     waybill: str | None = None, unsigned: bool = False,
                     created_before: str | None = None) -> list[dict[str, Any]]:
    where, params = [], []
    if since:
        where.append("created_at >= ?"); params.append(since)
    if until:
        where.append("created_at < ?"); params.append(until)
    if created_before:
        where.append("created_at < ?"); params.append(created_before)
    if waybill:
        where.append("waybill = ?"); params.append(waybill)
    if unsigned:
        where.append("signed_at IS NULL")
    sql = "SELECT * FROM transfers" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY created_at, id"
    return [dict(r) for r in store.conn.execute(sql, params).fetchall()]


def set_signed(store: Store, transfer_id: int, at: str) -> None:
    store.conn.execute("UPDATE transfers SET signed_at = ?, version = version + 1 WHERE id = ?",
                       (at, transfer_id))


EDITABLE = ("carrier", "new_waybill", "fee_fen", "fee_confirmed", "address", "courier_name",
            "courier_contact", "weight_kg", "note")


def update_fields(store: Store, transfer_id: int, changes: dict[str, Any]) -> None:
    """Set some of :data:`EDITABLE` and move the row's version on (issue 9)."""
    cols = [c for c in changes if c in EDITABLE]
    if not cols:
        return
    store.conn.execute(
        f"UPDATE transfers SET {', '.join(f'{c} = ?' for c in cols)}, version = version + 1 WHERE id = ?",
        [changes[c] for c in cols] + [transfer_id])


def add_attempt(store: Store, transfer_id: int) -> None:
    store.conn.execute("UPDATE transfers SET attempts = attempts + 1 WHERE id = ?", (transfer_id,))


def count_unsigned_before(store: Store, created_before: str) -> int:
    """Unsigned transfers made before ``created_before`` (R-21's bound)."""
    return store.conn.execute(
        "SELECT count(*) FROM transfers WHERE signed_at IS NULL AND created_at < ?",
        (created_before,)).fetchone()[0]
