"""HomeScreen (首页): the day's work at a glance and one key per desk.

Figures come from ``services.overview.day_overview`` (R-06 overdue / before 10:00, R-09
returnable, and per desk the same functions the desks use), loaded in a thread worker with
its own Store. The screen holds no SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.cells import set_cell_size
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kefu_tui.screens.quality_home import greeting_text, load_greeting
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.key_footer import KeyFooter
from kefu_tui.widgets.plain import plain

# (key label, desk name, app action): every desk is built; a desk that fails to import
# turns the suite red rather than showing a placeholder
DESKS: tuple[tuple[str, str, str], ...] = (
    ("F3", "问题件", "queue"),
    ("F4", "批量登记", "bulk"),
    ("F3 b", "今日退件", "returns"),
    ("F12", "批量跟踪", "track"),
    ("F5", "单货统一", "reconcile"),
    ("F6", "淮滨代派", "huaibin"),
    ("F7", "超区转件", "transfers"),
    ("F8", "监控", "monitor"),
    ("F9", "报表", "reports"),
    ("F10", "营业/异常", "counter"),
    ("F11", "质控", "quality"),
)


@dataclass
class Overview:
    """What the home screen shows; filled from the service's DayOverview."""

    overdue: int = 0
    before_ten: int = 0
    returnable: int = 0
    must_return: int = 0  # the sender asked, not yet returned (必退件)
    open_total: int = 0
    before_ten_late: bool = False
    desks: dict[str, dict[str, int]] = field(default_factory=dict)  # post → figure → n
    greeting: Any = None  # quality_home.Greeting: handover notes, appeals due


FIGURE_LABELS = {
    "open_tickets": "未结问题件",
    "today_tickets": "今日新登记",
    "huaibin_today": "今日淮滨代派单",
    "agent_unsigned": "代派未签收",
    "transfers_due": "转件待跟进",
    "checks_missing": "今日未查监控项",
}


def load_overview(store, now) -> Overview:
    """The day's figures, each from the one service function that answers its rule."""
    from kefu_tui.services.overview import day_overview

    ov = day_overview(store, now)
    return Overview(overdue=ov.overdue, before_ten=ov.before_ten, returnable=ov.returnable,
                    must_return=ov.must_return, open_total=ov.open_total, before_ten_late=ov.before_ten_late,
                    desks={post: dict(figures) for post, figures in ov.desks.items()})


class HomeScreen(Screen):
    """首页 — F2 from anywhere."""

    class Loaded(Message):
        def __init__(self, overview: Overview) -> None:
            super().__init__()
            self.overview = overview

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    overview: Overview | None = None

    def compose(self) -> ComposeResult:
        yield BranchHeader()
        with Vertical(id="home-body"):
            yield Static("今日工作  正在统计…", id="home-figures")
            yield Static("工作台", id="home-menu-title")
            yield OptionList(*self._menu_options(), id="home-menu")
        yield KeyFooter()

    def _menu_options(self) -> list[Option]:
        return [Option(Text.assemble((f"{key:>4}  ", "bold"), name), id=action) for key, name, action in DESKS]

    def on_mount(self) -> None:
        self.query_one("#home-menu", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_data_changed(self, message) -> None:
        """Issue 9: another clerk's change updates the counts unasked."""
        self.reload()

    def reload(self) -> None:
        self._load(self.app.clock())

    @work(thread=True, exclusive=True, group="home")
    def _load(self, now) -> None:
        try:
            store = self.app.open_store()
            try:
                overview = load_overview(store, now)
                overview.greeting = load_greeting(store, now)
            finally:
                store.close()
        except Exception as e:  # a locked or broken file must not kill the home screen
            self.post_message(self.Failed(str(e)))
            return
        self.post_message(self.Loaded(overview))

    def on_home_screen_loaded(self, message: Loaded) -> None:
        self.overview = message.overview
        self.query_one("#home-figures", Static).update(self._figures(message.overview))

    def on_home_screen_failed(self, message: Failed) -> None:
        self.query_one("#home-figures", Static).update(plain(f"今日工作  统计失败: {message.reason}"))

    def _figures(self, ov: Overview) -> Text:
        now = self.app.clock()
        t = greeting_text(ov.greeting)
        t.append("今日工作", "bold")
        t.append(f"  {now.format('YYYY-MM-DD HH:mm')}\n")
        t.append(_line("超期未更新问题件 (R-06)", ov.overdue) + "\n", "bold red" if ov.overdue else "")
        t.append(_line("昨日问题件 10:00 前跟进 (R-06)", ov.before_ten), "bold red" if ov.before_ten_late else "")
        if ov.before_ten_late:
            t.append(" 已过10:00", "bold red")
        t.append("\n")
        t.append(_line("可退件 (R-09)", ov.returnable) + "\n")
        # 必退, as 今日退件 and the queue's clock say it; the board's 应退未退 is the part
        # asked before today (issue 16 item 6)
        t.append(_line("必退件 (R-09 发件网点要求退回)", ov.must_return) + "\n",
                 "bold red" if ov.must_return else "")
        t.append(_line("未结问题件合计", ov.open_total))
        mine = getattr(self.app, "post", None)
        for post, figures in ov.desks.items():
            parts = " · ".join(f"{FIGURE_LABELS.get(k, k)} {n}" for k, n in figures.items())
            t.append(f"\n  {post or '其他'}  ", "bold" if post == mine else "")
            t.append(parts, "" if post == mine else "dim")
        return t

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.run_action(event.option.id)


def _line(label: str, n: int) -> str:
    return f"  {set_cell_size(label, 32)}{n:>6}"
