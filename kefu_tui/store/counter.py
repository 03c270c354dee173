"""The counter and exceptions desk in the store: intakes (R-35–R-40), the branch's own
number range, brushing reads (R-11) and the unidentified-goods register (R-12).
Writes are called inside ``store.write()``."""

from __future__ import annotations

from collections.abc import Iterable

from kefu_tui.domain.counter import OWN_RANGE, UnidentifiedGoods
from kefu_tui.store.scans import chunks

INTAKE_COLUMNS = ("waybill", "weight_kg", "dims", "volumetric_kg", "chargeable_kg", "header", "service",
                  "payment", "cod_fen", "cod_fee_fen", "contents", "checks", "label_note",
                  "created_at", "created_by")


def highest_own_number(conn) -> str | None:
    """The highest number of the branch's range in use (waybills or scans)."""
    lo, hi = OWN_RANGE
    a = conn.execute("SELECT MAX(waybill) FROM waybills WHERE waybill BETWEEN ? AND ?", (lo, hi)).fetchone()[0]
    b = conn.execute("SELECT MAX(waybill) FROM scans WHERE waybill BETWEEN ? AND ?", (lo, hi)).fetchone()[0]
    return max((x for x in (a, b) if x), default=None)


def number_in_use(conn, waybill: str) -> bool:
    for table in ("waybills", "scans", "intakes"):
        if conn.execute(f"SELECT 1 FROM {table} WHERE waybill = ? LIMIT 1", (waybill,)).fetchone():
            return True
    return False


def insert_intake(conn, row: dict) -> None:
    conn.execute(f"INSERT INTO intakes ({', '.join(INTAKE_COLUMNS)}) VALUES ({', '.join('?' * len(INTAKE_COLUMNS))})",
                 [row.get(c) for c in INTAKE_COLUMNS])


def intakes_on(store, start: str, end: str) -> list[dict]:
    """The intakes saved in ``[start, end)``, newest first, with receiver and address."""
    rows = store.query(
        "SELECT i.*, w.receiver, w.address FROM intakes i LEFT JOIN waybills w USING (waybill)"
        " WHERE i.created_at >= ? AND i.created_at < ? ORDER BY i.created_at DESC, i.waybill DESC",
        (start, end))
    return [dict(r) for r in rows]


def label_notes(store, waybills: Iterable[str]) -> dict[str, str | None]:
    """The label remark (面单备注) of those waybills that have a waybill row."""
    out: dict[str, str | None] = {}
    for part in chunks(list(dict.fromkeys(waybills))):
        marks = ",".join("?" * len(part))
        out.update((r[0], r[1]) for r in store.conn.execute(
            f"SELECT waybill, label_note FROM waybills WHERE waybill IN ({marks})", list(part)))
    return out


def with_scan(store, waybills: Iterable[str], kind: str) -> set[str]:
    """Those waybills that have a scan of ``kind``."""
    out: set[str] = set()
    for part in chunks(list(dict.fromkeys(waybills))):
        marks = ",".join("?" * len(part))
        out.update(r[0] for r in store.conn.execute(
            f"SELECT DISTINCT waybill FROM scans WHERE kind = ? AND waybill IN ({marks})", [kind, *part]))
    return out


def receipt_owners(store, codes: Iterable[str]) -> dict[str, str]:
    """Return-receipt barcode (回单号) → its waybill, for the codes that are linked."""
    out: dict[str, str] = {}
    for part in chunks(list(dict.fromkeys(codes))):
        marks = ",".join("?" * len(part))
        out.update((r[0], r[1]) for r in store.conn.execute(
            f"SELECT receipt_no, waybill FROM waybills WHERE receipt_no IN ({marks})", list(part)))
    return out


# ------------------------------------------------------------------

def insert_unidentified(conn, g: UnidentifiedGoods) -> int:
    cur = conn.execute(
        "INSERT INTO unidentified_goods (title, arrived_at, channel, packaging, contents, created_at,"
        " created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (g.title, g.arrived_at, g.channel, g.packaging, g.contents, g.created_at, g.created_by))
    return int(cur.lastrowid)


def insert_unidentified_photo(conn, goods_id: int, path: str, at: str) -> None:
    conn.execute("INSERT INTO unidentified_photos (goods_id, path, added_at) VALUES (?, ?, ?)",
                 (goods_id, path, at))


def mark_returned(conn, goods_id: int, at: str, user: str) -> int:
    return conn.execute("UPDATE unidentified_goods SET returned_at = ?, returned_by = ?"
                        " WHERE id = ? AND returned_at IS NULL", (at, user, goods_id)).rowcount


def unidentified(store, goods_id: int | None = None, open_only: bool = False) -> list[UnidentifiedGoods]:
    """The register, newest arrival first (one entry when ``goods_id``)."""
    where, params = [], []
    if goods_id is not None:
        where.append("id = ?")
        params.append(goods_id)
    if open_only:
        where.append("returned_at IS NULL")
    sql = "SELECT * FROM unidentified_goods" + (" WHERE " + " AND ".join(where) if where else "")
    rows = store.query(sql + " ORDER BY arrived_at DESC, id DESC", params)
    photos: dict[int, list[str]] = {}
    ids = [r["id"] for r in rows]
    for part in chunks(ids):
        marks = ",".join("?" * len(part))
        for p in store.query(f"SELECT goods_id, path FROM unidentified_photos WHERE goods_id IN ({marks})"
                             " ORDER BY id", list(part)):
            photos.setdefault(p[0], []).append(p[1])
    return [UnidentifiedGoods(**{k: r[k] for k in r.keys()}, photos=photos.get(r["id"], [])) for r in rows]
