"""A workstation whose terminal goes away leaves (SPEC §14.2, issue 16 item 2): no ``kefu``
process is left 10 s after its tmux session is killed (the terminal hung up: SIGHUP and
SIGCONT) on an idle home screen or right after F8 while the board is still computing on
the demo, nor after its terminal ends without a SIGHUP (EOF on stdin, the terminal not
its controlling one).

Before the fix, F8 then a hang-up left kefu blocked for good (the UI thread in
``Queue.put`` of Textual's output thread, which had died on the dead terminal), and EOF
without SIGHUP spun on ``read() == 0`` forever. Needs tmux (.ci/run installs it)."""

from __future__ import annotations

import os
import pty
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

KEFU = Path(sys.executable).parent / "kefu"
NOW = "2026-11-24T09:30:00+08:00"
GONE_WITHIN = 10.0  # SPEC says 2 s; a loaded 2-core CI machine gets slack, a hang gets none


def _env(tmp_path: Path) -> dict[str, str]:
    cfg = tmp_path / "config"
    cfg.mkdir(parents=True, exist_ok=True)
    (cfg / "settings.json").write_text('{"post": "进港"}', encoding="utf-8")
    return {"KEFU_CONFIG_DIR": str(cfg), "KEFU_DATA_DIR": str(tmp_path / "data"),
            "TERM": "xterm-256color", "LANG": "C.UTF-8"}


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that may never reap it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def _gone_after(pid: int, timeout: float = GONE_WITHIN) -> float | None:
    """Seconds until ``pid`` ended, None if it still runs after ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if not _alive(pid):
            return time.monotonic() - start
        time.sleep(0.05)
    return None


class Tmux:
    """kefu alone in a detached tmux session at 80×24 (``exec``: the pane's process is kefu)."""

    def __init__(self, args: list[str], env: dict[str, str]):
        assert shutil.which("tmux"), "tmux is not installed (.ci/run installs it)"
        self.name = f"kefu-{uuid.uuid4().hex[:8]}"
        command = "exec " + " ".join(shlex.quote(a) for a in [str(KEFU), *args])
        env_args = [a for k, v in env.items() for a in ("-e", f"{k}={v}")]
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24",
                        *env_args, command], check=True, timeout=30)
        self.pid = int(subprocess.run(["tmux", "display-message", "-p", "-t", self.name, "#{pane_pid}"],
                                      capture_output=True, text=True, check=True, timeout=30).stdout)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True,
                              text=True, timeout=30).stdout

    def wait_for(self, text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen():
                return
            assert _alive(self.pid), f"kefu ended before showing {text!r}"
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not on screen after {timeout}s:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True, timeout=30)

    def kill(self) -> None:
        """The terminal goes away: tmux closes the pty, the kernel hangs it up."""
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True, timeout=30)


@pytest.fixture
def sessions():
    made: list[Tmux] = []

    def make(*args, **kwargs) -> Tmux:
        made.append(Tmux(*args, **kwargs))
        return made[-1]

    yield make
    for t in made:
        t.kill()
        if _alive(t.pid):  # only a failed test gets here: leave no process behind
            os.kill(t.pid, 9)


def test_terminal_killed_on_idle_home_or_right_after_f8_kefu_leaves(tmp_path, sessions):
    """Idle home (this always worked: 0.3 s), then F8 on the demo, whose clock ticks and
    whose board redraws row by row: the moment that hung kefu for good about three times in
    four. Twice, each on a fresh demo."""
    term = sessions(["--db", str(tmp_path / "kefu.db"), "--now", NOW, "--user", "clerk01"], _env(tmp_path))
    term.wait_for("客服工作台")
    term.kill()
    assert _gone_after(term.pid) is not None, "kefu still running 10 s after its terminal was killed"
    for attempt in range(2):
        env = _env(tmp_path / f"try{attempt}")
        term = sessions(["--demo"], env)
        term.wait_for("客服工作台", timeout=300)  # the demo is built first
        term.keys("F8")
        term.wait_for("正在计算")
        time.sleep(0.3)  # within a moment of F8: the board still computing in its worker
        term.kill()
        took = _gone_after(term.pid)
        assert took is not None, f"try {attempt}: kefu still running 10 s after its terminal was killed"


def _kefu_on_pty(tmp_path: Path) -> tuple[subprocess.Popen, int]:
    """kefu on a pty that is not its controlling terminal; returns it and the pty's other
    end (non-blocking), the side a terminal (or sshd) holds."""
    controller, terminal = pty.openpty()
    os.set_blocking(controller, False)
    proc = subprocess.Popen([str(KEFU), "--db", str(tmp_path / "kefu.db"), "--now", NOW],
                            stdin=terminal, stdout=terminal, stderr=terminal,
                            env={**os.environ, **_env(tmp_path)}, start_new_session=True)
    os.close(terminal)
    return proc, controller


def test_terminal_ends_without_sighup_kefu_leaves(tmp_path):
    """EOF with no SIGHUP: kefu on a pty that is not its controlling terminal, whose other
    end is then closed (what Textual alone met with a busy ``read() == 0`` loop)."""
    proc, controller = _kefu_on_pty(tmp_path)
    try:
        shown, deadline = b"", time.monotonic() + 60
        while "客服工作台".encode() not in shown and time.monotonic() < deadline:
            assert proc.poll() is None, shown[-500:]
            try:
                shown += os.read(controller, 65536)
            except BlockingIOError:
                time.sleep(0.1)
        assert "客服工作台".encode() in shown, "the workstation did not start"
        os.close(controller)
        controller = -1
        proc.wait(timeout=GONE_WITHIN)  # TimeoutExpired: still running
    finally:
        if controller != -1:
            os.close(controller)
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def test_terminal_frozen_kefu_leaves(tmp_path):
    """Issue 16 item 2, a frozen client (a stopped ``ssh``, a PC asleep): the link and the pty
    stay up, output is still taken, but the terminal answers nothing any more. Found in the
    trial: kefu left 22 s after the freeze (probe every 5 s, 20 s of silence), and a client
    frozen before kefu's first probe (5 s after start) was never judged at all. Now the
    first probe goes out at once and no kefu is left ``GONE_WITHIN`` after the freeze."""
    proc, controller = _kefu_on_pty(tmp_path)

    def take() -> bytes:
        try:
            return os.read(controller, 65536)
        except (BlockingIOError, OSError):
            return b""

    try:
        shown, asked, deadline = b"", 0, time.monotonic() + 60
        while not ("客服工作台".encode() in shown and asked) and time.monotonic() < deadline:
            assert proc.poll() is None, shown[-500:]
            out = take()
            shown += out
            if out.count(b"\x1b[6n"):  # a live terminal answers where its cursor is
                asked += 1
                os.write(controller, b"\x1b[24;80R")
            time.sleep(0.05)
        assert asked, "kefu never asked its terminal: a freeze could not be seen"
        frozen = time.monotonic()
        while proc.poll() is None and time.monotonic() - frozen < GONE_WITHIN:
            take()  # sshd keeps taking the output of a frozen client's session
            time.sleep(0.05)
        assert proc.poll() is not None, f"kefu still running {GONE_WITHIN} s after its terminal froze"
    finally:
        os.close(controller)
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
