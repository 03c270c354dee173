"""`kefu export` reports (SPEC §14): rows gathered by SQL, written to ``.csv`` (UTF-8 with
BOM, so Excel reads the Chinese) or ``.xlsx``, chosen by the file's suffix, always through
``services.sheets.write_table`` (the output boundary: no cell is ever a live formula;
written to a temporary file and renamed, so a reader never sees half a report)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import arrow

from kefu_tui.domain import transfers, words
from kefu_tui.domain.clock import TZ, day_start, stamp
from kefu_tui.domain.money import yuan
from kefu_tui.domain.monitoring import RULES
from kefu_tui.domain.privacy import mask_phone
from kefu_tui.domain.untrusted import clock_year_ok
from kefu_tui.domain.reconcile import GOODS, LABELS, reconcile
from kefu_tui.services.sheets import SUFFIXES, table_bytes, write_table  # the one writer
from kefu_tui.store import reports as q

REPORTS = {
    "daily": "daily statistics (§11): arrivals, deliveries, signings per site; problem tickets opened/closed; transfers",
    "tickets": "problem tickets: every open one, or with --date those opened that day",
    "huaibin": "the day's Huaibin agent delivery list for the driver (R-22)",
    "postal": "postal transfers: the day's count sheet; with --month the settlement per day (R-20)",
    "sto": "STO cash ledger: each STO transfer with its cost, first 2 kg 5.00, each further kg 1.00 (R-20)",
    "transfers": "every transfer registered in the day or month (R-18)",
    "counts": "warehouse counts (R-42): each item matched / 有货无单 / 有单无货",
    "monitor": "the day's monitoring board R-24..R-30, one row per finding",
    "month": "the month's statistics (§11, §12) as charted on the reports desk: per day tickets"
             " opened/closed, transfers per channel, checks made and missed (10.00 each), complaints by outcome",
}


class ExportError(ValueError):
    """The report or the file name cannot be understood."""


@dataclass(frozen=True)
class Period:
    """A day or a month, as half-open stored-text bounds."""

    start: arrow.Arrow
    end: arrow.Arrow
    label: str
    month: bool = False

    @property
    def bounds(self) -> tuple[str, str]:
        return stamp(self.start), stamp(self.end)


def period(now: arrow.Arrow, date: str | None = None, month: str | None = None) -> Period:
    """``--date D`` (default today) or ``--month YYYY-MM``."""
    try:
        if month:
            s = arrow.get(month, "YYYY-MM", tzinfo=TZ)
        else:
            s = arrow.get(date, "YYYY-MM-DD", tzinfo=TZ) if date else day_start(now)
    except (arrow.parser.ParserError, ValueError, OverflowError) as e:
        raise ExportError(f"bad --date/--month: {e}") from e
    if not clock_year_ok(s.year):  # input boundary: a branch's day is within 2000–2100
        raise ExportError(f"--date/--month {s.year} 年不在 2000–2100 之间 (outside 2000–2100)")
    if month:
        return Period(s, s.shift(months=1), month, True)
    return Period(s, s.shift(days=1), s.format("YYYY-MM-DD"))


def sto_cost_fen(weight_kg: float | None) -> int | None:
    """R-20: the branch's STO cost (domain.transfers), None when the weight is unknown."""
    if weight_kg is None:
        return None
    return transfers.sto_cost_fen(Decimal(str(weight_kg)))


Table = tuple[list[str], list[list]]


def _daily(store, now, p: Period) -> Table:
    start, end = p.bounds
    rows: list[list] = [[kind, site, n] for kind, site, n in q.scan_counts(store, start, end)]
    opened, closed = q.tickets_opened_closed(store, start, end)
    rows += [["问题件登记", words.type_label(t), n] for t, n in opened]
    rows += [["问题件关闭", words.type_label(t), n] for t, n in closed]
    rows += [["转件", words.carrier_name(c) if c in words.CARRIER_NAMES else words.mode_name(c), n]
             for c, n in q.transfer_counts_by_carrier(store, start, end)]
    return ["类别", "项目", "数量"], rows


def _tickets(store, now, p: Period, explicit: bool) -> Table:
    start, end = p.bounds if explicit else (None, None)
    head = ["编号", "运单号", "类型", "登记内容", "发往", "状态", "登记时间", "登记人",
            "更新时间", "关闭时间", "最新跟进", "收件人", "电话"]
    rows = [[r["id"], r["waybill"], words.type_label(r["type"]), r["text"], r["party"],
             words.status_word(r["status"]),
             r["created_at"], r["created_by"], r["updated_at"], r["closed_at"],
             r["last_note"], r["receiver"], r["phone"]] for r in q.tickets(store, start, end)]
    return head, rows


def _huaibin(store, now, p: Period) -> Table:
    head = ["序号", "运单号", "派件员", "派件时间", "收件人", "电话", "地址", "件数", "重量"]
    rows = [[n, r["waybill"], r["courier"], r["at"], r["receiver"], r["phone"], r["address"],
             r["pieces"], r["weight_kg"]] for n, r in enumerate(q.agent_list(store, p.label), 1)]
    return head, rows


def _postal(store, now, p: Period) -> Table:
    start, end = p.bounds
    if p.month:
        days = q.transfer_counts_by_day(store, start, end, "postal")
        rows = [[d, n] for d, n in days] + [["合计", sum(n for _, n in days)]]
        return ["日期", "件数"], rows
    ts = q.transfers(store, start, end, "postal")
    rows = [[n, r["waybill"], r["new_waybill"], r["receiver"], r["phone"], r["address"],
             r["weight_kg"], r["created_at"]] for n, r in enumerate(ts, 1)]
    rows.append(["合计", len(ts), "", "", "", "", "", ""])
    return ["序号", "优速单号", "邮政单号", "收件人", "电话", "地址", "重量", "登记时间"], rows


def _sto(store, now, p: Period) -> Table:
    start, end = p.bounds
    rows, total = [], 0
    for n, r in enumerate(q.transfers(store, start, end, "sto"), 1):
        fen = sto_cost_fen(r["weight_kg"])
        total += fen or 0
        rows.append([n, r["created_at"][:10], r["waybill"], r["new_waybill"], r["weight_kg"],
                     yuan(fen), r["created_by"]])
    rows.append(["合计", "", "", "", "", yuan(total), ""])
    return ["序号", "日期", "优速单号", "申通单号", "重量", "费用", "登记人"], rows


def _transfers(store, now, p: Period) -> Table:
    start, end = p.bounds
    head = ["登记时间", "优速单号", "方式", "转件公司", "转出单号", "转件费", "费用确认",
            "收件地址", "代派人", "联系方式", "重量", "签收时间", "登记人"]
    rows = [[r["created_at"], r["waybill"], words.mode_name(r["mode"]),
             words.carrier_name(r["carrier"]), r["new_waybill"], yuan(r["fee_fen"]),
             words.yes_no(r["fee_confirmed"]), r["address"], r["courier_name"],
             r["courier_contact"], r["weight_kg"], r["signed_at"], r["created_by"]]
            for r in q.transfers(store, start, end)]
    return head, rows


def _counts(store, now, p: Period) -> Table:
    start, end = p.bounds
    sessions: dict[int, dict] = {}
    for r in q.count_items(store, start, end):
        s = sessions.setdefault(r["id"], {"row": r, "goods": [], "slip": []})
        s["goods" if r["side"] == GOODS else "slip"].append(r["waybill"])
    rows = []
    for sid, s in sessions.items():
        res = reconcile(s["goods"], s["slip"])
        head = [sid, s["row"]["started_at"], s["row"]["started_by"], s["row"]["finished_at"]]
        for key in ("goods_only", "slips_only", "matched"):
            rows += [[*head, no, LABELS[key]] for no in getattr(res, key)]
    return ["盘点号", "开始", "盘点人", "结束", "运单号", "结果"], rows


def _monitor(store, now, p: Period) -> Table:
    from kefu_tui.services.monitor import board

    at = now if p.start <= now < p.end else p.end.shift(seconds=-1)
    rows = []
    for rule, entry in board(store, at).items():
        for f in entry["findings"]:
            rows.append([rule, RULES[rule], f.get("waybill") or f.get("order"), f.get("label"), f.get("site"),
                         f.get("at"), f.get("day"), f.get("courier"), f.get("last_scan")])
    return ["规则", "指标", "运单号", "原因", "网点", "时间", "日期", "派件员", "最后扫描"], rows


BUILDERS: dict[str, Callable] = {
    "daily": _daily, "huaibin": _huaibin, "postal": _postal, "sto": _sto,
    "transfers": _transfers, "counts": _counts, "monitor": _monitor,
    "month": lambda store, now, p: _month(store, now, p),
}


def _month(store, now, p: Period) -> Table:
    """The charts' figures (services.statistics) for the month of ``p``."""
    from kefu_tui.services.statistics import figures_table, month_figures

    return figures_table(month_figures(store, now, p.start.format("YYYY-MM")))


def build(store, report: str, now: arrow.Arrow, date: str | None = None,
          month: str | None = None) -> Table:
    """The header and rows of ``report`` for the day (default today) or month."""
    if report not in REPORTS:
        raise ExportError(f"unknown report {report!r}; one of: {', '.join(REPORTS)}")
    p = period(now, date, month)
    if report == "tickets":
        return _tickets(store, now, p, explicit=bool(date or month))
    return BUILDERS[report](store, now, p)


PHONE_HEADS = ("电话",)  # receivers' phones; a courier's own contact is not personal data here
WAYBILL_HEADS = ("运单号", "优速单号")


def guard_phones(head: list[str], rows: list[list], reveal: bool = False) -> list[str]:
    """Issue 9: receivers' phones masked in every export (``138****5678``), unless
    ``reveal``; returns the waybills whose phones were left whole (for the audit entry)."""
    cols = [i for i, h in enumerate(head) if h in PHONE_HEADS]
    wcol = next((i for i, h in enumerate(head) if h in WAYBILL_HEADS), None)
    shown = []
    for r in rows:
        for i in cols:
            if i < len(r) and r[i]:
                if reveal:
                    if wcol is not None:
                        shown.append(r[wcol])
                else:
                    r[i] = mask_phone(str(r[i]))
    return shown


def export(store, report: str, output: Path | BinaryIO, now: arrow.Arrow, date: str | None = None,
           month: str | None = None, reveal: bool = False, user: str = "?", *,
           overwrite: bool = True, suffix: str | None = None) -> int:
    """Write ``report`` to ``output`` (.csv or .xlsx), all or nothing and never onto the
    database's own files (services.outputs); or, given a binary stream (stdout) and a
    ``suffix``, the whole file to it once it is complete. Returns the number of data rows."""
    stream = not isinstance(output, (str, Path))
    suffix = (suffix if stream else Path(output).suffix or "").lower()
    if suffix not in SUFFIXES:
        name = "-" if stream else Path(output).name
        raise ExportError(f"{name}: the file must end in .csv or .xlsx")
    head, rows = build(store, report, now, date, month)
    shown = guard_phones(head, rows, reveal)
    if stream:
        output.write(table_bytes(suffix, head, rows))
        output.flush()
    else:
        write_table(output, head, rows, overwrite=overwrite, db=getattr(store, "path", None))
    if shown:
        from kefu_tui.services.audit import record_reveal

        record_reveal(store, shown, now, user, f"export {report}")
    return len(rows)
