"""R-38 headers with the outlet table, R-22/R-23 the Huaibin agent's list and message,
§5 problem-type words, R-12 the unidentified-goods title."""

from datetime import date

import arrow
import pytest

from kefu_tui.domain.areas import AreaRule
from kefu_tui.domain.header import destination_header, header_for_place
from kefu_tui.domain.areas import Place
from kefu_tui.domain.huaibin import agent_message, day_list
from kefu_tui.domain.monitoring import ListItem
from kefu_tui.domain.tickets import TicketType, unidentified_goods_title


def rule(district, outlet, town=None, city="上海市"):
    return AreaRule(city=city, district=district, town=town, outlet=outlet, delivery="own",
                    internal_reach=True, fee_allowed=False)


def test_R38_outlet_rule_must_match_city_district_and_town():
    addr = "上海市青浦区华新镇"
    assert destination_header(addr, "cod", [rule("青浦区", "十六部")]).text == "青浦-十六部"
    assert destination_header(addr, "cod", [rule("青浦区", "十六部", town="华新镇")]).text == "青浦-十六部"
    for other in (rule("青浦区", "十六部", town="赵巷镇"), rule("松江区", "十六部"),
                  rule("青浦区", "十六部", city="苏州市"), rule("青浦区", None)):
        h = destination_header(addr, "cod", [other])
        assert (h.text, h.warnings) == ("沪-青浦", ["outlet_lookup_needed"])
    # the first rule that names an outlet wins
    assert destination_header(addr, "warehouse", [rule("青浦区", None), rule("青浦区", "A"),
                                                  rule("青浦区", "B")]).text == "青浦-A"
    # issue 17 item 3: a municipality without its district is a province alone: no header
    h = destination_header("上海市", "cod", [rule(None, "总部")])
    assert (h.text, h.warnings) == (None, ["header_missing"]) and "缺区县" in h.reason
    h = destination_header("火星", "cod")
    assert (h.text, h.warnings) == (None, ["address_unrecognised"])
    assert destination_header("上海市青浦区", "cod", None).warnings == ["outlet_lookup_needed"]


def test_R38_header_for_an_unlisted_province_uses_its_short_name():
    assert header_for_place(Place(province="某某省", city="某某市")) == "某某省-某某"  # no abbreviation known: the name as written
    assert header_for_place(Place()) is None


def item(no, day, at, courier="淮滨代派", outlet="淮滨"):
    return ListItem(waybill=no, courier=courier, at=f"{day} {at}", day=day, outlet=outlet)


def test_R22_day_list_one_line_per_waybill_in_list_time():
    items = [item("518000000003", "2026-11-24", "09:00:00"),
             item("518000000001", "2026-11-24", "10:00:00"),
             item("518000000002", "2026-11-24", "09:00:00", courier="淮滨老王", outlet=None),
             item("518000000003", "2026-11-24", "11:00:00"),
             item("518000000004", "2026-11-23", "09:00:00"),
             item("518000000005", "2026-11-24", "08:00:00", courier="张三", outlet="信阳二部")]
    got = [(i.waybill, i.at[11:]) for i in day_list(items, date(2026, 11, 24))]
    assert got == [("518000000002", "09:00:00"), ("518000000003", "09:00:00"), ("518000000001", "10:00:00")]
    assert [i.waybill for i in day_list(items, "2026-11-23")] == ["518000000004"]


def test_R23_agent_message():
    assert agent_message([]) == ""
    assert agent_message(["518000000001", "518000000002", "518000000001"], date(2026, 11, 3)) == (
        "淮滨代派:以下2票11月3日未签收,请尽快派送并回复签收情况:\n518000000001\n518000000002")
    assert agent_message(["518000000001"]) == "淮滨代派:以下1票未签收,请尽快派送并回复签收情况:\n518000000001"


def test_problem_type_words():
    assert TicketType.parse("错分－大头笔写错") == TicketType.MISSORT_HEADER
    assert TicketType.parse("错分—地址错") == TicketType.MISSORT_ADDRESS
    assert TicketType.parse("错分-地址错") == TicketType.MISSORT_ADDRESS
    assert TicketType.parse(" 空号 ") == TicketType.PHONE
    assert TicketType.parse("DAMAGED") == TicketType.DAMAGED
    with pytest.raises(ValueError) as e:
        TicketType.parse(None)
    assert str(e.value) == ("unknown problem type None; one of: phone, address, damaged, incomplete, "
                            "overzone, missort_header, missort_address, not_home, refused, agent_delay, "
                            "receipt_empty, other")


def test_R12_title_of_a_date_or_a_time():
    assert unidentified_goods_title(date(2026, 1, 5)) == "河南信阳分拨中心26年1月5日不明货物"
    t = arrow.get("2026-12-03T01:00:00+08:00")
    assert unidentified_goods_title(t) == "河南信阳分拨中心26年12月3日不明货物"
