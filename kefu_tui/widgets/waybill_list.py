"""A list of waybills, windowed over any row source (SQLite page queries or memory).

Line API (``render_line``): only the lines on screen are drawn, rows are fetched a page at
a time into a small LRU cache, so a 200,000-row list costs what a screenful costs. Moving
the cursor redraws the two lines that changed, which keeps an SSH session light.
Select (one, a range, all) → F12 posts :class:`WaybillList.TrackRequested` (R-05).

A record is known by its key (SPEC §14.2, issue 16 item 1): when the rows are read again
after a change (``reload``, ``set_source(keep=True)``) the cursor and the selection stay on
the same keys, wherever those rows moved; a record that left the list leaves the cursor on
its neighbour and posts :class:`WaybillList.RowLeft` (the clerk is told who moved it)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import ClassVar, Protocol, runtime_checkable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.actions import SkipAction
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kefu_tui.domain.untrusted import visible

PAGE = 100
CACHED_PAGES = 20
FOLLOW_WINDOW = 2 * PAGE  # a moved key is looked for this far around its last known place
FOLLOW_SELECTED = 1000  # a larger selection keeps its keys without checking each one
MARK = "●"
GUTTER = 2  # the selection mark column ("● ")


@dataclass(frozen=True)
class Column:
    """``width`` cells at least; with room to spare a column grows up to ``most`` cells
    (names that would be cut), and a ``rest`` column (free text) takes what is left."""

    title: str
    width: int
    key: str
    most: int | None = None
    rest: bool = False


def column_widths(columns: list[Column], room: int) -> list[int]:
    """Each column's width in cells for ``room`` cells of line (the gutter and one space
    after each column already taken off). Below the sum of the least widths nothing
    grows (the list scrolls sideways); above it, growing columns share the spare cells
    evenly up to their ``most``, then ``rest`` columns share what is left."""
    widths = [c.width for c in columns]
    spare = room - sum(widths)
    growing = [i for i, c in enumerate(columns) if c.most and c.most > c.width]
    while spare > 0 and growing:
        for i in list(growing):
            if spare == 0:
                break
            widths[i] += 1
            spare -= 1
            if widths[i] >= columns[i].most:
                growing.remove(i)
    rest = [i for i, c in enumerate(columns) if c.rest]
    for n, i in enumerate(rest):
        widths[i] += max(0, spare) // len(rest) + (1 if n < max(0, spare) % len(rest) else 0)
    return widths


@dataclass(frozen=True)
class ListRow:
    key: Hashable
    waybill: str
    cells: tuple[str, ...]


@runtime_checkable
class RowSource(Protocol):
    columns: list[Column]

    def count(self) -> int: ...

    def rows(self, offset: int, limit: int) -> list[ListRow]: ...

    # Optional, for sources over SQLite: every row's (key, waybill) in list order, read
    # through ``store`` (a worker's own), so "select all" is resolved off the UI thread:
    # def keyed_waybills(self, store) -> Iterable[tuple[Hashable, str]]: ...
    # Optional: where a key is now (None: not in the list), so a refresh finds a record
    # that moved further than the rows around its old place (``FOLLOW_WINDOW``):
    # def index_of(self, key) -> int | None: ...


@dataclass(frozen=True)
class Selection:
    """A selection not resolved yet: every row of ``source`` minus the ``excluded`` keys
    ("all of this filter minus exceptions"). ctrl+a on 150,000 tickets is this, not
    150,000 numbers; whoever takes it resolves it in a worker with ``numbers(store)``."""

    source: RowSource
    excluded: frozenset
    count: int

    def numbers(self, store) -> Iterator[str]:
        """The selected waybill numbers in list order (in the caller's thread)."""
        excluded = self.excluded
        for key, waybill in self.source.keyed_waybills(store):  # type: ignore[attr-defined]
            if key not in excluded:
                yield waybill

    def __len__(self) -> int:
        return self.count


class MemorySource:
    """A row source over a Python list (tracking results, a bulk-entry scan list)."""

    def __init__(self, columns: list[Column], rows: list[ListRow] | None = None):
        self.columns = columns
        self.items: list[ListRow] = list(rows or [])
        self._index: dict = {}
        self._index_for: tuple[int, int] | None = None

    def count(self) -> int:
        return len(self.items)

    def rows(self, offset: int, limit: int) -> list[ListRow]:
        return self.items[offset : offset + limit]

    def index_of(self, key: Hashable) -> int | None:
        # one dict per list of rows: a refresh puts a new list in ``items``
        if self._index_for != (id(self.items), len(self.items)):
            self._index = {}
            for i, r in enumerate(self.items):
                self._index.setdefault(r.key, i)
            self._index_for = (id(self.items), len(self.items))
        return self._index.get(key)


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` terminal cells (CJK is 2 cells)."""
    if cell_len(text) > width and width > 1:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class WaybillList(ScrollView, can_focus=True):
    """Waybills in rows; line 0 is the column header and does not scroll vertically."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "waybill-list--header",
        "waybill-list--cursor",
        "waybill-list--selected",
        "waybill-list--empty",
    }

    DEFAULT_CSS = """
    WaybillList {
        height: 1fr;
        background: $surface;
    }
    WaybillList > .waybill-list--header {
        text-style: bold;
        background: $panel;
        color: $text;
    }
    WaybillList > .waybill-list--cursor {
        background: $primary 40%;
    }
    WaybillList:focus > .waybill-list--cursor {
        background: $primary;
        color: $text;
    }
    WaybillList > .waybill-list--selected {
        background: $accent 30%;
        color: $text;
    }
    WaybillList > .waybill-list--empty {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "上移", show=False, id="list.up"),
        Binding("down", "cursor_down", "下移", show=False, id="list.down"),
        Binding("pageup", "page_up", "上页", show=False, id="list.page_up"),
        Binding("pagedown", "page_down", "下页", show=False, id="list.page_down"),
        Binding("home", "first", "首行", show=False, id="list.home"),
        Binding("end", "last", "末行", show=False, id="list.end"),
        Binding("space", "toggle", "选择", id="list.toggle"),
        Binding("shift+up", "extend_up", "连选↑", show=False, id="list.extend_up"),
        Binding("shift+down", "extend_down", "连选↓", show=False, id="list.extend_down"),
        Binding("ctrl+a", "select_all", "全选", id="list.select_all"),
        Binding("escape", "clear_selection", "取消选择", show=False, id="list.clear"),
        Binding("f12", "track", "跟踪", id="list.track"),
        Binding("enter", "activate", "打开", id="list.activate", show=False),
    ]

    class TrackRequested(Message):
        """F12 on the list: track these waybills (R-05): a list of numbers, or a
        :class:`Selection` to resolve off the UI thread (select-all over SQLite)."""

        def __init__(self, waybills: list[str] | Selection) -> None:
            super().__init__()
            self.waybills = waybills

    class Activated(Message):
        """Enter on a row."""

        def __init__(self, row: ListRow) -> None:
            super().__init__()
            self.row = row

    class RowLeft(Message):
        """After a refresh the cursor's record is no longer in the list; the cursor is on
        its neighbour (issue 16 item 1). ``row`` is the record as it was last seen."""

        def __init__(self, row: ListRow) -> None:
            super().__init__()
            self.row = row

    class CursorMoved(Message):
        """The cursor is on another row (a detail pane follows it)."""

        def __init__(self, index: int, row: ListRow) -> None:
            super().__init__()
            self.index = index
            self.row = row

    def __init__(
        self,
        source: RowSource,
        *,
        id: str | None = None,
        classes: str | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, name=name)
        self.cursor_index = 0
        self._source = source
        self._pages: OrderedDict[int, list[ListRow]] = OrderedDict()
        self._count = 0
        self._selected: dict[Hashable, tuple[int, str]] = {}
        self._all = False
        self._excluded: set[Hashable] = set()
        self._anchor: int | None = None
        self._range_base: dict[Hashable, tuple[int, str]] = {}
        self._recount()

    # -- the source ----------------------------------------------------------------
    @property
    def source(self) -> RowSource:
        return self._source

    def set_source(self, source: RowSource, keep: bool = False) -> None:
        """A new filter or sort: recount, clear the selection, cursor to the top. With
        ``keep`` (the same rows re-read after a change, issue 9) the cursor and the
        selection stay on their keys (issue 16 item 1)."""
        if keep:
            seen = self._seen()
            self._source = source
            return self._reload(seen)
        self._source = source
        self._selected.clear()
        self._all = False
        self._excluded.clear()
        self._anchor = None
        self.cursor_index = 0
        self._recount()
        self.scroll_to(0, 0, animate=False)
        self.refresh()

    def reload(self) -> None:
        """Same source, changed data: drop the cached pages and recount; the cursor and the
        selection stay on their records by key (SPEC §14.2 "a record is known by its key")."""
        self._reload(self._seen())

    def _seen(self) -> tuple[int, ListRow | None, list[ListRow]]:
        """What the clerk has on screen before the rows are read again: the cursor's index,
        its row and its neighbours (below first), from the pages already read, since a
        source may already hold the new rows."""
        at = self.cursor_index
        near = [self._cached(i) for i in (at + 1, at - 1, at + 2, at - 2)]
        return at, self._cached(at), [r for r in near if r is not None]

    def watched_keys(self) -> tuple[Hashable | None, list[Hashable], list[Hashable]]:
        """The keys a refresh must find again, for a worker to look up before the rows are
        read again: the cursor's, its neighbours' (needed only if the cursor's is gone),
        the selected."""
        _, row, near = self._seen()
        chosen = [] if self._all or len(self._selected) > FOLLOW_SELECTED else list(self._selected)
        return (row.key if row else None), [r.key for r in near], chosen

    def _cached(self, index: int) -> ListRow | None:
        page = self._pages.get(index // PAGE) if index >= 0 else None
        at = index % PAGE
        return page[at] if page is not None and at < len(page) else None

    def _reload(self, seen: tuple[int, ListRow | None, list[ListRow]]) -> None:
        old, row, neighbours = seen
        self._recount()
        self._follow_selection()
        if row is None:  # nothing was read yet: the place is all there is
            self.cursor_index = max(0, min(old, self._count - 1))
            return self.refresh()
        at = self.locate(row.key, old)
        if at is not None:
            self._put_cursor(at, old)
            return
        # the record left the list: its neighbour below, else above, else the same place
        at = next((i for i in (self.locate(n.key, old) for n in neighbours) if i is not None),
                  max(0, min(old, self._count - 1)))
        self._put_cursor(at, old)
        self.post_message(self.RowLeft(row))
        moved = self.cursor_row
        if moved is not None:
            self.post_message(self.CursorMoved(self.cursor_index, moved))

    def locate(self, key: Hashable, near: int = 0) -> int | None:
        """Where ``key`` is in the list now, None when it is gone: its old place ``near``
        first (most refreshes move nothing), then where the source says it is (its
        ``index_of``, checked against the row there: a worker's answer may be one change
        old), then the rows around either place (a refresh moves rows a little)."""
        if self._key_at(near) == key:
            return near
        index_of = getattr(self._source, "index_of", None)
        if index_of is not None:
            at = index_of(key)
            if at is not None and self._key_at(at) == key:
                return at
            window = FOLLOW_WINDOW if at is not None else FOLLOW_WINDOW // 4
            near = near if at is None else at
        else:
            window = FOLLOW_WINDOW
        for i in range(max(0, near - window), min(self._count, near + window + 1)):
            if self._key_at(i) == key:
                return i
        return None

    def _key_at(self, index: int) -> Hashable | None:
        row = self.row_at(index)
        return None if row is None else row.key

    def _put_cursor(self, index: int, old: int) -> None:
        """The cursor on ``index``, on the same screen line it was on where possible."""
        self.cursor_index = max(0, min(index, self._count - 1))
        top = int(self.scroll_y) + (self.cursor_index - old)
        top = max(0, min(top, self.cursor_index, max(0, self._count - self._page_height)))
        if self.cursor_index >= top + self._page_height:
            top = self.cursor_index - self._page_height + 1
        self.scroll_to(y=top, animate=False)
        self.refresh()

    def _follow_selection(self) -> None:
        """Selected keys stay selected; those that left the list are let go."""
        if self._all or not self._selected or len(self._selected) > FOLLOW_SELECTED:
            return
        kept = {}
        for key, (index, waybill) in self._selected.items():
            at = self.locate(key, index)
            if at is not None:
                kept[key] = (at, waybill)
        self._selected = kept
        self._anchor = None

    def _recount(self) -> None:
        self._pages.clear()
        self._count = self._source.count()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Column widths for the width the list has now (CJK counted as two cells)."""
        columns = self._source.columns
        room = self.scrollable_content_region.width - GUTTER - len(columns)
        self._widths = column_widths(columns, room)
        self.virtual_size = Size(GUTTER + sum(w + 1 for w in self._widths), self._count + 1)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_columns()
        self.refresh()

    @property
    def row_count(self) -> int:
        return self._count

    def row_at(self, index: int) -> ListRow | None:
        if not 0 <= index < self._count:
            return None
        page_no, at = divmod(index, PAGE)
        page = self._pages.get(page_no)
        if page is None:
            page = self._source.rows(page_no * PAGE, PAGE)
            self._pages[page_no] = page
            if len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[at] if at < len(page) else None

    @property
    def cursor_row(self) -> ListRow | None:
        return self.row_at(self.cursor_index)

    # -- selection -----------------------------------------------------------------
    @property
    def all_selected(self) -> bool:
        return self._all

    def is_selected(self, row: ListRow) -> bool:
        if self._all:
            return row.key not in self._excluded
        return row.key in self._selected

    @property
    def selection_count(self) -> int:
        if self._all:
            return self._count - len(self._excluded)
        return len(self._selected)

    def iter_selected(self) -> Iterator[str]:
        """Selected waybill numbers in list order; ctrl+a is resolved page by page here."""
        if self._all:
            for offset in range(0, self._count, PAGE):
                for row in self._source.rows(offset, PAGE):
                    if row.key not in self._excluded:
                        yield row.waybill
        else:
            for _, waybill in sorted(self._selected.values()):
                yield waybill

    def selected_waybills(self) -> list[str]:
        """The selection, else the cursor row (R-05)."""
        chosen = list(self.iter_selected())
        if chosen:
            return chosen
        row = self.cursor_row
        return [row.waybill] if row else []

    def selection(self) -> list[str] | Selection:
        """What F12 tracks, without reading the whole list on the UI thread: select-all
        over a source that can list its numbers in a worker is a :class:`Selection`;
        otherwise the numbers (the selection, else the cursor row)."""
        if self._all and hasattr(self._source, "keyed_waybills"):
            return Selection(self._source, frozenset(self._excluded), self.selection_count)
        return self.selected_waybills()

    def _set_selected(self, index: int, row: ListRow, on: bool) -> None:
        if self._all:
            (self._excluded.discard if on else self._excluded.add)(row.key)
        elif on:
            self._selected[row.key] = (index, row.waybill)
        else:
            self._selected.pop(row.key, None)

    def clear_selection(self) -> None:
        self._selected.clear()
        self._all = False
        self._excluded.clear()
        self._anchor = None
        self.refresh()

    # -- actions ---------------------------------------------------------------------
    @property
    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def move_cursor(self, index: int) -> None:
        """Put the cursor on ``index`` and redraw only the two lines that changed."""
        if self._count == 0:
            return
        index = max(0, min(index, self._count - 1))
        old = self.cursor_index
        if index == old:
            return
        self.cursor_index = index
        top = int(self.scroll_y)
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + self._page_height:
            self.scroll_to(y=index - self._page_height + 1, animate=False)
        else:
            self.refresh_lines(old + 1)
            self.refresh_lines(index + 1)
        row = self.row_at(index)
        if row is not None:
            self.post_message(self.CursorMoved(index, row))

    def _plain_move(self, index: int) -> None:
        self._anchor = None
        self.move_cursor(index)

    def action_cursor_up(self) -> None:
        self._plain_move(self.cursor_index - 1)

    def action_cursor_down(self) -> None:
        self._plain_move(self.cursor_index + 1)

    def action_page_up(self) -> None:
        self._plain_move(self.cursor_index - self._page_height)

    def action_page_down(self) -> None:
        self._plain_move(self.cursor_index + self._page_height)

    def action_first(self) -> None:
        self._plain_move(0)

    def action_last(self) -> None:
        self._plain_move(self._count - 1)

    def action_toggle(self) -> None:
        row = self.cursor_row
        if row is None:
            return
        self._anchor = None
        self._set_selected(self.cursor_index, row, not self.is_selected(row))
        self.refresh_lines(self.cursor_index + 1)

    def _extend(self, step: int) -> None:
        if self._count == 0:
            return
        if self._anchor is None:
            self._anchor = self.cursor_index
            self._range_base = dict(self._selected)
        self.move_cursor(self.cursor_index + step)
        lo, hi = sorted((self._anchor, self.cursor_index))
        if self._all:  # extending inside "all" re-includes the range
            for i in range(lo, hi + 1):
                row = self.row_at(i)
                if row:
                    self._excluded.discard(row.key)
        else:
            self._selected = dict(self._range_base)
            for i in range(lo, hi + 1):
                row = self.row_at(i)
                if row:
                    self._selected[row.key] = (i, row.waybill)
        self.refresh()

    def action_extend_up(self) -> None:
        self._extend(-1)

    def action_extend_down(self) -> None:
        self._extend(1)

    def action_select_all(self) -> None:
        """Select every row without loading them: a flag plus exclusions."""
        self._all = True
        self._excluded.clear()
        self._selected.clear()
        self._anchor = None
        self.refresh()

    def action_clear_selection(self) -> None:
        if not (self._all or self._selected):
            raise SkipAction()  # nothing to unselect: Escape goes back a screen instead
        self.clear_selection()

    def action_track(self) -> None:
        waybills = self.selection()
        if waybills:
            self.post_message(self.TrackRequested(waybills))

    def action_activate(self) -> None:
        row = self.cursor_row
        if row is not None:
            self.post_message(self.Activated(row))

    def on_waybill_list_row_left(self, m: RowLeft) -> None:
        row = m.row
        # a record without a waybill is named by its first column: 编号 3
        label = row.waybill or (f"{self._source.columns[0].title} {row.cells[0]}" if row.cells
                                else str(row.key))
        self._tell_left(row, label)

    @work(thread=True, group="list.left")
    def _tell_left(self, row: ListRow, label: str) -> None:
        """One line for the clerk: which record left and who moved it (a worker: the audit
        trail is read through a store of its own)."""
        from kefu_tui.services.left_list import left_notice

        open_store = getattr(self.app, "open_store", None)
        if open_store is None:
            text = f"{label} 已不在列表中"
        else:
            with open_store() as store:
                text = left_notice(store, label, row.waybill or None, getattr(self.app, "user", None))
        if text:
            self.app.call_from_thread(self.notify, text, timeout=6)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self._plain_move(int(self.scroll_y) + event.y - 1)

    # -- drawing -----------------------------------------------------------------------
    def _line_text(self, cells: tuple[str, ...] | list[str], mark: str) -> str:
        parts = [fit(mark, GUTTER)]
        for width, text in zip(self._widths, cells):
            parts.append(fit(visible(text), width) + " ")  # stored text: one plain line
        return "".join(parts)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        if y == 0:
            text = self._line_text([c.title for c in self._source.columns], "")
            style = base + self.get_component_rich_style("waybill-list--header")
        else:
            index = scroll_y + y - 1
            row = self.row_at(index)
            if row is None:
                if self._count == 0 and y == 1:
                    empty = self.get_component_rich_style("waybill-list--empty")
                    strip = Strip([Segment("  （无记录）", base + empty)])
                    return strip.crop_extend(0, width, base)
                return Strip.blank(width, base)
            selected = self.is_selected(row)
            text = self._line_text(row.cells, MARK if selected else "")
            style = base
            if selected:
                style += self.get_component_rich_style("waybill-list--selected")
            if index == self.cursor_index:
                style += self.get_component_rich_style("waybill-list--cursor")
        strip = Strip([Segment(text, style)], cell_len(text))
        return strip.crop_extend(scroll_x, scroll_x + width, style)
