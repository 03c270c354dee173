"""The counter desk (F10, issue 10) in the real app, headless:

- R-11: 500 brushing parcels arrive as scanner keystrokes (12 digits + Enter each, queued
  as fast as the app takes them); from the moment the last Enter is handled, ctrl+s signs
  all 500 in one commit and the result is on screen. Target < 1 s. Floor: the service
  ``sign_brushing`` on 500 other numbers in the same database (the commit alone).
- Intake: the work one keystroke costs with the whole form filled (R-35–R-37 figures and
  the R-39 check for a new weight), and for a new address (R-38 header and R-40 remark
  parsed afresh, on the UI thread once the matcher is warm). Target < 50 ms each. Floor:
  ``quote_intake`` called directly.

``python bench/bench_counter.py`` prints the figures; ``run()`` returns them."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent / "tests" / "app")]

from common import figure  # noqa: E402

N = 500
ADDRESSES = ["上海市浦东新区张江路1号", "上海市徐汇区漕溪北路1号", "河南省信阳市固始县城关镇", "江苏省昆山市玉山镇",
             "浙江省杭州市萧山区", "河南省信阳市淮滨县王家岗乡", "北京市朝阳区建国路", "广东省深圳市南山区"]


async def _brushing(folder: Path) -> tuple[float, float, float]:
    from counter_data import CounterApp
    from desk_c_data import settle, wait_for
    from textual import events

    from kefu_tui.domain import clock
    from kefu_tui.services.counter import sign_brushing
    from kefu_tui.store import open_store
    from kefu_tui.widgets.scan_box import ScanBox

    nos = [f"5181{i:08d}" for i in range(N)]
    app = CounterApp(folder, "brushing")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("#pane-brushing")))
        await settle(pilot)
        pane = app.screen.query_one("#pane-brushing")
        box = app.screen.query_one("#brushing-scan", ScanBox)
        box.focus()
        await pilot.pause()
        t0 = time.perf_counter()
        for no in nos:
            for ch in no:
                box.post_message(events.Key(ch, ch))
            box.post_message(events.Key("enter", "\r"))
        await wait_for(pilot, lambda: len(pane.pending) == N, timeout=120)
        t_enter = time.perf_counter()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: f"草签 {N} 票" in str(pane.query_one(".pane-status").render()), timeout=60)
        t_done = time.perf_counter()
    other = [f"5182{i:08d}" for i in range(N)]
    with open_store(folder / "kefu.db") as store:
        f0 = time.perf_counter()
        sign_brushing(store, other, clock.parse_iso("2026-12-02T11:00:00+08:00"), "bench")
        floor = time.perf_counter() - f0
    return t_done - t_enter, t_enter - t0, floor


async def _intake(folder: Path) -> tuple[float, float]:
    from counter_data import CounterApp
    from desk_c_data import settle, wait_for
    from textual.widgets import Input

    app = CounterApp(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("#pane-intake")))
        await settle(pilot)
        pane = app.screen.query_one("#pane-intake")
        for fid, v in dict(weight="60", dims="40x30x20", to=ADDRESSES[0], receiver="张三", phone="13812345678",
                           payment="代收", cod="500", contents="零食").items():
            pane.query_one(f"#in-{fid}", Input).value = v
        await settle(pilot)
        await wait_for(pilot, lambda: pane.resolved is not None, timeout=30)
        await wait_for(pilot, lambda: pane.warm, timeout=30)
        weight, to = pane.query_one("#in-weight", Input), pane.query_one("#in-to", Input)
        keystroke, header = [], []
        for i in range(200):  # a new weight each time: the R-39 20 kg check is asked again
            weight.value = f"{20 + i % 40}.{i % 10}"
            t0 = time.perf_counter()
            pane.refresh_figures()
            keystroke.append(time.perf_counter() - t0)
        for i, addr in enumerate(ADDRESSES[1:] * 3):  # a new address each time: parsed afresh
            to.value = f"{addr}{i}号"
            t0 = time.perf_counter()
            pane.refresh_figures()
            header.append(time.perf_counter() - t0)
            assert pane.resolved.key[0] == to.value and pane.resolved.header
        await settle(pilot)
    return statistics.median(keystroke), statistics.median(header)


def _quote_floor() -> float:
    from kefu_tui.domain.intake import quote_intake

    dims = (Decimal(40), Decimal(30), Decimal(20))
    quote_intake(Decimal(60), dims, ADDRESSES[0])
    runs = []
    for i, addr in enumerate(ADDRESSES * 3):
        t0 = time.perf_counter()
        quote_intake(Decimal(60), dims, addr + str(i), None, "cod", "零食")
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def run(quick: bool = False) -> list[dict]:
    with tempfile.TemporaryDirectory() as d:
        signed, ingest, floor = asyncio.run(_brushing(Path(d) / "b"))
        keystroke, header = asyncio.run(_intake(Path(d) / "i"))
    quote = _quote_floor()
    return [
        figure(f"R-11 brushing: {N} scanned, last Enter → all signed on screen (ctrl+s, one commit)",
               signed * 1000, "ms", "sign_brushing service alone", floor * 1000, 1000),
        figure(f"R-11 brushing: {N} scans as keystrokes taken into the list", ingest * 1000, "ms"),
        figure("intake: one keystroke's work (R-35–R-37 figures, form filled)", keystroke * 1000, "ms",
               "quote_intake direct", quote * 1000, 50),
        figure("intake: one keystroke in the address (R-38 header, R-40 remark)", header * 1000, "ms",
               "quote_intake direct", quote * 1000, 50),
    ]


if __name__ == "__main__":
    for f in run():
        print(f)
