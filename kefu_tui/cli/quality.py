"""kefu handover, kefu complaint (SPEC §14.1, issue 11).

- ``kefu handover add TEXT [--urgent] [--waybill NO]...``, ``handover list [--json]`` (open
  notes, urgent first), ``handover done ID``.
- ``kefu complaint add --from NAME --phone PHONE --text TEXT [--waybill NO]`` → the new id;
  ``complaint step ID STEP --text TEXT`` (judged, responsible, proposal, done, callback,
  summary, in that order; out of order exits 1); ``complaint list [--open]
  [--callbacks-due] [--json]``."""

from __future__ import annotations

from kefu_tui.cli.context import Refused, Unusable, emit_json, record_id
from kefu_tui.domain import quality as dq
from kefu_tui.domain.untrusted import visible


def register(sub, common):
    h = sub.add_parser("handover", parents=[common], help="shift handover notes (交接记录本)")
    hs = h.add_subparsers(dest="handover_action", metavar="ACTION", required=True)
    a = hs.add_parser("add", parents=[common], help="a note for the next shift")
    a.add_argument("text")
    a.add_argument("--urgent", action="store_true", help="urgent: shown first")
    a.add_argument("--waybill", action="append", default=[], metavar="NO", help="a waybill it is about")
    a.set_defaults(func=_handover_add)
    ls = hs.add_parser("list", parents=[common], help="open notes, urgent first")
    ls.set_defaults(func=_handover_list)
    d = hs.add_parser("done", parents=[common], help="mark a note done")
    d.add_argument("id", type=record_id)
    d.set_defaults(func=_handover_done)

    c = sub.add_parser("complaint", parents=[common], help="complaints and callbacks (投诉/回访)")
    cs = c.add_subparsers(dest="complaint_action", metavar="ACTION", required=True)
    a = cs.add_parser("add", parents=[common], help="register a complaint")
    a.add_argument("--from", dest="caller", required=True, metavar="NAME")
    a.add_argument("--phone", required=True)
    a.add_argument("--text", required=True)
    a.add_argument("--waybill", metavar="NO")
    a.set_defaults(func=_complaint_add)
    s = cs.add_parser("step", parents=[common], help="the next step of a complaint")
    s.add_argument("id", type=record_id)
    s.add_argument("step", choices=list(dq.STEPS[1:]))
    s.add_argument("--text", required=True)
    s.add_argument("--unsatisfied", action="store_true",
                   help="callback: the customer is not satisfied (re-opens it); also read from 不满意 in the text")
    s.add_argument("--unjustified", action="store_true",
                   help="judged: not justified; also read from 不成立/无责 in the text")
    s.set_defaults(func=_complaint_step)
    ls = cs.add_parser("list", parents=[common], help="the complaint register")
    ls.add_argument("--open", action="store_true", help="not yet summarised")
    ls.add_argument("--callbacks-due", action="store_true",
                    help="carried out, no callback yet, oldest first, with callback_by")
    ls.set_defaults(func=_complaint_list)


def _svc():
    from kefu_tui.services import quality

    return quality


def _refuse(e: Exception):
    svc = _svc()
    if isinstance(e, (svc.StepRefused, svc.NotFound)):
        raise Refused(str(e)) from e
    raise Unusable(str(e)) from e


# ---------------------------------------------------------------- handover

def _handover_add(ctx, args) -> int:
    svc = _svc()
    try:
        note = svc.add_note(ctx.store(), args.text, args.urgent, ctx.now, ctx.user, args.waybill)
    except ValueError as e:
        raise Unusable(str(e)) from e
    if args.json:
        emit_json(note.model_dump())
    else:
        print(f"交接 #{note.id} 已记录{' (紧急)' if note.urgent else ''}")
    return 0


def _handover_list(ctx, args) -> int:
    notes = _svc().open_notes(ctx.store())
    if args.json:
        emit_json({"notes": [n.model_dump() for n in notes]})
        return 0
    for n in notes:
        tag = "紧急" if n.urgent else "    "
        nos = f" [{' '.join(n.waybills)}]" if n.waybills else ""
        print(f"#{n.id:<4} {tag} {n.at[5:16]} {visible(n.by)}: {visible(n.text)}{nos}")
    if not notes:
        print("没有未办的交接记录")
    return 0


def _handover_done(ctx, args) -> int:
    try:
        note = _svc().mark_note_done(ctx.store(), args.id, ctx.now, ctx.user)
    except Exception as e:
        _refuse(e)
    if args.json:
        emit_json(note.model_dump())
    else:
        print(f"交接 #{note.id} 已办结 ({visible(note.done_by)} {note.done_at})")
    return 0


# ---------------------------------------------------------------- complaints

def _complaint_add(ctx, args) -> int:
    try:
        cid = _svc().add_complaint(ctx.store(), args.caller, args.phone, args.text, args.waybill,
                                   ctx.now, ctx.user)
    except ValueError as e:
        raise Unusable(str(e)) from e
    if args.json:
        emit_json({"id": cid})
    else:
        print(cid)
    return 0


def _complaint_step(ctx, args) -> int:
    answer = None
    if args.step == "callback" and args.unsatisfied:
        answer = dq.UNSATISFIED
    if args.step == "judged" and args.unjustified:
        answer = dq.UNJUSTIFIED
    try:
        view = _svc().add_step(ctx.store(), args.id, args.step, args.text, ctx.now, ctx.user, answer)
    except Exception as e:
        _refuse(e)
    if args.json:
        emit_json(view.model_dump())
    else:
        tail = ""
        if view.step == "callback":
            tail = f" ({dq.ANSWER_LABELS[view.outcome]}{', 重新处理' if view.outcome == dq.UNSATISFIED else ''})"
        print(f"投诉 #{view.id}: {view.step} {view.step_label}{tail}")
    return 0


def _complaint_list(ctx, args) -> int:
    reveal = bool(getattr(ctx, "reveal", False))  # --reveal: phones whole, audited (§14.1)
    views = _svc().list_complaints(ctx.store(), ctx.now, open_only=args.open,
                                   callbacks_due=args.callbacks_due, reveal=reveal)
    if reveal:
        ctx.revealed([v.waybill for v in views], "complaint list")
    if args.json:
        emit_json({"complaints": [v.model_dump(exclude={"steps"}) for v in views]})
        return 0
    for v in views:
        due = ""
        if v.callback_by:
            by = v.callback_by[5:16].replace("T", " ")
            due = f" 回访截止 {by}{' 已超期' if v.callback_overdue else ''}"
        answer = f"({dq.ANSWER_LABELS[v.outcome]})" if v.step == "callback" and v.outcome else ""
        print(f"#{v.id:<4} {v.received_at[5:16]} {visible(v.caller)} {visible(v.phone)} {v.step_label}{answer}{due}"
              f"  {visible(v.text)}")
    if not views:
        print("没有投诉")
    return 0
