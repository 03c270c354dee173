"""``kefu return NO`` (SPEC §14.1 Returns, R-09, issue 12): return a parcel to its sender
outlet and print its return label; every refusal exits 1 with the reason, nothing written.
(``kefu ticket reply`` and ``ticket list --must-return`` live with the other ticket commands.)"""

from __future__ import annotations

from kefu_tui.cli.context import Refused, emit_json


def register(sub, common):
    p = sub.add_parser("return", parents=[common],
                       help="return a parcel to its sender outlet (退件, R-09) and print its label")
    p.add_argument("number", metavar="NO")
    p.set_defaults(func=run_return)


def label_json(label) -> dict:
    from kefu_tui.domain.returns import label_lines

    return {**label.model_dump(), "lines": label_lines(label)}


def run_return(ctx, args) -> int:
    from kefu_tui.cli.tickets import _waybill
    from kefu_tui.domain.clock import iso
    from kefu_tui.domain.returns import label_lines
    from kefu_tui.services import returns as rs

    no = _waybill(args.number)
    try:
        label = rs.return_one(ctx.store(), no, ctx.now, ctx.user)
    except rs.ReturnRefused as e:
        raise Refused(str(e), {"waybill": no, "error": str(e)}) from e
    if args.json:
        emit_json({"waybill": no, "returned_at": iso(ctx.now), "label": label_json(label)})
        return 0
    print("\n".join(label_lines(label)))
    print(f"{no} 已退件:到件、退件、发件至郑州分拨中心 {ctx.now.format('YYYY-MM-DD HH:mm')};问题件已关闭(退件)")
    return 0
