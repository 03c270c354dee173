"""The workstation's feel: cold start to the first interactive frame (target < 1 s, floor:
``python -c 'import textual'``), and bytes written to the terminal for one cursor move in
the problem queue at 80×24 (the cost of a keypress over an SSH link).

``python bench/bench_tui.py`` prints the figures; ``run()`` returns them."""

from __future__ import annotations

import json
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOW = "2026-11-24T09:30:00+08:00"
TARGET_START = 1.0
RUNS = 3

CHILD = r"""
import sys, time
t0 = time.perf_counter()
from pathlib import Path
from kefu_tui.app import KefuApp
from kefu_tui.screens.home import HomeScreen
folder = Path(sys.argv[1])
app = KefuApp(folder / "kefu.db", now_text=sys.argv[2], user="clerk01", config_dir=folder / "config")
async def auto(pilot):
    while not isinstance(app.screen, HomeScreen):
        await pilot.pause(0.005)
    await pilot.pause()
    print("FRAME", flush=True)
    while app.screen.overview is None:
        await pilot.pause(0.005)
    await pilot.pause()
    print("LOADED", flush=True)
    app.exit()
app.run(headless=True, auto_pilot=auto, size=(80, 24))
"""


def _db(folder: Path) -> str:
    from kefu_tui.domain import clock
    from kefu_tui.sample_db import build_sample_db

    cfg = folder / "config"
    cfg.mkdir(exist_ok=True)
    (cfg / "settings.json").write_text(json.dumps({"post": "进港"}), encoding="utf-8")
    return build_sample_db(folder / "kefu.db", clock.parse_iso(NOW), scale=0.1)


def _timed(cmd: list[str], marks: tuple[str, ...]) -> dict[str, float]:
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    got: dict[str, float] = {}
    for line in p.stdout:
        if line.strip() in marks:
            got[line.strip()] = time.perf_counter() - t0
    p.wait(timeout=60)
    got["exit"] = time.perf_counter() - t0
    return got


def cold_start(folder: Path) -> list[dict]:
    floor = statistics.median(
        _timed([sys.executable, "-c", "import textual"], ())["exit"] for _ in range(RUNS))
    runs = [_timed([sys.executable, "-c", CHILD, str(folder), NOW], ("FRAME", "LOADED")) for _ in range(RUNS)]
    frame = statistics.median(r["FRAME"] for r in runs)
    loaded = statistics.median(r["LOADED"] for r in runs)
    return [
        _row("cold start to first interactive frame (home)", frame, "s", "python -c 'import textual'", floor, TARGET_START),
        _row("cold start to home figures loaded", loaded, "s", "python -c 'import textual'", floor, TARGET_START),
    ]


def _row(name, value, unit, floor_name, floor_value, target) -> dict:
    return {"name": name, "value": round(value, 4), "unit": unit, "floor_name": floor_name,
            "floor_value": round(floor_value, 4) if floor_value else floor_value,
            "ratio": round(value / floor_value, 2) if floor_value else None, "target": target}


def _drain(fd: int, quiet: float, limit: float = 10.0) -> int:
    """Read until nothing comes for ``quiet`` seconds; returns the byte count."""
    n, deadline = 0, time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        n += len(chunk)
    return n


def cursor_move_bytes(folder: Path) -> dict | None:
    """Bytes the real ``kefu`` writes for one ↓ in the queue at 80×24, through a pty."""
    from kefu_tui.app import desk_screen

    if desk_screen("queue") is None:
        return None
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8",
           "KEFU_CONFIG_DIR": str(folder / "config")}
    kefu = Path(sys.executable).parent / "kefu"
    p = subprocess.Popen([str(kefu), "--db", str(folder / "kefu.db"), "--now", NOW, "--user", "clerk01"],
                         stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    try:
        _drain(master, 1.0, 15)
        os.write(master, b"\x1bOR")  # F3: the problem queue
        _drain(master, 1.0)
        os.write(master, b"\x1b[B")  # warm-up move (first paint of the cursor row)
        _drain(master, 0.5)
        os.write(master, b"\x1b[B")
        n = _drain(master, 0.5)
        os.write(master, b"\x11")  # ctrl+q
        _drain(master, 0.5, 3)
    finally:
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        os.close(master)
    return _row("bytes to the terminal for one cursor move in the queue (80x24)", n, "bytes",
                "one full 80x24 screen of plain cells", 80 * 24, 80 * 24 // 4)


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="kefu-bench-tui-") as tmp:
        folder = Path(tmp)
        _db(folder)
        rows = cold_start(folder)
        move = cursor_move_bytes(folder)
        if move:
            rows.append(move)
    return rows


if __name__ == "__main__":
    for r in run():
        print(json.dumps(r, ensure_ascii=False))
