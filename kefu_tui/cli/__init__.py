"""The ``kefu`` command line (SPEC §14): argument parsing and output only; the rules live
in ``domain``, the use cases in ``services``.

Each command module exposes ``register(sub, common)``: it adds its sub-parser (with
``parents=[common]`` so ``--json`` works after the command) and sets ``func=handler``
where ``handler(ctx: Context, args) -> int``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kefu_tui.cli.context import Context, Refused, Unusable, emit_json, fail

COMMAND_MODULES = (
    "kefu_tui.cli.demo",
    "kefu_tui.cli.imports",
    "kefu_tui.cli.track",
    "kefu_tui.cli.tickets",
    "kefu_tui.cli.quotes",
    "kefu_tui.cli.monitor",
    "kefu_tui.cli.export",
    "kefu_tui.cli.server",
    "kefu_tui.cli.returns",
    "kefu_tui.cli.counter",
    "kefu_tui.cli.quality",
    "kefu_tui.cli.address",
)


class _Parser(argparse.ArgumentParser):
    """Usage errors: one line on stderr, exit 2 (SPEC §14)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        fail(2, f"{self.prog}: {message}")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kefu-tui")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "dev"


def build_parser() -> argparse.ArgumentParser:
    import importlib

    p = _Parser(prog="kefu", description="kefu 客服工作台 — courier-branch customer-service workstation")
    p.add_argument("--db", help="database file (default: $KEFU_DB, else the user data folder)")
    p.add_argument("--now", help="the clock the rules use, ISO 8601 (default: $KEFU_NOW, else the real clock)")
    p.add_argument("--user", help="who is acting, for the audit trail (default: the login name)")
    p.add_argument("--reveal", action="store_true",
                   help="print receivers' phones whole (writes a 'reveal' audit entry naming the waybills)")
    p.add_argument("--demo", action="store_true",
                   help="open the workstation on a fresh demo database of its own (never the --db/$KEFU_DB one)")
    p.add_argument("--version", action="version", version=f"kefu {_version()}")
    p.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", help="print exactly one JSON document on stdout")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Whatever happens, the clerk sees at most one line on stderr: a
    closed pipe (``kefu track - | head -1``) is a normal end, a busy database says so and
    writes nothing, and a real bug's stack trace goes to the error log (crashlog)."""
    _tolerant_streams()
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(sys.stdout), _Printable(sys.stderr)
    try:
        return _main(argv)
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print("kefu: 已中断, 未写入半截数据 (interrupted; nothing half-written)", file=sys.stderr)
        return 130
    except BaseException as e:  # noqa: BLE001 — the one place every escape is turned into a line
        code, line = _one_line(e)
        try:
            print(f"kefu: {line}", file=sys.stderr)
        except (BrokenPipeError, OSError):
            pass
        return code
    finally:
        sys.stdout, sys.stderr = streams


class _Printable:
    """A text stream that drops terminal control sequences from what it is given: data
    imported from a file is printed by many commands, and one place catches them all."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from kefu_tui.domain.untrusted import printable

        self._stream.write(printable(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)

    @staticmethod
    def unwrapped(stream):
        return stream._stream if isinstance(stream, _Printable) else stream


def _tolerant_streams() -> None:
    # a file name that is not UTF-8 arrives as surrogate escapes; printing it must not fail
    for stream, errors in ((sys.stdout, "backslashreplace"), (sys.stderr, "backslashreplace"),
                           (sys.stdin, "replace")):  # stdin bytes that are not UTF-8: U+FFFD
        try:
            stream.reconfigure(errors=errors)
        except (AttributeError, ValueError):
            pass


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail
    except (OSError, ValueError):
        pass


def _one_line(e: BaseException) -> tuple[int, str]:
    """Exit status and the clerk's line for an exception no command handled (SPEC §14)."""
    import sqlite3

    from kefu_tui.crashlog import log_exception, one_line

    msg = str(e).replace("\n", " ")
    if isinstance(e, sqlite3.OperationalError) and ("locked" in msg or "busy" in msg):
        return 1, "数据库正忙, 等待超时, 未写入任何内容 (database busy; nothing written)"
    if isinstance(e, sqlite3.OperationalError) and ("readonly database" in msg or "read-only database" in msg):
        return 2, f"数据库只读, 无法写入, 未写入任何内容 (cannot write: {msg})"  # issue 15 item 8
    if isinstance(e, sqlite3.DatabaseError) and not isinstance(e, sqlite3.ProgrammingError):
        if "malformed" in msg or "not a database" in msg or "disk" in msg or "full" in msg:
            return 2, f"数据库无法使用, 未写入任何内容 (database unusable: {msg})"
    if isinstance(e, UnicodeEncodeError):  # bytes in an argument that are not UTF-8
        return 2, "输入含无法识别的字符 (text that is not valid UTF-8); 未写入任何内容 (nothing written)"
    if isinstance(e, MemoryError):
        return 1, "内存不足, 未写入任何内容 (out of memory; nothing written)"
    if isinstance(e, OSError) and e.errno is not None:
        name = f" {e.filename}" if e.filename else ""
        return 1, f"无法读写文件{name} ({e.strerror or e})"
    return 1, one_line(e, log_exception(e, "kefu " + " ".join(sys.argv[1:2])))


def _main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    ctx = Context.from_args(args)
    try:
        if args.command is None and not args.demo:
            from kefu_tui.cli.remote import forced_command

            asked = forced_command()  # a report fetched over ssh (issue 16 item 4)
            if asked is not None:
                ctx.close()
                return _main(["--db", str(ctx.db_path), "--user", ctx.user, *asked])
        if args.command is None:
            from kefu_tui.cli.open_app import open_workstation

            # the workstation draws its own screen: it gets the streams main() was given
            sys.stdout, sys.stderr = _Printable.unwrapped(sys.stdout), _Printable.unwrapped(sys.stderr)
            return open_workstation(ctx, demo=args.demo, seed=args.seed, db_flag=args.db)
        return args.func(ctx, args)
    except Unusable as e:
        fail(2, f"kefu: {e}")
    except Refused as e:
        if getattr(args, "json", False) and e.payload is not None:
            emit_json(e.payload)
        print(f"kefu: {e}", file=sys.stderr)
        return 1
    finally:
        ctx.close()
    return 0
