"""ScanBox: scanner bursts and multi-line pastes keep every line, in order (SPEC §3, R-08)."""

from __future__ import annotations

import asyncio
import functools

from textual import events
from textual.app import App, ComposeResult

from kefu_tui.widgets.scan_box import ScanBox
from tests.app.burst import burst, scanner_text


def sync(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


class ScanApp(App):
    def __init__(self):
        super().__init__()
        self.got: list[tuple] = []

    def compose(self) -> ComposeResult:
        yield ScanBox(id="scan")

    def on_scan_box_scanned(self, m: ScanBox.Scanned) -> None:
        self.got.append(("ok", m.number, m.repeat))

    def on_scan_box_refused(self, m: ScanBox.Refused) -> None:
        self.got.append(("refused", m.text))


NUMBERS = [f"{518012340000 + i * 7}" for i in range(50)]


@sync
async def test_fifty_scans_at_full_speed_arrive_whole_and_in_order():
    """A burst of 50 × (12 digits + Enter) gives 50 Scanned messages; none merged."""
    app = ScanApp()
    async with app.run_test() as pilot:
        await burst(pilot, "\r" + scanner_text(NUMBERS))  # a scanner that sends Enter first, too
        assert app.got == [("ok", n, False) for n in NUMBERS]
        assert app.query_one(ScanBox).value == ""


@sync
async def test_scanner_control_noise_and_tab_suffix():
    app = ScanApp()
    async with app.run_test() as pilot:
        await pilot.press(*NUMBERS[0], "tab", *NUMBERS[1], "enter", "tab")
        await pilot.pause()
        assert app.got == [("ok", NUMBERS[0], False), ("ok", NUMBERS[1], False)]


@sync
async def test_paste_of_fifty_lines_with_junk_and_a_repeat():
    app = ScanApp()
    async with app.run_test() as pilot:
        junk = ["运单号", "12345", "abc518012340000"]
        text = "\r\n".join(["运单号", *NUMBERS[:25], "12345", NUMBERS[3], *NUMBERS[25:], "abc518012340000"])
        app.query_one(ScanBox).post_message(events.Paste(" \x02" + text))
        await pilot.pause()
        oks = [g for g in app.got if g[0] == "ok"]
        assert [g[1] for g in oks if not g[2]] == NUMBERS
        assert [g for g in oks if g[2]] == [("ok", NUMBERS[3], True)]
        assert [g[1] for g in app.got if g[0] == "refused"] == junk
        # through the app, as a terminal delivers it: forwarded to the focused box
        app.got.clear()
        app.post_message(events.Paste(f"{NUMBERS[0]}\n{NUMBERS[49]}\n"))
        await pilot.pause()
        assert app.got == [("ok", NUMBERS[0], True), ("ok", NUMBERS[49], True)]
        app.query_one(ScanBox).reset()
        app.got.clear()
        await pilot.press(*NUMBERS[0], "enter")
        await pilot.pause()
        assert app.got == [("ok", NUMBERS[0], False)]


@sync
async def test_full_width_and_arabic_indic_pastes_are_the_same_number():
    """Issue 8: an input method's full-width digits and Arabic-Indic ones are one waybill."""
    full = NUMBERS[0].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    arabic = NUMBERS[0].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    app = ScanApp()
    async with app.run_test() as pilot:
        app.query_one(ScanBox).post_message(events.Paste(f"{full}\n{arabic}\n{NUMBERS[0]}x\n"))
        await pilot.pause()
        assert app.got == [("ok", NUMBERS[0], False), ("ok", NUMBERS[0], True),
                           ("refused", NUMBERS[0] + "x")]
