"""R-09 returns as use cases: a selection returned in one transaction, refused ones listed
with why, and nothing half-written when the transaction fails."""

import pytest

from kefu_tui.domain import clock
from kefu_tui.services.overview import day_overview
from kefu_tui.services import returns as rs
from kefu_tui.services import tickets as ts

NOW = clock.parse_iso("2026-12-04T10:00:00+08:00")


def _tickets(store, n, at="2026-12-01T09:00:00"):
    nos = [f"5182{i:08d}" for i in range(n)]
    ts.add_tickets(store, nos, "address", "地址不详", clock.parse_iso(at), "wu", party="义乌二部")
    return nos


def test_R09_selection_allowed_returned_refused_listed(store):
    old = _tickets(store, 5)
    new = ["518300000000"]
    ts.add_tickets(store, new, "phone", "停机", clock.parse_iso("2026-12-03T09:00:00"), "wu")
    rs.reply_to_waybill(store, old[1], "hold", NOW, "wu", until=NOW.shift(days=1))
    rs.reply_to_waybill(store, old[2], "redeliver", NOW, "wu", text="新电话 13800001111")
    batch = rs.return_parcels(store, [*old, *new, "518999999999"], NOW, "wu")
    assert [x.waybill for x in batch.labels] == [old[0], old[3], old[4]]
    why = {x.waybill: x.reason for x in batch.refused}
    assert "暂放" in why[old[1]] and "再派" in why[old[2]] and "未满72小时" in why[new[0]]
    assert "没有问题件通知" in why["518999999999"]
    assert store.query("SELECT count(*) FROM returns")[0][0] == 3
    assert store.query("SELECT count(*) FROM scans WHERE kind = '退件'")[0][0] == 3
    assert ts.count_tickets(store, ts.TicketFilter(), NOW) == 3  # the refused stay open


def test_R09_nothing_half_written_when_the_transaction_fails(store, monkeypatch):
    nos = _tickets(store, 3)

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(rs.q, "insert_returns", boom)
    with pytest.raises(RuntimeError):
        rs.return_parcels(store, nos, NOW, "wu")
    assert store.query("SELECT count(*) FROM scans")[0][0] == 0
    assert store.query("SELECT count(*) FROM tickets WHERE status = 'open'")[0][0] == 3
    assert store.query("SELECT count(*) FROM audit WHERE action = 'return'")[0][0] == 0


def test_R09_reply_is_a_dated_note_and_moves_the_clock(store):
    no = _tickets(store, 1)[0]
    tid = rs.open_ticket_ids(store, no)[0]
    res = rs.record_reply(store, tid, "hold", NOW, "wu", until=NOW.shift(hours=30), text="客户出差")
    assert res.note.endswith("(1204)") and res.clock.state == "held"
    assert rs.waybill_clock(store, no, NOW).may_from == "2026-12-05 16:00:00"
    notes = ts.ticket_detail(store, tid).notes
    assert notes[-1].text == res.note
    # a later "unclear" ends the hold: the 72 h are long past
    rs.record_reply(store, tid, "unclear", NOW.shift(hours=1), "wu")
    assert rs.waybill_clock(store, no, NOW.shift(hours=1)).state == "may"


def test_R09_day_counts_and_the_asked_back_finding(store):
    nos = _tickets(store, 4, at="2026-12-03T09:00:00")
    rs.reply_to_waybill(store, nos[0], "return", clock.parse_iso("2026-12-03T15:00:00"), "wu")
    rs.reply_to_waybill(store, nos[1], "return", NOW, "wu")
    ov = day_overview(store, NOW)
    assert (ov.returnable, ov.must_return) == (2, 2)
    found = rs.asked_back_still_here(store, NOW)
    assert [f["waybill"] for f in found] == [nos[0]]  # asked yesterday, still here
    assert found[0]["asked_at"] == "2026-12-03 15:00:00"


def test_R09_the_monitoring_board_shows_the_asked_back_still_here(store):
    from kefu_tui.services import monitor

    nos = _tickets(store, 2, at="2026-12-02T09:00:00")
    rs.reply_to_waybill(store, nos[0], "return", clock.parse_iso("2026-12-03T15:00:00"), "wu")
    rs.reply_to_waybill(store, nos[1], "return", NOW, "wu")  # asked today: not yet late
    item = monitor.board_item(store, "R-09", NOW)
    assert [f["waybill"] for f in item["findings"]] == [nos[0]]
    assert "R-09" not in monitor.board(store, NOW)  # kefu monitor --json keeps R-24..R-33
    rs.return_parcels(store, [nos[0]], NOW, "wu")
    assert monitor.board_item(store, "R-09", NOW)["findings"] == []


def test_R09_reply_and_return_make_older_views_stale_and_are_audited_per_waybill(store):
    no = _tickets(store, 1)[0]
    tid = rs.open_ticket_ids(store, no)[0]
    v0 = store.query("SELECT version FROM tickets WHERE id = ?", (tid,))[0][0]
    rs.record_reply(store, tid, "unclear", NOW, "wu")
    rs.return_parcels(store, [no], NOW, "wu")
    assert store.query("SELECT version FROM tickets WHERE id = ?", (tid,))[0][0] == v0 + 2
    actions = [r[0] for r in store.query("SELECT action FROM audit WHERE waybill = ? ORDER BY id", (no,))]
    assert actions[-2:] == ["ticket.reply", "return"]
