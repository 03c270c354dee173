"""``kefu demo [--seed N] [--scale F] [--force] [--json]``: fill the database with the
demo branch (SPEC §14). Refuses (exit 1) a database that already holds scans unless
``--force``, which empties the data tables first."""

from __future__ import annotations

import argparse
import time

from kefu_tui.cli.context import Refused, Unusable, emit_json


def register(sub, common):
    p = sub.add_parser("demo", parents=[common],
                       help="fill the database with a realistic, deterministic demo branch")
    p.add_argument("--seed", type=int, default=argparse.SUPPRESS, help="random seed, default 1 (same seed + same --now → same data)")
    p.add_argument("--scale", type=float, default=1.0, help="volume factor (1.0 ≈ 2,500 arrivals a day)")
    p.add_argument("--force", action="store_true", help="clear the data tables of a non-empty database first")
    p.set_defaults(func=run)


def run(ctx, args) -> int:
    from kefu_tui.services.demo import build_demo, clear_data, has_scans

    if not 0 < args.scale <= 20:
        raise Unusable(f"--scale {args.scale} must be above 0 and at most 20")
    store = ctx.store()
    if has_scans(store):
        if not args.force:
            raise Refused(f"{ctx.db_path} already holds scans; use --force to replace them with the demo",
                          {"error": "database not empty", "db": str(ctx.db_path)})
        clear_data(store, ctx.now, ctx.user)
    t0 = time.perf_counter()
    summary = build_demo(store, seed=args.seed, now=ctx.now, user=ctx.user, scale=args.scale)
    took = time.perf_counter() - t0
    if args.json:
        emit_json({**summary.as_json(), "db": str(ctx.db_path)})
        return 0
    print(f"演示数据 demo branch → {ctx.db_path}")
    print(f"  seed {summary.seed}  scale {summary.scale:g}  now {summary.now}  ({took:.1f} s)")
    from kefu_tui.cli.table import table

    print("\n".join("  " + line for line in table(
        [(name, f"{n:,}") for name, n in summary.counts.items()], right={1})))
    return 0
