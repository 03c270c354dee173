"""Stored text drawn at the exit (issue 15 item 3): whatever an old database holds — an
escape sequence, markup that does not balance, a newline in a name — reaches the screen as
one line of plain text, never parsed as markup and never a live control character."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from kefu_tui.domain.untrusted import visible, visible_lines

__all__ = ["markup", "plain", "plain_lines", "visible"]


def plain(text: object, style: str = "") -> Text:
    """``text`` as a Text: no markup, control characters as visible symbols."""
    return Text(visible(text), style=style)


def plain_lines(text: object, style: str = "") -> Text:
    """A message of several lines as a Text, each line :func:`plain`."""
    return Text(visible_lines(text), style=style)


def markup(template: str, **values: object) -> Content:
    """Our own ``template`` markup with stored ``values`` put in as ``$name`` variables:
    Textual inserts them as plain text (``[/]`` in a name stays ``[/]``)."""
    return Content.from_markup(template, **{k: visible(v) for k, v in values.items()})
