"""SQL for the statistics with pictures (§11 daily statistics and the month): counts per
day over a half-open stored-text period ``[start, end)``."""

from __future__ import annotations


def tickets_per_day(store, start: str, end: str) -> tuple[dict[str, int], dict[str, int]]:
    """(day → tickets opened, day → tickets closed)."""
    opened = store.query("SELECT substr(created_at, 1, 10), count(*) FROM tickets"
                         " WHERE status IN ('open', 'closed') AND created_at >= ? AND created_at < ?"
                         " GROUP BY 1", (start, end))
    closed = store.query("SELECT substr(closed_at, 1, 10), count(*) FROM tickets"
                         " WHERE closed_at >= ? AND closed_at < ? GROUP BY 1", (start, end))
    return {r[0]: r[1] for r in opened}, {r[0]: r[1] for r in closed}


def transfers_per_day(store, start: str, end: str) -> dict[tuple[str, str], int]:
    """(day, channel) → transfers registered; channel is the carrier, else the mode."""
    rows = store.query("SELECT substr(created_at, 1, 10), coalesce(carrier, mode), count(*)"
                       " FROM transfers WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2",
                       (start, end))
    return {(r[0], r[1]): r[2] for r in rows}


def checks_per_day(store, first_day: str, last_day: str) -> dict[str, set[str]]:
    """day → the monitoring items checked that day (R-34)."""
    out: dict[str, set[str]] = {}
    for day, rule in store.query("SELECT DISTINCT day, rule FROM monitor_checks WHERE day >= ?"
                                 " AND day <= ?", (first_day, last_day)):
        out.setdefault(day, set()).add(rule)
    return out


def first_check_day(store) -> str | None:
    """The first day any monitoring check was recorded: the workstation's first day in use."""
    return store.query("SELECT min(day) FROM monitor_checks")[0][0]


def complaint_states(store, start: str, end: str) -> list[tuple[str, str | None, int]]:
    """(step, outcome, n) of complaints received in the period."""
    return [tuple(r) for r in store.query(
        "SELECT step, outcome, count(*) FROM complaints WHERE received_at >= ? AND received_at < ?"
        " GROUP BY 1, 2", (start, end))]
