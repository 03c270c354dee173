"""A scanner burst as the terminal delivers it: raw characters (digits, ``\\r`` for Enter)
through Textual's own input parser and the driver's message path, all queued at once with
no pause between keys — unlike ``pilot.press``, which waits for the app to go idle after
every key (a scanner does not wait, and 600 idle waits made the tests slow)."""

from __future__ import annotations

from textual._xterm_parser import XTermParser


def scanner_text(numbers: list[str]) -> str:
    """What a scanner types for ``numbers``: each number then Enter."""
    return "".join(f"{n}\r" for n in numbers)


async def burst(pilot, text: str) -> None:
    """Feed ``text`` as one burst of key events (Enter as ``\\r``), then let it drain."""
    app = pilot.app
    parser = XTermParser()
    events = list(parser.feed(text))
    events += list(parser.feed(""))  # flush a trailing lone escape, if any
    for event in events:
        app._driver.process_message(event)
    await pilot.pause()
