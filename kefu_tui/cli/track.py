"""`kefu track NO... | -` — the timelines of many waybills at once (F12, SPEC §4, R-05)."""

from __future__ import annotations

import sys

from kefu_tui.cli.context import Unusable, emit_json
from kefu_tui.cli.table import pad
from kefu_tui.domain import words
from kefu_tui.domain.waybills import numbers_in
from kefu_tui.domain.untrusted import visible


def register(sub, common):
    p = sub.add_parser("track", parents=[common],
                       help="timelines of waybills (F12); '-' reads numbers from stdin")
    p.add_argument("numbers", nargs="+", metavar="NO", help="waybill numbers, or '-' for stdin")
    p.set_defaults(func=run)


def read_numbers(args_numbers: list[str]) -> tuple[list[str], int, int]:
    """The numbers of the arguments, ``-`` meaning stdin (one per line, other text ignored)."""
    text = "\n".join(sys.stdin.read() if a == "-" else a for a in args_numbers)
    return numbers_in(text)


def run(ctx, args) -> int:
    from kefu_tui.services.tracking import track

    numbers, ignored, repeats = read_numbers(args.numbers)
    if not numbers and "-" not in args.numbers:
        raise Unusable("no waybill number given (12 digits), or '-' to read stdin")
    parcels = track(ctx.store(), numbers, ctx.now, reveal=ctx.reveal)
    ctx.revealed([p.waybill for p in parcels if p.waybill_info and p.waybill_info.phone], "track")
    if args.json:
        emit_json({"parcels": [p.model_dump(mode="json") for p in parcels],
                   "ignored": ignored, "repeats": repeats})
        return 0
    out = []
    for p in parcels:
        if not p.known:
            out.append(f"{p.waybill}  未知单号 (no scan, waybill or registration)")
            continue
        action = "—" if p.next_action == "none" else p.next_action
        # every stored field through visible(): a site name holding a newline must not
        # forge a 签收 line (issue 15 item 3)
        out.append(f"{p.waybill}  {visible(p.state)}  {visible(p.site or '—')}  下一步: {visible(action)}")
        for s in p.scans:
            hop = (f" → {visible(s.next_site)}" if s.next_site
                   else (f" ← {visible(s.prev_site)}" if s.prev_site else ""))
            who = f"  {visible(s.operator)}" if s.operator else ""
            out.append(f"    {s.at}  {pad(s.kind, 8)}  {visible(s.site)}{hop}{who}")
        for tk in p.tickets:
            out.append(f"    问题件[{words.status_word(tk.status)}] {tk.type_label}: {visible(tk.text)}"
                       + (f"  最新: {visible(tk.notes[-1])}" if tk.notes else "")
                       + (f"  {visible(words.closed_words(tk))}" if tk.status != "open" else ""))
        for tr in p.transfers:
            out.append(f"    转件 {words.mode_name(tr.mode)} {words.carrier_name(tr.carrier)} {visible(tr.new_waybill)}"
                       f" {tr.created_at}{'  已签收' if tr.signed_at else ''}")
    if ignored or repeats:
        out.append(f"({ignored} lines ignored, {repeats} repeats folded)")
    print("\n".join(out))
    return 0
