"""Counter and exceptions use cases (营业/异常, SPEC §5, §9, §14.1): saving a counter
intake (R-35–R-40), return receipts (R-10), brushing parcels (R-11), unidentified goods
(R-12) and the day's payment slips (R-41). Each write is one ``store.write()`` with its
audit entry; a refused input writes nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import arrow
from pydantic import BaseModel

from kefu_tui.domain import counter as c
from kefu_tui.domain.clock import day_start, stamp
from kefu_tui.domain.intake import IntakeQuote, quote_intake
from kefu_tui.domain.monitoring import Cash, PaymentSlip, payment_slips
from kefu_tui.domain.tickets import BRUSHING_SIGNER, DEFAULT_TEXT, TicketType, unidentified_goods_title
from kefu_tui.domain.waybills import ScanKind, is_waybill_no
from kefu_tui.store import counter as q
from kefu_tui.store.scans import insert_scans
from kefu_tui.store.waybills import WAYBILL_COLUMNS, upsert_waybills


class CounterRefused(ValueError):
    """A rule said no; nothing was written. ``payload`` is what the clerk is shown."""

    def __init__(self, message: str, payload: dict | None = None):
        super().__init__(message)
        self.payload = payload


# ------------------------------------------------------------------ intake

class IntakeOrder(BaseModel):
    """What the counter clerk typed for one parcel (already read by domain.counter)."""

    weight_kg: Decimal
    dims: tuple[Decimal, Decimal, Decimal]
    to: str
    receiver: str
    phone: str
    payment: str = "prepaid"
    cod: Decimal | None = None
    contents: str | None = None
    service: str = "normal"
    checks: list[str] | None = None  # the three 100 % ticked on the form
    waybill: str | None = None
    header: str | None = None  # typed by hand: the clerk's, whatever the address gives


def quote_order(order: IntakeOrder, areas=None) -> IntakeQuote:
    """R-35–R-40 for the order (the header sees COD/collect as their service, R-38); a
    header typed by hand replaces the one read from the address."""
    quote = quote_intake(order.weight_kg, order.dims, order.to, order.cod if order.payment == "cod" else None,
                         c.service_of(order.payment, order.service), order.contents, areas)
    if order.header:
        warnings = [w for w in quote.warnings if w not in ("header_missing", "address_unrecognised")]
        return quote.model_copy(update={"header": order.header, "header_reason": None, "warnings": warnings})
    return quote


def save_intake(store, order: IntakeOrder, now: arrow.Arrow, user: str, areas=None) -> tuple[str, IntakeQuote]:
    """R-40: save an own-collected parcel the same day: its waybill (a new number of the
    branch's range unless one is given), a 收件 and a 录单 scan at ``now`` (so R-24 sees it
    entered), the intake record and, where reach is unsure, the R-40 label remark.
    Refused (nothing written) when R-36 or R-39 says no, or the number is already used."""
    quote = quote_order(order, areas)
    if not quote.ok:
        codes = quote.violations + quote.refusals
        raise CounterRefused("不可收寄: " + ", ".join(f"{c.quote_word(x)} ({x})" for x in codes), quote.model_dump())
    if order.payment == "cod" and order.cod is None:
        raise c.FieldError("代收货款要写代收金额")
    at = stamp(now)
    with store.write():
        if order.waybill:
            if q.number_in_use(store.conn, order.waybill):
                raise CounterRefused(f"单号 {order.waybill} 已经用过", quote.model_dump())
            no = order.waybill
        else:
            no = c.next_own_number(q.highest_own_number(store.conn))
        cod_fen = int(order.cod * 100) if order.payment == "cod" and order.cod is not None else None
        row = dict.fromkeys(WAYBILL_COLUMNS)
        row.update(waybill=no, sender_outlet=c.BRANCH, sent_at=at, receiver=order.receiver, phone=order.phone,
                   address=order.to, pieces=1, weight_kg=float(order.weight_kg), payment=order.payment,
                   cod_fen=cod_fen, label_note=quote.label_note, entered_at=at)
        upsert_waybills(store.conn, [tuple(row[k] for k in WAYBILL_COLUMNS)])
        insert_scans(store.conn, [(no, ScanKind.PICKUP.value, at, c.BRANCH, None, None, user, None, None),
                                  (no, ScanKind.ENTRY.value, at, c.BRANCH, None, None, user, None, None)])
        q.insert_intake(store.conn, dict(
            waybill=no, weight_kg=str(order.weight_kg), dims="x".join(str(d) for d in order.dims),
            volumetric_kg=quote.volumetric_kg, chargeable_kg=quote.chargeable_kg, header=quote.header,
            service=c.service_of(order.payment, order.service), payment=order.payment, cod_fen=cod_fen,
            cod_fee_fen=int(Decimal(quote.cod_fee) * 100), contents=order.contents,
            checks=None if order.checks is None else json.dumps(order.checks), label_note=quote.label_note,
            created_at=at, created_by=user))
        store.audit(at, user, "intake.save", "waybills", no, None,
                    {"header": quote.header, "header_by_hand": bool(order.header),
                     "chargeable_kg": quote.chargeable_kg, "payment": order.payment})
    return no, quote


def area_table(store):
    """The delivery-area table as the clerks left it (R-01), for quotes at the counter."""
    from kefu_tui.store.areas import load_areas

    return load_areas(store)


def waybill_of_receipt(store, code: str) -> str | None:
    """The waybill a return-receipt barcode (回单号) was linked to at entry, if any."""
    return q.receipt_owners(store, [code]).get(code)


def intakes_today(store, now: arrow.Arrow) -> list[dict]:
    """Today's counter intakes, newest first."""
    start = day_start(now)
    return q.intakes_on(store, stamp(start), stamp(start.shift(days=1)))


# ------------------------------------------------------------------ R-41 payment slips

def day_slips(store, day: str) -> tuple[list[PaymentSlip], dict[str, Cash]]:
    """R-41: the day's payment slips, one per courier, from the day's delivery lists and
    what each waybill carries to collect (到付 freight, 代收 amount); and that cash."""
    from kefu_tui.store.monitor import cash_due, list_items

    items = list_items(store, day, day)
    cash = cash_due(store, [i.waybill for i in items])
    return payment_slips((i.courier, i.waybill, cash.get(i.waybill)) for i in items), cash


SLIP_HEAD = ["日期", "派件员", "运单号", "类型", "金额"]


def slip_rows(slips: list[PaymentSlip], cash: dict[str, Cash], day: str) -> list[list]:
    """R-41 as a table: each courier's waybills with 到付/代收 and the amount, then the
    courier's 交款合计 (for ``slips --output x.csv``/``.xlsx``)."""
    rows: list[list] = []
    for s in slips:
        for no in s.waybills:
            k = cash.get(no)
            rows.append([day, s.courier, no, c.PAYMENT_LABELS[k.payment.value][:2] if k else "",
                         c.yuan(k.fen) if k else ""])
        rows.append([day, s.courier, "交款合计", "", c.yuan(s.total_fen)])
    return rows


def write_slips(store, day: str, output: Path, force: bool = False) -> Path:
    """R-41: every courier's slip of ``day`` into one file: a text file to print, or a
    table (.csv/.xlsx) through the output boundary (a courier named ``=cmd|…`` is text,
    never a live cell). All or nothing, never onto the database's own files; an existing
    file is kept unless ``force`` (services.outputs)."""
    from kefu_tui.services.outputs import write_text
    from kefu_tui.services.sheets import SUFFIXES, write_table

    slips, cash = day_slips(store, day)
    db = getattr(store, "path", None)
    output = Path(output)
    if output.suffix.lower() in SUFFIXES:
        return write_table(output, SLIP_HEAD, slip_rows(slips, cash, day), overwrite=force, db=db)
    text = "\f".join(c.slip_text(s, day, cash) for s in slips) or f"{day} 无到付/代收交款\n"
    return write_text(output, text, overwrite=force, db=db)


# ------------------------------------------------------------------ R-10 receipts

class ReceiptResult(BaseModel):
    dispatched: list[tuple[str, str | None]] = []  # (waybill, receipt barcode)
    repeats: list[str] = []
    unknown: list[str] = []


def dispatch_receipts(store, codes: list[str], now: arrow.Arrow, user: str) -> ReceiptResult:
    """R-10: a 回单发件 scan for each receipt (by its waybill number or its own barcode),
    handed to the driver for 郑州分拨中心; one transaction. A barcode linked to no waybill
    is reported, not guessed."""
    at = stamp(now)
    codes = [s.strip() for s in codes if s and s.strip()]
    owners = q.receipt_owners(store, [s for s in codes if not is_waybill_no(s)])
    from kefu_tui.store.waybills import waybills_for

    res = ReceiptResult()
    wanted: dict[str, str | None] = {}
    for s in codes:
        no = s if is_waybill_no(s) else owners.get(s)
        if no is None:
            res.unknown.append(s)
        elif no in wanted:
            res.repeats.append(s)
        else:
            wanted[no] = None if is_waybill_no(s) else s
    info = waybills_for(store, [n for n, code in wanted.items() if code is None])
    for no, code in wanted.items():
        if code is None and no in info:
            wanted[no] = info[no].receipt_no
    with store.write():
        done = q.with_scan(store, wanted, ScanKind.RECEIPT_DISPATCH.value)
        rows = [(no, ScanKind.RECEIPT_DISPATCH.value, at, c.BRANCH, None, c.ZZ_HUB, user, code, None)
                for no, code in wanted.items() if no not in done]
        insert_scans(store.conn, rows)
        store.audit(at, user, "receipt.dispatch", "scans", None, None, {"waybills": [r[0] for r in rows]})
    res.dispatched = [(r[0], r[7]) for r in rows]
    res.repeats += [no for no in wanted if no in done]
    return res


def register_empty_receipt(store, waybill: str, now: arrow.Arrow, user: str, text: str | None = None):
    """R-10: an empty receipt envelope is a ``receipt_empty`` problem registered to the
    sender outlet; the parcel is delivered only after its reply. Refused when one is open."""
    from kefu_tui.services.tickets import add_tickets

    res = add_tickets(store, [waybill], TicketType.RECEIPT_EMPTY.value,
                      text or DEFAULT_TEXT[TicketType.RECEIPT_EMPTY], now, user)
    if res.skipped_open:
        raise CounterRefused(f"{waybill} 已登记回单空封,等待发件网点回复")
    return res


def note_receipt_reply(store, waybill: str, text: str, now: arrow.Arrow, user: str) -> str:
    """R-10: the sender outlet replied about an empty receipt: the reply is noted (R-07)
    and the ``receipt_empty`` ticket closed, so the parcel may be delivered."""
    from kefu_tui.services.tickets import add_note, close_ticket, open_tickets_of

    with store.write():
        open_ = [t for t in open_tickets_of(store, waybill) if t.type == TicketType.RECEIPT_EMPTY]
        if not open_:
            raise CounterRefused(f"{waybill} 没有未结的回单空封")
        body = add_note(store, open_[0].id, f"发件网点回复:{c.free_text(text).strip()}", now, user)
        close_ticket(store, open_[0].id, body, now, user)
    return body


# ------------------------------------------------------------------ R-11 brushing

class BrushingResult(BaseModel):
    signed: list[str] = []
    refused: list[tuple[str, str]] = []  # (waybill, reason)
    already_signed: list[str] = []


def sign_brushing(store, numbers: list[str], now: arrow.Arrow, user: str) -> BrushingResult:
    """R-11: scan each brushing parcel into 信阳二部 (到件) and sign it with the signer
    草签, all in one transaction; a parcel whose remark says 非刷单件/真实件 is refused with
    its reason (real goods: sorted at once), one already signed is left alone."""
    at = stamp(now)
    nos = list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))
    res = BrushingResult()
    with store.write():
        notes = q.label_notes(store, nos)
        signed = q.with_scan(store, nos, ScanKind.SIGNED.value)
        rows = []
        for no in nos:
            why = c.brushing_refusal(notes.get(no))
            if why:
                res.refused.append((no, why))
            elif no in signed:
                res.already_signed.append(no)
            else:
                res.signed.append(no)
                rows.append((no, ScanKind.ARRIVAL.value, at, c.BRANCH, None, None, user, None, None))
                rows.append((no, ScanKind.SIGNED.value, at, c.BRANCH, None, None, user, BRUSHING_SIGNER, None))
        insert_scans(store.conn, rows)
        store.audit(at, user, "brushing.sign", "scans", None, None,
                    {"signed": len(res.signed), "refused": [r[0] for r in res.refused]})
    return res


# ------------------------------------------------------------------ R-12 unidentified goods

def add_unidentified(store, arrived: arrow.Arrow, channel: str, packaging: str, contents: str,
                     photos: list[Path], photos_root: Path, now: arrow.Arrow, user: str) -> c.UnidentifiedGoods:
    """R-12: register unidentified goods under the title 河南信阳分拨中心YY年M月D日不明货物 (of
    the arrival day), photos copied into ``photos_root/不明货物/<id>/``. An empty field or a
    photo the photo rule refuses (services.photos: a regular file, no symlink, at most
    20 MB) refuses the whole registration. Photos are copied before the write transaction
    (another clerk's note never waits on a copy) and only linked into the goods' folder
    inside it; a failure leaves nothing behind."""
    from kefu_tui.services import photos as ph

    fields = {"到货渠道": channel, "包装": packaging, "内件": contents}
    empty = [k for k, v in fields.items() if not " ".join(c.free_text(v or "").split())]
    if empty:
        raise c.FieldError("、".join(empty) + " 未填")
    channel, packaging, contents = (c.read_text(v, k) for k, v in fields.items())
    at = stamp(now)
    goods = c.UnidentifiedGoods(title=unidentified_goods_title(arrived), arrived_at=stamp(arrived),
                                channel=channel, packaging=packaging,
                                contents=contents, created_at=at, created_by=user)
    staging = Path(photos_root) / "不明货物"
    staged: list[ph.Staged] = []
    placed: list[Path] = []
    try:
        for src in photos:
            staged.append(ph.stage(src, staging))
        with store.write():
            gid = q.insert_unidentified(store.conn, goods)
            for s in staged:
                placed.append(ph.place(s, staging / str(gid)))
                q.insert_unidentified_photo(store.conn, gid, str(placed[-1]), at)
            store.audit(at, user, "unidentified.add", "unidentified_goods", gid, None,
                        {"title": goods.title, "photos": len(placed)})
    except ph.PhotoRefused as e:
        _discard(staged, placed)
        raise c.FieldError(str(e)) from e
    except BaseException:
        _discard(staged, placed)
        raise
    return goods.model_copy(update={"id": gid, "photos": [str(p) for p in placed]})


def _discard(staged, placed: list[Path]) -> None:
    for s in staged:
        s.discard()
    for p in placed:
        p.unlink(missing_ok=True)


def return_unidentified(store, goods_id: int, now: arrow.Arrow, user: str) -> c.UnidentifiedGoods:
    """R-12: the goods went back to the upstream hub (信阳分拨中心); refused when unknown
    or already returned."""
    at = stamp(now)
    with store.write():
        found = q.unidentified(store, goods_id)
        if not found:
            raise c.FieldError(f"没有不明货物登记 {goods_id}")
        if found[0].returned_at:
            raise CounterRefused(f"不明货物 {goods_id} 已于 {found[0].returned_at} 退回上级中心")
        q.mark_returned(store.conn, goods_id, at, user)
        store.audit(at, user, "unidentified.return", "unidentified_goods", goods_id, None, {"returned_at": at})
    return found[0].model_copy(update={"returned_at": at, "returned_by": user})


def list_unidentified(store, open_only: bool = False) -> list[c.UnidentifiedGoods]:
    return q.unidentified(store, open_only=open_only)
