"""The delivery-area table and address classification (R-01, R-13, SPEC §13)."""

from kefu_tui.domain.areas import DEFAULT_AREAS, DEFAULT_OUTLETS, answer_rule, classify


def _rule(addr):
    v = classify(addr)
    assert v.kind == "inside", (addr, v)
    return v.rule


def test_r01_defaults_are_data():
    names = {o.name: o for o in DEFAULT_OUTLETS}
    assert names["淮滨"].state == names["羊山"].state == names["明港"].state == "suspended"
    assert names["信阳二部"].state == "active" and len(DEFAULT_OUTLETS) == 14
    assert all(r.city == "信阳市" for r in DEFAULT_AREAS)


def test_urban_districts_are_delivered():
    assert _rule("信阳市浉河区民权路1号").delivery == "own"
    assert _rule("河南省信阳市平桥区龙井乡").delivery == "contract"
    assert _rule("信阳羊山新区新七大道").outlet == "羊山"


def test_r13_minggang_is_overzone_with_fee():
    r = _rule("河南省信阳市平桥区明港镇新街")
    assert r.delivery == "overzone" and r.fee_allowed and not r.internal_reach
    assert classify("河南省信阳市平桥区明港镇新街").overzone


def test_r13_huaibin_seat_vs_towns():
    seat = _rule("淮滨县城关镇人民路")
    assert seat.scope == "seat" and seat.internal_reach and not seat.fee_allowed
    assert _rule("信阳市淮滨县").scope == "seat"
    town = _rule("淮滨县芦集乡某村")
    assert town.scope == "towns" and town.fee_allowed and town.delivery == "overzone"
    assert _rule("淮滨县栏杆镇").scope == "towns"


def test_counties_are_county_outlets_seat_and_towns():
    assert _rule("河南信阳固始县番城街道").outlet == "固始"
    assert _rule("息县").outlet == "息县"
    assert _rule("信阳市新县某镇").delivery == "county"


def test_ask_for_unnamed_places_in_xinyang_and_saving_the_answer():
    v = classify("信阳市高新区某路")
    assert v.kind == "ask" and v.rule is None
    rule = answer_rule(v.place, "own", outlet="信阳二部", internal_reach=True)
    again = classify("信阳市高新区另一路", [*DEFAULT_AREAS, rule])
    assert again.kind == "inside" and again.rule.outlet == "信阳二部"


def test_outside_and_unknown():
    assert classify("郑州市金水区").kind == "outside"
    assert classify("上海市浦东新区").kind == "outside"
    assert classify("xyz").kind == "unknown"


def test_road_named_after_a_town_is_not_a_town():
    v = classify("信阳市平桥区新镇路5号")
    assert v.place.town is None and v.rule.delivery == "contract"
