"""kefu audit, kefu backup, kefu restore (SPEC §14.1, issue 9)."""

from __future__ import annotations

from kefu_tui.cli.context import Unusable, emit_json
from kefu_tui.domain.untrusted import visible


def register(sub, common):
    a = sub.add_parser("audit", parents=[common], help="the audit trail, newest first (who, when, what)")
    a.add_argument("--waybill", metavar="NO", help="entries about this waybill")
    a.add_argument("--user", dest="audit_user", metavar="NAME", help="entries by this clerk")
    a.add_argument("--since", metavar="ISO8601", help="entries at or after this time")
    a.add_argument("--limit", type=int, default=None, help=argparse_hidden())
    a.set_defaults(func=run_audit)
    b = sub.add_parser("backup", parents=[common], help="copy the database while others write (online backup)")
    b.add_argument("file", metavar="FILE")
    b.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    b.add_argument("--check", action="store_true", help="run PRAGMA integrity_check on the copy")
    b.set_defaults(func=run_backup)
    r = sub.add_parser("restore", parents=[common], help="replace the database with a checked backup")
    r.add_argument("file", metavar="FILE")
    r.set_defaults(func=run_restore)


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


def _since(text: str | None) -> str | None:
    if not text:
        return None
    from kefu_tui.domain import clock

    try:
        return clock.stamp(clock.parse_iso(text))
    except Exception as e:
        raise Unusable(f"--since {text!r} is not an ISO 8601 time ({e})") from e


def run_audit(ctx, args) -> int:
    from kefu_tui.services.audit import trail

    waybill = None
    if args.waybill:
        from kefu_tui.domain.waybills import waybill_or_none

        waybill = waybill_or_none(args.waybill)
        if waybill is None:
            raise Unusable(f"{args.waybill!r} is not a waybill number (12 digits)")
    entries = trail(ctx.store(), waybill, args.audit_user, _since(args.since), args.limit)
    if args.json:
        emit_json({"entries": [e.model_dump(mode="json") for e in entries]})
        return 0
    for e in entries:
        print(f"{e.at}  {visible(e.user):<10}  {visible(e.action):<14}  {visible(e.waybill or '—')}"
              f"  {visible(_short(e.after))}")
    print(f"{len(entries)} 条")
    return 0


def _short(value) -> str:
    import json

    text = "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 60 else text[:59] + "…"


def run_backup(ctx, args) -> int:
    from pathlib import Path

    from kefu_tui.services import backup as bk

    try:
        bk.backup(ctx.db_path, Path(args.file), force=args.force, check=args.check)
    except (bk.TargetExists, bk.BadDatabase, OSError) as e:
        raise Unusable(str(e)) from e
    if args.json:
        emit_json({"backup": str(args.file), "database": str(ctx.db_path)})
    else:
        print(f"已备份到 {args.file}")
    return 0


def run_restore(ctx, args) -> int:
    from pathlib import Path

    from kefu_tui.services import backup as bk

    try:
        kept = bk.restore(ctx.db_path, Path(args.file), ctx.now, ctx.user)
    except (bk.BadDatabase, bk.NotWritable, OSError) as e:
        raise Unusable(f"restore refused, nothing changed: {e}") from e
    if args.json:
        emit_json({"restored": str(args.file), "database": str(ctx.db_path),
                   "kept": str(kept) if kept else None})
    else:
        print(f"已从 {args.file} 恢复" + (f";原数据库保存为 {kept}" if kept else ""))
    return 0
