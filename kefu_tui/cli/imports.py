"""`kefu import FILE... [--strict] [--json]` — legacy exports into the database (R-03,
SPEC §14, §15). Exit 0 done; 1 rows rejected under --strict (nothing written);
2 a file cannot be read (nothing written)."""

from __future__ import annotations

import sys
import time

from kefu_tui.cli.context import Refused, Unusable, emit_json
from kefu_tui.domain.untrusted import visible

BIG_FILE_ROWS = 20_000


def register(sub, common):
    p = sub.add_parser(
        "import", parents=[common],
        help="import legacy exports (scans, waybills, delivery lists; CSV/XLSX; UTF-8/GBK/GB18030)",
        description="导入乾坤系统导出: 扫描记录, 运单, 派件清单 (format recognised from the header row).",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="a .csv or .xlsx export")
    p.add_argument("--strict", action="store_true",
                   help="import nothing if any row is rejected (exit 1)")
    p.set_defaults(func=run)


def run(ctx, args) -> int:
    from kefu_tui.services.imports import StrictRefusal, Unreadable, import_files

    progress = _Bar() if sys.stderr.isatty() else None
    try:
        reports = import_files(ctx.store(), args.files, ctx.now, ctx.user,
                               strict=args.strict, progress=progress)
    except Unreadable as e:
        raise Unusable(f"cannot import {e}") from e
    except StrictRefusal as e:
        if not args.json:
            _print_human(e.reports, written=False)
        raise Refused(str(e), _document(e.reports)) from e
    finally:
        if progress:
            progress.close()
    if args.json:
        emit_json(_document(reports))
    else:
        _print_human(reports, written=True)
    return 0


def _document(reports) -> dict:
    return {
        "files": [r.as_dict() for r in reports],
        "new": sum(r.new for r in reports),
        "known": sum(r.known for r in reports),
        "updated": sum(r.updated for r in reports),
        "rejected": sum(len(r.rejected) for r in reports),
    }


def _print_human(reports, written: bool) -> None:
    from kefu_tui.services.imports import FORMAT_LABELS

    for r in reports:
        label = FORMAT_LABELS.get(r.format, r.format)
        counts = f"新增 new {r.new:>6}  已有 known {r.known:>6}"
        if r.updated:
            counts += f"  补全 updated {r.updated:>6}"
        print(f"{visible(r.file)}  [{label} {r.format}, {r.encoding}]")
        if written:
            print(f"  {counts}  拒绝 rejected {len(r.rejected):>6}")
        else:
            print(f"  读取 read {r.rows:>6}  拒绝 rejected {len(r.rejected):>6}  (未导入 nothing imported)")
        for rej in r.rejected:
            print(f"  第 {rej.row} 行 row {rej.row}: {visible(rej.reason)}")
    if len(reports) > 1 and written:
        print(f"合计 total: 新增 new {sum(r.new for r in reports)}"
              f"  已有 known {sum(r.known for r in reports)}"
              f"  拒绝 rejected {sum(len(r.rejected) for r in reports)}")


class _Bar:
    """A plain-text progress bar on stderr, shown only for big imports on a terminal."""

    def __init__(self) -> None:
        self.shown = False
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if total < BIG_FILE_ROWS:
            return
        t = time.monotonic()
        if t - self.last < 0.1 and done < total:
            return
        self.last = t
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r导入 importing [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
