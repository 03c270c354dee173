"""Where a ticket stands in the queue's order (issue 16 item 1: a refresh keeps the cursor
on its ticket): ``store.tickets.positions`` gives each id the index the queue's pages show
it at, for every sort, both directions and outlets left empty, by a count per id (a few
ids) or one pass (many); an id the filter does not select is absent."""

from __future__ import annotations

import itertools

import pytest

from kefu_tui.store import open_store
from kefu_tui.store import tickets as q
from tests.app.test_ticket_queue import fill_db

SORTS = ("updated", "created", "waybill", "type", "party")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("positions") / "kefu.db"
    fill_db(path, n=240)
    s = open_store(path)
    with s.write():  # some tickets with no outlet: NULL sorts first ascending, last descending
        s.conn.execute("UPDATE tickets SET party = NULL WHERE id % 7 = 0")
    yield s
    s.close()


@pytest.mark.parametrize("sort,descending,status", list(itertools.product(SORTS, (False, True), ("open", "all"))))
def test_positions_are_the_queue_order(store, sort, descending, status):
    query = q.QueueQuery(status=status, sort=sort, descending=descending)
    order = [tid for tid, _ in q.keyed_waybills(store, query)]
    where = {tid: i for i, tid in enumerate(order)}
    closed = store.conn.execute("SELECT id FROM tickets WHERE status = 'closed' LIMIT 2").fetchall()
    few = [order[0], order[len(order) // 2], order[-1], *(r[0] for r in closed)]
    assert len(few) <= q.FEW_POSITIONS
    assert q.positions(store, query, few) == {t: where[t] for t in few if t in where}
    many = [*order[::3], *(r[0] for r in closed)]
    assert q.positions(store, query, many) == {t: where[t] for t in many if t in where}
