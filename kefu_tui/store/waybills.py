"""Waybills (运单) in the store: an import fills in, never erases (R-03); batched reads."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from kefu_tui.domain.waybills import Waybill
from kefu_tui.store.scans import chunks

FIELDS = (
    "sender_outlet", "sent_at", "receiver", "phone", "address", "dest_outlet", "pieces",
    "weight_kg", "payment", "cod_fen", "collect_fen", "receipt_no", "master_no",
    "label_note", "entered_at",
)
WAYBILL_COLUMNS = ("waybill", *FIELDS, "extra")


def upsert_waybills(conn, rows: Sequence[tuple]) -> tuple[int, int, int]:
    """Add or complete waybills given as tuples in ``WAYBILL_COLUMNS`` order (R-03).

    A new number is inserted. A stored one only gains the fields it lacked (empty in the
    store, non-empty in the row): it counts as updated; otherwise as known. A stored
    non-empty value is never overwritten, so importing an older export after a newer one
    cannot undo anything. Returns (new, known, updated). Call inside ``store.write()``."""
    stored = _existing(conn, [r[0] for r in rows])
    new_rows: dict[str, list] = {}
    changed: dict[str, list] = {}
    new = known = updated = 0
    for row in rows:
        no = row[0]
        if no not in stored and no not in new_rows:
            new_rows[no] = list(row)
            new += 1
            continue
        target = new_rows.get(no) or changed.get(no) or stored[no]
        merged = list(target)
        for i in range(1, len(WAYBILL_COLUMNS) - 1):
            if merged[i] is None and row[i] is not None:
                merged[i] = row[i]
        merged[-1] = _merge_extra(merged[-1], row[-1])
        if merged == list(target):
            known += 1
            continue
        updated += 1
        if no in new_rows:
            new_rows[no] = merged
        else:
            changed[no] = merged
    cols = ", ".join(WAYBILL_COLUMNS)
    conn.executemany(
        f"INSERT INTO waybills ({cols}) VALUES ({', '.join('?' * len(WAYBILL_COLUMNS))})",
        list(new_rows.values()),
    )
    sets = ", ".join(f"{c} = ?" for c in WAYBILL_COLUMNS[1:])
    conn.executemany(
        f"UPDATE waybills SET {sets} WHERE waybill = ?",
        [v[1:] + [v[0]] for v in changed.values()],
    )
    return new, known, updated


def _merge_extra(old: str | None, new: str | None) -> str | None:
    if not new or new == old:
        return old
    if not old:
        return new
    merged = {**json.loads(new), **json.loads(old)}  # stored keys win: fill-in only
    out = json.dumps(merged, ensure_ascii=False)
    return old if merged == json.loads(old) else out


def _existing(conn, numbers: list[str]) -> dict[str, list]:
    out: dict[str, list] = {}
    wanted = list(dict.fromkeys(numbers))
    cols = ", ".join(WAYBILL_COLUMNS)
    for part in chunks(wanted):
        marks = ",".join("?" * len(part))
        for r in conn.execute(f"SELECT {cols} FROM waybills WHERE waybill IN ({marks})", list(part)):
            out[r[0]] = list(r)
    return out


def waybills_for(store, numbers: Iterable[str]) -> dict[str, Waybill]:
    """The stored waybill rows of those numbers; numbers without one are absent."""
    out: dict[str, Waybill] = {}
    wanted = list(dict.fromkeys(numbers))
    cols = ", ".join(WAYBILL_COLUMNS[:-1])
    for part in chunks(wanted):
        marks = ",".join("?" * len(part))
        for r in store.conn.execute(f"SELECT {cols} FROM waybills WHERE waybill IN ({marks})", list(part)):
            out[r[0]] = Waybill(**dict(zip(WAYBILL_COLUMNS[:-1], r)))
    return out
