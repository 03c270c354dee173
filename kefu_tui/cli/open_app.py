"""``kefu`` and ``kefu --demo``: open the workstation."""

from __future__ import annotations


def open_workstation(ctx, demo: bool = False, seed: int = 1) -> int:
    if demo:
        from kefu_tui.config import data_dir
        from kefu_tui.services.demo import build_demo

        path = ctx.db_path if ctx.db_path_explicit else data_dir() / "demo.db"
        ctx.close()
        for suffix in ("", "-wal", "-shm"):
            p = path.with_name(path.name + suffix)
            if p.exists():
                p.unlink()
        ctx.db_path = path
        build_demo(ctx.store(), seed=seed, now=ctx.now, user=ctx.user)
    from kefu_tui.app import KefuApp

    ctx.store()  # create and migrate before the UI starts
    app = KefuApp(db_path=ctx.db_path, now_text=ctx.now_text or (ctx.now.isoformat() if demo else None), user=ctx.user)
    app.run()
    return app.return_code or 0
