"""`kefu monitor` — the monitoring board of SPEC §8 at ``--now`` (R-24..R-30);
`kefu monitor check RULE` records that the item was checked (R-34); `kefu monitor checks`
lists today's checks and what is still unchecked."""

from __future__ import annotations

import argparse

from kefu_tui.cli.context import Unusable, emit_json
from kefu_tui.cli.table import table
from kefu_tui.domain import monitoring as m
from kefu_tui.domain.clock import parse_iso
from kefu_tui.domain.untrusted import visible


def register(sub, common):
    p = sub.add_parser(
        "monitor", parents=[common], help="monitoring indicators R-24..R-30 and their findings",
        description="Without an action: the board. 'check RULE' records a check (R-34); "
                    "'checks' lists today's checks and the unchecked items.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", nargs="?", choices=["check", "checks"], help="check | checks")
    p.add_argument("rule", nargs="?", help="the item checked: R-24 … R-33")
    p.add_argument("--check", dest="check_rule", metavar="RULE", help="same as 'check RULE'")
    p.add_argument("--note", help="a note with the check")
    p.set_defaults(func=run)


def run(ctx, args) -> int:
    from kefu_tui.services import monitor as svc

    rule = args.check_rule or (args.rule if args.action == "check" else None)
    if args.action == "check" and not rule:
        raise Unusable("monitor check: which item? (R-24 … R-33)")
    if args.action is None and args.rule:
        raise Unusable(f"monitor: unexpected {args.rule!r}")
    if rule:
        return _check(ctx, args, svc, rule)
    if args.action == "checks":
        return _checks(ctx, args, svc)
    b = svc.board(ctx.store(), ctx.now)
    if args.json:
        emit_json(b)
    else:
        _print_board(b)
    return 0


def _check(ctx, args, svc, text: str) -> int:
    rule = m.normalize_rule(text)
    if rule is None:
        raise Unusable(f"monitor check: {text!r} is no monitoring item (R-24 … R-33)")
    store = ctx.store()
    n = len(svc.findings(store, rule, ctx.now)) if rule in svc.INDICATORS else None
    c = svc.record_check(store, rule, ctx.now, ctx.user, n, args.note)
    if args.json:
        emit_json(c.model_dump())
    else:
        tail = "" if n is None else f", {n} 条发现"
        print(f"{rule} {m.RULES[rule]}: 已检查 {c.checked_at} {visible(c.checked_by)}{tail}")
    return 0


def _checks(ctx, args, svc) -> int:
    store = ctx.store()
    done = svc.checks_today(store, ctx.now)
    left = svc.unchecked_today(store, ctx.now)
    fen = m.unchecked_penalty_fen(left)
    if args.json:
        emit_json({"day": ctx.now.format("YYYY-MM-DD"),
                   "checks": [c.model_dump() for c in done],
                   "unchecked": [{"rule": u.rule, "name": u.name, "post": u.post,
                                  "penalty": u.penalty} for u in left],
                   "penalty": m.yuan(fen)})
        return 0
    lines = table([("✓", c.rule, m.RULES[c.rule], c.checked_at, c.checked_by) for c in done]
                  + [("✗", u.rule, u.name, u.post, f"扣 {u.penalty}") for u in left])
    if lines:
        print("\n".join(lines))
    print(f"未检查 {len(left)} 项, 合计 {m.yuan(fen)} 元")
    return 0


def _short(t: str) -> str:
    return parse_iso(t).format("MM-DD HH:mm")


def _print_board(b: dict) -> None:
    rows = []
    for rule, entry in b.items():
        start, end = entry["window"]
        fs = entry["findings"]
        nos = " ".join(f.get("waybill") or f.get("order") or "" for f in fs[:3]) + (" …" if len(fs) > 3 else "")
        rows.append((rule, m.RULES[rule], f"{_short(start)} → {_short(end)}", len(fs), nos))
    print("\n".join(table(rows, right={3})))
