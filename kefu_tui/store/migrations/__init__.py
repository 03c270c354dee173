"""Migrations 3 onwards, one module per capability so each lands on its own.

Each module holds ``SQL``: one migration script (statements end with ``;`` at a line end).
The order below is the order databases apply them; never reorder or edit a landed one,
add a new slot instead."""

from kefu_tui.store.migrations import m3_server, m4_returns, m5_counter, m6_quality, m7_rules, m8_board

EXTRA_MIGRATIONS: list[str] = [m3_server.SQL, m4_returns.SQL, m5_counter.SQL, m6_quality.SQL, m7_rules.SQL,
                                   m8_board.SQL]
