"""Problem-parcel rules: types (SPEC §5), R-06, R-07, R-09, R-10, R-11, R-12."""

from datetime import date

import pytest

from kefu_tui.domain import clock
from kefu_tui.domain.tickets import (
    DEFAULT_TEXT, ProblemTicket, TicketType, dated_note,
    is_brushing_exempt, is_overdue, may_deliver, morning_followup_late, needs_morning_followup,
    unidentified_goods_title, BRUSHING_SIGNER,
)


def T(text):
    return clock.parse_iso(text)


def ticket(**kw):
    base = dict(waybill="518000000001", type="phone", text="电话停机",
                created_at="2026-12-01 09:00:00", updated_at="2026-12-01 09:00:00")
    return ProblemTicket(**{**base, **kw})


@pytest.mark.parametrize("word,code", [
    ("phone", "phone"), ("PHONE", "phone"), ("电话错误", "phone"), ("停机", "phone"),
    ("暂停服务", "phone"), ("地址不详", "address"), ("破损", "damaged"), ("未到齐", "incomplete"),
    ("超区", "overzone"), ("错分-大头笔写错", "missort_header"), ("错分-地址错", "missort_address"),
    ("客户不在", "not_home"), ("拒收", "refused"), ("代派时效不保", "agent_delay"),
    ("回单空封", "receipt_empty"), ("其他", "other"), (" 破损 ", "damaged"),
])
def test_type_parse_accepts_code_or_chinese_word(word, code):
    assert TicketType.parse(word) == TicketType(code)


def test_type_parse_refuses_unknown():
    with pytest.raises(ValueError):
        TicketType.parse("bogus")
    with pytest.raises(ValueError):
        TicketType.parse("")


def test_every_type_has_its_label():
    assert TicketType.PHONE.label == "电话错误/停机/暂停服务"
    assert all(t.label for t in TicketType)


def test_missort_default_texts():
    assert DEFAULT_TEXT[TicketType.MISSORT_HEADER] == "此件错分"
    assert DEFAULT_TEXT[TicketType.MISSORT_ADDRESS] == "经与收货人联系,收货地址为XXX"


# R-06 -----------------------------------------------------------------------

def test_R06_update_at_2359_yesterday_is_overdue_today():
    t = ticket(updated_at="2026-12-05 23:59:59")
    assert is_overdue(t, T("2026-12-06T00:00:00"))
    assert needs_morning_followup(t, T("2026-12-06T09:59:59"))


def test_R06_update_at_0000_today_is_not_overdue():
    t = ticket(updated_at="2026-12-06 00:00:00")
    assert not is_overdue(t, T("2026-12-06T23:00:00"))
    assert not needs_morning_followup(t, T("2026-12-06T08:00:00"))


def test_R06_closed_ticket_is_never_overdue():
    assert not is_overdue(ticket(status="closed"), T("2026-12-09T12:00:00"))


def test_R06_morning_followup_is_late_from_1000():
    t = ticket(updated_at="2026-12-05 16:00:00")
    assert not morning_followup_late(t, T("2026-12-06T09:59:59"))
    assert morning_followup_late(t, T("2026-12-06T10:00:00"))


# R-07 -----------------------------------------------------------------------

def test_R07_note_written_on_6_december_gets_1206():
    assert dated_note("暂放续送", T("2026-12-06T15:00:00")) == "暂放续送(1206)"


def test_R07_text_already_tagged_is_kept():
    assert dated_note("暂放续送(1205)", T("2026-12-06T15:00:00")) == "暂放续送(1205)"
    assert dated_note("暂放续送（1205） ", T("2026-12-06T15:00:00")) == "暂放续送（1205）"


def test_R07_date_in_the_middle_is_not_a_tag():
    assert dated_note("(1205)客户改约", T("2026-12-06T08:00:00")) == "(1205)客户改约(1206)"


# R-09 lives in tests/domain/test_returns.py (domain.returns.return_clock)


# R-12 -------------------------------------------------------------

def test_R10_empty_receipt_blocks_delivery_until_closed():
    assert not may_deliver([ticket(type="receipt_empty")])
    assert may_deliver([ticket(type="receipt_empty", status="closed")])
    assert may_deliver([ticket(type="phone")])


def test_R11_brushing_exempt_marks():
    assert is_brushing_exempt("非刷单件,请分拣")
    assert is_brushing_exempt("真实件")
    assert not is_brushing_exempt("小件")
    assert not is_brushing_exempt(None)
    assert BRUSHING_SIGNER == "草签"


def test_R12_unidentified_goods_title():
    assert unidentified_goods_title(date(2026, 12, 6)) == "河南信阳分拨中心26年12月6日不明货物"
    assert unidentified_goods_title(T("2027-01-05T10:00:00")) == "河南信阳分拨中心27年1月5日不明货物"
