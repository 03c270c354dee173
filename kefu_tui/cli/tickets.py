"""`kefu ticket add|list|note|close|undo` — problem parcels from the command line
(SPEC §5, R-06, R-07, R-08)."""

from __future__ import annotations

from kefu_tui.cli.context import Refused, Unusable, emit_json
from kefu_tui.domain import words
from kefu_tui.domain.untrusted import free_text, visible


def register(sub, common):
    p = sub.add_parser("ticket", parents=[common], help="problem parcels (问题件): add, list, note, close, undo")
    s = p.add_subparsers(dest="ticket_cmd", metavar="ACTION", parser_class=type(p))
    s.required = True
    a = s.add_parser("add", parents=[common], help="register one type and text on many numbers (R-08)")
    a.add_argument("--type", required=True, help="a type code (phone, address, damaged, ...) or its Chinese word")
    a.add_argument("--text", default="", help="the registration text (default: the type's standard text)")
    a.add_argument("--party", help="the outlet it is sent to (default: each waybill's sender outlet)")
    a.add_argument("numbers", nargs="+", metavar="NO", help="waybill numbers, or '-' for stdin")
    a.set_defaults(func=run_add)
    ls = s.add_parser("list", parents=[common], help="the queue")
    ls.add_argument("--open", action="store_true", help="open tickets only (the default)")
    ls.add_argument("--all", action="store_true", help="open and closed")
    ls.add_argument("--closed", action="store_true", help="closed tickets only")
    ls.add_argument("--overdue", action="store_true", help="open with no update today (R-06)")
    ls.add_argument("--returnable", action="store_true",
                    help="may be returned now: 72 h since the notice, a hold counted to its end (R-09)")
    ls.add_argument("--must-return", action="store_true",
                    help="the sender replied 'return' and it is not yet returned (R-09)")
    ls.add_argument("--type", help="a type code or word")
    ls.add_argument("--party", help="the outlet it was sent to")
    ls.add_argument("--search", help="waybill number (prefix), receiver phone or name")
    ls.add_argument("--limit", type=_limit, default=100)
    ls.set_defaults(func=run_list)
    n = s.add_parser("note", parents=[common], help="a dated follow-up on the open ticket(s) of a waybill (R-07)")
    n.add_argument("number", metavar="NO")
    n.add_argument("text", nargs="+", metavar="TEXT")
    n.set_defaults(func=run_note)
    c = s.add_parser("close", parents=[common], help="close the open ticket(s) of a waybill")
    c.add_argument("number", metavar="NO")
    c.add_argument("--reason", required=True)
    c.set_defaults(func=run_close)
    r = s.add_parser("reply", parents=[common], help="the sender outlet's reply to the notice (R-09, R-07)")
    r.add_argument("number", metavar="NO")
    r.add_argument("kind", metavar="KIND", help="hold | redeliver | return | unclear (or 暂放/再派/退回/不明确)")
    r.add_argument("--until", help="hold: until when, ISO 8601, at most 3 days after the reply")
    r.add_argument("--text", default="", help="the reply's words (redeliver: the new address or phone)")
    r.set_defaults(func=run_reply)
    u = s.add_parser("undo", parents=[common], help="take back your last bulk registration")
    u.set_defaults(func=run_undo)


def _limit(text: str) -> int:
    from kefu_tui.domain.untrusted import whole_number

    n = whole_number(text, 0, 1_000_000)
    if n is None:
        raise ValueError(text)  # argparse: "invalid _limit value", exit 2
    return n


def _type(text: str) -> str:
    from kefu_tui.domain.tickets import TicketType

    try:
        return TicketType.parse(text).value
    except ValueError as e:
        raise Unusable(str(e)) from e


def _waybill(text: str) -> str:
    from kefu_tui.domain.waybills import waybill_or_none

    no = waybill_or_none(text)
    if no is None:
        raise Unusable(f"{text!r} is not a waybill number (12 digits)")
    return no


def run_add(ctx, args) -> int:
    from kefu_tui.cli.track import read_numbers
    from kefu_tui.services import tickets as ts

    type_ = _type(args.type)
    args.text = free_text(args.text)  # input boundary: no control characters, valid UTF-8
    numbers, ignored, _ = read_numbers(args.numbers)
    if not numbers:
        raise Unusable("no waybill number given (12 digits), or '-' to read stdin")
    try:
        res = ts.add_tickets(ctx.store(), numbers, type_, args.text, ctx.now, ctx.user, args.party)
    except ts.TicketError as e:
        raise Unusable(str(e)) from e
    doc = {"batch_id": res.batch_id, "created": res.created,
           "skipped_open": res.skipped_open, "unknown": res.unknown}
    if args.json:
        emit_json(doc)
    else:
        print(f"登记 {res.created} 件 (batch {res.batch_id})")
        if res.skipped_open:
            print(f"已有同类未结问题件,跳过 {len(res.skipped_open)}: {' '.join(res.skipped_open)}")
        if res.unknown:
            print(f"系统中暂无记录 {len(res.unknown)}: {' '.join(res.unknown)}")
        if ignored:
            print(f"({ignored} lines ignored)")
    return 0


def run_list(ctx, args) -> int:
    from kefu_tui.services import tickets as ts

    status = "all" if args.all else "closed" if args.closed else "open"
    f = ts.TicketFilter(status=status, overdue=args.overdue, returnable=args.returnable,
                        must_return=args.must_return,
                        type=_type(args.type) if args.type else None, party=args.party,
                        search=args.search)
    store = ctx.store()
    total = ts.count_tickets(store, f, ctx.now)
    rows = ts.page_tickets(store, f, ctx.now, 0, max(args.limit, 0), reveal=ctx.reveal)
    ctx.revealed([r.waybill for r in rows if r.phone], "ticket list")
    if args.json:
        emit_json({"tickets": [r.model_dump(mode="json") for r in rows], "count": total})
        return 0
    from kefu_tui.cli.table import table

    lines = table([(r.waybill, r.type_label if r.status == "open" else
                    f"{words.status_word(r.status)}·{r.type_label}", r.party or "—",
                    r.updated_at[5:16], f"{r.days_since_update}天", r.return_clock or "—",
                    r.last_note or "") for r in rows], right={4})
    if lines:
        print("\n".join(lines))
    print(f"{total} 件" + (f" (showing {len(rows)})" if len(rows) < total else ""))
    return 0


def _open_tickets(ctx, number: str):
    from kefu_tui.services import tickets as ts

    tickets = ts.open_tickets_of(ctx.store(), _waybill(number))
    if not tickets:
        stale = ts.last_closed_of(ctx.store(), number)
        if stale is not None:  # SPEC §14.1: say who closed it and when; change nothing
            raise Refused(str(stale), {"waybill": number, "error": "already closed",
                                       "closed_by": stale.who, "closed_at": stale.when})
        raise Refused(f"{number}: no open problem ticket", {"waybill": number, "error": "no open ticket"})
    return tickets


def run_note(ctx, args) -> int:
    from kefu_tui.services import tickets as ts

    no = _waybill(args.number)
    text = free_text(" ".join(args.text)).strip()
    if not text:
        raise Unusable("an empty note")
    stored = None
    try:
        for t in _open_tickets(ctx, no):
            stored = ts.add_note(ctx.store(), t.id, text, ctx.now, ctx.user)
    except ts.StaleTicket as e:
        raise Refused(str(e), {"waybill": no, "error": "closed", "by": e.who, "at": e.when}) from e
    if args.json:
        emit_json({"waybill": no, "text": stored})
    else:
        print(f"{no}  {visible(stored)}")
    return 0


def run_close(ctx, args) -> int:
    from kefu_tui.services import tickets as ts

    no = _waybill(args.number)
    tickets = _open_tickets(ctx, no)
    try:
        for t in tickets:
            ts.close_ticket(ctx.store(), t.id, args.reason, ctx.now, ctx.user, seen_version=t.version)
    except ts.StaleTicket as e:  # another clerk got there between our read and our write
        raise Refused(str(e), {"waybill": no, "error": "changed", "by": e.who, "at": e.when}) from e
    if args.json:
        emit_json({"waybill": no, "closed": [t.id for t in tickets], "reason": args.reason})
    else:
        print(f"{no}  closed {len(tickets)}")
    return 0


def run_reply(ctx, args) -> int:
    """SPEC §14.1 Returns: the sender's reply as a dated note (R-07) that moves the R-09 clock."""
    from kefu_tui.domain import clock
    from kefu_tui.domain.returns import ReplyKind, ReplyRefused
    from kefu_tui.services import returns as rs

    no = _waybill(args.number)
    try:
        kind = ReplyKind.parse(args.kind)
    except ValueError as e:
        raise Unusable(str(e)) from e
    until = None
    if args.until is not None:
        try:
            until = clock.parse_iso(args.until)
        except (ValueError, TypeError) as e:
            raise Unusable(f"--until {args.until!r} is not an ISO 8601 time") from e
    if kind == ReplyKind.HOLD and until is None:
        raise Unusable("hold needs --until (at most 3 days after the reply)")
    if kind != ReplyKind.HOLD and until is not None:
        raise Unusable(f"--until belongs to hold only, not {kind.value}")
    try:
        done = rs.reply_to_waybill(ctx.store(), no, kind.value, ctx.now, ctx.user, until, args.text)
    except (ReplyRefused, rs.ReturnRefused) as e:
        raise Refused(str(e), {"waybill": no, "error": str(e)}) from e
    c = done[0].clock
    if args.json:
        emit_json({"waybill": no, "kind": kind.value, "note": done[0].note,
                   "hold_until": done[0].hold_until, "tickets": [d.ticket_id for d in done],
                   "return_state": c.state.value,
                   "returnable_from": clock.iso(clock.parse_stamp(c.may_from)) if c.may_from else None,
                   "clock": c.words(ctx.now)})
    else:
        print(f"{no}  {visible(done[0].note)}")
        print(c.words(ctx.now))
    return 0


def run_undo(ctx, args) -> int:
    from kefu_tui.services import tickets as ts

    store = ctx.store()
    batch = ts.last_batch(store, ctx.user)
    if batch is None:
        raise Refused(f"{ctx.user} has no bulk registration to undo", {"batch_id": None, "removed": 0})
    removed = ts.undo_batch(store, batch, ctx.now, ctx.user)
    if args.json:
        emit_json({"batch_id": batch, "removed": removed})
    else:
        print(f"batch {batch}: removed {removed}")
    return 0
