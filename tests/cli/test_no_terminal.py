"""The workstation without a terminal (SPEC §14.2, issue 16 item 2): ``ssh -T``, ``sftp``
or ``ssh clerk@server ls`` through a login that runs kefu, or a pipe, give it no terminal.
It says so in one line and exits 2 at once, before building or opening anything, instead
of drawing into the void (and, once the client was gone, spinning on ``read() == 0`` with
the database open). Commands such as ``kefu track`` need no terminal.

Real processes: what is tested is the process's own stdin/stdout/stderr."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

KEFU = Path(sys.executable).parent / "kefu"
NOW = "2026-11-24T09:30:00+08:00"


def _env(tmp_path: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "xterm-256color",
            "KEFU_DATA_DIR": str(tmp_path / "data"), "KEFU_CONFIG_DIR": str(tmp_path / "config")}


def _run(args: list[str], tmp_path: Path, stdin, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    # a workstation that did start would never end by itself: the timeout is the failure
    return subprocess.run([str(KEFU), *args], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
                          env=_env(tmp_path), timeout=60, text=True)


@pytest.mark.parametrize("stdin", ["devnull", "closed pipe", "pipe with keys"])
def test_workstation_without_a_terminal_exits_2_in_one_line_and_opens_nothing(tmp_path, stdin):
    """``ssh -T clerk@server`` (a pipe), ``kefu < /dev/null``: exit 2, one line, no database made."""
    db = tmp_path / "kefu.db"
    given = {"devnull": subprocess.DEVNULL, "closed pipe": "", "pipe with keys": "\x1b[19~q\n"}[stdin]
    args = ["--db", str(db), "--now", NOW]
    if isinstance(given, str):
        r = subprocess.run([str(KEFU), *args], input=given, capture_output=True, env=_env(tmp_path),
                           timeout=60, text=True)
    else:
        r = _run(args, tmp_path, given)
    assert r.returncode == 2, r
    assert r.stderr.count("\n") == 1 and "终端" in r.stderr and "stdin" in r.stderr, r.stderr
    assert r.stdout == ""
    assert not db.exists()


def test_demo_without_a_terminal_refuses_before_building(tmp_path):
    r = _run(["--demo"], tmp_path, subprocess.DEVNULL)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "终端" in r.stderr, r
    assert not (tmp_path / "data" / "demo.db").exists()


def test_a_terminal_on_stdin_but_stdout_a_pipe_is_refused(tmp_path):
    """stdin and stdout both: ``kefu | less`` would draw where no one looks."""
    controller, terminal = pty.openpty()
    try:
        r = _run(["--db", str(tmp_path / "kefu.db"), "--now", NOW], tmp_path, terminal)
    finally:
        os.close(terminal)
        os.close(controller)
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r
    assert "stdout" in r.stderr and "stdin" not in r.stderr.split("(")[0], r.stderr


def test_commands_need_no_terminal(tmp_path):
    r = _run(["--db", str(tmp_path / "kefu.db"), "--now", NOW, "track", "518000000101"], tmp_path,
             subprocess.DEVNULL)
    assert r.returncode == 0 and "518000000101" in r.stdout, r
