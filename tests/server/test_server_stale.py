"""No lost update (issue 9): a close, re-open or type change made on a stale view of a
ticket is refused naming who changed it and when; notes never conflict."""

import pytest

from kefu_tui.domain import clock
from kefu_tui.services import tickets as ts

NO = "518000000101"


@pytest.fixture
def ticket(store, now):
    ts.add_tickets(store, [NO], "phone", "电话错误", now, "alice")
    return ts.open_tickets_of(store, NO)[0]


def test_close_on_a_stale_view_is_refused_naming_who_reopened(store, now, ticket):
    seen = ticket.version  # bob's screen read the ticket
    later = now.shift(minutes=5)
    ts.close_ticket(store, ticket.id, "已联系", now, "alice", seen_version=seen)
    ts.reopen_ticket(store, ticket.id, later, "carol", seen_version=seen + 1)
    with pytest.raises(ts.StaleTicket) as e:
        ts.close_ticket(store, ticket.id, "bob's reason", later, "bob", seen_version=seen)
    assert e.value.who == "carol" and e.value.when == clock.stamp(later)
    assert "carol" in str(e.value) and "重新打开" in str(e.value)
    t = ts.ticket_detail(store, ticket.id).ticket
    assert t.status == "open" and t.version == seen + 2


def test_type_change_on_a_stale_view_is_refused_and_notes_never_conflict(store, now, ticket):
    seen = ticket.version
    ts.add_note(store, ticket.id, "第一次", now, "bob")  # notes do not move the version
    ts.change_type(store, ticket.id, "address", now, "alice", seen_version=seen)
    ts.add_note(store, ticket.id, "第二次", now, "bob")
    with pytest.raises(ts.StaleTicket) as e:
        ts.change_type(store, ticket.id, "damaged", now, "bob", seen_version=seen)
    assert e.value.who == "alice" and e.value.what == "改了类型"
    d = ts.ticket_detail(store, ticket.id)
    assert d.ticket.type.value == "address" and len(d.notes) == 2


def test_closing_twice_is_refused_naming_the_first_closer(store, now, ticket):
    ts.close_ticket(store, ticket.id, "a", now, "alice")
    with pytest.raises(ts.StaleTicket) as e:
        ts.close_ticket(store, ticket.id, "b", now, "bob")
    assert e.value.who == "alice" and e.value.what == "关闭"


def test_transfer_edit_on_a_stale_view_and_a_second_sign_are_refused(store, now):
    from kefu_tui.domain.transfers import TransferRegistration
    from kefu_tui.services import transfers as tr

    rec, _ = tr.register_transfer(store, TransferRegistration(
        waybill=NO, mode="rewaybill", carrier="postal", new_waybill="990000000001", fee_fen=300,
        address="河南省信阳市淮滨县", weight_kg=1.0), now, "alice")
    seen = rec.version
    tr.edit_transfer(store, rec.id, {"fee_fen": 500}, now.shift(minutes=1), "alice", seen_version=seen)
    with pytest.raises(tr.StaleTransfer) as e:
        tr.edit_transfer(store, rec.id, {"address": "别处"}, now, "bob", seen_version=seen)
    assert e.value.who == "alice" and "修改" in str(e.value)
    tr.mark_signed(store, rec.id, now.shift(minutes=2), "carol")
    with pytest.raises(tr.StaleTransfer) as e:
        tr.mark_signed(store, rec.id, now, "bob")
    assert e.value.who == "carol" and e.value.what == "标记签收"
    (after,) = tr.list_transfers(store, waybill=NO)
    assert after.fee_fen == 500 and after.address == "河南省信阳市淮滨县"


def test_tracking_shows_the_waybills_history(store, now, ticket):
    from kefu_tui.screens.tracking import history_text

    ts.add_note(store, ticket.id, "电话停机", now, "bob")
    ts.close_ticket(store, ticket.id, "已联系", now.shift(minutes=1), "carol")
    lines = history_text(store, NO).plain.splitlines()
    assert lines[1] == "变更记录"
    assert "carol  关闭  已联系" in lines[2] and "bob  跟进" in lines[3] and "alice  登记问题件" in lines[4]
    assert history_text(store, "518999999999").plain == ""
