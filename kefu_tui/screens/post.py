"""PostChooser: which post (岗位, SPEC §1) this clerk works — 进港, 出港 or 质控.

Asked at first start and remembered in the settings file; keys 1/2/3, or arrows + Enter.
Dismisses with the chosen post."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kefu_tui.settings import POSTS

OWNS = {
    "进港": "到件问题件、自提、单货统一、淮滨代派、本部签收",
    "出港": "发件、超区转件、派件统计、录单监控",
    "质控": "监控指标、网络订单、仲裁、罚款、月报",
}


class PostChooser(ModalScreen[str]):
    """选择岗位 — one of three posts."""

    BINDINGS = [
        Binding("1", "choose(0)", "进港", show=False),
        Binding("2", "choose(1)", "出港", show=False),
        Binding("3", "choose(2)", "质控", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="post-box"):
            yield Static("选择岗位 (按 1/2/3，或 ↑↓ 回车)", id="post-title")
            yield OptionList(
                *(Option(f"{n}  {p}  —  {OWNS[p]}", id=p) for n, p in enumerate(POSTS, 1)),
                id="post-options",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        current = getattr(self.app, "post", None)
        options.highlighted = POSTS.index(current) if current in POSTS else 0
        options.focus()

    def action_choose(self, index: int) -> None:
        self.dismiss(POSTS[index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
