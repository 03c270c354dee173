"""ReportsScreen — 报表: the reports of ``kefu export`` (SPEC §14, §11) from the keyboard.

The clerk picks a report, a day (or a month for the postal settlement) and a format;
the file lands in the ``exports`` folder beside the database (shared by the clerks'
group, docs/deploy.md) and its path is shown."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kefu_tui.domain import clock
from kefu_tui.services.export import REPORTS
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.key_footer import KeyFooter
from kefu_tui.widgets.plain import plain_lines

LABELS = {
    "daily": "每日统计",
    "tickets": "问题件登记表",
    "huaibin": "淮滨代派清单",
    "postal": "邮政小包交接/结算",
    "sto": "申通现金台账",
    "transfers": "转件登记",
    "counts": "单货统一盘点",
    "monitor": "监控看板",
    "month": "月度统计 (图表)",
}
ABOUT = {
    "daily": "当日到件、派件、签收(按网点),问题件登记/结案,转件 (§11)",
    "tickets": "全部未结问题件;填日期则为当日登记的问题件",
    "huaibin": "当日淮滨代派清单,交司机 (R-22)",
    "postal": "邮政小包当日交接单;填月份(YYYY-MM)则为月结算 (R-20)",
    "sto": "申通现金台账:首重2公斤5元,续重每公斤1元 (R-20)",
    "transfers": "当日(或当月)登记的全部转件 (R-18)",
    "counts": "单货统一盘点:相符 / 有货无单 / 有单无货 (R-42)",
    "monitor": "当日监控看板 R-24..R-33,每条发现一行",
    "month": "当月每日: 问题件登记/关闭, 各渠道转件, 监控已查/漏查(每项扣10元), 投诉结果; g 看图表",
}


class ReportsScreen(Screen):
    """报表: export a report to CSV or XLSX."""

    CSS_PATH = "reports.tcss"
    BINDINGS = [
        Binding("enter", "export", "导出", id="reports.export", priority=True),
        Binding("ctrl+x", "toggle_format", "CSV/XLSX", id="reports.format"),
        Binding("ctrl+d", "focus_date", "日期", id="reports.date"),
        Binding("g", "charts", "图表", id="reports.charts"),
        Binding("escape", "back", "返回", id="reports.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.suffix = ".xlsx"

    def compose(self) -> ComposeResult:
        yield BranchHeader()
        yield OptionList(
            *[Option(f"{LABELS.get(k, k)}  ({k})", id=k) for k in REPORTS],
            id="reports-list",
        )
        yield Input(placeholder="日期 YYYY-MM-DD，或月份 YYYY-MM（邮政结算）", id="reports-date")
        yield Static(id="reports-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#reports-date", Input).value = clock.day_of(self.app.clock()).isoformat()
        self.query_one("#reports-list", OptionList).focus()
        self._show_status()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_status()

    def _show_status(self, extra: str = "") -> None:
        options = self.query_one("#reports-list", OptionList)
        about = ""
        if options.highlighted is not None:
            report = options.get_option_at_index(options.highlighted).id
            about = ABOUT.get(report, REPORTS[report]) + "\n"
        text = f"{about}格式 {self.suffix[1:].upper()}  ·  保存到 数据库目录/exports/"
        # Text: a saved file's path may hold brackets or control characters of its own
        self.query_one("#reports-status", Static).update(plain_lines(f"{text}\n{extra}" if extra else text))

    def _folder(self) -> Path:
        return Path(self.app.db_path).resolve().parent / "exports"

    def action_toggle_format(self) -> None:
        self.suffix = ".csv" if self.suffix == ".xlsx" else ".xlsx"
        self._show_status()

    def action_charts(self) -> None:
        """The statistics charts for the month (YYYY-MM) or the seven days to the date."""
        from kefu_tui.screens.charts import ChartsScreen

        when = self.query_one("#reports-date", Input).value.strip()
        self.app.push_screen(ChartsScreen(when or None))

    def action_focus_date(self) -> None:
        self.query_one("#reports-date", Input).focus()

    def action_back(self) -> None:
        if self.focused is self.query_one("#reports-date", Input):
            self.query_one("#reports-list", OptionList).focus()
        else:
            self.app.action_home()

    def action_export(self) -> None:
        options = self.query_one("#reports-list", OptionList)
        if options.highlighted is None:
            return
        report = options.get_option_at_index(options.highlighted).id
        when = self.query_one("#reports-date", Input).value.strip()
        date, month = (None, when) if len(when) == 7 else (when or None, None)
        output = free_name(self._folder(), f"{report}-{when or 'today'}", self.suffix)
        self._show_status(f"正在导出 {output.name} …")
        self._export(report, output, date, month)

    @work(thread=True, exclusive=True, group="reports")
    def _export(self, report: str, output: Path, date: str | None, month: str | None) -> None:
        from kefu_tui.services.export import export
        from kefu_tui.services.outputs import shared_folder

        store = self.app.open_store()
        try:
            # the group's folder (2770), files 0660: any clerk opens or fetches another's
            # export (issue 16 item 4); never over an earlier one, all or nothing (issue 15)
            shared_folder(output.parent)
            rows = export(store, report, output, self.app.clock(), date=date, month=month,
                          overwrite=False)
            message = f"已导出 {rows} 行 → {output}"  # the full path: the clerk must find the file
        except Exception as e:  # a bad date, a full disk: say so, keep the screen
            message = f"导出失败: {e}"
        finally:
            store.close()
        self.app.call_from_thread(self._show_status, message)


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """The first of stem.suffix, stem-2.suffix, ... not yet in folder: an earlier export
    the clerk may have sent on is never overwritten."""
    target, n = folder / f"{stem}{suffix}", 2
    while target.exists():
        target, n = folder / f"{stem}-{n}{suffix}", n + 1
    return target
