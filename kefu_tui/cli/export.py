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
    p.add_argument("--output", "-o", required=True, metavar="FILE",
                   help="FILE.csv or FILE.xlsx; - writes the whole file to stdout (with --format)")
    p.add_argument("--format", choices=("xlsx", "csv"),
                   help="the format for --output - (default xlsx); a file's suffix decides otherwise")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    when.add_argument("--month", metavar="YYYY-MM", help="the month (postal settlement, ledgers)")
    p.set_defaults(func=run)


def run(ctx, args) -> int:
    from pathlib import Path

    from kefu_tui.services.export import ExportError, export
    from kefu_tui.services.outputs import STDOUT, OutputError

    if args.report not in REPORTS:
        raise Unusable(f"export: unknown report {args.report!r}; one of: {', '.join(REPORTS)}")
    if args.output == STDOUT:
        return _to_stdout(ctx, args)
    out = Path(args.output)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise Unusable(f"export: {out.name} must end in .csv or .xlsx")
    if args.format and args.format != out.suffix.lower()[1:]:
        raise Unusable(f"export: --format {args.format} but {out.name} ends in {out.suffix}")
    if out.exists() and not args.force:  # a file the user named is never overwritten unasked
        raise Unusable(f"export: {out} already exists; use --force to overwrite it")
    try:
        n = export(ctx.store(), args.report, out, ctx.now, args.date, args.month,
                   reveal=ctx.reveal, user=ctx.user, overwrite=args.force)
    except ExportError as e:
        raise Unusable(f"export: {e}") from e
    except OutputError as e:  # full disk, no permission, the database's own file: nothing written
        raise Unusable(f"export: {e}") from e
    if args.json:
        emit_json({"report": args.report, "output": str(out), "rows": n})
    else:
        print(f"{args.report}: {n} 行 → {out}")
    return 0


def _to_stdout(ctx, args) -> int:
    """Issue 16 item 4: ``--output -`` sends the whole file to stdout once it is complete
    (``ssh clerk@server kefu export daily --output - > daily.xlsx``): a clerk whose login
    runs only the workstation still gets a report onto the PC in front of them."""
    import sys

    from kefu_tui.cli import _Printable
    from kefu_tui.services.export import ExportError, export

    fmt = args.format or "xlsx"
    raw = _Printable.unwrapped(sys.stdout)
    if args.json:
        raise Unusable("export: --output - writes the file itself to stdout; --json cannot share it")
    if fmt == "xlsx" and raw.isatty():
        raise Unusable("export: stdout is a terminal; redirect it to a file (> daily.xlsx) or use --format csv")
    raw.flush()
    try:
        n = export(ctx.store(), args.report, raw.buffer, ctx.now, args.date, args.month,
                   reveal=ctx.reveal, user=ctx.user, suffix="." + fmt)
    except ExportError as e:
        raise Unusable(f"export: {e}") from e
    print(f"{args.report}: {n} 行 → stdout ({fmt})", file=sys.stderr)
    return 0
