"""Command palette (ctrl+p): every desk and action with the key that opens it.

Keys are read from the app's bindings and keymap, so a remapped key shows as remapped."""

from __future__ import annotations

from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

# (label, action, binding id or None)
ENTRIES: tuple[tuple[str, str, str | None], ...] = (
    ("首页", "home", "home"),
    ("问题件", "queue", "queue"),
    ("批量登记", "bulk", "bulk"),
    ("今日退件 (R-09 可退与必退)", "returns", None),
    ("批量跟踪", "track", "track"),
    ("切换岗位", "choose_post", None),
    ("单货统一", "reconcile", "reconcile"),
    ("淮滨代派", "huaibin", "huaibin"),
    ("超区转件", "transfers", "transfers"),
    ("监控", "monitor", "monitor"),
    ("报表", "reports", "reports"),
    ("营业/异常: 收件、回单、刷单、不明货物、交款单", "counter", "counter"),
    ("质控: 投诉、回访、R-31..R-33、交接", "quality", "quality"),
    ("按键帮助", "help", "help"),
    ("退出", "quit", "quit"),
)


def key_for(app, binding_id: str | None) -> str:
    """The key(s) a binding id is on now (the keymap first, then the default)."""
    if binding_id is None or not hasattr(app, "key_of"):
        return ""
    return app.key_of(binding_id)


class KefuCommands(Provider):
    """Desks and actions of the workstation."""

    def _entries(self):
        app = self.app
        for label, action, binding_id in ENTRIES:
            key = key_for(app, binding_id)
            yield label, action, key

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, action)

    async def discover(self) -> Hits:
        for label, action, key in self._entries():
            yield DiscoveryHit(f"{label}  [{key}]" if key else label, partial(self._run, action),
                               help=f"键 {key}" if key else None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, action, key in self._entries():
            text = f"{label}  [{key}]" if key else label
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._run, action), text=text,
                          help=f"键 {key}" if key else None)


class KefuPalette(CommandPalette):
    """Textual's palette with its words in Chinese (placeholder, "no matches")."""

    def __init__(self) -> None:
        super().__init__(id="--command-palette", placeholder="搜索命令… (输入工作台或操作名)")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # the framework's version says "No matches found"; same timing, our words
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text("没有匹配的命令", style="not bold")), disabled=True,
                           id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
