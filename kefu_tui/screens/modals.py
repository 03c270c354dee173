"""Small reusable modals: a one-line text prompt and a yes/no question.

Generic on purpose (no ticket knowledge): the queue, the detail screen and bulk entry
all ask for a line of text (a note, a close reason, a file path) or a confirmation."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text. Enter returns it (stripped); Escape returns None.
    With ``required`` an empty answer is refused with a visible message, not returned."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", id="prompt.cancel"),
    ]

    def __init__(self, title: str, placeholder: str = "", required: bool = True,
                 value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.required = required
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt-box"):
            yield Label(self.title_text, classes="prompt-title")
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("", id="prompt-error", classes="prompt-error")
            yield Static("Enter 确定 · Esc 取消", classes="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if self.required and not text:
            self.query_one("#prompt-error", Static).update("不能为空,请填写")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmPrompt(ModalScreen[bool]):
    """A yes/no question: ``y``/Enter → True, ``n``/Escape → False."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "是", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "否", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt-box"):
            yield Label(self.question, classes="prompt-title")
            with Horizontal(classes="prompt-hint"):
                yield Static("y/Enter 是 · n/Esc 否")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
