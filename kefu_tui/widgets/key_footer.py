"""The key line at the bottom of every screen."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

# Below this many columns the keys lose their padding: at 80 columns a desk's every key
# still shows, with F1 (help) whole at the right (issue 6, item 8).
NARROW = 100


class KeyFooter(Footer):
    def on_mount(self) -> None:
        super().on_mount()
        self.compact = self.app.size.width < NARROW

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < NARROW
