"""``kefu`` and ``kefu --demo``: open the workstation.

``kefu --demo`` works on its own file, ``demo.db`` in the user data folder, and never on a
database the user named: ``--db`` with ``--demo`` is refused (exit 2), ``$KEFU_DB`` is left
alone. Without ``--now`` the demo's day ends at the next 09:30 branch time and the header
clock ticks on from there (services.demo.demo_now).

Without a terminal (``ssh -T``, ``sftp`` or ``ssh clerk@server ls`` through a login that
runs kefu, a pipe) the workstation refuses in one line, exit 2, before it builds or opens
anything (SPEC §14.2): drawing into a pipe helps no one, and once the client is gone such
a session would keep the database open. Commands (``kefu track``, …) need no terminal."""

from __future__ import annotations

import os
from pathlib import Path

from kefu_tui.cli.context import Unusable


def open_workstation(ctx, demo: bool = False, seed: int = 1, db_flag: str | None = None) -> int:
    if demo:
        _refuse_demo_args(ctx, db_flag)
    _need_terminal()
    clock_start = None
    if demo:
        clock_start = _build_demo(ctx, seed, db_flag)
    from kefu_tui.app import KefuApp

    ctx.store()  # create and migrate before the UI starts
    app = KefuApp(db_path=ctx.db_path, now_text=ctx.now_text, user=ctx.user, clock_start=clock_start)
    app.run()
    return app.return_code or 0


def demo_db_path() -> Path:
    from kefu_tui.config import data_dir

    return data_dir() / "demo.db"


def _build_demo(ctx, seed: int, db_flag: str | None, scale: float = 1.0):
    """Rebuild the demo file; the branch clock to start from (None: ``--now`` freezes it)."""
    from kefu_tui.domain import clock
    from kefu_tui.services.demo import build_demo, demo_now

    _refuse_demo_args(ctx, db_flag)
    path = demo_db_path()
    ctx.close()
    for suffix in ("", "-wal", "-shm"):
        p = path.with_name(path.name + suffix)
        if p.exists():
            p.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    ctx.db_path = path
    start = None if ctx.now_text else demo_now(clock.now())
    build_demo(ctx.store(), seed=seed, now=start or ctx.now, user=ctx.user, scale=scale)
    return start


def _refuse_demo_args(ctx, db_flag: str | None) -> None:
    path = demo_db_path()
    if db_flag:
        raise Unusable(f"--demo 使用自己的演示库 {path},不会改动 --db 指定的 {db_flag};"
                       "请去掉 --db,或去掉 --demo 打开该库")
    if ctx.db_path_explicit and _same_file(ctx.db_path, path):
        raise Unusable(f"$KEFU_DB 指向演示库 {path};演示会重建该文件,请先改用别的 KEFU_DB")


def _need_terminal() -> None:
    """stdin and stdout, and stderr too: Textual draws on stderr."""
    missing = [name for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")) if not os.isatty(fd)]
    if missing:
        raise Unusable(f"工作台需要终端, 但 {'/'.join(missing)} 不是终端 (no terminal on "
                       f"{'/'.join(missing)}); 请用 ssh -t 登录; 命令如 kefu track 不需要终端")


def _same_file(a: Path, b: Path) -> bool:
    return a.expanduser().resolve() == b.expanduser().resolve()
