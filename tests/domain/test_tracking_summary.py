"""F12 batch tracking (R-04, R-05): one parcel's summary line from its facts, the state's
edge cases, and every next action word for word (R-06, R-09, R-15, R-21)."""

from kefu_tui.domain import clock
from kefu_tui.domain.tracking import (NONE, ScanFact, TicketFact, TicketView, TransferView,
                                      derive_state, next_action, summarize, transfer_due)
from kefu_tui.domain.waybills import Scan

NO = "518000000001"
T = clock.parse_iso


def scan(kind, at, site="信阳二部"):
    return Scan(waybill=NO, kind=kind, at=at, site=site)


def tv(type="phone", status="open", created="2026-12-01 09:00:00", updated=None, hold=None,
       reply_kind=None, reply_at=None):
    return TicketView(id=1, type=type, type_label=type, text="x", status=status, created_at=created,
                      updated_at=updated or created, hold_until=hold, reply_kind=reply_kind,
                      reply_at=reply_at)


def xv(created="2026-12-01 09:00:00", signed=None, attempts=0):
    return TransferView(id=1, mode="rewaybill", created_at=created, signed_at=signed, attempts=attempts)


def test_R05_summary_of_facts():
    scans = [ScanFact("到件", "2026-12-02 09:00:00", "信阳二部"),
             ScanFact("回单发件", "2026-12-02 11:00:00", "信阳分拨中心")]
    tickets = [TicketFact("open", "phone", "2026-12-02 09:30:00", "2026-12-02 09:30:00", None, None, None),
               TicketFact("closed", "address", "2026-12-01 09:30:00", "2026-12-01 09:30:00", None, None, None),
               TicketFact("open", "other", "2026-12-02 09:40:00", "2026-12-02 09:40:00", None, None, None)]
    s = summarize(NO, True, scans, tickets, [], T("2026-12-02T12:00:00"))
    assert tuple(s) == (NO, True, "已到件·问题件", "信阳二部", "2026-12-02 09:00:00", 2,
                        "R-06 已跟进,等待回复")


def test_R05_summary_of_a_receipt_only_and_of_nothing():
    only = [ScanFact("回单发件", "2026-12-02 11:00:00", "信阳分拨中心")]
    s = summarize(NO, True, only, [], [], T("2026-12-02T12:00:00"))
    assert tuple(s) == (NO, True, "未到", "信阳分拨中心", "2026-12-02 11:00:00", 0, NONE)
    s = summarize(NO, False, [], [], [], T("2026-12-02T12:00:00"), ["2026-11-29"])
    assert tuple(s) == (NO, False, "未到", None, None, 0, "R-23 代派超2天未签收:登记并通知代派跟进")


def test_R04_transfer_at_the_same_second_as_the_last_scan_wins():
    flow = [scan("到件", "2026-12-02 09:00:00")]
    assert derive_state(flow, [], [xv(created="2026-12-02 09:00:00")]) == "已转件"
    assert derive_state(flow, [], [xv(created="2026-12-02 08:59:59")]) == "已到件"
    assert derive_state([], [], [xv()]) == "已转件"
    signed = flow + [scan("签收", "2026-12-02 12:00:00")]
    assert derive_state(signed, [], [xv(created="2026-12-03 09:00:00")]) == "已签收"
    assert derive_state(signed, [tv()]) == "已签收"
    assert derive_state(flow, [tv()], [xv(signed="2026-12-04 09:00:00")]) == "转件已签收"
    # a transfer signed, then a second registered: still signed by the other carrier
    assert derive_state(flow, [], [xv(signed="2026-12-04 09:00:00"), xv(created="2026-12-05 09:00:00")]) \
        == "转件已签收"
    assert derive_state([scan("问题件", "2026-12-02 10:00:00")], [tv()]) == "问题件"
    assert derive_state([scan("回单发件", "2026-12-02 10:00:00")], [tv()]) == "未到·问题件"


def test_R09_next_action_hears_the_reply_and_the_hold():
    flow = [scan("到件", "2026-12-01 08:00:00")]
    now = T("2026-12-02T09:00:00")
    must = tv(created="2026-12-01 09:00:00", updated="2026-12-02 08:00:00", reply_kind="return",
              reply_at="2026-12-01 12:00:00")
    assert next_action(flow, [must], [], now) == "R-09 发件网点12-01要求退回,应退未退:今日必须退件"
    hold = tv(created="2026-12-01 09:00:00", updated="2026-12-05 08:00:00", hold="2026-12-05 12:00:00")
    assert next_action(flow, [hold], [], T("2026-12-05T09:00:00")) == "R-06 已跟进,等待回复"
    assert next_action(flow, [hold], [], T("2026-12-05T12:00:00")) == "R-09 已满72小时无明确回复,可以退件"


def test_R06_updated_at_the_start_of_today_is_followed_up():
    flow = [scan("到件", "2026-12-01 08:00:00")]
    t = tv(created="2026-12-01 15:00:00", updated="2026-12-02 00:00:00")
    assert next_action(flow, [t], [], T("2026-12-02T11:00:00")) == "R-06 已跟进,等待回复"
    t = tv(created="2026-12-01 15:00:00", updated="2026-12-01 23:59:59")
    assert next_action(flow, [t], [], T("2026-12-02T11:00:00")) == "R-06 今日未跟进(已过10:00):立即跟进登记"
    assert next_action(flow, [t], [], T("2026-12-02T09:59:59")) == "R-06 10:00前跟进问题件并登记最新状态"


def test_R21_and_R15_words():
    now = T("2026-12-04T09:00:00")
    flow = [scan("到件", "2026-12-01 08:00:00")]
    assert next_action(flow, [], [xv(attempts=2)], now) == "R-21 转件多次派送未签收:核对地址/电话"
    assert next_action(flow, [], [xv(attempts=1)], now) == "R-21 转件3天未签收:跟进对方快递"
    assert next_action(flow, [], [xv(signed="2026-12-02 09:00:00")], now) == NONE
    assert transfer_due([], now) == "R-15 超区件:到件后转件"
    arrivals = [scan("到件", "2026-12-02 15:00:00"), scan("派件", "2026-12-05 15:00:00"),
                scan("到件", "2026-12-04 13:00:00")]
    assert transfer_due(arrivals, now) == "R-15 超区件:今日转件"  # the last arrival counts
    assert transfer_due([scan("到件", "2026-12-04 14:00:00")], now) == "R-15 超区件:明日转件"
    assert transfer_due([scan("到件", "2026-12-03 14:00:00")], now) == "R-15 超区件:今日转件"
    assert transfer_due([scan("到件", "2026-12-02 14:00:00")], now) == "R-15 超区件:应于2026-12-03转件,已逾期"
    oz = tv(type="overzone", created="2026-12-04 08:00:00")
    assert next_action([scan("到件", "2026-12-04 13:00:00")], [oz], [], now) == "R-15 超区件:今日转件"
    # once a transfer is registered the R-15 instruction is done
    assert next_action([scan("到件", "2026-12-04 13:00:00")], [oz], [xv(created="2026-12-04 08:30:00")],
                       now) == "R-06 已跟进,等待回复"
