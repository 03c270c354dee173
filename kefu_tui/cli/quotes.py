"""`kefu intake quote` (R-35 – R-40) and `kefu transfer quote|add|list` (R-13 – R-21).

Quotes need no database: they use the area table of an existing database file when one is
named (``--db``/``$KEFU_DB``, read-only, R-01), else the defaults (SPEC §13).
Exit status: an intake quote that breaks a limit or names a prohibited item prints its
JSON and exits 1 (a rule said no); a transfer quote always exits 0 — deliver, transfer and
problem are all answers, not refusals. Unreadable numbers, dims, times or addresses → 2."""

from __future__ import annotations

import sys
from decimal import Decimal

from kefu_tui.cli.context import Context, Unusable, emit_json
from kefu_tui.domain import clock
from kefu_tui.domain.intake import SERVICES, parse_dims, to_decimal, yuan



def register(sub, common):
    intake = sub.add_parser("intake", help="counter intake rules (R-35–R-40)")
    isub = intake.add_subparsers(dest="intake_command", metavar="SUBCOMMAND", required=True,
                                 parser_class=type(intake))
    q = isub.add_parser("quote", parents=[common], help="chargeable weight, limits, COD fee, header")
    q.add_argument("--weight", required=True, help="actual weight, kg")
    q.add_argument("--dims", required=True, help="LxWxH in cm, e.g. 40x30x20")
    q.add_argument("--to", required=True, help="receiver address")
    q.add_argument("--cod", help="cash-on-delivery amount (代收货款), yuan")
    q.add_argument("--service", default="normal", choices=SERVICES)
    q.add_argument("--contents", help="declared contents, checked against R-39")
    q.set_defaults(func=run_intake_quote)

    transfer = sub.add_parser("transfer", help="overzone transfers (R-13–R-21)")
    tsub = transfer.add_subparsers(dest="transfer_command", metavar="SUBCOMMAND", required=True,
                                   parser_class=type(transfer))
    q = tsub.add_parser("quote", parents=[common], help="what R-13–R-19 say for one parcel")
    q.add_argument("--to", required=True, help="receiver address")
    q.add_argument("--weight", required=True, help="kg")
    q.add_argument("--arrived", required=True, help="arrival time, ISO 8601")
    q.add_argument("--payment", default="prepaid", choices=("prepaid", "collect", "cod"))
    q.add_argument("--receipt", action="store_true", help="has a return receipt (签回单)")
    q.add_argument("--mark", help="what the label says, e.g. 超区勿转")
    q.add_argument("--length-cm", dest="length_cm", help="longest side, cm")
    q.set_defaults(func=run_transfer_quote)

    a = tsub.add_parser("add", parents=[common], help="register a transfer (R-18)")
    a.add_argument("waybill", metavar="NO")
    a.add_argument("--mode", required=True, choices=("original", "rewaybill"),
                   help="original: 原单转件; rewaybill: 换单转件")
    a.add_argument("--carrier", help="postal|sto|zto|yto|ems (or 邮政 申通 中通 圆通)")
    a.add_argument("--new-no", dest="new_no", help="the other carrier's waybill no.")
    a.add_argument("--fee", help="transfer fee (转件费), yuan")
    a.add_argument("--address", help="receiving address on the new waybill")
    a.add_argument("--name", help="delivering person's name (original-waybill)")
    a.add_argument("--contact", help="delivering person's phone (original-waybill)")
    a.add_argument("--weight", help="kg")
    a.add_argument("--note")
    a.set_defaults(func=run_transfer_add)

    ls = tsub.add_parser("list", parents=[common], help="registered transfers")
    ls.add_argument("--date", help="made on this day, YYYY-MM-DD")
    ls.add_argument("--unsigned", action="store_true", help="not signed by the other carrier")
    ls.add_argument("--due", action="store_true", help="to follow up today (R-21)")
    ls.set_defaults(func=run_transfer_list)


def _decimal(text: str | None, what: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return to_decimal(text, what)
    except ValueError as e:
        raise Unusable(str(e)) from None


def _areas(ctx: Context):
    from kefu_tui.services.transfers import areas_in_file

    return areas_in_file(ctx.db_path) if ctx.db_path_explicit else None


def header_line(header: str | None, reason: str | None) -> str:
    """The header as the text output shows it: ``null`` and the reason when there is none
    (R-38, SPEC §14.2)."""
    return f"大头笔 header        {header}" if header else f"大头笔 header        null   原因 reason: {reason}"


def _known_address(to: str) -> None:
    from kefu_tui.domain.areas import parse_place

    if not parse_place(to).known:
        raise Unusable(f"cannot tell where {to!r} is (province/city not recognised)")


def run_intake_quote(ctx: Context, args) -> int:
    from kefu_tui.domain.intake import quote_intake

    weight = _decimal(args.weight, "--weight")
    try:
        dims = parse_dims(args.dims)
    except ValueError as e:
        raise Unusable(f"--dims: {e}") from None
    cod = _decimal(args.cod, "--cod")
    # no _known_address: an address without a header is answered (header null and why, §14.2)
    q = quote_intake(weight, dims, args.to, cod, args.service, args.contents, _areas(ctx))
    if args.json:
        emit_json(q.model_dump())
    else:
        print(f"计费重量 chargeable  {q.chargeable_kg:.2f} kg   (体积重 volumetric {q.volumetric_kg:.2f} kg)")
        print(header_line(q.header, q.header_reason))
        print(f"代收手续费 COD fee    {q.cod_fee}")
        for w in q.warnings:
            print(f"注意 warning         {w}")
        if q.label_note:
            print(f"面单备注 label        {q.label_note}")
        print("可收 ok" if q.ok else "不可收 refused: " + ", ".join(q.violations + q.refusals))
    if not q.ok:
        print("kefu: refused: " + ", ".join(q.violations + q.refusals), file=sys.stderr)
        return 1
    return 0


def run_transfer_quote(ctx: Context, args) -> int:
    from kefu_tui.domain.transfers import quote_transfer

    weight = _decimal(args.weight, "--weight")
    length = _decimal(args.length_cm, "--length-cm")
    try:
        arrived = clock.parse_iso(args.arrived)
    except Exception:
        raise Unusable(f"--arrived {args.arrived!r} is not an ISO 8601 time") from None
    _known_address(args.to)
    q = quote_transfer(args.to, weight, arrived, args.payment, args.receipt, args.mark, length, _areas(ctx))
    if args.json:
        emit_json(q.model_dump())
        return 0
    from kefu_tui.domain import words

    word = f"{words.QUOTE_ACTIONS.get(q.action, q.action)} {q.action}"
    print(f"{word}   ({', '.join(q.reasons)})   超区 overzone: {'yes' if q.overzone else 'no'}")
    if q.action == "transfer":
        print(f"转件日 on {q.transfer_on}   渠道 channels: {' > '.join(words.carrier_name(c) for c in q.channels)}")
        print(f"转件费 fee {q.fee if q.fee is not None else '不收 none'}")
    for n in q.notes:
        print(f"  {n}")
    return 0


def run_transfer_add(ctx: Context, args) -> int:
    from kefu_tui.domain.transfers import TransferRegistration, parse_carrier
    from kefu_tui.domain.waybills import waybill_or_none
    from kefu_tui.services.transfers import register_transfer

    no = waybill_or_none(args.waybill)
    if no is None:
        raise Unusable(f"{args.waybill!r} is not a UC waybill number (12 digits)")
    carrier = parse_carrier(args.carrier) if args.carrier else None
    if args.carrier and carrier is None:
        raise Unusable(f"--carrier {args.carrier!r}: one of postal, sto, zto, yto, ems")
    fee = _decimal(args.fee, "--fee")
    weight = _decimal(args.weight, "--weight")
    reg = TransferRegistration(
        waybill=no, mode=args.mode, carrier=carrier, new_waybill=(args.new_no or "").strip() or None,
        fee_fen=None if fee is None else int((fee * 100).to_integral_value()),
        address=args.address, courier_name=args.name, courier_contact=args.contact,
        weight_kg=None if weight is None else float(weight), note=args.note,
    )
    record, check = register_transfer(ctx.store(), reg, ctx.now, ctx.user)
    if args.json:
        emit_json({"transfer": record.model_dump(), **check.model_dump()})
        return 0
    from kefu_tui.domain import words

    print(f"转件登记 #{record.id} {record.waybill} {words.mode_name(record.mode)}"
          f"   转件费 {'confirmed' if check.fee_confirmed else 'NOT confirmed'}")
    if check.missing:
        print("  missing: " + ", ".join(check.missing))
    if check.address_differs:
        print("  address differs from the original waybill")
    for w in check.warnings:
        print(f"  warning: {w}")
    return 0


def run_transfer_list(ctx: Context, args) -> int:
    from kefu_tui.services.transfers import due_followups, list_transfers

    if args.date and clock.normalize_stamp(args.date) is None:
        raise Unusable(f"--date {args.date!r} is not YYYY-MM-DD")
    store = ctx.store()
    if args.due:
        rows = [{**f.transfer.model_dump(), "days": f.days, "check_contact": f.check_contact}
                for f in due_followups(store, ctx.now)]
    else:
        day = clock.normalize_stamp(args.date)[:10] if args.date else None
        rows = [r.model_dump() for r in list_transfers(store, day, unsigned=args.unsigned)]
    if args.json:
        emit_json({"transfers": rows})
        return 0
    from kefu_tui.cli.table import table
    from kefu_tui.domain import words

    lines = table([(r["created_at"], r["waybill"], words.mode_name(r["mode"]),
                    words.carrier_name(r["carrier"]) or "-", r["new_waybill"] or "-",
                    yuan(r["fee_fen"], blank="-"), "已签" if r["signed_at"] else "未签",
                    "核对地址电话" if r.get("check_contact") else "") for r in rows], right={5})
    if lines:
        print("\n".join(lines))
    print(f"{len(rows)} transfer(s)")
    return 0


