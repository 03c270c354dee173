"""Tracking: state from scans and registrations (R-04) and the next action (R-06, R-09,
R-10, R-15, R-21, R-23)."""

from kefu_tui.domain import clock
from kefu_tui.domain.tracking import (
    NONE, TicketView, TransferView, derive_state, next_action, transfer_day,
)
from kefu_tui.domain.waybills import Scan

NO = "518000000001"


def T(text):
    return clock.parse_iso(text)


def scan(kind, at, site="信阳二部"):
    return Scan(waybill=NO, kind=kind, at=at, site=site)


def tv(type="phone", status="open", created="2026-12-01 09:00:00", updated=None, hold=None):
    return TicketView(id=1, type=type, type_label=type, text="x", status=status,
                      created_at=created, updated_at=updated or created, hold_until=hold)


def xv(created="2026-12-01 09:00:00", signed=None, attempts=0):
    return TransferView(id=1, mode="rewaybill", carrier="sto", created_at=created,
                        signed_at=signed, attempts=attempts)


FLOW = [scan("收件", "2026-12-01 08:00:00", "上海青浦"), scan("发件", "2026-12-01 20:00:00", "上海青浦"),
        scan("到件", "2026-12-02 09:00:00"), scan("派件", "2026-12-02 10:00:00")]


def test_R04_no_scans_is_not_arrived():
    assert derive_state([]) == "未到"


def test_R04_last_meaningful_scan_wins():
    assert derive_state(FLOW[:3]) == "已到件"
    assert derive_state(FLOW) == "派件中"
    assert derive_state(FLOW + [scan("签收", "2026-12-02 15:00:00")]) == "已签收"


def test_R04_receipt_dispatch_does_not_move_the_parcel():
    assert derive_state(FLOW[:3] + [scan("回单发件", "2026-12-02 11:00:00")]) == "已到件"


def test_R04_open_problem_shown_beside_state():
    assert derive_state(FLOW[:3], [tv()]) == "已到件·问题件"
    assert derive_state(FLOW[:3], [tv(status="closed")]) == "已到件"
    assert derive_state([], [tv()]) == "问题件"


def test_R04_transfer_registered_after_last_scan():
    assert derive_state(FLOW[:3], [], [xv(created="2026-12-02 12:00:00")]) == "已转件"
    assert derive_state(FLOW[:3], [], [xv(created="2026-12-02 12:00:00", signed="2026-12-04 10:00:00")]) == "转件已签收"


def test_signed_parcel_needs_nothing():
    done = FLOW + [scan("签收", "2026-12-02 15:00:00")]
    assert next_action(done, [tv()], [], T("2026-12-09T09:00:00")) == NONE


def test_R06_yesterdays_ticket_followed_before_ten():
    now = T("2026-12-02T09:00:00")
    assert next_action(FLOW, [tv(created="2026-12-01 15:00:00")], [], now).startswith("R-06 10:00前")
    late = next_action(FLOW, [tv(created="2026-12-01 15:00:00")], [], T("2026-12-02T10:00:00"))
    assert late.startswith("R-06") and "已过10:00" in late
    waiting = next_action(FLOW, [tv(created="2026-12-01 15:00:00", updated="2026-12-02 08:30:00")], [], now)
    assert waiting == "R-06 已跟进,等待回复"


def test_R09_returnable_after_72_hours():
    t = [tv(created="2026-12-01 09:00:00", updated="2026-12-04 08:00:00")]
    assert not next_action(FLOW, t, [], T("2026-12-04T08:59:59")).startswith("R-09")
    assert next_action(FLOW, t, [], T("2026-12-04T09:00:00")).startswith("R-09")


def test_R10_empty_receipt_waits_for_the_sender():
    t = [tv(type="receipt_empty", created="2026-12-02 09:30:00")]
    assert next_action(FLOW, t, [], T("2026-12-02T11:00:00")).startswith("R-10")


def test_R15_cutoff_at_1400():
    assert transfer_day("2026-12-02 13:59:59") == "2026-12-02"
    assert transfer_day("2026-12-02 14:00:00") == "2026-12-03"
    early = [scan("到件", "2026-12-02 13:00:00")]
    late = [scan("到件", "2026-12-02 14:00:00")]
    t = [tv(type="overzone", created="2026-12-02 14:30:00")]
    assert "今日转件" in next_action(early, t, [], T("2026-12-02T15:00:00"))
    assert "明日转件" in next_action(late, t, [], T("2026-12-02T15:00:00"))
    assert "逾期" in next_action(early, t, [], T("2026-12-03T09:00:00"))


def test_R21_transfer_followed_after_3_days():
    """R-21 counts calendar days (docs/decisions.md): on the 4th, every transfer made on
    the 1st (at any hour) is due, none made on the 2nd."""
    now = T("2026-12-04T09:00:00")
    assert next_action(FLOW, [], [xv(created="2026-12-01 23:59:59")], now).startswith("R-21")
    assert next_action(FLOW, [], [xv(created="2026-12-02 00:00:00")], now) == NONE
    many = next_action(FLOW, [], [xv(created="2026-12-01 09:00:00", attempts=3)], now)
    assert "地址" in many


def test_R23_agent_list_unsigned_after_two_days():
    sc = [scan("到件", "2026-12-03 09:00:00", "淮滨")]
    assert next_action(sc, [], [], T("2026-12-05T09:00:00"), ["2026-12-03"]).startswith("R-23")
    assert next_action(sc, [], [], T("2026-12-04T09:00:00"), ["2026-12-03"]) == NONE
