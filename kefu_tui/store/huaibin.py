"""SQL for the Huaibin agent (R-22, R-23): the agent's delivery-list lines and the bulk
registration of the day's list as ``agent_delay`` problem tickets."""

from __future__ import annotations

from collections.abc import Iterable

from kefu_tui.domain.monitoring import ListItem
from kefu_tui.store.delivery import agent_line_sql
from kefu_tui.store.monitor import _chunks


def agent_items(store, first_day: str, last_day: str) -> list[ListItem]:
    """R-22: the agent's lines (outlet 淮滨, or a courier naming 淮滨/代派) of those days."""
    agent, args = agent_line_sql()
    rows = store.query(
        "SELECT waybill, courier, at, day, outlet FROM delivery_items"
        f" WHERE day >= ? AND day <= ? AND {agent} ORDER BY day, at, id",
        [first_day, last_day, *args])
    return [ListItem(**{k: r[k] for k in r.keys()}) for r in rows]


def signed(store, waybills: Iterable[str]) -> set[str]:
    """Those waybills with a 签收 scan."""
    out: set[str] = set()
    for part in _chunks(waybills):
        marks = ",".join("?" * len(part))
        out.update(r[0] for r in store.query(
            f"SELECT DISTINCT waybill FROM scans WHERE waybill IN ({marks}) AND kind = '签收'",
            part))
    return out
