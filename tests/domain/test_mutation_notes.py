"""Mutation testing of kefu_tui/domain/ (issue 6): the last killable survivors' tests, and
the survivors left, explained.

Run: ``.venv/bin/pip install mutmut && .venv/bin/mutmut run && .venv/bin/mutmut results``
(the ``[tool.mutmut]`` block of pyproject.toml runs tests/domain/ only). Delete ``mutants/``
before a run after changing tests: mutmut keeps earlier verdicts otherwise.

SURVIVORS_PLACEHOLDER
"""

from decimal import Decimal as D

import pytest

from kefu_tui.domain import clock
from kefu_tui.domain import monitoring as m
from kefu_tui.domain import quality as dq
from kefu_tui.domain.areas import classify
from kefu_tui.domain.counter import FieldError, next_own_number, read_dims, read_phone, read_weight
from kefu_tui.domain.items import search_items
from kefu_tui.domain.returns import ReturnClock, ReturnState
from kefu_tui.domain.tracking import ScanFact, TicketView, TransferView, next_action, summarize
from kefu_tui.domain.transfers import fee_off_rule, quote_for_verdict
from kefu_tui.domain.waybills import Scan, numbers_in
from kefu_tui.domain.words import quote_word

T = clock.parse_iso
A, B, C = "518000000201", "518000000202", "518000000203"


def test_R36_a_figure_of_15_digits_is_nonsense_before_its_decimals():
    with pytest.raises(FieldError, match="不合理"):
        read_weight("1000000000000000.123")


def test_empty_fields_are_refused_not_read_as_text():
    with pytest.raises(FieldError) as e:
        read_dims(None)
    assert str(e.value) == "尺寸未填"
    with pytest.raises(FieldError) as e:
        read_phone(None)
    assert str(e.value) == "电话要写11位手机号或带区号的座机"
    with pytest.raises(FieldError) as e:
        next_own_number("518376999999")
    assert str(e.value) == "本站单号段已用完,请联系管理员"


def test_R09_half_a_minute_past_the_time_is_no_minute_left():
    w = ReturnClock(state=ReturnState.WAITING, may_from="2026-12-02 17:05:00")
    assert w.short(T("2026-12-02T17:05:30")) == "差0分"


def test_quote_word_splits_at_the_first_colon():
    assert quote_word("prohibited:x:y") == "禁寄:x:y"


def sc(no, kind, at, site=m.HUB):
    return Scan(waybill=no, kind=kind, at=at, site=site)


def test_R26_a_parcel_signed_at_the_hub_is_no_finding(now):
    arr = [sc(A, "到件", "2026-11-23 06:00:00")]
    scans = {A: arr + [sc(A, "签收", "2026-11-23 05:00:00")]}
    assert m.findings_R26(arr, scans, set(), now) == []


def test_R29_the_agent_is_known_by_outlet_or_by_courier(now):
    items = [m.ListItem(waybill=A, courier="张三", at="2026-11-21 08:00:00", day="2026-11-21", outlet="淮滨"),
             m.ListItem(waybill=B, courier="淮滨代派", at="2026-11-21 08:00:00", day="2026-11-21",
                        outlet=m.BRANCH),
             m.ListItem(waybill=C, courier="张三", at="2026-11-21 08:00:00", day="2026-11-21",
                        outlet=m.BRANCH)]
    assert [f.waybill for f in m.findings_R29(items, {}, {}, set(), now)] == [C]


def test_R14_no_fee_check_on_a_weight_of_zero():
    assert fee_off_rule(400, 0) is None


def test_R17_a_quote_without_a_receipt_named_takes_none():
    v = classify("淮滨县芦集乡某村")
    q = quote_for_verdict(v, D(1), T("2026-11-24T09:00:00"))
    assert q.action == "transfer" and q.reasons == ["R-13", "R-14", "R-15"]


def test_R33_a_fine_without_an_amount():
    f = dq.finding_R33("F9", "2026-11-23 08:00:00", None, None, None, None)
    assert f.amount is None and f.label == "罚款 None元 待告知主管"


def test_R08_a_blank_line_in_a_paste_does_not_end_it():
    assert numbers_in("518000000001\n \n518000000002") == (["518000000001", "518000000002"], 0, 0)


def test_R09_next_action_names_the_day_of_the_reply():
    t = TicketView(id=1, type="phone", type_label="phone", text="x", status="open",
                   created_at="2026-12-01 09:00:00", updated_at="2026-12-03 08:00:00",
                   reply_kind="return", reply_at="2026-12-02 08:00:00")
    got = next_action([], [t], [], T("2026-12-03T09:00:00"))
    assert got == "R-09 发件网点12-02要求退回,应退未退:今日必须退件"


def test_R05_summary_state_hears_the_transfer():
    scans = [ScanFact("到件", "2026-12-02 09:00:00", "信阳二部")]
    tr = [TransferView(id=1, mode="original", created_at="2026-12-02 10:00:00")]
    assert summarize(A, True, scans, [], tr, T("2026-12-02T12:00:00")).state == "已转件"


def test_R39_search_ignores_spaces_inside_the_query():
    assert search_items("h l s")[0].name == "花露水"
