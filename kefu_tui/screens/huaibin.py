"""Huaibin agent desk (淮滨代派, SPEC §7): today's agent delivery list, registered in one
step as problem parcels with 淮滨网点暂停,代派时效不保 (R-22, R-08); the unsigned lines of
the lists of 3 and 2 days ago (R-23) and the message for the agent (``y``), shown in a
selectable text area and written to a file (copying over SSH is awkward)."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static, TextArea

from kefu_tui.domain.huaibin import AGENT_TEXT
from kefu_tui.screens.modals import ConfirmPrompt
from kefu_tui.screens.writes import WAITING, write
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.waybill_list import Column, ListRow, MemorySource, WaybillList
from kefu_tui.widgets.key_footer import KeyFooter
from kefu_tui.widgets.plain import plain
from kefu_tui.domain.untrusted import visible_lines

TODAY_COLUMNS = [Column("单号", 12, "waybill"), Column("派件员", 14, "courier"),
                 Column("派件时间", 11, "at")]
UNSIGNED_COLUMNS = [Column("单号", 12, "waybill"), Column("清单日", 6, "day"),
                    Column("派件员", 14, "courier"), Column("派件时间", 11, "at")]


def message_file(db_path: Path, day: str) -> Path:
    """Where the agent message is written: beside the database, in the data folder."""
    return Path(db_path).parent / "huaibin" / f"代派未签收-{day}.txt"


class AgentMessage(ModalScreen[None]):
    """R-23: the text for the agent; selectable (shift+arrows, ctrl+c) and saved to a file."""

    CSS_PATH = "huaibin.tcss"
    BINDINGS = [Binding("escape", "close", "关闭", id="huaibin.message.close")]

    def __init__(self, text: str, path: Path | None) -> None:
        super().__init__()
        self.text = text
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="agent-box"):
            yield Label("发给淮滨代派的消息 (R-23)", id="agent-title")
            yield TextArea(visible_lines(self.text) or "(没有未签收的件)", read_only=True, id="agent-text")
            where = f"已保存: {self.path}" if self.path else "无内容,未保存文件"
            yield Static(plain(where), id="agent-path")
            yield Static("shift+方向键 选择 · ctrl+c 复制 · Esc 关闭", id="agent-hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_close(self) -> None:
        self.dismiss(None)


class HuaibinScreen(Screen):
    """F6 淮滨代派: today's list (R-22), the unsigned of 3 and 2 days ago (R-23)."""

    CSS_PATH = "huaibin.tcss"
    BINDINGS = [
        Binding("a", "register_all", "全部登记问题件", id="huaibin.register"),
        Binding("y", "agent_message", "代派消息", id="huaibin.message"),
        Binding("r", "refresh", "刷新", id="huaibin.refresh"),
    ]

    class Loaded(Message):
        def __init__(self, today: list, unsigned: list, error: str | None = None) -> None:
            super().__init__()
            self.today = today
            self.unsigned = unsigned
            self.error = error

    class Registered(Message):
        def __init__(self, result, error: str | None = None) -> None:
            super().__init__()
            self.result = result
            self.error = error

    class MessageReady(Message):
        def __init__(self, text: str, path: Path | None, error: str | None = None) -> None:
            super().__init__()
            self.text = text
            self.path = path
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.today = MemorySource(TODAY_COLUMNS)
        self.unsigned = MemorySource(UNSIGNED_COLUMNS)
        self.result = None  # the last RegisterResult

    def compose(self) -> ComposeResult:
        yield BranchHeader()
        yield Static("", id="huaibin-today-title", classes="huaibin-title")
        yield WaybillList(self.today, id="huaibin-today")
        yield Static("", id="huaibin-unsigned-title", classes="huaibin-title")
        yield WaybillList(self.unsigned, id="huaibin-unsigned")
        yield Static("", id="huaibin-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#huaibin-today", WaybillList).focus()
        self.action_refresh()

    @property
    def day(self) -> str:
        return self.app.clock().format("YYYY-MM-DD")

    # -- loading ---------------------------------------------------------------------
    def on_data_changed(self, message) -> None:
        """Issue 9: another clerk's registration shows unasked, cursor and selection kept
        on their parcels (issue 16 item 1)."""
        self.action_refresh()

    def action_refresh(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="huaibin.load")
    def _load(self) -> None:
        from kefu_tui.services.huaibin import day_list, unsigned_agent_items

        try:
            with self.app.open_store() as store:
                now = self.app.clock()
                msg = self.Loaded(day_list(store, now.date()), unsigned_agent_items(store, now))
        except Exception as e:
            msg = self.Loaded([], [], f"读取失败: {e}")
        self.post_message(msg)

    @on(Loaded)
    def _loaded(self, m: Loaded) -> None:
        if m.error:
            self._status(m.error)
            return
        self.today.items = [ListRow(i.waybill, i.waybill, (i.waybill, i.courier, i.at[5:16]))
                            for i in m.today]
        self.unsigned.items = [ListRow(i.waybill, i.waybill, (i.waybill, i.day[5:], i.courier, i.at[5:16]))
                               for i in m.unsigned]
        self.query_one("#huaibin-today", WaybillList).set_source(self.today, keep=True)
        self.query_one("#huaibin-unsigned", WaybillList).set_source(self.unsigned, keep=True)
        self.query_one("#huaibin-today-title", Static).update(
            f"今日淮滨代派清单 {self.day}: {len(m.today)} 票  (a 全部登记为问题件)")
        self.query_one("#huaibin-unsigned-title", Static).update(
            f"3天前/2天前清单未签收: {len(m.unsigned)} 票  (y 生成代派消息)")

    def _status(self, text: str) -> None:
        self.query_one("#huaibin-status", Static).update(plain(text))

    # -- R-22 register all ----------------------------------------------------------------
    def action_register_all(self) -> None:
        n = self.today.count()
        if n == 0:
            self.notify("今日没有淮滨代派清单", severity="warning")
            return
        self.app.push_screen(ConfirmPrompt(f"把今日清单 {n} 票全部登记为问题件\n「{AGENT_TEXT}」?"),
                             self._confirmed)

    def _confirmed(self, yes: bool | None) -> None:
        if yes:
            self._status("正在登记…")
            self._register()

    def _register(self) -> None:
        """R-22: the whole day's list in one transaction (skips those already open)."""
        from kefu_tui.services.huaibin import register_day_list

        now, user = self.app.clock(), self.app.user
        write(self, lambda store: register_day_list(store, now.date(), now, user),
              done=lambda res: self.post_message(self.Registered(res)),
              error=lambda e: self.post_message(self.Registered(None, e)),
              waiting=lambda: self._status(WAITING), failed="登记失败", group="huaibin.register")

    @on(Registered)
    def _registered(self, m: Registered) -> None:
        if m.error or m.result is None:
            self._status(m.error or "登记失败")
            return
        self.result = m.result
        text = f"已登记 {m.result.created} 票, 跳过 {len(m.result.skipped_open)} 票 (已有同类未结问题件)"
        self._status(text)
        self.notify(text, timeout=4)

    # -- R-23 agent message ---------------------------------------------------------------
    def action_agent_message(self) -> None:
        self._message()

    @work(thread=True, exclusive=True, group="huaibin.message")
    def _message(self) -> None:
        from kefu_tui.services.huaibin import agent_message

        try:
            with self.app.open_store() as store:
                text = agent_message(store, self.app.clock())
            path = None
            if text:
                from kefu_tui.services.outputs import shared_folder, write_text

                path = message_file(self.app.db_path, self.day)
                shared_folder(path.parent)  # the group's, all or nothing (issues 15, 16)
                write_text(path, text + "\n", db=self.app.db_path)
        except Exception as e:
            self.post_message(self.MessageReady("", None, f"生成消息失败: {e}"))
            return
        self.post_message(self.MessageReady(text, path))

    @on(MessageReady)
    def _message_ready(self, m: MessageReady) -> None:
        if m.error:
            self._status(m.error)
            return
        self.app.push_screen(AgentMessage(m.text, m.path))
