"""``kefu ...`` run in this test process: the same ``kefu_tui.cli.main`` the installed
command calls, with its own argv, environment, stdin, stdout and stderr, giving what
``subprocess.run(..., capture_output=True, text=True)`` gives (returncode, stdout, stderr).

Why: a fresh interpreter costs about a second of CPU (imports), and CLI tests that start
dozens of them made most of the suite's time. The real binary is still started by the
e2e tests (tmux, ssh) and by the tests that need a process of its own (a closed pipe, a
signal, a crash log): those keep ``subprocess``."""

from __future__ import annotations

import io
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Ran:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str


@contextmanager
def _environ(env: dict[str, str] | None, drop: tuple[str, ...]):
    saved = dict(os.environ)
    try:
        for k in drop:
            os.environ.pop(k, None)
        os.environ.update(env or {})
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_kefu(args: list, env: dict[str, str] | None = None, stdin: str = "",
             drop: tuple[str, ...] = ("KEFU_DB", "KEFU_NOW")) -> Ran:
    """``kefu *args`` as a process would run it; ``drop`` names variables it must not see."""
    from kefu_tui.cli import main

    argv = [str(a) if isinstance(a, Path) else a for a in args]
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    given = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    streams = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = given, out, err
    try:
        with _environ(env, drop):
            try:
                code = main(argv)
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
                if isinstance(e.code, str):
                    print(e.code, file=err)
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
    return Ran(argv, code or 0, _text(out), _text(err))


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8", errors="replace")
