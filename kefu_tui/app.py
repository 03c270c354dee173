"""KefuApp — the workstation shell (客服工作台): header, global desk keys, post, clock.

Every screen gets ``app.store`` (UI thread, small reads), ``app.open_store()`` (a fresh
Store for a worker thread), ``app.clock()``, ``app.user`` and ``app.post``. Desks live in
modes so each keeps its state while the clerk hops between them with F2/F3/F4; desk
screens are imported on first use (a quick start), and a broken one fails loudly."""

from __future__ import annotations

import asyncio
import importlib
import signal
from pathlib import Path

import arrow
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.actions import SkipAction
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from kefu_tui.commands import KefuCommands, KefuPalette
from kefu_tui.domain import clock as branch_clock
from kefu_tui.screens.home import HomeScreen
from kefu_tui.screens.post import PostChooser
from kefu_tui.settings import KefuSettings, load_settings, save_settings

MIN_SIZE = (80, 24)
CHANGE_POLL_SECONDS = 1.0  # another clerk's change shows within 2 s (issue 9)

# mode/action name → (module, class, desk name)
DESK_SCREENS: dict[str, tuple[str, str, str]] = {
    "queue": ("kefu_tui.screens.tickets", "TicketQueueScreen", "问题件"),
    "bulk": ("kefu_tui.screens.bulk_entry", "BulkEntryScreen", "批量登记"),
    "track": ("kefu_tui.screens.tracking", "TrackingScreen", "批量跟踪"),
    "reconcile": ("kefu_tui.screens.reconcile", "ReconcileScreen", "单货统一"),
    "huaibin": ("kefu_tui.screens.huaibin", "HuaibinScreen", "淮滨代派"),
    "transfers": ("kefu_tui.screens.transfers", "TransfersScreen", "超区转件"),
    "monitor": ("kefu_tui.screens.monitor", "MonitorScreen", "监控"),
    "reports": ("kefu_tui.screens.reports", "ReportsScreen", "报表"),
    "counter": ("kefu_tui.screens.counter", "CounterScreen", "营业/异常"),
    "quality": ("kefu_tui.screens.quality", "QualityScreen", "质控"),
}
# binding ids a global id drags along when remapped (a list's own F12 follows `track`)
LINKED_IDS = {"track": ("list.track", "detail.track")}


def desk_screen(name: str) -> type[Screen]:
    """The desk's Screen class (imported on first use; a broken desk raises, loudly)."""
    module, cls, _ = DESK_SCREENS[name]
    return getattr(importlib.import_module(module), cls)


class TooSmall(Screen):
    """Shown instead of a broken layout while the terminal is below 80×24."""

    def render(self) -> str:
        w, h = self.app.size
        return f"终端窗口太小 ({w}×{h})\n请放大到至少 {MIN_SIZE[0]}×{MIN_SIZE[1]}\nTerminal too small"


class KefuApp(App):
    """客服工作台."""

    TITLE = "kefu 客服工作台"
    # absolute, so subclasses defined elsewhere (tests, benches) find the files
    CSS_PATH = [Path(__file__).parent / "global.tcss", Path(__file__).parent / "app.tcss"]
    COMMANDS = {KefuCommands}  # Textual's own commands (Theme, Keys, …) speak English
    MODES = {"home": HomeScreen}
    # the footer shows the screen's own keys and, docked at its right edge, F1 帮助: at 80
    # columns there is no room for the desks too (home lists them; F1 and ctrl+p have all)
    COMMAND_PALETTE_BINDING = "f1"  # the key Textual's footer docks right: our help
    BINDINGS = [
        Binding("f2", "home", "首页", id="home", show=False),
        Binding("f3", "queue", "问题件", id="queue", show=False),
        Binding("f4", "bulk", "批量登记", id="bulk", show=False),
        Binding("f5", "reconcile", "单货统一", id="reconcile", show=False),
        Binding("f6", "huaibin", "淮滨代派", id="huaibin", show=False),
        Binding("f7", "transfers", "超区转件", id="transfers", show=False),
        Binding("f8", "monitor", "监控", id="monitor", show=False),
        Binding("f9", "reports", "报表", id="reports", show=False),
        Binding("f10", "counter", "营业/异常", id="counter", show=False),
        Binding("f11", "quality", "质控", id="quality", show=False),
        Binding("f12", "track", "批量跟踪", id="track", show=False),
        Binding("f1,question_mark", "help", "帮助", id="help", key_display="F1", show=False),
        Binding("escape", "back", "返回上一屏", id="back", show=False),
        # ours, so the footer and help say 命令面板 (Textual's own says "palette")
        Binding("ctrl+p", "command_palette", "命令面板", id="palette", show=False, priority=True),
        Binding("ctrl+q", "quit", "退出", id="quit", priority=True, show=False),
    ]

    post: reactive[str | None] = reactive(None, init=False)

    def __init__(
        self,
        db_path: Path,
        now_text: str | None = None,
        user: str = "clerk",
        config_dir: Path | None = None,
        clock_start: arrow.Arrow | None = None,
    ):
        from kefu_tui.terminal import WorkstationDriver

        super().__init__(driver_class=WorkstationDriver)  # headless runs (tests) keep their own
        self.db_path = Path(db_path)
        self.now_text = now_text
        self.user = user
        self.config_dir = Path(config_dir) if config_dir else None
        self.settings: KefuSettings = load_settings(self.config_dir)
        self._frozen = branch_clock.parse_iso(now_text) if now_text else None
        # the demo's clock: starts at ``clock_start`` and ticks (an offset, not an instant)
        self._offset = clock_start - branch_clock.now() if clock_start and not now_text else None
        self._store = None
        self._watch = None
        self.set_reactive(KefuApp.post, self.settings.post)

    # -- what every screen gets -------------------------------------------------------
    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notice as plain text: they carry stored text (a reason, a name, a note) and
        Textual would read ``[/]`` in it as markup and end the workstation (issue 15 item 3)."""
        from kefu_tui.domain.untrusted import visible, visible_lines

        super().notify(visible_lines(message), title=visible(title), severity=severity, timeout=timeout, markup=False)

    @property
    def clock_frozen(self) -> bool:
        return self._frozen is not None

    def clock(self) -> arrow.Arrow:
        """The branch clock; with ``now_text`` a frozen instant (deterministic screens),
        with ``clock_start`` the real clock shifted to start there (the demo's day)."""
        if self._frozen is not None:
            return self._frozen
        real = branch_clock.now()
        return real + self._offset if self._offset is not None else real

    @property
    def store(self):
        """The UI thread's Store, opened on first use: the home screen reads in a worker,
        so the first frame does not wait for sqlite-utils."""
        if self._store is None:
            self._store = self.open_store()
        return self._store

    def open_store(self):
        """A Store of its own for a worker thread (one connection per thread)."""
        from kefu_tui.services.branch_db import open_store

        return open_store(self.db_path, branch_clock.stamp(self.clock()))

    def key_of(self, binding_id: str) -> str:
        """The key(s) shown for a binding id now, keymap honoured (for menus, palette)."""
        keys = self._keymap.get(binding_id)
        if keys is None:
            keys = next((b.key for b in self.BINDINGS if isinstance(b, Binding) and b.id == binding_id), "")
        return ", ".join(_display(k) for k in keys.split(",") if k.strip())

    # -- life cycle -------------------------------------------------------------------
    def on_mount(self) -> None:
        for line in self.settings.warnings:  # a bad KEFU_* or settings.json: said, not fatal
            self.notify(line, severity="warning", timeout=15)
        self.apply_keymap(self.settings.keymap)
        self._install_hangup()
        self.switch_mode("home")
        if self.settings.post is None:
            self.push_screen(PostChooser(), self._post_chosen)
        self._check_size(self.size.width, self.size.height)
        self.set_interval(CHANGE_POLL_SECONDS, self._poll_changes, name="data-version")

    def on_unmount(self) -> None:
        if self._store is not None:
            self._store.close()
        if self._watch is not None:
            self._watch.close()

    def _poll_changes(self) -> None:
        """Issue 9: another clerk's close, note or registration reaches the open screen
        without a keypress. ``PRAGMA data_version`` on one idle connection: no page read."""
        from kefu_tui.screens.data_changed import DataChanged
        from kefu_tui.services.changes import ChangeWatch

        try:
            if self._watch is None:
                self._watch = ChangeWatch(self.db_path)
                return
            if self._watch.changed():
                restored = self._watch.restored()  # SPEC §14.2: say so, and every screen reloads
                if restored:
                    self.notify(restored, severity="warning", timeout=30)
                for screen in self.screen_stack if restored else [self.screen]:
                    screen.post_message(DataChanged())
        except Exception:  # a busy or vanished file: try again at the next tick
            pass

    def _handle_exception(self, error: Exception) -> None:
        """Issue 8: a clerk never gets a stack dumped over the terminal. A busy database is
        a moment, not a bug: say so and carry on (the write was rolled back whole). Anything
        else is a bug: its trace goes to the error log and the app ends with one line.
        Headless runs (tests, Pilot) keep Textual's own handling so a test sees the error."""
        if self.is_headless:
            return super()._handle_exception(error)
        if getattr(self._driver, "is_lost", False):  # a gone terminal's EIO is no bug
            from kefu_tui.terminal import LOST_RETURN_CODE

            self._return_code = LOST_RETURN_CODE
            self._close_messages_no_wait()
            return
        import sqlite3

        from kefu_tui.crashlog import log_exception, one_line

        if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
            self.notify("数据库正忙, 这次没有保存, 请稍后再试", severity="error", timeout=8)
            return
        self._return_code = 1
        self._exit_renderables.append("kefu: " + one_line(error, log_exception(error, "workstation")))
        self._close_messages_no_wait()

    def _install_hangup(self) -> None:
        """SIGHUP (a lost SSH link): exit within 2 s (SPEC §14.2), by the driver's deadline
        if the orderly exit is held up (kefu_tui.terminal). Every write is one transaction,
        so an exit between them loses nothing and leaves nothing half-written."""
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._hangup)
        except (NotImplementedError, RuntimeError, AttributeError, ValueError):
            pass

    def _hangup(self) -> None:
        lost = getattr(self._driver, "terminal_lost", None)
        if lost is not None:
            lost()
        else:
            self.exit()

    def apply_keymap(self, keymap: dict[str, str]) -> None:
        """Remap keys by Binding id (Textual keymap); a list's own F12 follows ``track``."""
        full = dict(keymap)
        for main, linked in LINKED_IDS.items():
            if main in keymap:
                for other in linked:
                    full.setdefault(other, keymap[main])
        self.set_keymap(full)

    # -- post (岗位) --------------------------------------------------------------------
    def _post_chosen(self, post: str | None) -> None:
        if post:
            self.post = post
            self.settings = self.settings.model_copy(update={"post": post})
            try:
                save_settings(self.settings, self.config_dir)
            except OSError as e:  # a full disk or a read-only home costs the memory, not the day
                self.notify(f"岗位 {post} 今天有效, 但设置无法保存 ({e.strerror or type(e).__name__}),"
                            " 下次启动需重选", severity="warning", timeout=10)

    def action_choose_post(self) -> None:
        self.push_screen(PostChooser(), self._post_chosen)

    # -- too small a terminal --------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        if small and not isinstance(self.screen, TooSmall):
            self.push_screen(TooSmall())
        elif not small and isinstance(self.screen, TooSmall):
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.screen, TooSmall) and (
                action in DESK_SCREENS or action in ("home", "choose_post", "help", "back")):
            return False
        return True

    # -- help, back, palette ---------------------------------------------------------
    def action_help(self) -> None:
        """F1 / ?: the keys of this screen and of the desks, read from the bindings."""
        from kefu_tui.screens.help import HelpScreen, global_rows, screen_rows

        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        self.push_screen(HelpScreen(self._screen_name(screen), screen_rows(self, screen), global_rows(self)))

    def _screen_name(self, screen: Screen) -> str:
        if isinstance(screen, HomeScreen):
            return "首页"
        for module, cls, desk in DESK_SCREENS.values():
            if type(screen).__name__ == cls and type(screen).__module__ == module:
                return desk
        return (type(screen).__doc__ or "").split("—")[0].split("\n")[0].strip() or "本屏"

    def action_back(self) -> None:
        """Escape, when the screen has nothing of its own to undo: back one screen — a
        pushed screen (tracking, a detail) closes, a desk goes back to home."""
        if isinstance(self.screen, ModalScreen):
            raise SkipAction()
        if len(self.screen_stack) > 1:
            self.pop_screen()
        elif self.current_mode != "home":
            self.action_home()

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(KefuPalette())

    # -- desks --------------------------------------------------------------------------
    def action_home(self) -> None:
        self.switch_mode("home")
        self._show_desk_itself()

    def action_queue(self) -> None:
        self._open_desk("queue")

    def action_bulk(self) -> None:
        self._open_desk("bulk")

    def action_reconcile(self) -> None:
        self._open_desk("reconcile")

    def action_huaibin(self) -> None:
        self._open_desk("huaibin")

    def action_transfers(self) -> None:
        self._open_desk("transfers")

    def action_monitor(self) -> None:
        self._open_desk("monitor")

    def action_reports(self) -> None:
        self._open_desk("reports")

    def action_counter(self) -> None:
        self._open_desk("counter")

    def action_returns(self) -> None:
        """今日退件 (R-09): those that may and those that must go back today."""
        from kefu_tui.screens.returns import ReturnsScreen

        self.push_screen(ReturnsScreen())

    def action_quality(self) -> None:
        self._open_desk("quality")

    def _open_desk(self, name: str) -> None:
        if name not in self._modes:
            self.add_mode(name, desk_screen(name))
        self.switch_mode(name)
        self._show_desk_itself()

    def _show_desk_itself(self) -> None:
        """A desk's key shows that desk: screens pushed over it (tracking, a detail) close,
        so F8 after F12 from the board brings back the board, not the tracking."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            self.pop_screen()

    def action_track(self) -> None:
        """F12 (R-05): the focused list's selection, else an empty tracking screen that
        takes pasted or scanned numbers."""
        focused = self.focused
        numbers = None
        if focused is not None and _is_waybill_list(focused):
            numbers = focused.selection() or None
        self.open_tracking(numbers)

    def open_tracking(self, numbers) -> None:
        """``numbers``: a list, a ``waybill_list.Selection``, or None (an empty screen)."""
        self.push_screen(desk_screen("track")(numbers))

    def on_waybill_list_track_requested(self, message) -> None:
        """Any list's F12 bubbles here: track its selection (R-05)."""
        message.stop()
        # numbers, or a Selection left unresolved: the tracking screen reads it in a worker
        self.open_tracking(message.waybills)


def _is_waybill_list(widget: Widget) -> bool:
    from kefu_tui.widgets.waybill_list import WaybillList

    return isinstance(widget, WaybillList)


def _display(key: str) -> str:
    key = key.strip()
    if key.startswith("f") and key[1:].isdigit():
        return key.upper()
    return key.replace("ctrl+", "^")
