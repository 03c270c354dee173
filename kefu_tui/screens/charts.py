"""Statistics charts (统计图表) of the reports desk: the month (or the seven days to a date)
drawn in the terminal with textual-plotext — tickets opened/closed per day, transfers per
channel per day, monitoring checks made and missed with the 10.00 penalty per missed item
(R-34, §12), complaints by outcome (§11). One chart at a time so each reads right at 80×24;
the ``month`` export writes the same figures (services.statistics)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual_plotext import PlotextPlot

from kefu_tui.domain.quality import COMPLAINT_STATES
from kefu_tui.widgets.branch_header import BranchHeader
from kefu_tui.widgets.key_footer import KeyFooter
from kefu_tui.widgets.plain import markup, plain

CHARTS = (("tickets", "问题件"), ("transfers", "转件"), ("checks", "监控"), ("complaints", "投诉"))
COLOURS = ["blue", "orange", "green", "magenta", "cyan", "red", "yellow"]  # plotext names
RICH = {"orange": "dark_orange"}  # the same colour in Rich markup


class ChartsScreen(Screen):
    """图表: ``when`` is ``YYYY-MM`` (the month) or ``YYYY-MM-DD`` (the seven days to it)."""

    CSS_PATH = "charts.tcss"
    BINDINGS = [
        *[Binding(str(i + 1), f"show('{k}')", label, id=f"charts.{k}", show=False)
          for i, (k, label) in enumerate(CHARTS)],
        Binding("right", "step(1)", "下一图", id="charts.next"),
        Binding("left", "step(-1)", "上一图", id="charts.prev"),
        Binding("escape", "back", "返回", id="charts.back"),
    ]

    class Loaded(Message):
        def __init__(self, figures, error: str | None = None) -> None:
            super().__init__()
            self.figures = figures
            self.error = error

    def __init__(self, when: str | None = None, chart: str = "tickets") -> None:
        super().__init__()
        self.when = when
        self.chart = chart
        self.figures = None

    def compose(self) -> ComposeResult:
        yield BranchHeader()
        yield Static("正在统计…", id="charts-tabs")
        yield Static("", id="charts-legend")
        yield PlotextPlot(id="charts-plot")
        yield Static("", id="charts-totals")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="charts")
    def _load(self) -> None:
        from kefu_tui.services.statistics import month_figures, week_figures

        try:
            with self.app.open_store() as store:
                now = self.app.clock()
                w = self.when
                f = (week_figures(store, now, w) if w and len(w) == 10
                     else month_figures(store, now, w or None))
        except Exception as e:  # a bad month, a locked file: said on screen
            self.post_message(self.Loaded(None, f"统计失败: {e}"))
            return
        self.post_message(self.Loaded(f))

    @on(Loaded)
    def _loaded(self, m: Loaded) -> None:
        if m.error:
            self.query_one("#charts-tabs", Static).update(plain(m.error))
            return
        self.figures = m.figures
        self.draw()

    def action_show(self, chart: str) -> None:
        self.chart = chart
        self.draw()

    def action_step(self, delta: int) -> None:
        keys = [k for k, _ in CHARTS]
        self.action_show(keys[(keys.index(self.chart) + delta) % len(keys)])

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- drawing ---------------------------------------------------------------------
    def draw(self) -> None:
        f = self.figures
        if f is None:
            return
        tabs = "".join(f"[reverse b] {i + 1} {label} [/]" if k == self.chart else f" {i + 1} {label} "
                       for i, (k, label) in enumerate(CHARTS))
        self.query_one("#charts-tabs", Static).update(f"[b]{f.label}[/]  {tabs}  [dim]←→ 切换[/]")
        widget = self.query_one(PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        xs = list(range(1, len(f.days) + 1))
        step = 5 if len(xs) > 10 else 1
        ticks = [x for x in xs if x == 1 or x % step == 0]
        labels = [f.days[x - 1][8:] for x in ticks]
        # plotext counts a Chinese character as one cell: every Chinese word (title, legend,
        # labels) goes in the lines around the plot, whose colours match the series.
        if self.chart == "tickets":
            series = [("登记", f.opened), ("关闭", f.closed)]
            for (_, ys), colour in zip(series, COLOURS):
                plt.plot(xs, ys, marker="hd", color=colour)
            top = max(f.opened + f.closed, default=0)
            title = "问题件 每日登记/关闭"
            totals = f"登记 {sum(f.opened)} 票 · 关闭 {sum(f.closed)} 票"
        elif self.chart == "transfers":
            series = list(f.transfers.items())
            if series:
                plt.stacked_bar(xs, [v for _, v in series], width=0.6, color=COLOURS[:len(series)])
            top = max(map(sum, zip(*[v for _, v in series])), default=0) if series else 0
            title = "转件 每日各渠道"
            totals = " · ".join(f"{c} {sum(v)}" for c, v in series) or "无转件"
        elif self.chart == "checks":
            missed = [m or 0 for m in f.missed]
            series = [("已查", f.checked), ("漏查", missed)]
            plt.stacked_bar(xs, [f.checked, missed], width=0.6, color=["green", "red"])
            top = max(map(sum, zip(f.checked, missed)), default=0)
            title = "监控 每日已查/漏查 (R-34, 每漏查一项扣10元)"
            totals = f"已查 {sum(f.checked)} 项 · 漏查 {sum(missed)} 项 × 10.00 = 扣 {f.penalty} 元"
        else:
            counts = [f.complaints.get(k, 0) for k in COMPLAINT_STATES]
            series = []
            xs5 = list(range(1, len(counts) + 1))
            plt.bar(xs5, counts, width=0.5, color=COLOURS[0])
            plt.xticks(xs5, [str(x) for x in xs5])
            top = max(counts)
            title = "投诉 按结果"
            totals = " · ".join(f"{i + 1} {k} {n}" for i, (k, n) in enumerate(zip(COMPLAINT_STATES, counts)))
        if self.chart != "complaints":
            plt.xticks(ticks, labels)
        _whole_number_axis(plt, top)
        colours = ["green", "red"] if self.chart == "checks" else COLOURS
        # a channel's name is stored text: put in as a variable, never read as markup
        legend = "  ".join(f"[{RICH.get(c, c)}]■[/] $n{i}" for i, c in enumerate(colours[:len(series)]))
        names = {f"n{i}": name for i, (name, _) in enumerate(series)}
        self.query_one("#charts-legend", Static).update(markup(f"[b]{title}[/]  {legend}", **names))
        self.query_one("#charts-totals", Static).update(plain(totals))
        widget.refresh()


def _whole_number_axis(plt, top: int) -> None:
    """Counts are whole numbers: at most six whole ticks from 0 to the top."""
    top = max(int(top), 1)
    step = max(1, -(-top // 5))
    plt.ylim(0, top)
    plt.yticks(list(range(0, top + 1, step)))
