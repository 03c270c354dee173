"""The outlet list and the delivery-area table as data the clerks edit (R-01, SPEC §13)."""

from __future__ import annotations

from kefu_tui.domain.areas import DEFAULT_AREAS, DEFAULT_OUTLETS, AreaRule, Outlet

SYSTEM_USER = "system"


def seed_areas(store, at: str, user: str = SYSTEM_USER) -> bool:
    """Seed ``outlets`` and ``areas`` from the defaults once (R-01). Idempotent: a table
    that already has rows (perhaps edited by the clerks) is left alone. True if seeded."""
    with store.write():
        outlets = store.conn.execute("SELECT count(*) FROM outlets").fetchone()[0]
        areas = store.conn.execute("SELECT count(*) FROM areas").fetchone()[0]
        if outlets and areas:
            return False
        if not outlets:
            store.conn.executemany(
                "INSERT INTO outlets (name, kind, state, handler, note) VALUES (?, ?, ?, ?, ?)",
                [(o.name, o.kind, o.state, o.handler, o.note) for o in DEFAULT_OUTLETS],
            )
        if not areas:
            for r in DEFAULT_AREAS:
                _insert_rule(store, r)
        store.audit(at, user, "seed", "areas", None, None,
                    {"outlets": 0 if outlets else len(DEFAULT_OUTLETS), "areas": 0 if areas else len(DEFAULT_AREAS)})
    return True


def _insert_rule(store, r: AreaRule) -> int:
    cur = store.conn.execute(
        "INSERT INTO areas (city, district, town, scope, outlet, delivery, internal_reach, fee_allowed, note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (r.city, r.district, r.town, r.scope, r.outlet, r.delivery, int(r.internal_reach),
         int(r.fee_allowed), r.note),
    )
    return int(cur.lastrowid)


def load_areas(store) -> list[AreaRule]:
    """The area table as the clerks left it; the defaults when it was never seeded."""
    rows = store.query("SELECT * FROM areas ORDER BY id")
    if not rows:
        return list(DEFAULT_AREAS)
    return [_rule(r) for r in rows]


def load_outlets(store) -> list[Outlet]:
    rows = store.query("SELECT * FROM outlets ORDER BY rowid")
    if not rows:
        return list(DEFAULT_OUTLETS)
    return [Outlet(**dict(r)) for r in rows]


def save_rule(store, rule: AreaRule, at: str, user: str) -> AreaRule:
    """Save a clerk's answer to an 'ask' verdict (SPEC §13) as a new row of the table."""
    with store.write():
        rid = _insert_rule(store, rule)
        saved = rule.model_copy(update={"id": rid})
        store.audit(at, user, "add", "areas", rid, None, saved.model_dump())
    return saved


def read_areas_file(path) -> list[AreaRule] | None:
    """The area table of an existing database file, opened read-only (quotes need no
    database: nothing is created or migrated). None when there is no usable table."""
    import sqlite3
    from pathlib import Path

    p = Path(path)
    if not p.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            rows = conn.execute("SELECT * FROM areas ORDER BY id").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    if not rows:
        return None
    return [_rule(r) for r in rows]


def _rule(r) -> AreaRule:
    return AreaRule(id=r["id"], city=r["city"], district=r["district"], town=r["town"],
                    scope=r["scope"] or "whole", outlet=r["outlet"], delivery=r["delivery"],
                    internal_reach=bool(r["internal_reach"]), fee_allowed=bool(r["fee_allowed"]),
                    note=r["note"])
