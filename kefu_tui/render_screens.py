"""``python -m kefu_tui.render_screens [--out screens/]``: screenshots of every screen.

Builds the demo branch (services.demo.build_demo: seed 1, scale 0.1, now 2026-11-24 09:30
Shanghai, user clerk01) once, then for each size (120×40 → ``<name>.svg``, 80×24 →
``<name>-80x24.svg``) copies it into a fresh work folder and walks the workstation
headless through every desk, saving one SVG per screen.

Deterministic: frozen clock, cursor blink off on every Input, notifications cleared, and
every shot waits until the screen's workers are done and its content is there (a picture
never shows "正在统计…" or a list that would be full a moment later). The work folder has
a fixed name in the system temp folder because the reports desk prints its path."""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
from pathlib import Path

from kefu_tui.domain import clock

NOW = "2026-11-24T09:30:00+08:00"
USER = "clerk01"
UNKNOWN = "518999999999"  # a number the database has never seen: shown as 无记录
SIZES = ((120, 40), (80, 24))
QUOTE = ("河南省信阳市淮滨县王家岗乡", "2.3", "")  # address, kg, arrival (empty = now)
WORK = Path(tempfile.gettempdir()) / "kefu-screens"  # shown by the reports desk


class NotReady(RuntimeError):
    """A screen did not reach the state to photograph in time."""


def _app(folder: Path):
    from kefu_tui.app import KefuApp

    cfg = folder / "config"
    cfg.mkdir(exist_ok=True)
    (cfg / "settings.json").write_text(json.dumps({"post": "进港", "keymap": {}}), encoding="utf-8")
    return KefuApp(folder / "kefu.db", now_text=NOW, user=USER, config_dir=cfg)


async def _until(pilot, ready, what: str, timeout: float = 20.0) -> None:
    """Pause until ``ready()`` holds: workers run in threads and post back messages."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if ready():
            return
        if loop.time() > end:
            raise NotReady(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def _steady(pilot) -> None:
    """Nothing moving: no blink, no toast with a timeout, no pending message."""
    from textual.widgets import Input

    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause(0.05)
    await pilot.pause()


def _text(app, selector: str) -> str:
    from textual.widgets import Static

    return str(app.screen.query_one(selector, Static).render())


def _col(app, sql: str, *args) -> list:
    return [r[0] for r in app.store.query(sql, args)]


async def _render(folder: Path, out: Path, size: tuple[int, int]) -> list[str]:
    from kefu_tui.screens.post import PostChooser
    from kefu_tui.screens.ticket_detail import TicketDetailScreen

    saved: list[str] = []
    suffix = "" if size == (120, 40) else f"-{size[0]}x{size[1]}"
    app = _app(folder)

    async def shot(name: str) -> None:
        await _steady(pilot)
        saved.append(app.save_screenshot(f"{name}{suffix}.svg", str(out)))

    async with app.run_test(size=size) as pilot:
        await _until(pilot, lambda: "正在统计" not in _text(app, "#home-figures"), "home figures")
        await shot("home")

        await app.push_screen(PostChooser())
        await shot("post_chooser")
        app.pop_screen()

        # F3 problem queue: the list appears after its count
        await pilot.press("f3")
        await _until(pilot, lambda: getattr(app.screen, "total", None) is not None, "queue count")
        await shot("queue")
        await pilot.press("f1")  # F1 help over the queue: its keys and the desks'
        await _until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", "help")
        await shot("help")
        await pilot.press("escape")
        ticket = _col(app, "SELECT t.id FROM tickets t LEFT JOIN ticket_notes n ON n.ticket_id = t.id"
                      " WHERE t.status = 'open' GROUP BY t.id ORDER BY COUNT(n.id) DESC, t.id LIMIT 1")[0]
        await app.push_screen(TicketDetailScreen(ticket))
        await _until(pilot, lambda: True, "ticket detail")
        await shot("ticket_detail")
        await pilot.press("r")  # the sender's reply
        await _until(pilot, lambda: type(app.screen).__name__ == "ReplyForm", "reply form")
        await shot("reply_form")
        await pilot.press("escape")
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()

        # F12 on three selected rows of the queue
        for key in ("space", "down", "down", "space", "down", "space"):
            await pilot.press(key)
        await pilot.press("f12")
        await _until(pilot, lambda: len(getattr(app.screen, "tracks", {})) == 3, "tracking")
        await pilot.press("down")
        await shot("tracking")
        app.pop_screen()

        # F4 bulk entry: four known numbers, one repeat, one unknown; preview done
        await pilot.press("f4")
        known = _col(app, "SELECT waybill FROM waybills WHERE waybill NOT IN"
                          " (SELECT waybill FROM tickets WHERE status = 'open') ORDER BY waybill LIMIT 4")
        open_one = _col(app, "SELECT waybill FROM tickets WHERE status = 'open' ORDER BY id LIMIT 1")
        for no in known + [known[0], UNKNOWN] + open_one:
            await pilot.press(*no, "enter")

        def previewed() -> bool:
            s = app.screen
            return len(s.checks) == len(s.times) and "预检中" not in _text(app, "#bulk-preview")

        await _until(pilot, previewed, "bulk preview")
        await shot("bulk_entry")

        # F5 reconcile: goods and slips scanned, finished
        await pilot.press("f5")
        nos = _col(app, "SELECT waybill FROM waybills WHERE dest_outlet = '信阳二部' ORDER BY waybill LIMIT 6")
        for no in nos[:4]:
            await pilot.press(*no, "enter")
        await pilot.press("l")
        for no in nos[2:6]:
            await pilot.press(*no, "enter")
        await pilot.pause(0.2)
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: app.screen.result is not None, "reconcile result")
        await shot("reconcile")

        # F6 Huaibin agent lists
        await pilot.press("f6")
        await _until(pilot, lambda: _text(app, "#huaibin-today-title").strip() != "", "huaibin lists")
        await shot("huaibin")

        # F7 transfers and the quote form
        await pilot.press("f7")
        await _until(pilot, lambda: _text(app, "#transfers-title").strip() != "", "transfers")
        await shot("transfers")
        await pilot.press("q")
        await pilot.pause()
        for value in QUOTE:
            if value:
                await pilot.press(*value)
            await pilot.press("enter")
        await _until(pilot, lambda: _text(app, "#quote-result").strip() != "", "transfer quote")
        await shot("transfer_quote")
        app.pop_screen()

        # F8 monitor (R-24..R-30): the indicator with the most findings highlighted
        await pilot.press("f8")
        from kefu_tui.domain.monitoring import SCREEN_RULES as BOARD_RULES  # with R-09's row

        await _until(pilot, lambda: all(r in app.screen.board for r in BOARD_RULES), "monitor board")

        counts = [len(app.screen.board.get(r, {}).get("findings", [])) for r in BOARD_RULES]
        for _ in range(counts.index(max(counts))):
            await pilot.press("down")
        await _until(pilot, lambda: app.screen.source.count() == max(counts), "monitor findings")
        await shot("monitor")

        # F9 reports
        await pilot.press("f9")
        await _until(pilot, lambda: "格式" in _text(app, "#reports-status"), "reports")
        await shot("reports")

        # g on the reports desk: the month's charts, the checks made and missed
        app.screen.query_one("#reports-date").value = NOW[:7]
        app.screen.action_charts()
        await _until(pilot, lambda: getattr(app.screen, "figures", None) is not None, "charts")
        await pilot.press("3")
        await _steady(pilot)
        await shot("charts")
        await pilot.press("escape")

        # F11 quality desk: the complaint register, then R-32 with the appeal deadlines
        await pilot.press("f11")
        await _until(pilot, lambda: type(app.screen).__name__ == "QualityScreen", "quality desk")
        await _steady(pilot)
        await shot("quality")
        await pilot.press("4")
        await _steady(pilot)
        await shot("quality_registers")

        # F10 counter and exceptions
        await _counter(pilot, app, shot)

        # 今日退件: may and must; then two returned at once, their labels
        app.action_returns()
        await _until(pilot, lambda: type(app.screen).__name__ == "ReturnsScreen", "returns")
        await shot("returns_today")
        for key in ("space", "down", "space", "t"):
            await pilot.press(key)
        await _until(pilot, lambda: type(app.screen).__name__ == "ReturnLabelScreen", "labels")
        await shot("return_label")
    return saved


async def _counter(pilot, app, shot) -> None:
    """F10 营业/异常: a heavy COD parcel to Shanghai at the counter (R-35–R-39), the demo's
    brushing parcels signed with one real one refused (R-11), an unidentified box (R-12)
    and the day's payment slips (R-41)."""
    from textual import events

    await pilot.press("f10")
    await _until(pilot, lambda: bool(app.screen.query("#pane-intake")), "counter desk")
    pane = app.screen.query_one("#pane-intake")
    await _until(pilot, lambda: pane.warm, "counter lookup")
    for fid, value in dict(weight="62", dims="60x40x40", to="上海市浦东新区张江路1号", receiver="张三",
                           phone="13812345678", payment="代收", cod="500", contents="hls").items():
        app.screen.query_one(f"#in-{fid}").value = value
    await _until(pilot, lambda: pane.resolved is not None and pane.resolved.key[2] == "hls", "intake header")
    await shot("counter_intake")
    await pilot.press("f10", "f10")
    await _until(pilot, lambda: app.screen.pane_id == "brushing", "brushing pane")
    nos = _col(app, "SELECT waybill FROM waybills WHERE label_note LIKE '%刷单%' ORDER BY waybill")
    app.screen.query_one("#brushing-scan").post_message(events.Paste("\n".join(nos) + "\n"))
    await _until(pilot, lambda: len(app.screen.query_one("#pane-brushing").pending) == len(nos), "brushing scans")
    await pilot.press("ctrl+s")
    await _until(pilot, lambda: "草签" in _text(app, "#pane-brushing .pane-status"), "brushing signed")
    await shot("counter_brushing")
    await pilot.press("f10")
    await _until(pilot, lambda: app.screen.pane_id == "unidentified", "unidentified pane")
    for fid, value in dict(arrived="06:30", channel="郑州-信阳夜车", packaging="黄色纸箱 胶带缠绕",
                           contents="儿童鞋两双").items():
        app.screen.query_one(f"#un-{fid}").value = value
    await pilot.press("ctrl+s")
    await _until(pilot, lambda: app.screen.query_one("#unid-list").row_count > 0, "unidentified registered")
    await shot("counter_unidentified")
    await pilot.press("f10")
    await _until(pilot, lambda: "当日交款合计" in _text(app, "#slips-summary"), "slips")
    await shot("counter_slips")


def _build(db: Path) -> None:
    from kefu_tui.services.demo import build_demo
    from kefu_tui.store import open_store

    store = open_store(db)
    try:
        build_demo(store, seed=1, now=clock.parse_iso(NOW), user=USER, scale=0.1)
    finally:
        store.close()


def render(out: Path) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    saved: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kefu-demo-") as tmp:
        pristine = Path(tmp) / "kefu.db"
        _build(pristine)
        try:
            for size in SIZES:  # each size on a fresh copy: the walk writes (counts, checks)
                shutil.rmtree(WORK, ignore_errors=True)
                WORK.mkdir(parents=True)
                shutil.copyfile(pristine, WORK / "kefu.db")
                saved += asyncio.run(_render(WORK, out, size))
        finally:
            shutil.rmtree(WORK, ignore_errors=True)
    return saved


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m kefu_tui.render_screens")
    p.add_argument("--out", default="screens", help="folder for the SVG files (default: screens/)")
    args = p.parse_args(argv)
    try:
        paths = render(Path(args.out))
    except NotReady as e:
        print(f"render_screens: {e}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
