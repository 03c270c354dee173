"""The legacy system's register queries (SPEC §15): network orders (网络订单, R-31),
complaints against us (仲裁查询-被投诉方, R-32) and fines (罚款查询, R-33).

Small files (tens of rows a day): a plain loop per row, each reject with its reason."""

from __future__ import annotations

import re

from kefu_tui.importers.formats import (
    ARBITRATIONS, FINES, ORDERS, Layout, Parsed, Rejection, _bad_no, _clean_no, _extra_json,
    _extra_keys, parse_fen, stamp_of,
)

ORDER_COLUMNS = {"订单号": "order_no", "下单时间": "ordered_at", "寄件人": "sender",
                 "寄件电话": "sender_phone", "寄件地址": "sender_address", "运单号": "waybill",
                 "状态": "status"}
ARBITRATION_COLUMNS = {"仲裁单号": "case_no", "运单号": "waybill", "投诉网点": "complainant",
                       "投诉类型": "kind", "受理时间": "accepted_at", "被投诉网点": "respondent",
                       "投诉内容": "content", "金额": "amount_fen", "状态": "status"}
FINE_COLUMNS = {"罚款单号": "fine_no", "罚款时间": "fined_at", "金额": "amount_fen",
                "运单号": "waybill", "罚款类型": "kind", "说明": "note"}

FORMATS = {
    ORDERS: (ORDER_COLUMNS, ("order_no", "ordered_at")),
    ARBITRATIONS: (ARBITRATION_COLUMNS, ("case_no", "waybill", "complainant", "kind", "accepted_at")),
    FINES: (FINE_COLUMNS, ("fine_no", "fined_at", "amount_fen")),
}
"""format → (header → field, required fields)."""

_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class _Bad(Exception):
    pass


def _parse(layout: Layout, rows, file: str, progress, convert) -> Parsed:
    columns, required = FORMATS[layout.format]
    labels = {v: k for k, v in columns.items()}
    out = Parsed(layout)
    c = layout.columns
    extra = _extra_keys(layout)
    n = 0
    for rowno, r in rows:
        n += 1
        cell = {f: (r[i].strip() if i < len(r) else "") for f, i in c.items()}
        missing = [labels[f] for f in required if not cell.get(f)]
        if missing:
            out.rejected.append(Rejection(file, rowno, f"缺少必填项 (missing): {'、'.join(missing)}"))
            continue
        try:
            out.rows.append((*convert(cell, labels), _extra_json(r, extra) if extra else None))
        except _Bad as e:
            out.rejected.append(Rejection(file, rowno, str(e)))
    out.read = n
    return out


def _time(cell: dict, f: str, labels) -> str:
    at = stamp_of(cell[f])
    if at is None:
        raise _Bad(f"{labels[f]}无法识别 (unreadable time): {cell[f]!r}")
    return at


def _id(cell: dict, f: str, labels) -> str:
    v = cell[f]
    if not _ID.match(v):
        raise _Bad(f"{labels[f]}不是单号 (not an id): {v!r}")
    return v


def _waybill(cell: dict, required: bool) -> str | None:
    raw = cell.get("waybill") or ""
    if not raw and not required:
        return None
    no = _clean_no(raw)
    if no is None:
        raise _Bad(_bad_no(raw))
    return no


def _fen(cell: dict, f: str, labels, required: bool) -> int | None:
    text = cell.get(f) or ""
    if not text and not required:
        return None
    fen = parse_fen(text)
    if fen is None:
        raise _Bad(f"{labels[f]}不是金额 (not an amount): {text!r}")
    return fen


def _opt(cell: dict, f: str) -> str | None:
    return cell.get(f) or None


def _order(cell, labels) -> tuple:
    """R-31 row: order_no, ordered_at, sender, sender_phone, sender_address, waybill, status."""
    return (_id(cell, "order_no", labels), _time(cell, "ordered_at", labels), _opt(cell, "sender"),
            _opt(cell, "sender_phone"), _opt(cell, "sender_address"), _waybill(cell, False),
            _opt(cell, "status"))


def _arbitration(cell, labels) -> tuple:
    """R-32 row: case_no, waybill, complainant, kind, accepted_at, respondent, content,
    amount_fen, status."""
    return (_id(cell, "case_no", labels), _waybill(cell, True), cell["complainant"], cell["kind"],
            _time(cell, "accepted_at", labels), _opt(cell, "respondent"), _opt(cell, "content"),
            _fen(cell, "amount_fen", labels, False), _opt(cell, "status"))


def _fine(cell, labels) -> tuple:
    """R-33 row: fine_no, fined_at, amount_fen, waybill, kind, note."""
    return (_id(cell, "fine_no", labels), _time(cell, "fined_at", labels),
            _fen(cell, "amount_fen", labels, True), _waybill(cell, False), _opt(cell, "kind"),
            _opt(cell, "note"))


PARSERS = {
    ORDERS: lambda layout, rows, file, progress: _parse(layout, rows, file, progress, _order),
    ARBITRATIONS: lambda layout, rows, file, progress: _parse(layout, rows, file, progress, _arbitration),
    FINES: lambda layout, rows, file, progress: _parse(layout, rows, file, progress, _fine),
}
