"""R-09 returns: the clock's words and queue cells word for word, hold bounds, the
several-ticket verdict, label truncation. Real clock values only."""

import pytest

from kefu_tui.domain import clock
from kefu_tui.domain.returns import (
    ReplyKind, ReplyRefused, ReturnClock, ReturnLabel, ReturnState, check_reply, label_lines,
    return_clock, return_reason, waybill_clock,
)

NOTICE = "2026-12-01 09:00:00"


def T(text):
    return clock.parse_iso(text)


def refusal(kind, at, until):
    with pytest.raises(ReplyRefused) as e:
        check_reply(kind, T(at), T(until) if until else None)
    return str(e.value)


def test_R09_reply_refusals_word_for_word():
    assert refusal(ReplyKind.HOLD, "2026-12-02T10:00:00", None) == "暂放要写明暂放到什么时候(最长3天)"
    assert refusal(ReplyKind.HOLD, "2026-12-02T10:00:00", "2026-12-02T09:00:00") == \
        "暂放截止 2026-12-02 09:00 早于回复时间 2026-12-02 10:00"
    assert refusal(ReplyKind.HOLD, "2026-12-02T10:00:00", "2026-12-05T10:01:00") == \
        "R-09 暂放最长3天:最晚到 2026-12-05 10:00,不能到 2026-12-05 10:01"
    assert refusal(ReplyKind.REDELIVER, "2026-12-02T10:00:00", "2026-12-03T10:00:00") == \
        "只有“暂放”需要截止时间,“再派”不用"
    assert check_reply(ReplyKind.UNCLEAR, T("2026-12-02T10:00:00"), None) is None


def test_R09_reply_words():
    assert ReplyKind.parse(" 续派 ") == ReplyKind.REDELIVER
    assert ReplyKind.parse("无明确回复") == ReplyKind.UNCLEAR
    assert ReplyKind.parse(" Hold ") == ReplyKind.HOLD
    with pytest.raises(ValueError, match="不认识的回复 'x': hold"):
        ReplyKind.parse("x")
    with pytest.raises(ValueError, match="不认识的回复 None"):
        ReplyKind.parse(None)


def test_R09_hold_ending_exactly_at_72h_is_the_72h_wait():
    hold = "2026-12-04 09:00:00"  # = notice + 72 h: nothing to hold beyond the wait
    c = return_clock(NOTICE, "hold", "2026-12-02 10:00:00", hold, T("2026-12-04T08:00:00"))
    assert c.state == ReturnState.WAITING and c.may_from == hold
    c = return_clock(NOTICE, "hold", "2026-12-02 10:00:00", hold, T("2026-12-04T09:00:00"))
    assert c.state == ReturnState.MAY and c.may_from == hold


def test_R09_may_from_is_kept_in_every_state():
    held = return_clock(NOTICE, "hold", "2026-12-02 10:00:00", "2026-12-05 09:00:00",
                        T("2026-12-05T09:00:00"))
    assert (held.state, held.may_from) == (ReturnState.MAY, "2026-12-05 09:00:00")
    plain = return_clock(NOTICE, None, None, None, T("2026-12-09T09:00:00"))
    assert (plain.state, plain.may_from) == (ReturnState.MAY, "2026-12-04 09:00:00")
    must = return_clock(NOTICE, "return", "2026-12-02 10:00:00", None, T("2026-12-02T11:00:00"))
    assert (must.may_from, must.asked_at) == ("2026-12-02 10:00:00", "2026-12-02 10:00:00")
    bare = return_clock(NOTICE, "return", None, None, T("2026-12-02T11:00:00"))
    assert (bare.may_from, bare.asked_at) == (NOTICE, NOTICE)


def test_R09_words_of_every_state():
    now = T("2026-12-02T15:00:00")
    assert ReturnClock(state=ReturnState.NO_NOTICE).words(now) == "R-09 没有问题件通知,不能退件"
    assert ReturnClock(state=ReturnState.REDELIVER).words(now) == "R-09 发件网点要求再派,不能退件"
    assert ReturnClock(state=ReturnState.MAY, may_from=NOTICE).words(now) == \
        "R-09 已满72小时无明确回复,可以退件"
    must = ReturnClock(state=ReturnState.MUST, may_from=NOTICE, asked_at="2026-12-01 09:00:00")
    assert must.words(now) == "R-09 发件网点12-01要求退回,应退未退:今日必须退件"
    today = ReturnClock(state=ReturnState.MUST, may_from=NOTICE, asked_at="2026-12-02 09:00:00")
    assert today.words(now) == "R-09 发件网点要求退回:今日必须退件"
    assert ReturnClock(state=ReturnState.MUST).words(now) == "R-09 发件网点要求退回:今日必须退件"
    held = ReturnClock(state=ReturnState.HELD, may_from="2026-12-04 17:30:00")
    assert held.words(now) == "R-09 发件网点要求暂放至12-04 17:30,还有2天2时才能退件"
    wait = ReturnClock(state=ReturnState.WAITING, may_from="2026-12-02 17:00:00")
    assert wait.words(now) == "R-09 通知未满72小时,还有2时才能退件(12-02 17:00起可退)"


def test_R09_queue_cells():
    now = T("2026-12-02T15:00:00")
    must = ReturnClock(state=ReturnState.MUST, asked_at="2026-12-02 09:00:00")
    assert must.short(now) == "必退"
    assert ReturnClock(state=ReturnState.MUST).short(now) == "必退"
    assert ReturnClock(state=ReturnState.MAY).short(now) == "可退"
    assert ReturnClock(state=ReturnState.HELD, may_from="2026-12-05 10:00:00").short(now) == "暂放至12-05"
    assert ReturnClock(state=ReturnState.REDELIVER).short(now) == "再派"
    assert ReturnClock(state=ReturnState.NO_NOTICE).short(now) == "无通知"
    w = ReturnClock(state=ReturnState.WAITING, may_from="2026-12-02 17:05:00")
    assert w.short(now) == "差2时5分"
    assert w.short(T("2026-12-02T17:04:59")) == "差1分"  # a second left counts as a minute
    assert w.short(T("2026-12-02T17:05:00")) == "差0分"
    assert w.short(T("2026-12-02T17:06:00")) == "差0分"  # never negative
    assert w.short(T("2026-12-02T16:05:00")) == "差1时"
    assert w.short(T("2026-12-01T16:05:00")) == "差1天1时"
    assert w.short(T("2026-12-02T14:04:00")) == "差3时1分"


def test_R09_several_tickets_the_latest_refusal_wins():
    a = ReturnClock(state=ReturnState.WAITING, may_from="2026-12-05 00:00:00")
    b = ReturnClock(state=ReturnState.WAITING, may_from="2026-12-06 00:00:00")
    c = ReturnClock(state=ReturnState.WAITING, may_from="2026-12-04 00:00:00")
    assert waybill_clock([a, b, c]) is b
    assert waybill_clock([c, a]) is a
    n1, n2 = ReturnClock(state=ReturnState.NO_NOTICE), ReturnClock(state=ReturnState.NO_NOTICE)
    assert waybill_clock([n1, n2]) is n1
    m1 = ReturnClock(state=ReturnState.MUST)
    m2 = ReturnClock(state=ReturnState.MUST, may_from="2026-12-01 00:00:00")
    assert waybill_clock([m1, m2]) is m2
    assert waybill_clock([ReturnClock(state=ReturnState.MAY, may_from="2026-12-01 00:00:00"),
                          ReturnClock(state=ReturnState.HELD, may_from="2026-12-03 00:00:00")]).state \
        == ReturnState.HELD


def test_R09_label_lines_exactly():
    lab = ReturnLabel(waybill="518000000001", sender_outlet="上海青浦十六部",
                      reason="地址不详·超72时无回复", date="2026-12-02")
    assert label_lines(lab) == [
        "┌" + "─" * 28 + "┐",
        "│ 退件标签 (退回发件网点)    │",
        "│ 单号 518000000001          │",
        "│ 退回 上海青浦十六部        │",
        "│ 原因 地址不详·超72时无回复 │",
        "│ 日期 2026-12-02            │",
        "│ 原目的地划掉,贴面单右上角, │",
        "│ 勿盖单号条码及代收到付标志 │",
        "└" + "─" * 28 + "┘",
    ]


def test_R09_long_outlet_is_cut_with_an_ellipsis_and_long_reason_wraps():
    lab = ReturnLabel(waybill="518000000001", sender_outlet="浙江省金华市义乌市北苑街道第二十六分部",
                      reason="电话错误/停机/暂停服务·网点要求退回", date="2026-12-02",
                      reminder="勿勿勿勿")
    lines = label_lines(lab)
    assert lines[3:9] == [
        "│ 退回 浙江省金华市义乌市北… │",
        "│ 原因 电话错误/停机/暂停服  │",
        "│      务·网点要求退回       │",
        "│ 日期 2026-12-02            │",
        "│                            │",  # the reminder cut at its first 勿
        "│ 勿勿勿勿                   │",
    ]


def test_R09_return_reason():
    may = ReturnClock(state=ReturnState.MAY)
    assert return_reason("地址不详", may) == "地址不详·超72时无回复"
    assert return_reason("拒收", ReturnClock(state=ReturnState.MUST)) == "拒收·网点要求退回"
