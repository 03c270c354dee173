"""The three legacy export formats (SPEC §15): recognised from the header row, rows mapped
to store tuples, each row checked with a reason for every reject (R-03).

Speed matters (a month of scans is ~200k rows): each format is parsed in one tight loop
of plain Python; no pydantic and no arrow per row. Times go through
``untrusted.stamp`` (the input boundary) memoised (exports repeat the same minute many times)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kefu_tui.domain import untrusted
from kefu_tui.domain.waybills import SCAN_KINDS, Payment, clean_scan, is_waybill_no

SCANS, WAYBILLS, DELIVERY = "scans", "waybills", "delivery"
ORDERS, ARBITRATIONS, FINES = "orders", "arbitrations", "fines"
FORMAT_LABELS = {SCANS: "扫描记录", WAYBILLS: "运单", DELIVERY: "派件清单",
                 ORDERS: "网络订单", ARBITRATIONS: "仲裁-被投诉方", FINES: "罚款"}

SCAN_COLUMNS = {
    "运单号": "waybill", "扫描类型": "kind", "扫描时间": "at", "扫描网点": "site",
    "上一站": "prev_site", "下一站": "next_site", "扫描员": "operator", "备注": "note",
}
SCAN_REQUIRED = ("waybill", "kind", "at", "site")

WAYBILL_COLUMNS = {
    "运单号": "waybill", "寄件网点": "sender_outlet", "寄件时间": "sent_at", "收件人": "receiver",
    "收件电话": "phone", "收件地址": "address", "目的网点": "dest_outlet", "件数": "pieces",
    "重量": "weight_kg", "付款方式": "payment", "代收金额": "cod_fen", "到付金额": "collect_fen",
    "回单号": "receipt_no", "主单号": "master_no", "面单备注": "label_note", "录单时间": "entered_at",
}
# the order of the store's waybills columns (after ``waybill``), see store.waybills
WAYBILL_FIELDS = tuple(f for f in WAYBILL_COLUMNS.values() if f != "waybill")

DELIVERY_COLUMNS = {"运单号": "waybill", "派件员": "courier", "派件时间": "at", "派件网点": "outlet"}
DELIVERY_REQUIRED = ("waybill", "courier", "at")

_HEADER_NOISE = re.compile(r"[\s\ufeff\u3000\x00-\x1f\x7f]+")
_AMOUNT = re.compile(r"^([0-9]+)(?:\.([0-9]{0,2}))?$")
_AMOUNT_NOISE = re.compile(r"[\s,，元¥￥]|RMB|CNY", re.I)
_WEIGHT_NOISE = re.compile(r"\s|kg|KG|Kg|公斤|千克")
_MISSING = object()
MAX_YUAN_DIGITS = 9
MAX_PIECES = 9999
_enc = json.encoder.encode_basestring  # the C encoder, non-ASCII kept as is


@dataclass(frozen=True)
class Rejection:
    """A row that broke a rule: its file, 1-based row number and why (R-03)."""

    file: str
    row: int
    reason: str


@dataclass(frozen=True)
class Layout:
    """Which column holds which field, for one recognised header."""

    format: str
    columns: dict[str, int]  # field -> column index
    extra: tuple[tuple[str, int], ...]  # unrecognised columns, kept as JSON
    width: int


@dataclass
class Parsed:
    """Rows ready for the store, and the rejects."""

    layout: Layout
    rows: list[tuple] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    read: int = 0
    path: str = ""
    encoding: str = ""


def clean_header(cell: str) -> str:
    return _HEADER_NOISE.sub("", cell or "")


def recognise(header: list[str]) -> Layout | None:
    """The format a header row announces (SPEC §15), or None. Column order is free;
    unknown columns (a leading 序号, 重量 on a scan export...) go to ``extra``."""
    names = [clean_header(c) for c in header]
    present = set(names)
    from kefu_tui.importers import registers  # the R-31..R-33 exports (SPEC §15)

    for fmt, (columns, required) in registers.FORMATS.items():
        if {k for k, v in columns.items() if v in required} <= present:
            return _layout(fmt, names, columns)
    if {"扫描类型", "扫描时间", "扫描网点", "运单号"} <= present:
        return _layout(SCANS, names, SCAN_COLUMNS)
    if {"运单号", "派件员", "派件时间"} <= present:
        return _layout(DELIVERY, names, DELIVERY_COLUMNS)
    if "运单号" in present and present & (set(WAYBILL_COLUMNS) - {"运单号"}):
        return _layout(WAYBILLS, names, WAYBILL_COLUMNS)
    return None


def explain(header: list[str]) -> str | None:
    """Why a near-miss header is not recognised: the required columns it lacks."""
    present = {clean_header(c) for c in header}
    for label, required in (
        ("扫描记录", ("运单号", "扫描类型", "扫描时间", "扫描网点")),
        ("派件清单", ("运单号", "派件员", "派件时间")),
        ("网络订单", ("订单号", "下单时间")),
        ("仲裁-被投诉方", ("仲裁单号", "运单号", "投诉网点", "投诉类型", "受理时间")),
        ("罚款", ("罚款单号", "罚款时间", "金额")),
    ):
        have = [c for c in required if c in present]
        if len(have) >= 2:
            lacks = "、".join(c for c in required if c not in present)
            return f"{label}表头缺少必需列: {lacks} (header lacks required columns)"
    return None


def _layout(fmt: str, names: list[str], known: dict[str, str]) -> Layout:
    columns: dict[str, int] = {}
    extra: list[tuple[str, int]] = []
    for i, name in enumerate(names):
        f = known.get(name)
        if f and f not in columns:
            columns[f] = i
        else:
            extra.append((name or f"列{i + 1}", i))
    return Layout(fmt, columns, tuple(extra), len(names))


def parse(
    layout: Layout,
    rows: Iterable[tuple[int, list[str]]],
    file: str,
    progress: Callable[[int], None] | None = None,
) -> Parsed:
    """Map and check every row of a recognised file (R-03)."""
    from kefu_tui.importers import registers

    fn = {SCANS: _parse_scans, WAYBILLS: _parse_waybills, DELIVERY: _parse_delivery,
          **registers.PARSERS}[layout.format]
    unusable: list[Rejection] = []
    out = fn(layout, _usable(rows, file, unusable), file, progress or _no_progress)
    if unusable:  # rows the file itself spoiled (reader.BadRow), in row order with the rest
        out.rejected = sorted(out.rejected + unusable, key=lambda r: r.row)
        out.read += len(unusable)
    return out


def _usable(rows, file: str, unusable: list[Rejection]):
    """The rows, less those the reader marked unusable (a ``reason`` on the row), which
    become rejections: every row is imported or rejected with its reason (issue 15 item 7)."""
    for n, r in rows:
        reason = getattr(r, "reason", None)
        if reason is None:
            yield n, r
        else:
            unusable.append(Rejection(file, n, reason))


def _no_progress(n: int) -> None:
    pass


def _extra_json(row: list[str], extra) -> str | None:
    """Unrecognised columns of a row as JSON (SPEC §15), built by hand: json.dumps per
    row was a third of the parse time of a 200k-row file."""
    n = len(row)
    parts = [k + _enc(row[i]) for k, i in extra if i < n and row[i]]
    return "{" + ", ".join(parts) + "}" if parts else None


def _extra_keys(layout: Layout) -> list[tuple[str, int]]:
    return [(_enc(name) + ": ", i) for name, i in layout.extra]


def stamp_of(text: str, time_required: bool = True) -> str | None:
    """A time cell as stored text (``untrusted.stamp``: SPEC §15 forms only), with a fast
    path for the form exports mostly use, ``YYYY-MM-DD HH:MM:SS``; the separators are
    checked first, as ``fromisoformat`` alone also reads ISO week dates (2026-W48-2)."""
    if (len(text) == 19 and text[4] == "-" and text[7] == "-" and text[10] == " "
            and text[13] == ":" and text[16] == ":" and text.isascii()):
        try:
            if untrusted.clock_year_ok(datetime.fromisoformat(text).year):
                return text
        except ValueError:
            pass
        return None
    return untrusted.stamp(text, time_required)


def _clean_no(no: str) -> str | None:
    """A scanner-typed number less noise, or None (SPEC §3)."""
    if len(no) == 12 and no.isascii() and no.isdigit():
        return no
    no = clean_scan(no)
    return no if is_waybill_no(no) else None


def _parse_scans(layout: Layout, rows, file: str, progress) -> Parsed:
    """Scans (扫描记录): 运单号, 扫描类型, 扫描时间, 扫描网点 required (SPEC §15, R-03)."""
    out = Parsed(layout)
    c = layout.columns
    iw, ik, it, isite = (c[f] for f in SCAN_REQUIRED)
    ip, inx, iop, inote = (c.get(f) for f in ("prev_site", "next_site", "operator", "note"))
    extra = _extra_keys(layout)
    need = max(c.values()) + 1
    times: dict[str, object] = {}
    kinds = SCAN_KINDS
    good = out.rows.append
    bad = out.rejected.append
    n = 0
    for rowno, r in rows:
        n += 1
        if not n % 10000:
            progress(n)
        if len(r) < need:
            r = r + [""] * (need - len(r))
        no = r[iw]
        if not (len(no) == 12 and no.isascii() and no.isdigit()):
            no = _clean_no(no)
            if no is None:
                bad(Rejection(file, rowno, _bad_no(r[iw])))
                continue
        kind = r[ik]
        if kind not in kinds:
            kind = kind.strip()
            if kind not in kinds:
                bad(Rejection(file, rowno, f"未知扫描类型 (unknown scan kind): {kind!r}" if kind else "缺少必填项 (missing): 扫描类型"))
                continue
        t = r[it]
        at = times.get(t, _MISSING)
        if at is _MISSING:
            at = times[t] = stamp_of(t)
        if at is None:
            bad(Rejection(file, rowno, f"扫描时间无法识别 (unreadable time): {t!r}" if t.strip() else "缺少必填项 (missing): 扫描时间"))
            continue
        site = r[isite].strip()
        if not site:
            bad(Rejection(file, rowno, "缺少必填项 (missing): 扫描网点"))
            continue
        good((
            no, kind, at, site,
            (r[ip].strip() or None) if ip is not None else None,
            (r[inx].strip() or None) if inx is not None else None,
            (r[iop].strip() or None) if iop is not None else None,
            (r[inote].strip() or None) if inote is not None else None,
            _extra_json(r, extra) if extra else None,
        ))
    out.read = n
    return out


def _parse_delivery(layout: Layout, rows, file: str, progress) -> Parsed:
    """Delivery lists (派件清单): 运单号, 派件员, 派件时间 required; ``day`` is the date
    of 派件时间 (SPEC §15, R-22, R-27)."""
    out = Parsed(layout)
    c = layout.columns
    iw, ic, it = (c[f] for f in DELIVERY_REQUIRED)
    io_ = c.get("outlet")
    extra = _extra_keys(layout)
    need = max(c.values()) + 1
    times: dict[str, object] = {}
    n = 0
    for rowno, r in rows:
        n += 1
        if not n % 10000:
            progress(n)
        if len(r) < need:
            r = r + [""] * (need - len(r))
        no = _clean_no(r[iw])
        if no is None:
            out.rejected.append(Rejection(file, rowno, _bad_no(r[iw])))
            continue
        courier = r[ic].strip()
        if not courier:
            out.rejected.append(Rejection(file, rowno, "缺少必填项 (missing): 派件员"))
            continue
        t = r[it]
        at = times.get(t, _MISSING)
        if at is _MISSING:
            at = times[t] = stamp_of(t)
        if at is None:
            out.rejected.append(Rejection(file, rowno, f"派件时间无法识别 (unreadable time): {t!r}" if t.strip() else "缺少必填项 (missing): 派件时间"))
            continue
        outlet = (r[io_].strip() or None) if io_ is not None else None
        out.rows.append((no, courier, at, at[:10], outlet, _extra_json(r, extra)))
    out.read = n
    return out


def _parse_waybills(layout: Layout, rows, file: str, progress) -> Parsed:
    """Waybills (运单): 运单号 required; amounts to fen, 付款方式 to a Payment code, 件数 an
    integer, 主单号/回单号 12 digits or empty (SPEC §15). Tuple order: waybill,
    WAYBILL_FIELDS..., extra."""
    out = Parsed(layout)
    c = layout.columns
    iw = c["waybill"]
    fields = [(f, c.get(f)) for f in WAYBILL_FIELDS]
    extra = _extra_keys(layout)
    need = max(c.values()) + 1
    n = 0
    for rowno, r in rows:
        n += 1
        if not n % 10000:
            progress(n)
        if len(r) < need:
            r = r + [""] * (need - len(r))
        no = _clean_no(r[iw])
        if no is None:
            out.rejected.append(Rejection(file, rowno, _bad_no(r[iw])))
            continue
        values: list = [no]
        reason = None
        for f, i in fields:
            text = r[i].strip() if i is not None else ""
            if not text:
                values.append(None)
                continue
            value, reason = _WAYBILL_CONVERT.get(f, _as_text)(text, f)
            if reason:
                break
            values.append(value)
        if reason:
            out.rejected.append(Rejection(file, rowno, reason))
            continue
        values.append(_extra_json(r, extra))
        out.rows.append(tuple(values))
    out.read = n
    return out


def _bad_no(raw: str) -> str:
    return untrusted.waybill_problem(raw)


def _as_text(text: str, f: str):
    return text, None


def _as_time(text: str, f: str):
    at = stamp_of(text, time_required=False)
    return (at, None) if at else (None, f"{_label(f)}无法识别 (unreadable time): {text!r}")


def parse_fen(text: str) -> int | None:
    """'12.50', '12.5元', '¥1,234', '12' → fen; None when it is not an amount."""
    m = _AMOUNT.match(_AMOUNT_NOISE.sub("", untrusted.ascii_digits(text)))
    if not m:
        return None
    yuan, cents = m.groups()
    if len(yuan) > MAX_YUAN_DIGITS:
        return None  # no parcel carries a billion yuan; SQLite's integers end at 2**63
    return int(yuan) * 100 + int((cents or "").ljust(2, "0"))


def _as_fen(text: str, f: str):
    fen = parse_fen(text)
    return (fen, None) if fen is not None else (None, f"{_label(f)}不是金额 (not an amount): {text!r}")


def _as_weight(text: str, f: str):
    try:
        kg = float(_WEIGHT_NOISE.sub("", untrusted.ascii_digits(text)))
    except ValueError:
        kg = -1.0
    if not (0 <= kg < 100_000):
        return None, f"重量不是数字 (not a weight): {text!r}"
    return kg, None


def _as_pieces(text: str, f: str):
    n = untrusted.whole_number(text.rstrip("件"), 1, MAX_PIECES)
    if n is not None:
        return n, None
    return None, f"件数应为1–{MAX_PIECES}的整数 (pieces not a whole number 1–{MAX_PIECES}): {untrusted.shown_text(text)}"


def _as_payment(text: str, f: str):
    p = Payment.from_text(text)
    return (p.value, None) if p else (None, f"未知付款方式 (unknown payment, 寄付/到付/代收): {text!r}")


def _as_number(text: str, f: str):
    no = clean_scan(text)
    if is_waybill_no(no):
        return no, None
    return None, f"{_label(f)}不是12位数字 (not a 12-digit number): {text!r}"


def _label(f: str) -> str:
    return next(k for k, v in WAYBILL_COLUMNS.items() if v == f)


_WAYBILL_CONVERT = {
    "sent_at": _as_time, "entered_at": _as_time,
    "cod_fen": _as_fen, "collect_fen": _as_fen,
    "weight_kg": _as_weight, "pieces": _as_pieces, "payment": _as_payment,
    "receipt_no": _as_number, "master_no": _as_number,
}
