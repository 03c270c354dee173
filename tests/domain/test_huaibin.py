"""The Huaibin agent (R-22, R-23)."""

from datetime import date

from kefu_tui.domain import huaibin as h
from kefu_tui.domain.monitoring import ListItem


def it(no, day, courier="淮滨代派", outlet="淮滨", at="10:00:00"):
    return ListItem(waybill=no, courier=courier, at=f"{day} {at}", day=day, outlet=outlet)


def test_R22_text_and_day_list_only_agent_lines_once():
    assert h.AGENT_TEXT == "淮滨网点暂停,代派时效不保"
    items = [it("518000000001", "2026-11-24", at="11:00:00"), it("518000000002", "2026-11-24"),
             it("518000000001", "2026-11-24", at="12:00:00"),
             it("518000000003", "2026-11-24", courier="张三", outlet="信阳二部"),
             it("518000000004", "2026-11-24", courier="淮滨代派李", outlet=None),
             it("518000000005", "2026-11-23")]
    assert [i.waybill for i in h.day_list(items, date(2026, 11, 24))] == [
        "518000000002", "518000000004", "518000000001"]


def test_R23_days_to_check_on_the_5th_include_the_3rd():
    assert h.days_to_check(date(2026, 12, 5)) == [date(2026, 12, 2), date(2026, 12, 3)]


def test_R23_unsigned_items_and_agent_message():
    items = [it("518000000001", "2026-11-21"), it("518000000002", "2026-11-22"),
             it("518000000003", "2026-11-22", courier="张三", outlet="信阳二部")]
    left = h.unsigned_items(items, {"518000000001"})
    assert [i.waybill for i in left] == ["518000000002"]
    msg = h.agent_message(["518000000002", "518000000009", "518000000002"])
    lines = msg.splitlines()
    assert "2票" in lines[0] and lines[1:] == ["518000000002", "518000000009"]
    assert h.agent_message([]) == ""
