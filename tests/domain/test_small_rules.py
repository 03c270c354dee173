"""Small pure helpers the rules stand on: the R-39 item lookup, masked phones (§14.1),
the clerk's words, the clock's input forms, rebuilt rows, pasted numbers (R-05, R-08),
payment words (§15) and the R-14 fee check. Real values only."""

from datetime import date
from decimal import Decimal

import pytest

from kefu_tui.domain import clock, items, words
from kefu_tui.domain.privacy import mask_phone
from kefu_tui.domain.transfers import fee_off_rule, parse_carrier
from kefu_tui.domain.trusted import rebuild
from kefu_tui.domain.waybills import Payment, Scan, ScanKind, Waybill, numbers_in


# ---- R-39 item lookup ----

def names(hits):
    return [i.name for i in hits]


def test_R39_search_by_initials_full_pinyin_and_chinese():
    assert names(items.search_items("hls"))[0] == "花露水"
    assert names(items.search_items("hualushui")) == ["花露水"]
    assert names(items.search_items("HLS ")) [0] == "花露水"
    assert names(items.search_items("花露水")) == ["花露水"]
    assert items.search_items("") == [] and items.search_items("   ") == []
    assert items.search_items(None) == []


def test_R39_search_ranks_exact_then_prefix_then_inside_then_slip():
    # ``jiu``: 酒 exactly, then prefixes, then words containing it
    hits = items.search_items("jiu")
    assert hits[0].name == "酒" and hits[0].verdict == "refuse"
    got = names(hits)
    assert got.index("酒精") < got.index("白酒")  # prefix (jiujing) before inside (baijiu)
    # one key slipped: hzs → 花露水 (hls), after every exact hit
    slip = names(items.search_items("hzs"))
    assert "花露水" in slip
    assert "花露水" not in names(items.search_items("hz"))  # two keys: no slip rank
    assert "花露水" not in names(items.search_items("hzz"))  # two different keys
    assert "花露水" not in names(items.search_items("hlsx"))  # another length


def test_R39_search_chinese_contains_either_way_and_limit():
    assert names(items.search_items("火")) [:1] == ["火柴"]
    assert "打火机" in names(items.search_items("火"))
    # the query contains an item word: 香水 is in 法国香水
    assert names(items.search_items("法国香水")) == ["香水"]
    assert names(items.search_items("香")) [:2] == ["香烟", "香水"]
    assert len(items.search_items("d", limit=3)) == 3
    assert len(items.search_items("d")) > 3
    # refusals before limits before accepted within a rank, then shorter names
    ranked = items.search_items("x")
    verdicts = [i.verdict for i in ranked if i.pinyin.startswith("x") and i.initials[0] == "x"]
    assert verdicts == sorted(verdicts, key=("refuse", "limit_20kg", "accept").index)


def test_R39_rank_levels():
    it = next(i for i in items.all_items() if i.name == "花露水")
    assert (it.initials, it.pinyin, it.verdict, it.category) == ("hls", "hualushui", "refuse", "listed_items")
    assert items._rank(it, "hls") == 0
    assert items._rank(it, "hualushui") == 0
    assert items._rank(it, "hl") == 1
    assert items._rank(it, "hua") == 1
    assert items._rank(it, "ls") == 2
    assert items._rank(it, "lushui") == 2
    assert items._rank(it, "hzs") == 3
    assert items._rank(it, "zzz") is None
    assert items._rank(it, "花露水") == 0
    assert items._rank(it, "花露") == 1
    assert items._rank(it, "露") == 2
    assert items._rank(it, "六神花露水") == 2
    assert items._rank(it, "香水") is None
    assert items._one_slip("hzs", "hls") and not items._one_slip("hls", "hls")
    assert not items._one_slip("hzz", "hls") and not items._one_slip("hz", "hls")
    assert it.category_label == "香烟电池刀具指甲油花露水睫毛膏香水"
    assert it.verdict_label == "禁寄 拒收"


def test_R39_every_word_once_with_its_verdict():
    all_ = items.all_items()
    assert len({i.name for i in all_}) == len(all_)
    by = {i.name: i for i in all_}
    assert by["食品"].verdict == "limit_20kg" and by["衣服"].verdict == "accept"
    assert by["衣服"].category == "everyday" and by["酒精"].category == "dangerous"


def test_R39_contents_verdict():
    assert items.contents_verdict("一瓶香水") == "refuse"
    assert items.contents_verdict("零食和香水") == "refuse"
    assert items.contents_verdict("零食") == "limit_20kg"
    assert items.contents_verdict("衣服") == "accept"
    assert items.contents_verdict(None) == "accept"


# ---- §14.1 masked phones ----

def test_phone_masked_first_3_last_4():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0376-6221234") == "037*-***1234"
    assert mask_phone("12345678") == "123*5678"  # 8 digits: 3 + 4 kept
    assert mask_phone("1234567") == "***4567"  # 7 or fewer: last 4 only
    assert mask_phone("+86 138 1234 5678") == "+86 1** **** 5678"  # the first 3 digits are 8, 6, 1
    assert mask_phone("") == "" and mask_phone(None) is None
    assert mask_phone("无") == "无"


# ---- the clerk's words ----

def test_words_from_codes():
    assert words.status_word("open") == "未结" and words.status_word(None) == ""
    assert words.status_word("weird") == "weird"
    assert words.type_label("agent_delay") == "代派时效不保"
    assert words.carrier_name("sto") == "申通" and words.carrier_name(None) == ""
    assert words.carrier_name("dhl") == "dhl"
    assert words.mode_name("rewaybill") == "换单"
    assert words.area_kind("ask") == "信阳市内, 区域表无规则: 请确认" and words.area_kind(None) == ""
    assert words.area_kind("moon") == "moon"
    assert words.yes_no(1) == "是" and words.yes_no(0) == "否" and words.yes_no(None) == "否"


def test_quote_words():
    assert words.quote_word("side_over_2_5m") == "最长边超2.5m"
    assert words.quote_word("prohibited:alcohol") == "禁寄:酒类 (不收寄)"
    assert words.quote_word("restricted_over_20kg:food") == "限寄超20kg:食品 (每件≤20kg)"
    assert words.quote_word("prohibited:unknown") == "禁寄:unknown"
    assert words.quote_word("restricted_over_20kg:x") == "限寄超20kg:x"
    assert words.quote_word("new_code") == "new_code"


# ---- the clock's input forms ----

def test_clock_now_override_and_real():
    assert clock.now("2026-11-24T09:30:00").isoformat() == "2026-11-24T09:30:00+08:00"
    assert clock.now("2026-11-24T01:30:00Z").isoformat() == "2026-11-24T09:30:00+08:00"
    assert clock.now("2026-11-24T09:30:00+0800").isoformat() == "2026-11-24T09:30:00+08:00"
    assert clock.now("2026-11-24T09:30:00-02:00").isoformat() == "2026-11-24T19:30:00+08:00"
    real = clock.now()
    assert real.tzinfo is not None and real.utcoffset().total_seconds() == 8 * 3600
    assert clock.now("").year >= 2026


def test_clock_helpers(now):
    assert clock.day_of(now) == date(2026, 11, 24)
    assert clock.day_of(clock.parse_iso("2026-11-23T17:00:00Z")) == date(2026, 11, 24)
    assert clock.iso(clock.parse_iso("2026-11-23T17:00:00Z")) == "2026-11-24T01:00:00+08:00"
    assert clock.mmdd(now) == "1124"


def test_normalize_stamp_legacy_forms():
    assert clock.normalize_stamp("2026-11-24 09:30") == "2026-11-24 09:30:00"
    assert clock.normalize_stamp("2026/1/5 9:05:07") == "2026-01-05 09:05:07"
    assert clock.normalize_stamp("2026-11-24") == "2026-11-24 00:00:00"  # a date alone: midnight
    assert clock.normalize_stamp("2026-02-30") is None
    assert clock.normalize_stamp("24/11/2026") is None
    assert clock.normalize_stamp("") is None


# ---- rows rebuilt from the store without validation ----

def test_rebuild_is_the_model_with_those_fields():
    f = dict(waybill="518000000001", kind=ScanKind.ARRIVAL, at="2026-11-24 09:00:00", site="信阳二部",
             prev_site=None, next_site=None, operator="a", note=None)
    s = rebuild(Scan, dict(f))
    assert isinstance(s, Scan) and s == Scan(**f)
    assert s.site == "信阳二部" and s.operator == "a"
    assert s.model_fields_set == set(Scan.model_fields)
    assert s.model_dump() == Scan(**f).model_dump()
    assert s.__pydantic_extra__ is None and s.__pydantic_private__ is None
    w = rebuild(Waybill, {k: None for k in Waybill.model_fields} | {"waybill": "518000000002"})
    assert w.waybill == "518000000002" and w.model_fields_set == set(Waybill.model_fields)
    assert rebuild(Scan, dict(f)) == s  # the cached field names serve the second call too


# ---- pasted blocks ----

def test_numbers_in_counts_ignored_and_repeats():
    text = "518000000001\r\n\n518000000002,518000000001；abc\n 5180000 \n\x02５１８００００００００３\x03;;"
    assert numbers_in(text) == (["518000000001", "518000000002", "518000000003"], 2, 1)
    assert numbers_in("") == ([], 0, 0)
    assert numbers_in(" \n \t\n") == ([], 0, 0)
    assert numbers_in("518000000001，518000000001，518000000001") == (["518000000001"], 0, 2)


# ---- §15 payment words ----

def test_payment_from_text():
    assert Payment.from_text("寄付") == Payment.PREPAID
    assert Payment.from_text(" 月结 ") == Payment.PREPAID
    assert Payment.from_text("到付") == Payment.COLLECT
    assert Payment.from_text("代收货款") == Payment.COD
    assert Payment.from_text(" cod ") == Payment.COD
    assert Payment.from_text("collect") == Payment.COLLECT
    assert Payment.from_text("COD") is None
    assert Payment.from_text("赊账") is None
    assert Payment.from_text("") is None and Payment.from_text(None) is None


# ---- R-14 fee against the rule; carriers ----

def test_R14_fee_off_rule():
    assert fee_off_rule(500, 1) is None
    assert fee_off_rule(600, Decimal("1.2")) is None
    assert fee_off_rule(500, Decimal("1.2")) == 600
    assert fee_off_rule(800, 2.5) == 700
    assert fee_off_rule(700, 2.5) is None
    assert fee_off_rule(None, 2) is None
    assert fee_off_rule(500, None) is None
    assert fee_off_rule(500, 0) is None
    assert fee_off_rule(900, -1) is None
    assert fee_off_rule(400, Decimal("0.01")) == 500


def test_parse_carrier_words_and_codes():
    assert parse_carrier("申通") == "sto" and parse_carrier(" 邮政小包 ") == "postal"
    assert parse_carrier("邮") == "postal" and parse_carrier("EMS") == "ems"
    assert parse_carrier(" ZTO ") == "zto" and parse_carrier("圆通") == "yto"
    assert parse_carrier("顺丰") is None and parse_carrier(None) is None and parse_carrier("") is None


def test_a_rebuilt_model_can_be_copied_with_changes():
    """trusted.rebuild gives each model its own set of filled fields: model_copy(update=...)
    adds to it (a shared or frozen set would fail, or leak into every other model)."""
    from kefu_tui.domain.trusted import rebuild
    from kefu_tui.domain.waybills import Scan, ScanKind

    fields = dict(waybill="518000000001", kind=ScanKind("到件"), at="2026-11-20 08:00:00", site="a",
                  prev_site=None, next_site=None, operator="x", note=None)
    one, other = rebuild(Scan, dict(fields)), rebuild(Scan, dict(fields))
    copy = one.model_copy(update={"site": "b"})
    assert (copy.site, one.site, other.site) == ("b", "a", "a")
    assert one.model_fields_set is not other.model_fields_set
