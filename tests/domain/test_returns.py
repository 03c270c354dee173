"""R-09 returns (退件): the one clock, the sender's reply checks, the label."""

import pytest

from kefu_tui.domain import clock
from kefu_tui.domain.returns import (
    LABEL_REMINDER, ReplyKind, ReplyRefused, ReturnClock, ReturnLabel, ReturnState,
    check_reply, label_lines, reply_note, return_clock, waybill_clock,
)
from rich.cells import cell_len

NOTICE = "2026-12-01 09:00:00"


def T(text):
    return clock.parse_iso(text)


def state(now, kind=None, hold=None, notice=NOTICE, reply_at="2026-12-02 10:00:00"):
    return return_clock(notice, kind, reply_at if kind else None, hold, T(now)).state


def test_R09_72_hours_point_to_point():
    assert state("2026-12-04T08:59:59") == ReturnState.WAITING  # 71:59:59
    assert state("2026-12-04T09:00:00") == ReturnState.MAY  # 72:00:00


def test_R09_unclear_reply_keeps_the_clock_running():
    assert state("2026-12-04T08:59:59", "unclear") == ReturnState.WAITING
    assert state("2026-12-04T09:00:00", "unclear") == ReturnState.MAY


def test_R09_no_notice_is_never_returnable():
    c = return_clock(None, None, None, None, T("2026-12-09T09:00:00"))
    assert c.state == ReturnState.NO_NOTICE and not c.allowed


def test_R09_sender_asked_return_is_must_at_once():
    c = return_clock(NOTICE, "return", "2026-12-01 12:00:00", None, T("2026-12-01T13:00:00"))
    assert c.state == ReturnState.MUST and c.allowed
    assert "今日必须退件" in c.words(T("2026-12-01T13:00:00"))
    # still here the next day: 应退未退
    assert "应退未退" in c.words(T("2026-12-02T09:00:00"))
    assert c.short(T("2026-12-02T09:00:00")) == "必退·逾期"


def test_R09_redeliver_forbids_the_return_whatever_the_time():
    assert state("2026-12-20T09:00:00", "redeliver") == ReturnState.REDELIVER


def test_R09_hold_moves_the_earliest_return_to_its_end():
    """The mutation test: dropping ``hold_until`` from the verdict must fail here."""
    hold = "2026-12-05 12:00:00"  # later than notice + 72 h (12-04 09:00)
    assert state("2026-12-04T09:00:00", "hold", hold) == ReturnState.HELD
    assert state("2026-12-05T11:59:59", "hold", hold) == ReturnState.HELD
    assert state("2026-12-05T12:00:00", "hold", hold) == ReturnState.MAY
    # a hold with no recorded kind (imported) counts too
    assert state("2026-12-04T10:00:00", None, hold) == ReturnState.HELD
    c = return_clock(NOTICE, "hold", "2026-12-02 12:00:00", hold, T("2026-12-04T10:00:00"))
    assert c.may_from == hold and "暂放至12-05 12:00" in c.words(T("2026-12-04T10:00:00"))


def test_R09_a_short_hold_does_not_shorten_the_72_hours():
    assert state("2026-12-03T09:00:00", "hold", "2026-12-02 18:00:00") == ReturnState.WAITING
    assert state("2026-12-04T09:00:00", "hold", "2026-12-02 18:00:00") == ReturnState.MAY


def test_R09_words_tell_when_it_can_be_returned():
    c = return_clock("2026-11-30 15:00:00", None, None, None, T("2026-12-02T15:00:00"))
    w = c.words(T("2026-12-02T15:00:00"))
    assert w == "R-09 通知未满72小时,还有1天才能退件(12-03 15:00起可退)"
    assert c.short(T("2026-12-02T15:00:00")) == "差1天"
    assert c.short(T("2026-12-02T01:29:30")) == "差1天13时"  # 37 h 30 min 30 s, rounded up
    assert c.short(T("2026-12-03T14:30:00")) == "差30分"


def test_R09_several_tickets_return_wins_then_any_refusal():
    may = ReturnClock(state=ReturnState.MAY, may_from="2026-12-01 00:00:00")
    wait = ReturnClock(state=ReturnState.WAITING, may_from="2026-12-05 00:00:00")
    must = ReturnClock(state=ReturnState.MUST, may_from="2026-12-02 00:00:00")
    assert waybill_clock([may, wait]).state == ReturnState.WAITING
    assert waybill_clock([may, wait, must]).state == ReturnState.MUST
    assert waybill_clock([]).state == ReturnState.NO_NOTICE


@pytest.mark.parametrize("until,why", [
    (None, "暂放要写明"),
    ("2026-12-02T09:59:59", "早于回复时间"),
    ("2026-12-02T10:00:00", "早于回复时间"),
    ("2026-12-05T10:00:01", "最长3天"),
    ("2026-12-09T10:00:00", "最长3天"),
])
def test_R09_nonsense_hold_is_refused_with_the_reason(until, why):
    with pytest.raises(ReplyRefused, match=why):
        check_reply(ReplyKind.HOLD, T("2026-12-02T10:00:00"), T(until) if until else None)


def test_R09_hold_of_exactly_3_days_is_fine():
    assert check_reply(ReplyKind.HOLD, T("2026-12-02T10:00:00"), T("2026-12-05T10:00:00")) == "2026-12-05 10:00:00"
    assert check_reply(ReplyKind.RETURN, T("2026-12-02T10:00:00"), None) is None


def test_reply_words_and_the_note():
    assert ReplyKind.parse("暂放") == ReplyKind.HOLD and ReplyKind.parse("RETURN") == ReplyKind.RETURN
    with pytest.raises(ValueError):
        ReplyKind.parse("maybe")
    assert reply_note(ReplyKind.HOLD, "2026-12-05 10:00:00", "客户出差") == "发件网点回复:暂放至12-05 10:00 客户出差"


def test_label_is_bordered_small_and_carries_the_seed_reminder():
    lab = ReturnLabel(waybill="518000000001", sender_outlet="上海青浦十六部",
                      reason="电话错误/停机/暂停服务·超72时无回复", date="2026-12-02")
    lines = label_lines(lab)
    assert {cell_len(x) for x in lines} == {30}  # one width: a box
    assert lines[0].startswith("┌") and lines[-1].startswith("└") and len(lines) <= 10
    body = "".join(x.strip("│ ") for x in lines)
    assert "518000000001" in body and "上海青浦十六部" in body and "2026-12-02" in body
    assert LABEL_REMINDER == "原目的地划掉,贴面单右上角,勿盖单号条码及代收到付标志"
    assert LABEL_REMINDER in "".join(x.strip("│ ") for x in lines[-3:-1])


def test_label_reason_of_a_common_type_fits_one_line():
    from kefu_tui.domain.returns import return_reason

    must = ReturnClock(state=ReturnState.MUST, may_from="2026-12-02 00:00:00")
    lab = ReturnLabel(waybill="518000000001", sender_outlet="义乌二部",
                      reason=return_reason("地址不详", must), date="2026-12-02")
    assert "│ 原因 地址不详·网点要求退回 │" in label_lines(lab)
