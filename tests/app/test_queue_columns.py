"""The queue's columns take the width the terminal has, wide (CJK) characters counted as
two cells (rich.cells.cell_len): at 80×24 nothing overflows the line, at 200×60 no outlet
or type name is cut and the last follow-up gets the rest."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from kefu_tui.screens.tickets import TicketQueueScreen
from kefu_tui.widgets.waybill_list import Column, WaybillList, column_widths
from tests.app.snapshot_app import make_app
from tests.app.test_shell import settle, sync


def test_column_widths_grow_to_most_then_rest_takes_what_is_left():
    cols = [Column("a", 4, "a"), Column("b", 4, "b", most=10), Column("c", 4, "c", most=6),
            Column("d", 5, "d", rest=True)]
    assert column_widths(cols, 10) == [4, 4, 4, 5]  # too narrow: least widths, scrolls
    assert column_widths(cols, 20) == [4, 6, 5, 5]  # 3 spare: one each in turn
    assert column_widths(cols, 40) == [4, 10, 6, 20]  # both at most, the rest to d
    assert column_widths(cols[:3], 40) == [4, 10, 6]  # no rest column: blank to the right


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
@sync
async def test_queue_uses_the_width_it_has(tmp_path, size):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, TicketQueueScreen)
        lst = app.screen.query_one(WaybillList)
        room = lst.scrollable_content_region.width
        assert lst.virtual_size.width <= max(room, 2 + sum(c.width + 1 for c in lst.source.columns))
        header = lst._line_text([c.title for c in lst.source.columns], "")
        if size[0] >= 120:
            assert cell_len(header) == room  # every cell of the line in use, none beyond
            rows = [lst.row_at(i) for i in range(min(lst.row_count, 50))]
            for r in rows:
                line = lst._line_text(r.cells, "")
                kind, party = r.cells[1], r.cells[2]
                assert kind in line and party in line, (kind, party, line)  # not cut
