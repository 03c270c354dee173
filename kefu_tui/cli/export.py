"""`kefu export REPORT --output FILE [--date D | --month YYYY-MM]` (SPEC §14): a report
to .csv or .xlsx, chosen by the file's suffix."""

from __future__ import annotations

import argparse

from kefu_tui.cli.context import Unusable, emit_json
from kefu_tui.services.export import REPORTS


def register(sub, common):
    listing = "\n".join(f"  {name:<10} {desc}" for name, desc in REPORTS.items())
    p = sub.add_parser(
        "export", parents=[common], help="write a report to .csv or .xlsx",
        description="Write a report to FILE; its suffix (.csv or .xlsx) picks the format.",
        epilog="reports:\n" + listing, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("report", metavar="REPORT", help="one of: " + ", ".join(REPORTS))
    p.add_argument("--output", "-o", required=True, metavar="FILE", help="FILE.csv or FILE.xlsx")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    when.add_argument("--month", metavar="YYYY-MM", help="the month (postal settlement, ledgers)")
    p.set_defaults(func=run)


def run(ctx, args) -> int:
    from pathlib import Path

    from kefu_tui.services.export import ExportError, export

    if args.report not in REPORTS:
        raise Unusable(f"export: unknown report {args.report!r}; one of: {', '.join(REPORTS)}")
    out = Path(args.output)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise Unusable(f"export: {out.name} must end in .csv or .xlsx")
    if out.exists() and not args.force:  # a file the user named is never overwritten unasked
        raise Unusable(f"export: {out} already exists; use --force to overwrite it")
    try:
        n = export(ctx.store(), args.report, out, ctx.now, args.date, args.month,
                   reveal=ctx.reveal, user=ctx.user)
    except ExportError as e:
        raise Unusable(f"export: {e}") from e
    except OSError as e:
        raise Unusable(f"export: cannot write {out}: {e}") from e
    if args.json:
        emit_json({"report": args.report, "output": str(out), "rows": n})
    else:
        print(f"{args.report}: {n} 行 → {out}")
    return 0
