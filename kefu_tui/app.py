"""The workstation (placeholder shell; the real shell is built in kefu_tui/app.py by its owner)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class KefuApp(App):
    TITLE = "kefu 客服工作台"

    def __init__(self, db_path: Path, now_text: str | None = None, user: str = "clerk"):
        super().__init__()
        self.db_path = Path(db_path)
        self.now_text = now_text
        self.user = user

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"database: {self.db_path}")
        yield Footer()
