"""The header bar every screen shows: 客服工作台, clerk, post, branch clock, database file.

The clock is the branch clock (Asia/Shanghai, ``--now`` honoured). A frozen clock (given
``--now``) never ticks, so screenshots and snapshot tests are byte-for-byte stable; a live
one repaints this one line once a second (cheap over SSH)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from kefu_tui.domain.clock import TZ


class BranchHeader(Widget):
    """One line: title · clerk · post · clock · database file name."""

    DEFAULT_CLASSES = "branch-header"
    # one line wherever it is mounted, even in a test app without the shell's stylesheet
    DEFAULT_CSS = "BranchHeader { height: 1; }"

    def on_mount(self) -> None:
        if not getattr(self.app, "clock_frozen", True):
            self.set_interval(1.0, self.refresh)
        if hasattr(self.app, "post"):
            self.watch(self.app, "post", lambda _: self.refresh(), init=False)

    def render(self) -> Text:
        app = self.app
        clock = getattr(app, "clock", None)
        when = clock().to(TZ).format("YYYY-MM-DD HH:mm:ss") if clock else ""
        db = getattr(app, "db_path", None)
        post = getattr(app, "post", None) or "未选岗位"
        user = getattr(app, "user", "")
        left = Text.assemble(("客服工作台", "bold"), "  ", user, "  ", (f"[{post}]", "bold"))
        right = Text.assemble(when, "  ", db.name if db else "")
        pad = max(1, self.size.width - left.cell_len - right.cell_len)
        return Text.assemble(left, " " * pad, right)
