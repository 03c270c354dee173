"""kefu intake save, items, receipt, brushing, unidentified, slips (SPEC §14.1, issue 10).

Exit status as §14: 0 done; 1 a rule said no (R-36/R-39 at the counter, a brushing parcel
marked real, an unknown receipt) with nothing written for that input; 2 unreadable input."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kefu_tui.cli.context import Context, Refused, Unusable, emit_json, record_id
from kefu_tui.domain import clock
from kefu_tui.domain import counter as c
from kefu_tui.domain.intake import SERVICES
from kefu_tui.domain.untrusted import visible


def _subparsers(parser) -> argparse._SubParsersAction:
    # `kefu intake` is created by cli.quotes (quote); `save` joins it here.
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def register(sub, common):
    isub = _subparsers(sub.choices["intake"])
    s = isub.add_parser("save", parents=[common], help="save an own-collected parcel (R-35–R-40)")
    s.add_argument("--weight", required=True, help="actual weight, kg")
    s.add_argument("--dims", required=True, help="LxWxH in cm, e.g. 40x30x20")
    s.add_argument("--to", required=True, help="receiver address")
    s.add_argument("--receiver", required=True, help="receiver name")
    s.add_argument("--phone", required=True, help="receiver phone")
    s.add_argument("--cod", help="cash-on-delivery amount (代收货款), yuan")
    s.add_argument("--payment", choices=c.PAYMENTS, help="prepaid|collect|cod (cod when --cod is given)")
    s.add_argument("--contents", help="declared contents, checked against R-39")
    s.add_argument("--service", default="normal", choices=SERVICES)
    s.add_argument("--waybill", help="use this 12-digit number instead of a new one of the branch's range")
    s.add_argument("--header", help="destination header (大头笔) typed by hand, used instead of the address's (R-38)")
    s.set_defaults(func=run_intake_save)

    items = sub.add_parser("items", help="the R-39 item list")
    it_sub = items.add_subparsers(dest="items_command", metavar="SUBCOMMAND", required=True,
                                  parser_class=type(items))
    s = it_sub.add_parser("search", parents=[common], help="search by Chinese or pinyin initials (hzs)")
    s.add_argument("text")
    s.set_defaults(func=run_items_search)

    receipt = sub.add_parser("receipt", help="return receipts (R-10)")
    r_sub = receipt.add_subparsers(dest="receipt_command", metavar="SUBCOMMAND", required=True,
                                   parser_class=type(receipt))
    s = r_sub.add_parser("dispatch", parents=[common], help="回单发件 scans")
    s.add_argument("numbers", nargs="+", metavar="NO", help="waybill numbers or receipt barcodes; - reads stdin")
    s.set_defaults(func=run_receipt_dispatch)
    s = r_sub.add_parser("empty", parents=[common], help="an empty receipt envelope: receipt_empty problem")
    s.add_argument("waybill", metavar="NO")
    s.add_argument("--text", help="the text sent to the sender outlet")
    s.set_defaults(func=run_receipt_empty)
    s = r_sub.add_parser("reply", parents=[common], help="the sender outlet's reply to an empty receipt")
    s.add_argument("waybill", metavar="NO")
    s.add_argument("text")
    s.set_defaults(func=run_receipt_reply)

    brushing = sub.add_parser("brushing", help="brushing parcels (R-11)")
    b_sub = brushing.add_subparsers(dest="brushing_command", metavar="SUBCOMMAND", required=True,
                                    parser_class=type(brushing))
    s = b_sub.add_parser("sign", parents=[common], help="scan into 信阳二部 and sign with 草签, one transaction")
    s.add_argument("numbers", nargs="+", metavar="NO", help="waybill numbers; - reads stdin")
    s.set_defaults(func=run_brushing_sign)

    un = sub.add_parser("unidentified", help="unidentified goods (R-12)")
    u_sub = un.add_subparsers(dest="unidentified_command", metavar="SUBCOMMAND", required=True,
                              parser_class=type(un))
    s = u_sub.add_parser("add", parents=[common], help="register unidentified goods")
    s.add_argument("--arrived", required=True, help="arrival time, ISO 8601")
    s.add_argument("--channel", required=True, help="arrival channel, e.g. 郑州-信阳夜车")
    s.add_argument("--packaging", required=True)
    s.add_argument("--contents", required=True)
    s.add_argument("--photo", action="append", default=[], help="a photo file (repeatable)")
    s.set_defaults(func=run_unidentified_add)
    s = u_sub.add_parser("list", parents=[common], help="the register")
    s.add_argument("--open", action="store_true", help="not yet returned to the hub")
    s.set_defaults(func=run_unidentified_list)
    s = u_sub.add_parser("return", parents=[common], help="returned to the upstream hub")
    s.add_argument("id", type=record_id)
    s.set_defaults(func=run_unidentified_return)

    s = sub.add_parser("slips", parents=[common], help="the day's payment slips per courier (R-41)")
    s.add_argument("--date", help="YYYY-MM-DD (default: today)")
    s.add_argument("--output", help="write the slips into this file: text to print, or a table if it ends in .csv/.xlsx")
    s.add_argument("--force", action="store_true", help="overwrite --output")
    s.set_defaults(func=run_slips)


def _read(fn, text):
    try:
        return fn(text)
    except c.FieldError as e:
        raise Unusable(str(e)) from None


def _numbers(args_numbers: list[str], any_code: bool = False) -> list[str]:
    """Arguments, or stdin for ``-`` (one per line)."""
    from kefu_tui.domain.waybills import clean_scan, numbers_in

    lines: list[str] = []
    for a in args_numbers:
        if a == "-":
            text = sys.stdin.read()
            lines += [clean_scan(x) for x in text.splitlines()] if any_code else numbers_in(text)[0]
        else:
            lines.append(clean_scan(a))
    return [x for x in lines if x]


def run_intake_save(ctx: Context, args) -> int:
    from kefu_tui.cli.quotes import _areas, header_line
    from kefu_tui.domain.waybills import waybill_or_none
    from kefu_tui.services.counter import CounterRefused, IntakeOrder, save_intake

    weight = _read(c.read_weight, args.weight)
    dims = _read(c.read_dims, args.dims)
    cod = _read(c.read_cod, args.cod) if args.cod is not None else None
    payment = args.payment or ("cod" if cod is not None else "prepaid")
    if payment == "cod" and cod is None:
        raise Unusable("--payment cod needs --cod AMOUNT")
    phone = _read(c.read_phone, args.phone)
    receiver = _read(lambda t: c.read_text(t, "收件人"), args.receiver)
    to = _read(lambda t: c.read_text(t, "地址"), args.to)
    contents = _read(lambda t: c.read_text(t, "内件"), args.contents) if args.contents else None
    header = _read(lambda t: c.read_text(t, "大头笔"), args.header) if args.header is not None else None
    no = None
    if args.waybill:
        no = waybill_or_none(args.waybill)
        if no is None:
            raise Unusable(f"--waybill {args.waybill!r} is not a 12-digit UC number")
    order = IntakeOrder(weight_kg=weight, dims=dims, to=to, receiver=receiver, phone=phone,
                        payment=payment, cod=cod, contents=contents, service=args.service, waybill=no,
                        header=header)
    try:
        waybill, quote = save_intake(ctx.store(), order, ctx.now, ctx.user, _areas(ctx))
    except CounterRefused as e:
        raise Refused(str(e), e.payload) from None
    doc = {**quote.model_dump(), "waybill": waybill}
    if args.json:
        emit_json(doc)
    else:
        print(f"已收件 {waybill}   计费重量 {quote.chargeable_kg:.2f} kg   代收手续费 {quote.cod_fee}")
        print(header_line(quote.header, quote.header_reason))
        for w in quote.warnings:
            print(f"注意 {w}")
        if quote.label_note:
            print(f"面单备注 {quote.label_note}")
    return 0


def run_items_search(ctx: Context, args) -> int:
    from kefu_tui.domain.items import search_items

    hits = search_items(args.text)
    if args.json:
        emit_json({"items": [{"name": i.name, "verdict": i.verdict, "category": i.category,
                              "category_label": i.category_label, "initials": i.initials} for i in hits]})
        return 0
    for i in hits:
        print(f"{i.name}\t{i.verdict_label}\t{i.category_label}")
    if not hits:
        print(f"没有找到「{visible(args.text)}」(按禁寄/限寄规定人工判断)")
    return 0


def run_receipt_dispatch(ctx: Context, args) -> int:
    from kefu_tui.services.counter import dispatch_receipts

    codes = _numbers(args.numbers, any_code=True)
    if not codes:
        raise Unusable("no waybill numbers or receipt barcodes given")
    res = dispatch_receipts(ctx.store(), codes, ctx.now, ctx.user)
    doc = {"dispatched": [{"waybill": w, "receipt": r} for w, r in res.dispatched],
           "repeats": res.repeats, "unknown": res.unknown}
    if args.json:
        emit_json(doc)
    else:
        print(f"回单发件 {len(res.dispatched)} 票, 重复 {len(res.repeats)}, 不认识 {len(res.unknown)}")
        for u in res.unknown:
            print(f"  不认识 {u}")
    if res.unknown:
        print(f"kefu: {len(res.unknown)} code(s) are no waybill and no linked receipt: "
              + ", ".join(res.unknown[:5]), file=sys.stderr)
        return 1
    return 0


def _waybill(text: str) -> str:
    from kefu_tui.domain.waybills import waybill_or_none

    no = waybill_or_none(text)
    if no is None:
        raise Unusable(f"{text!r} is not a 12-digit UC waybill number")
    return no


def run_receipt_empty(ctx: Context, args) -> int:
    from kefu_tui.services.counter import CounterRefused, register_empty_receipt

    no = _waybill(args.waybill)
    try:
        res = register_empty_receipt(ctx.store(), no, ctx.now, ctx.user, args.text)
    except CounterRefused as e:
        raise Refused(str(e), {"waybill": no, "created": 0}) from None
    if args.json:
        emit_json({"waybill": no, "created": res.created, "type": "receipt_empty"})
    else:
        print(f"{no} 回单空封 已登记问题件,等发件网点回复后再派送 (R-10)")
    return 0


def run_receipt_reply(ctx: Context, args) -> int:
    from kefu_tui.services.counter import CounterRefused, note_receipt_reply

    no = _waybill(args.waybill)
    if not args.text.strip():
        raise Unusable("the reply text is empty")
    try:
        body = note_receipt_reply(ctx.store(), no, args.text, ctx.now, ctx.user)
    except CounterRefused as e:
        raise Refused(str(e)) from None
    if args.json:
        emit_json({"waybill": no, "note": body, "closed": True})
    else:
        print(f"{no} {body} · 可以派送")
    return 0


def run_brushing_sign(ctx: Context, args) -> int:
    from kefu_tui.domain.waybills import is_waybill_no
    from kefu_tui.services.counter import sign_brushing

    nos = _numbers(args.numbers)
    bad = [repr(n) for n in nos if not is_waybill_no(n)]
    if bad:
        raise Unusable(f"not 12-digit waybill numbers: {', '.join(bad[:5])}")
    if not nos:
        raise Unusable("no waybill numbers given")
    res = sign_brushing(ctx.store(), nos, ctx.now, ctx.user)
    if args.json:
        emit_json({"signed": res.signed, "refused": [{"waybill": w, "reason": r} for w, r in res.refused],
                   "already_signed": res.already_signed})
    else:
        print(f"草签 {len(res.signed)} 票, 拒签 {len(res.refused)}, 已签过 {len(res.already_signed)}")
        for w, r in res.refused:
            print(f"  拒签 {w}  {r}")
    if res.refused:
        print(f"kefu: {len(res.refused)} refused (R-11): "
              + ", ".join(f"{w} {r}" for w, r in res.refused[:3]), file=sys.stderr)
        return 1
    return 0


def _goods_doc(g) -> dict:
    return g.model_dump()


def run_unidentified_add(ctx: Context, args) -> int:
    from kefu_tui.services.counter import add_unidentified

    try:
        arrived = clock.parse_iso(args.arrived)
    except Exception:
        raise Unusable(f"--arrived {args.arrived!r} is not an ISO 8601 time") from None
    try:
        g = add_unidentified(ctx.store(), arrived, args.channel, args.packaging, args.contents,
                             [Path(p) for p in args.photo], ctx.db_path.parent / "photos", ctx.now, ctx.user)
    except c.FieldError as e:
        raise Unusable(str(e)) from None
    if args.json:
        emit_json(_goods_doc(g))
    else:
        print(f"#{g.id} {_goods_line(g)}  照片 {len(g.photos)}")
    return 0


def _goods_line(g) -> str:
    """One line for one unidentified goods: every stored field shown plainly (issue 15)."""
    return f"{visible(g.title)}  " + " · ".join(visible(x) for x in (g.channel, g.packaging, g.contents))


def run_unidentified_list(ctx: Context, args) -> int:
    from kefu_tui.services.counter import list_unidentified

    rows = list_unidentified(ctx.store(), open_only=args.open)
    if args.json:
        emit_json({"goods": [_goods_doc(g) for g in rows]})
        return 0
    for g in rows:
        state = f"已退回 {g.returned_at}" if g.returned_at else "在库"
        print(f"#{g.id} {_goods_line(g)}  照片 {len(g.photos)}  {state}")
    print(f"{len(rows)} 件")
    return 0


def run_unidentified_return(ctx: Context, args) -> int:
    from kefu_tui.services.counter import CounterRefused, return_unidentified

    try:
        g = return_unidentified(ctx.store(), args.id, ctx.now, ctx.user)
    except c.FieldError as e:
        raise Unusable(str(e)) from None
    except CounterRefused as e:
        raise Refused(str(e)) from None
    if args.json:
        emit_json(_goods_doc(g))
    else:
        print(f"#{g.id} {g.title} 已退回上级中心 {g.returned_at}")
    return 0


def run_slips(ctx: Context, args) -> int:
    from kefu_tui.domain.intake import yuan
    from kefu_tui.services.counter import day_slips, write_slips

    if args.date and clock.normalize_stamp(args.date) is None:
        raise Unusable(f"--date {args.date!r} is not YYYY-MM-DD")
    day = clock.normalize_stamp(args.date)[:10] if args.date else ctx.now.format("YYYY-MM-DD")
    store = ctx.store()
    if args.output:
        from kefu_tui.services.outputs import OutputError

        try:
            write_slips(store, day, Path(args.output), force=args.force)
        except OutputError as e:  # exists, full disk, the database's own file: nothing written
            raise Unusable(str(e)) from None
    slips, _ = day_slips(store, day)
    total = sum(s.total_fen for s in slips)
    if args.json:
        emit_json({"date": day, "slips": [{"courier": s.courier, "collect": yuan(s.collect_fen),
                                           "cod": yuan(s.cod_fen), "total": yuan(s.total_fen),
                                           "waybills": s.waybills} for s in slips],
                   "total": yuan(total), "output": args.output})
        return 0
    for s in slips:
        print(f"{visible(s.courier):<8} 到付 {yuan(s.collect_fen):>10}  代收 {yuan(s.cod_fen):>10}  合计 {yuan(s.total_fen):>10}"
              f"  ({len(s.waybills)} 票)")
    print(f"{day} 交款合计 {yuan(total)}")
    if args.output:
        print(f"交款单已写入 {args.output}")
    return 0
