"""The box a barcode scanner types into, or a clerk pastes a column of numbers into.

A scanner is a keyboard that types 12 digits and Enter within milliseconds (SPEC §3, R-42).
Enter is handled in this widget's own key handler, in the order the keys arrived: Textual's
Input submits through an app-level binding that runs *after* later keys may already have
been inserted, which merges two numbers in a fast burst. A paste is split into lines here
(Input keeps only the first line). Every line is kept: accepted → :class:`Scanned`, not a
waybill number → :class:`Refused`, never dropped silently (R-05, R-08)."""

from __future__ import annotations

import re

from textual import events
from textual.message import Message
from textual.widgets import Input

from kefu_tui.domain.untrusted import clean_scan, is_waybill_no, waybill_problem

_LINES = re.compile(r"[\r\n,;，；]+")


class ScanBox(Input):
    """One line for scans and pastes; posts one message per line, in order."""

    class Scanned(Message):
        def __init__(self, number: str, repeat: bool) -> None:
            super().__init__()
            self.number = number
            self.repeat = repeat

    class Refused(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text
            self.reason = waybill_problem(text)  # the clerk's words: why it is no number
            self.notice = f"已忽略: {self.reason}"  # what every screen says of it

    def __init__(
        self,
        placeholder: str = "扫描或粘贴单号(回车提交)",
        *,
        id: str | None = None,
        classes: str | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(placeholder=placeholder, id=id, classes=classes, name=name)
        self._seen: set[str] = set()

    def reset(self) -> None:
        """Forget the numbers seen so far (a new session of scanning)."""
        self._seen.clear()
        self.value = ""

    @property
    def seen_count(self) -> int:
        return len(self._seen)

    def submit_line(self, line: str) -> None:
        """One scanned, typed or pasted line: clean it (look-alike digits → ASCII, the input
        boundary ``domain.untrusted``), then accept or refuse it (SPEC §3)."""
        text = clean_scan(line)
        if not text:
            return  # a scanner's leading Enter, an empty paste line
        if is_waybill_no(text):
            repeat = text in self._seen
            self._seen.add(text)
            self.post_message(self.Scanned(text, repeat))
        else:
            self.post_message(self.Refused(text))

    def submit_block(self, text: str) -> None:
        """Several lines (a paste): each line is submitted on its own."""
        for line in _LINES.split(text):
            self.submit_line(line)

    async def _on_key(self, event: events.Key) -> None:
        # A Tab after digits is a scanner's suffix; on an empty box it still moves focus.
        if event.key == "enter" or (event.key == "tab" and self.value):
            event.stop()
            event.prevent_default()
            line, self.value = self.value, ""
            self.submit_line(line)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Input's own handler would keep the first line only
        pending, self.value = self.value, ""
        if event.text:
            self.submit_block(pending + event.text)
