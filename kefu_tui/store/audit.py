"""SQL of the audit trail (谁, 何时, 改了什么; issue 9). Writes go through ``Store.audit``."""

from __future__ import annotations

from typing import Any


def entries(store, waybill: str | None = None, user: str | None = None,
            since: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """The trail, newest first. ``waybill`` also finds entries about many waybills at once
    (a bulk registration lists its numbers in ``after``)."""
    where, params = [], []
    if waybill:
        where.append("(waybill = ? OR (waybill IS NULL AND (after LIKE ? OR before LIKE ?)))")
        params += [waybill, f'%"{waybill}"%', f'%"{waybill}"%']
    if user:
        where.append("user = ?")
        params.append(user)
    if since:
        where.append("at >= ?")
        params.append(since)
    sql = ("SELECT id, at, user, action, entity, entity_id, waybill, before, after FROM audit"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY at DESC, id DESC")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [dict(r) for r in store.conn.execute(sql, params)]


def last_change(store, entity: str, entity_id: Any, actions: tuple[str, ...]) -> dict[str, Any] | None:
    """The newest entry of one of ``actions`` on one row: who changed it last, and when."""
    marks = ",".join("?" * len(actions))
    r = store.conn.execute(
        f"SELECT at, user, action FROM audit WHERE entity = ? AND entity_id = ? AND action IN ({marks})"
        " ORDER BY id DESC LIMIT 1", (entity, str(entity_id), *actions)).fetchone()
    return dict(r) if r else None
