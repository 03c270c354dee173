"""The CLI's human tables line up with Chinese text: widths in terminal cells (rich), so a
column after 电话错误/停机/暂停服务 starts where it starts after 破损."""

from __future__ import annotations

from rich.cells import cell_len

from kefu_tui.cli.table import pad, table


def test_columns_start_at_the_same_cell_whatever_the_script():
    lines = table([("518000000001", "破损", "固始", "3"),
                   ("518000000002", "电话错误/停机/暂停服务", "上海青浦十六部", "12")], right={3})
    # the third column starts at the same cell on both lines
    starts = [cell_len(line[: line.index(word)]) for line, word in zip(lines, ("固始", "上海青浦十六部"))]
    assert starts[0] == starts[1]
    assert cell_len(lines[0]) == cell_len(lines[1])  # the right-aligned counts end together
    assert lines[0].endswith(" 3") and lines[1].endswith("12")


def test_pad_counts_wide_characters_as_two_cells():
    assert pad("未结", 6) == "未结  " and pad("12", 4, right=True) == "  12"
    assert pad("超过宽度的文字", 2) == "超过宽度的文字"  # data is never cut
    assert table([]) == []
