"""F1 / ``?``: the help screen (按键帮助) — the keys of the screen below it and the desk keys.

Read from the live bindings (keymap applied) every time it opens, never from a written
list: a key added, remapped or a desk added to the shell shows here by itself. A binding
is shown when it has an ``id`` and a description (kefu's rule for every action), so the
framework's own unlabelled keys stay out."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

KeyRows = list[tuple[str, str]]


def binding_rows(app, nodes: list[DOMNode]) -> KeyRows:
    """(keys, description) per binding id over ``nodes``, first node first; keys of one id
    (``S,shift+s``) joined, each id once."""
    rows: dict[str, tuple[list[str], str]] = {}
    for node in nodes:
        bindings_map = node._bindings.copy()
        if app._keymap:  # as Textual applies it when the key is pressed
            bindings_map.apply_keymap(app._keymap)
        for key, bindings in bindings_map.key_to_bindings.items():
            for b in bindings:
                if not b.id or not b.description:
                    continue
                keys, _ = rows.setdefault(b.id, ([], b.description))
                shown = key_display(app, b, key)
                if shown not in keys:
                    keys.append(shown)
    return [(" / ".join(keys), desc) for keys, desc in rows.values()]


def key_display(app, binding: Binding, key: str) -> str:
    one = Binding(key, binding.action, binding.description)  # each key as itself
    shown = app.get_key_display(one)
    return shown.upper() if shown[:1] in "fF" and shown[1:].isdigit() else shown


def screen_rows(app, screen: Screen) -> KeyRows:
    """The keys of ``screen``: its own bindings, then those of its widgets (lists, forms)."""
    nodes = [screen, *screen.walk_children(with_self=False)]
    return binding_rows(app, [n for n in nodes if n._bindings.key_to_bindings])


def global_rows(app) -> KeyRows:
    """The shell's keys: every desk, F12, help, back, palette, quit (keymap honoured)."""
    return binding_rows(app, [app])


def _table(title: str, rows: KeyRows) -> Table:
    t = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 1),
              expand=True)
    t.add_column("键", style="bold", no_wrap=True)
    t.add_column("作用", ratio=1)
    for keys, desc in rows or [("—", "本屏没有自己的按键")]:
        t.add_row(keys, desc)
    return t


class HelpScreen(ModalScreen[None]):
    """按键帮助 over the screen the clerk was on; Escape, F1 or ``?`` closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; background: $background 60%; }
    HelpScreen #help-box { width: 100%; max-width: 110; height: 100%; max-height: 40;
        border: thick $primary; background: $surface; padding: 0 1; }
    HelpScreen #help-title { text-style: bold; height: 1; }
    HelpScreen #help-cols { height: 1fr; }
    HelpScreen VerticalScroll { width: 1fr; height: 1fr; }
    HelpScreen #help-hint { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark", "close", "关闭帮助", id="help.close"),
    ]

    def __init__(self, title: str, screen_keys: KeyRows, desk_keys: KeyRows) -> None:
        super().__init__()
        self.title_text = title
        self.screen_keys = screen_keys
        self.desk_keys = desk_keys

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(f"按键帮助 · {self.title_text}", id="help-title")
            with Horizontal(id="help-cols"):
                with VerticalScroll(id="help-screen"):
                    yield Static(_table("本屏按键", self.screen_keys))
                with VerticalScroll(id="help-desks"):
                    yield Static(_table("工作台与全局按键", self.desk_keys))
            yield Static("Esc / F1 / ? 关闭 · ↑↓ 滚动", id="help-hint")

    def action_close(self) -> None:
        self.dismiss(None)
