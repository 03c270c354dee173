"""Stored text reaches the screen as plain text (issue 15 item 3, ARCHITECTURE "The second
ring"): an old database written before the gate (tests/app/stored_text_data.py: every
free-text field holds an OSC title, SGR codes, unbalanced markup ``[/]`` ``[/b]``, a
newline, a tab, a C1 CSI, a bidi override and DEL) is opened by the real workstation. Every
desk and detail that draws that text must draw it without crashing ("内部错误
MarkupError") and without a raw escape reaching the terminal: what the screen would send
is checked through ``export_screenshot`` after each step."""

from __future__ import annotations

from desk_c_data import settle, sync
from stored_text_data import HostileApp

from kefu_tui.widgets.waybill_list import WaybillList

# what must never reach a terminal from stored text: ESC, a C1 CSI, a bidi override, BEL
RAW = ("\x1b", "\x9b", "\u202e", "\x07", "\x7f")


def raw_in(app) -> list[str]:
    shot = app.export_screenshot()
    return [repr(c) for c in RAW if c in shot]


async def look(pilot, *keys: str, where: str) -> None:
    """Press ``keys``, let the workers finish, and check what the screen draws."""
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    assert pilot.app.is_running, f"the workstation ended at {where}"
    found = raw_in(pilot.app)
    if found:
        pilot.app.raw_seen.append(f"{where}: {' '.join(found)}")


async def every_row(pilot, where: str) -> None:
    """Walk the focused list's cursor over every row (each row's detail is drawn)."""
    lst = pilot.app.screen.query(WaybillList)
    n = lst.first().row_count if lst else 0
    for i in range(min(n, 8)):
        await look(pilot, "down", where=f"{where} row {i + 1}")


@sync
async def test_every_desk_draws_hostile_stored_text_plainly(tmp_path):
    """issue 15 item 3: home (handover greeting), F3 queue and a ticket's detail, F8 board,
    F11 every tab with each row's detail, F12 tracking, F6 Huaibin, F7 transfers, F10
    counter, today's returns."""
    app = HostileApp(tmp_path)
    app.raw_seen = []
    async with app.run_test(size=(140, 45)) as pilot:
        await look(pilot, where="home")
        await look(pilot, "f3", where="F3 queue")
        await every_row(pilot, "F3 queue")
        await look(pilot, "enter", where="ticket detail")
        await look(pilot, "escape", where="back to the queue")
        await look(pilot, "f12", where="F12 tracking")
        await every_row(pilot, "F12 tracking")
        await look(pilot, "f8", where="F8 board")
        await look(pilot, "down", "down", "tab", where="F8 findings")
        await look(pilot, "f11", where="F11 quality")
        for tab in "123456":
            await look(pilot, tab, where=f"F11 tab {tab}")
            await every_row(pilot, f"F11 tab {tab}")
        await look(pilot, "f6", where="F6 Huaibin")
        await every_row(pilot, "F6 Huaibin")
        await look(pilot, "f7", where="F7 transfers")
        await every_row(pilot, "F7 transfers")
        await look(pilot, "f10", where="F10 counter")
        for pane in range(4):
            await look(pilot, "f10", where=f"F10 counter pane {pane + 2}")
            await every_row(pilot, f"F10 counter pane {pane + 2}")
        await look(pilot, "f3", "b", where="today's returns")
    assert app.raw_seen == []


@sync
async def test_a_note_typed_with_markup_is_saved_and_drawn(tmp_path):
    """issue 15 item 3: a handover note and a ticket's follow-up typed ``call back [/b]
    later`` are saved as typed and the workstation carries on (it ended with MarkupError);
    a note with an escape sequence is stored without it."""
    from desk_c_data import wait_for
    from textual.widgets import Input

    app = HostileApp(tmp_path)
    app.raw_seen = []
    async with app.run_test(size=(120, 40)) as pilot:
        await look(pilot, "f11", "6", where="F11 handover")
        for typed in ("call back [/b] later", "\x1b]0;PWNED\x07回电 [/]"):
            await pilot.press("a")
            await wait_for(pilot, lambda: pilot.app.screen.query(Input))
            pilot.app.screen.query_one(Input).value = typed
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("n")  # not urgent
            await look(pilot, where=f"after the note {typed!r}")
        assert app.raw_seen == []
        await look(pilot, "f3", where="F3 queue")
        await pilot.press("n")  # a follow-up on the cursor's ticket
        await wait_for(pilot, lambda: pilot.app.screen.query(Input))
        pilot.app.screen.query_one(Input).value = "call back [/b] later"
        await pilot.press("enter")
        await look(pilot, where="after the ticket note")
        assert app.raw_seen == []
        notes = [r[0] for r in app.store.query("SELECT text FROM ticket_notes ORDER BY id DESC LIMIT 1")]
        assert notes[0].startswith("call back [/b] later")  # dated (MMDD) by R-07
        texts = [r[0] for r in app.store.query("SELECT text FROM handover_notes ORDER BY id")]
        assert "call back [/b] later" in texts
        assert "]0;PWNED回电 [/]" in texts
