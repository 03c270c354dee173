"""Columns for the CLI's human output that line up with Chinese text: widths are terminal
cells measured by rich (a CJK character is two cells, a digit one), not ``len()``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len

from kefu_tui.domain.untrusted import visible


def pad(text: object, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` cells (never cut: a waybill or a name is data)."""
    s = visible(text)  # stored text: one line, control characters shown (issue 15 item 3)
    gap = " " * max(0, width - cell_len(s))
    return gap + s if right else s + gap


def table(rows: Iterable[Sequence[object]], right: Iterable[int] = (), sep: str = "  ") -> list[str]:
    """Lines of ``rows`` with every column as wide as its widest cell; columns whose index is
    in ``right`` are right-aligned (counts, money). The last column is not padded."""
    rows = [[visible(c) for c in r] for r in rows]
    if not rows:
        return []
    right = set(right)
    n = max(len(r) for r in rows)
    widths = [max((cell_len(r[i]) for r in rows if i < len(r)), default=0) for i in range(n)]
    out = []
    for r in rows:
        cells = [pad(c, widths[i], i in right) if (i < len(r) - 1 or i in right) else c
                 for i, c in enumerate(r)]
        out.append(sep.join(cells).rstrip())
    return out
