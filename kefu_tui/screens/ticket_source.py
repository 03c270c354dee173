"""The problem-parcel queue (问题件) as a row source for :class:`WaybillList`.

Rows are read a page at a time by LIMIT/OFFSET through ``page_tickets`` (about a
millisecond a page on the UI thread's store); the count is taken once per source, and on
a filter change it is taken in a worker and handed in, so the UI thread never counts a
200,000-row table (R-06 overdue, R-09 returnable are filters of the same query)."""

from __future__ import annotations

from collections.abc import Iterator

import arrow
from rich.cells import cell_len

from kefu_tui.domain import words
from kefu_tui.domain.tickets import LABELS
from kefu_tui.services.tickets import (TicketFilter, TicketRow, count_tickets, page_tickets,
                                      ticket_positions, ticket_waybills)
from kefu_tui.widgets.waybill_list import Column, ListRow

CLOSED = f"{words.status_word('closed')}·"
# the widest type cell there can be (a closed ticket of the longest type), so it is never cut
TYPE_CELLS = cell_len(CLOSED) + max(cell_len(label) for label in LABELS.values())

COLUMNS: list[Column] = [
    Column("运单号", 12, "waybill"),
    Column("类型", 10, "type", most=TYPE_CELLS),
    Column("网点", 8, "party", most=16),  # 上海青浦十六部: 14
    Column("天数", 4, "age"),
    Column("未更新", 6, "stale"),
    Column("退件R-09", 11, "return_clock"),
    Column("最后跟进", 26, "last_note", rest=True),
]


def row_cells(r: TicketRow) -> tuple[str, ...]:
    """One ticket as the queue shows it; a closed one is marked in its type cell."""
    kind = r.type_label if r.status == "open" else f"{CLOSED}{r.type_label}"
    return (
        r.waybill,
        kind,
        r.party or "—",
        f"{r.age_days}天",
        f"{r.days_since_update}天",
        r.return_clock or "—",
        (r.last_note or "").replace("\n", " "),
    )


class TicketSource:
    """Tickets matching ``flt`` at ``now``, read from ``store`` (a RowSource).

    ``count`` may be given (taken in a worker); otherwise it is taken on first use and
    cached for the life of this source: a new filter makes a new source."""

    columns = COLUMNS

    def __init__(self, store, flt: TicketFilter, now: arrow.Arrow, count: int | None = None):
        self.store = store
        self.filter = flt
        self.now = now
        self._count = count
        self._known: dict[int, int | None] = {}

    def count(self) -> int:
        if self._count is None:
            self._count = count_tickets(self.store, self.filter, self.now)
        return self._count

    def refreshed(self, now: arrow.Arrow, count: int, positions: dict | None = None) -> None:
        """The same filter after the data changed (counted again in a worker, with where
        the tickets the clerk is on now stand: ``positions``, id → index or None)."""
        self.now, self._count = now, count
        self._known = dict(positions or {})

    def index_of(self, key) -> int | None:
        """Where ticket ``key`` stands now (the worker's answer, else one query)."""
        if key not in self._known:
            self._known.update(ticket_positions(self.store, self.filter, self.now, [key]))
        return self._known[key]

    def keyed_waybills(self, store) -> Iterator[tuple[int, str]]:
        """Every (ticket id, waybill) of this filter, in list order, through ``store`` (a
        worker's own): select-all is resolved off the UI thread (waybill_list.Selection)."""
        return ticket_waybills(store, self.filter, self.now)

    def rows(self, offset: int, limit: int) -> list[ListRow]:
        return [
            ListRow(r.id, r.waybill, row_cells(r))
            for r in page_tickets(self.store, self.filter, self.now, offset, limit)
        ]


class EmptySource:
    """Shown while the first count is still being taken in a worker."""

    columns = COLUMNS

    def count(self) -> int:
        return 0

    def rows(self, offset: int, limit: int) -> list[ListRow]:
        return []
