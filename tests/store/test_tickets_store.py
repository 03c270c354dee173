"""Problem-parcel store and services on a real SQLite file: bulk registration (R-08) and
undo, skipping already-open, notes (R-06, R-07), queue filters, search, sort, photos."""

from pathlib import Path

import pytest

from kefu_tui.domain import clock
from kefu_tui.services import tickets as ts
from kefu_tui.services.overview import day_overview
from kefu_tui.services.tracking import track
from kefu_tui.store import tickets as q


def T(text):
    return clock.parse_iso(text)


def nos(n, start=0):
    return [f"5180000{i:05d}" for i in range(start, start + n)]


def add_waybill(store, no, receiver=None, phone=None, sender="郑州金水"):
    with store.write():
        store.conn.execute("INSERT INTO waybills (waybill, receiver, phone, sender_outlet)"
                           " VALUES (?, ?, ?, ?)", (no, receiver, phone, sender))


def add_scan(store, no, kind, at, site="信阳二部"):
    with store.write():
        store.conn.execute("INSERT INTO scans (waybill, kind, at, site) VALUES (?, ?, ?, ?)",
                           (no, kind, at, site))


def audit_rows(store, action):
    return store.query("SELECT * FROM audit WHERE action = ?", (action,))


def test_R08_bulk_add_50_in_one_batch_then_undo(store, now):
    numbers = nos(50)
    res = ts.add_tickets(store, numbers, "damaged", "外包装破损", now, "wu")
    assert res.created == 50 and res.batch_id is not None
    assert store.query("SELECT count(DISTINCT batch_id) FROM tickets")[0][0] == 1
    assert store.query("SELECT n FROM bulk_batches")[0][0] == 50
    assert len(audit_rows(store, "ticket.add")) == 1
    tid = store.query("SELECT id FROM tickets LIMIT 1")[0][0]
    ts.add_note(store, tid, "已联系", now, "wu")
    assert ts.last_batch(store, "wu") == res.batch_id
    assert ts.last_batch(store, "someone_else") is None
    assert ts.undo_batch(store, res.batch_id, now, "wu") == 50
    assert store.query("SELECT count(*) FROM tickets")[0][0] == 0
    assert store.query("SELECT count(*) FROM ticket_notes")[0][0] == 0
    assert len(audit_rows(store, "ticket.undo")) == 1
    assert ts.last_batch(store, "wu") is None
    with pytest.raises(ts.TicketError):
        ts.undo_batch(store, res.batch_id, now, "wu")


def test_R08_already_open_same_type_is_skipped(store, now):
    ts.add_tickets(store, nos(3), "phone", "电话停机", now, "wu")
    res = ts.add_tickets(store, nos(5), "phone", "电话停机", now, "wu")
    assert res.created == 2 and res.skipped_open == nos(3)
    other = ts.add_tickets(store, nos(1), "address", "地址不详", now, "wu")
    assert other.created == 1  # another type is another problem


def test_R08_unknown_numbers_registered_and_reported(store, now):
    add_waybill(store, nos(1)[0])
    pre = ts.preview_bulk(store, nos(3))
    assert pre.ok == nos(1) and pre.unknown == nos(3)[1:] and pre.already_open == []
    res = ts.add_tickets(store, nos(3), "phone", "x", now, "wu")
    assert res.created == 3 and res.unknown == nos(3)[1:]
    assert ts.preview_bulk(store, nos(3), "phone").already_open == nos(3)


def test_R08_preview_promises_what_the_commit_does(store, now):
    """R-08: one predicate (``skipped_in_bulk``) for the preview and the commit: an open
    ticket of another type is no reason to skip, so the preview does not say so."""
    add_waybill(store, nos(1)[0])
    ts.add_tickets(store, nos(2), "phone", "电话停机", now, "wu")
    for type_ in ("phone", "address"):
        pre = ts.preview_bulk(store, nos(3), type_)
        res = ts.add_tickets(store, nos(3), type_, "x", now, "wu")
        assert pre.already_open == res.skipped_open
        assert sorted(pre.ok + pre.unknown) == sorted(n for n in nos(3) if n not in res.skipped_open)
    assert ts.preview_bulk(store, nos(3)).already_open == []  # no type chosen: nothing skipped yet
    assert ts.preview_bulk(store, nos(1)).open_types == {nos(1)[0]: ["address", "phone"]}


def test_R08_party_defaults_to_sender_outlet(store, now):
    add_waybill(store, nos(1)[0], sender="武汉汉口")
    ts.add_tickets(store, nos(2), "phone", "x", now, "wu")
    assert [r[0] for r in store.query("SELECT party FROM tickets ORDER BY id")] == ["武汉汉口", None]
    ts.add_tickets(store, nos(1, 10), "phone", "x", now, "wu", party="固始")
    assert store.query("SELECT party FROM tickets WHERE waybill = ?", (nos(1, 10)[0],))[0][0] == "固始"


def test_default_text_for_missort(store, now):
    ts.add_tickets(store, nos(1), "错分-大头笔写错", "", now, "wu")
    assert store.query("SELECT text FROM tickets")[0][0] == "此件错分"
    with pytest.raises(ts.TicketError):
        ts.add_tickets(store, nos(1, 5), "phone", " ", now, "wu")


def test_R07_notes_are_dated_and_appended(store):
    day1, day2 = T("2026-12-05T09:00:00"), T("2026-12-06T09:00:00")
    ts.add_tickets(store, nos(1), "not_home", "客户不在", day1, "wu")
    tid = store.query("SELECT id FROM tickets")[0][0]
    assert ts.add_note(store, tid, "约明天", day1, "wu") == "约明天(1205)"
    assert ts.add_note(store, tid, "暂放续送", day2, "chen") == "暂放续送(1206)"
    detail = ts.ticket_detail(store, tid)
    assert [n.text for n in detail.notes] == ["约明天(1205)", "暂放续送(1206)"]
    assert detail.ticket.updated_at == "2026-12-06 09:00:00"
    row = ts.page_tickets(store, ts.TicketFilter(), day2, 0, 10)[0]
    assert row.last_note == "暂放续送(1206)"


def test_close_ticket_and_refuse_notes_after(store, now):
    ts.add_tickets(store, nos(1), "refused", "拒收", now, "wu")
    tid = store.query("SELECT id FROM tickets")[0][0]
    ts.close_ticket(store, tid, "已退回", now, "wu")
    assert ts.count_tickets(store, ts.TicketFilter(), now) == 0
    assert ts.count_tickets(store, ts.TicketFilter(status="closed"), now) == 1
    with pytest.raises(ts.TicketError):
        ts.add_note(store, tid, "x", now, "wu")
    with pytest.raises(ts.TicketError):
        ts.close_ticket(store, tid, "again", now, "wu")


def _queue(store):
    """Four tickets on three days, known receivers and phones."""
    add_waybill(store, "518000000101", "王小明", "13800001111")
    add_waybill(store, "518000000102", "李四", "13900002222")
    add_waybill(store, "518000000203", "王大锤", "13700003333")
    ts.add_tickets(store, ["518000000101"], "phone", "停机", T("2026-12-01T09:00:00"), "wu", party="固始")
    ts.add_tickets(store, ["518000000102"], "address", "不详", T("2026-12-05T23:59:59"), "wu", party="商城")
    ts.add_tickets(store, ["518000000203"], "damaged", "破", T("2026-12-06T00:00:00"), "wu", party="固始")
    ts.add_tickets(store, ["518000000999"], "phone", "空号", T("2026-12-06T08:00:00"), "wu")
    ids = {r[1]: r[0] for r in store.query("SELECT id, waybill FROM tickets")}
    ts.close_ticket(store, ids["518000000999"], "done", T("2026-12-06T08:30:00"), "wu")
    return ids


def waybills(store, f, now):
    return [r.waybill for r in ts.page_tickets(store, f, now, 0, 100)]


def test_every_filter(store):
    _queue(store)
    now = T("2026-12-06T09:00:00")
    F = ts.TicketFilter
    assert ts.count_tickets(store, F(), now) == 3
    assert ts.count_tickets(store, F(status="all"), now) == 4
    assert waybills(store, F(status="closed"), now) == ["518000000999"]
    # 23:59:59 yesterday is overdue, 00:00 today is not
    assert waybills(store, F(overdue=True), now) == ["518000000101", "518000000102"]
    assert waybills(store, F(before_ten=True), now) == ["518000000101", "518000000102"]
    # only the 1 Dec ticket is 72 h old
    assert waybills(store, F(returnable=True), now) == ["518000000101"]
    assert waybills(store, F(type="phone"), now) == ["518000000101"]
    assert waybills(store, F(type="破损"), now) == ["518000000203"]
    assert waybills(store, F(party="固始"), now) == ["518000000101", "518000000203"]
    assert waybills(store, F(party="固始", type="damaged"), now) == ["518000000203"]
    for f in (F(), F(overdue=True), F(type="phone"), F(party="固始"), F(search="王")):
        assert ts.count_tickets(store, f, now) == len(waybills(store, f, now))


def test_R09_hold_postpones_returnable(store):
    ids = _queue(store)
    now = T("2026-12-06T09:00:00")
    with store.write():
        store.conn.execute("UPDATE tickets SET hold_until = ? WHERE id = ?",
                           ("2026-12-07 09:00:00", ids["518000000101"]))
    assert ts.count_tickets(store, ts.TicketFilter(returnable=True), now) == 0
    assert ts.count_tickets(store, ts.TicketFilter(returnable=True), T("2026-12-07T09:00:00")) == 1


def test_search_by_number_phone_name(store):
    _queue(store)
    now = T("2026-12-06T09:00:00")
    F = ts.TicketFilter
    assert waybills(store, F(search="518000000102"), now) == ["518000000102"]
    assert waybills(store, F(search="51800000010"), now) == ["518000000101", "518000000102"]
    assert waybills(store, F(search="5180000002"), now) == ["518000000203"]
    assert waybills(store, F(search="13900002222"), now) == ["518000000102"]
    assert waybills(store, F(search="1370"), now) == ["518000000203"]
    assert waybills(store, F(search="王"), now) == ["518000000101", "518000000203"]
    assert waybills(store, F(search="李四"), now) == ["518000000102"]
    assert waybills(store, F(search="赵"), now) == []
    row = ts.page_tickets(store, F(search="李四"), now, 0, 1)[0]
    # issue 9: the queue shows the phone masked; the search above still finds it whole
    assert (row.receiver, row.phone, row.type_label, row.age_days) == ("李四", "139****2222", "地址不详", 1)


def test_sorts_and_paging(store):
    _queue(store)
    now = T("2026-12-06T09:00:00")
    F = ts.TicketFilter
    assert waybills(store, F(sort="updated", descending=True), now) == ["518000000203", "518000000102", "518000000101"]
    assert waybills(store, F(sort="waybill", descending=True), now) == ["518000000203", "518000000102", "518000000101"]
    assert waybills(store, F(sort="type"), now) == ["518000000102", "518000000203", "518000000101"]
    # party sorts by code point (商 U+5546 before 固 U+56FA), ties by last update
    assert waybills(store, F(sort="party"), now) == ["518000000102", "518000000101", "518000000203"]
    assert [r.waybill for r in ts.page_tickets(store, F(), now, 1, 1)] == ["518000000102"]
    assert ts.page_tickets(store, F(), now, 10, 5) == []


@pytest.mark.parametrize("f", [
    dict(), dict(overdue=True), dict(type="phone"), dict(party="固始"),
    dict(sort="created"), dict(sort="waybill"), dict(returnable=True),
    dict(search="13800001111"), dict(search="王"),
])
def test_queue_queries_use_indexes(store, f):
    now = T("2026-12-06T09:00:00")
    sql, args = q.page_ids_sql(ts._query(ts.TicketFilter(**f), now))
    steps = [r[3] for r in store.query("EXPLAIN QUERY PLAN " + sql, [*args, 50, 0])]
    assert any("INDEX" in s for s in steps), steps
    # never a full table scan: every SCAN walks an index
    assert all("INDEX" in s for s in steps if s.startswith("SCAN")), steps


def test_attach_photo_never_clobbers(store, now, tmp_path):
    ts.add_tickets(store, nos(1), "damaged", "破损", now, "wu")
    tid = store.query("SELECT id FROM tickets")[0][0]
    src = tmp_path / "IMG_1.jpg"
    src.write_bytes(b"one")
    root = tmp_path / "photos"
    p1 = ts.attach_photo(store, tid, src, root, now, "wu")
    src.write_bytes(b"two")
    p2 = ts.attach_photo(store, tid, src, root, now, "wu")
    assert p1 == root / nos(1)[0] / "IMG_1.jpg" and p2 == root / nos(1)[0] / "IMG_1-2.jpg"
    assert p1.read_bytes() == b"one" and p2.read_bytes() == b"two"
    assert ts.ticket_detail(store, tid).photos == [str(p1), str(p2)]
    with pytest.raises(ts.TicketError):
        ts.attach_photo(store, tid, tmp_path / "missing.jpg", root, now, "wu")


def test_templates(store, now):
    ts.save_template(store, "请提供正确电话", "phone", now, "wu")
    ts.save_template(store, "请提供正确电话", None, now, "wu")
    t = ts.list_templates(store)
    assert t[0] == "请提供正确电话" and t.count("请提供正确电话") == 1 and "此件错分" in t


def test_day_overview_counts(store):
    _queue(store)
    o = day_overview(store, T("2026-12-06T09:00:00"))
    assert (o.open_total, o.overdue, o.before_ten, o.returnable) == (3, 2, 2, 1)
    assert not o.before_ten_late
    assert day_overview(store, T("2026-12-06T10:00:00")).before_ten_late
    assert o.desks["进港"]["open_tickets"] == 3
    assert o.desks["出港"]["transfers_due"] == 0


def test_track_service_joins_scans_tickets_and_unknown(store):
    add_scan(store, "518000000101", "到件", "2026-12-05 09:00:00")
    add_scan(store, "518000000101", "派件", "2026-12-05 10:00:00")
    add_scan(store, "518000000101", "回单发件", "2026-12-05 11:00:00")
    add_waybill(store, "518000000101", "王小明", "13800001111")
    ts.add_tickets(store, ["518000000101"], "not_home", "客户不在", T("2026-12-05T15:00:00"), "wu")
    got = track(store, ["518000000101", "518000000555", "518000000101"], T("2026-12-06T09:00:00"))
    assert [p.waybill for p in got] == ["518000000101", "518000000555"]
    p, unknown = got
    assert p.known and p.state == "派件中·问题件" and p.site == "信阳二部"
    assert [s.kind for s in p.scans] == ["到件", "派件", "回单发件"]
    assert p.last_scan.kind == "派件"
    assert p.waybill_info.receiver == "王小明"
    assert p.next_action.startswith("R-06")
    assert not unknown.known and unknown.state == "未到" and unknown.next_action == "none"
