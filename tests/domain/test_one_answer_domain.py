"""Rules answered in one place (issue 7): money, words, carriers, R-08, R-15, R-21, R-34."""

from __future__ import annotations

from datetime import date

import arrow

from kefu_tui.domain import intake, monitoring, tickets, tracking, transfers, words
from kefu_tui.domain.money import yuan


def T(s: str) -> arrow.Arrow:
    return arrow.get(s, tzinfo="Asia/Shanghai")


def test_yuan_is_one_formatter():
    assert yuan(0) == "0.00" and yuan(5) == "0.05" and yuan(1250) == "12.50"
    assert yuan(-5) == "-0.05" and yuan(None) == "" and yuan(None, blank="-") == "-"
    # the old names still answer through the one function
    assert intake.yuan is yuan and monitoring.yuan is yuan


def test_carriers_are_listed_once():
    assert transfers.CARRIERS == tuple(words.CARRIER_NAMES)
    for code, name in words.CARRIER_NAMES.items():
        assert transfers.parse_carrier(name) == code and transfers.parse_carrier(code) == code
    assert transfers.parse_carrier("邮政小包") == "postal" and transfers.parse_carrier("顺丰") is None


def test_words_are_chinese_for_every_code():
    assert words.status_word("open") == "未结" and words.status_word("closed") == "已结"
    assert words.type_label("agent_delay") == "代派时效不保"
    assert {t.value for t in tickets.TicketType} == set(words.TICKET_TYPE_LABELS)
    assert all(tickets.TicketType(c).label == lab for c, lab in words.TICKET_TYPE_LABELS.items())
    assert words.mode_name("rewaybill") == "换单" and words.yes_no(0) == "否"


def test_R08_one_predicate_same_type_only():
    assert tickets.skipped_in_bulk({"phone"}, "phone")
    assert not tickets.skipped_in_bulk({"address"}, "phone")
    assert not tickets.skipped_in_bulk((), "phone")


def test_R15_tracking_and_quote_share_the_cutoff():
    for at in ("2026-12-02 13:59:59", "2026-12-02 14:00:00", "2026-12-02 23:59:59"):
        assert tracking.transfer_day(at) == transfers.transfer_day(T(at)).isoformat()


def test_R21_calendar_days_one_bound():
    now = T("2026-11-24 09:30:00")
    bound = transfers.follow_up_made_before(now)
    assert bound == "2026-11-22 00:00:00"
    for made in ("2026-11-21 23:59:59", "2026-11-22 00:00:00", "2026-11-21 00:00:00"):
        by_date = transfers.follow_up_due(date.fromisoformat(made[:10]), False, now.date())
        assert by_date == (made < bound), made


def test_R34_unchecked_items_are_the_board_items():
    left = monitoring.unchecked_items([], "2026-11-24")
    assert [u.rule for u in left] == list(monitoring.BOARD_RULES)
