"""R-01 / SPEC §13: places the division table does not know (羊山新区, a saved 'ask'
answer) are read from the remainder; the clerk's answer becomes a rule."""

from kefu_tui.domain.areas import DEFAULT_AREAS, AreaRule, answer_rule, classify, is_seat_town, parse_place


def place(addr, areas=None):
    v = classify(addr, areas)
    return v.kind, v.place.district, v.place.town, v.place.rest


def test_R01_zone_named_by_the_table_then_its_town():
    assert place("信阳市羊山新区北京路1号") == ("inside", "羊山新区", None, "北京路1号")
    assert place("信阳市羊山新区某某镇1号") == ("inside", "羊山新区", "某某镇", "某某镇1号")
    assert classify("信阳市羊山新区北京路1号").rule.outlet == "羊山"


def test_R01_unnamed_zone_is_read_by_its_suffix():
    assert place("信阳市高新区五星乡某村") == ("ask", "高新区", "五星乡", "五星乡某村")
    assert place("信阳市高新区某路") == ("ask", "高新区", None, "某路")
    assert place("河南省信阳市") == ("ask", None, None, "")
    assert place("信阳市某某路") == ("ask", None, None, "某某路")


def test_R01_the_longest_named_zone_wins():
    areas = [AreaRule(district="高新", delivery="own", internal_reach=True, fee_allowed=False, outlet="A"),
             AreaRule(district="高新区", delivery="own", internal_reach=True, fee_allowed=False, outlet="B"),
             AreaRule(city="郑州市", district="高新区东", delivery="own", internal_reach=True,
                      fee_allowed=False, outlet="C")]
    v = classify("信阳市高新区东路1号", areas)
    assert (v.place.district, v.place.rest, v.rule.outlet) == ("高新区", "东路1号", "B")
    assert classify("信阳市高新五星乡", areas).rule.outlet == "A"


def test_R13_seat_towns():
    assert is_seat_town(None) and is_seat_town("城关镇") and is_seat_town("番城街道")
    assert not is_seat_town("芦集乡") and not is_seat_town("街道口镇")


def test_R13_whole_rule_applies_only_without_a_town_rule_of_the_scope():
    areas = [AreaRule(district="淮滨县", town="芦集乡", delivery="own", internal_reach=True,
                      fee_allowed=False, outlet="T"),
             AreaRule(district="淮滨县", scope="whole", delivery="county", internal_reach=True,
                      fee_allowed=False, outlet="W")]
    assert classify("淮滨县芦集乡", areas).rule.outlet == "T"
    assert classify("淮滨县栏杆镇", areas).rule.outlet == "W"
    assert classify("淮滨县城关镇", areas).rule.outlet == "W"


def test_R01_answer_rule_names_the_town_or_the_district():
    v = classify("信阳市高新区五星乡某村")
    r = answer_rule(v.place, "overzone")
    assert r.model_dump() == {"id": None, "city": "信阳市", "district": "高新区", "town": "五星乡",
                              "scope": "whole", "outlet": None, "delivery": "overzone",
                              "internal_reach": False, "fee_allowed": True, "note": None}
    r = answer_rule(v.place, "overzone", internal_reach=True, outlet="X", note="n")
    assert (r.fee_allowed, r.internal_reach, r.outlet, r.note) == (False, True, "X", "n")
    assert answer_rule(v.place, "own").fee_allowed is False
    assert answer_rule(v.place, "own", fee_allowed=True).fee_allowed is True
    assert answer_rule(parse_place("xyz"), "own").city == "信阳市"
    again = classify("信阳市高新区五星乡另一村", [*DEFAULT_AREAS, r])
    assert again.kind == "inside" and again.rule.outlet == "X"
