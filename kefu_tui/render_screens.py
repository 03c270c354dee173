"""``python -m kefu_tui.render_screens [--out screens/]``: screenshots of every screen.

Builds a demo database (seed 1, scale 0.1, now 2026-11-24 09:30 Shanghai) in a temp
folder, runs the workstation headless and saves one SVG per screen. A desk that is not
built yet is skipped with a message."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path

from kefu_tui.domain import clock

NOW = "2026-11-24T09:30:00+08:00"
USER = "clerk01"
UNKNOWN = "518999999999"  # a number the database has never seen: shown as 无记录


def _app(folder: Path):
    from kefu_tui.app import KefuApp

    cfg = folder / "config"
    cfg.mkdir(exist_ok=True)
    (cfg / "settings.json").write_text(json.dumps({"post": "进港"}), encoding="utf-8")
    return KefuApp(folder / "kefu.db", now_text=NOW, user=USER, config_dir=cfg)


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.1)


def _first(app, sql: str):
    rows = app.store.query(sql)
    return rows[0][0] if rows else None


async def _render(folder: Path, out: Path, size: tuple[int, int], only_home: bool = False) -> list[str]:
    from kefu_tui.app import desk_screen
    from kefu_tui.screens.post import PostChooser

    saved: list[str] = []
    suffix = "" if size == (120, 40) else f"_{size[0]}x{size[1]}"
    app = _app(folder)

    def shot(name: str) -> None:
        saved.append(app.save_screenshot(f"{name}{suffix}.svg", str(out)))

    async with app.run_test(size=size) as pilot:
        await _settle(pilot)
        shot("home")
        if only_home:
            return saved
        await app.push_screen(PostChooser())
        await _settle(pilot)
        shot("post_chooser")
        app.pop_screen()
        await _settle(pilot)
        if desk_screen("queue") is None:
            print("skip queue, ticket_detail: TicketQueueScreen not built yet", file=sys.stderr)
        else:
            await pilot.press("f3")
            await _settle(pilot)
            shot("queue")
            detail = _detail_screen()
            ticket = _first(app, "SELECT id FROM tickets WHERE status = 'open' ORDER BY id LIMIT 1")
            if detail and ticket:
                await app.push_screen(detail(ticket))
                await _settle(pilot)
                shot("ticket_detail")
                app.pop_screen()
            else:
                print("skip ticket_detail: no TicketDetailScreen or no ticket", file=sys.stderr)
        if desk_screen("bulk") is None:
            print("skip bulk_entry: BulkEntryScreen not built yet", file=sys.stderr)
        else:
            await pilot.press("f4")
            await _settle(pilot)
            rows = app.store.query(
                "SELECT waybill FROM waybills WHERE waybill NOT IN"
                " (SELECT waybill FROM tickets WHERE status = 'open') ORDER BY waybill LIMIT 4")
            for no in [r[0] for r in rows] + [UNKNOWN]:
                await pilot.press(*no, "enter")
            await _settle(pilot)
            shot("bulk_entry")
        tracking = desk_screen("track")
        if tracking is None:
            print("skip tracking: TrackingScreen not built yet", file=sys.stderr)
        else:
            rows = app.store.query("SELECT DISTINCT waybill FROM scans ORDER BY waybill LIMIT 5")
            app.open_tracking([r[0] for r in rows])
            await _settle(pilot)
            shot("tracking")
    return saved


def _detail_screen():
    try:
        from kefu_tui.screens.tickets import TicketDetailScreen
    except ImportError:
        return None
    return TicketDetailScreen


def render(out: Path) -> list[str]:
    from kefu_tui.sample_db import build_sample_db

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kefu-screens-") as tmp:
        folder = Path(tmp)
        kind = build_sample_db(folder / "kefu.db", clock.parse_iso(NOW), user=USER, scale=0.1)
        print(f"database: {kind}", file=sys.stderr)
        saved = asyncio.run(_render(folder, out, (120, 40)))
        saved += asyncio.run(_render(folder, out, (80, 24), only_home=True))
    return saved


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m kefu_tui.render_screens")
    p.add_argument("--out", default="screens", help="folder for the SVG files (default: screens/)")
    args = p.parse_args(argv)
    for path in render(Path(args.out)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
