"""R-13..R-19 transfer quotes compared whole, R-18 registration checks and R-19 postal
labels field by field (SPEC §6, §14 ``kefu transfer quote``)."""

from decimal import Decimal as D

from kefu_tui.domain import clock
from kefu_tui.domain.areas import DEFAULT_AREAS
from kefu_tui.domain.transfers import (TransferRegistration, check_registration,
                                       postal_label_problems, quote_transfer)

T = clock.parse_iso
AT = T("2026-11-24T09:00:00")


def q(to, kg="1", at=AT, **kw):
    return quote_transfer(to, D(kg), at, **kw).model_dump()


def test_R38_outside_the_city_is_a_missort_problem():
    assert q("浙江省杭州市西湖区文三路1号") == {
        "overzone": False, "action": "problem", "reasons": ["R-38"], "channels": [], "fee": None,
        "transfer_on": None, "area": "outside", "outlet": None, "problem_type": "missort_address",
        "notes": ["非信阳市地址: 错分件 (missorted)"]}


def test_R01_a_city_place_the_table_does_not_name_is_asked():
    got = q("信阳市某某新区某路")
    assert got["action"] == "problem" and got["overzone"] is False
    assert got["reasons"] == ["R-01"] and got["problem_type"] == "address"
    assert got["notes"] == ["区域表中没有此地: 请判定并保存到区域表 (SPEC §13)"]
    assert got["area"] != "inside" and got["channels"] == [] and got["fee"] is None


def test_R02_inside_the_area_is_delivered():
    got = q("信阳市浉河区民权路1号")
    assert got == {"overzone": False, "action": "deliver", "reasons": ["R-02"], "channels": [],
                   "fee": None, "transfer_on": None, "area": "inside", "outlet": got["outlet"],
                   "problem_type": None, "notes": []}
    assert got["outlet"]


def test_R13_R14_R15_R19_town_transfer_whole():
    got = q("淮滨县芦集乡某村", "2.5", T("2026-11-24T14:00:00"))
    assert got == {"overzone": True, "action": "transfer", "reasons": ["R-13", "R-14", "R-15"],
                   "channels": ["postal", "sto", "zto", "yto", "ems"], "fee": "7.00",
                   "transfer_on": "2026-11-25", "area": "inside", "outlet": got["outlet"],
                   "problem_type": None, "notes": ["邮政面单须在14:00前贴好 (R-19)"]}


def test_R19_too_long_for_post_goes_sto_and_says_R19():
    got = quote_transfer("淮滨县芦集乡某村", D(2), AT, length_cm=D(101)).model_dump()
    assert got["channels"] == ["sto", "zto", "yto", "ems"] and got["notes"] == []
    assert got["reasons"] == ["R-13", "R-14", "R-15", "R-19"]
    assert quote_transfer("淮滨县芦集乡某村", D(2), AT, length_cm=D(100)).channels[0] == "postal"


def test_R13_no_fee_where_the_network_reaches():
    got = q("淮滨县城关镇", "3")
    assert got["action"] == "transfer" and got["fee"] is None
    assert got["reasons"] == ["R-13", "R-15"]


def test_R16_R17_problem_whole():
    got = q("淮滨县芦集乡某村", mark="超区勿转", payment="cod", receipt=True)
    assert got == {"overzone": True, "action": "problem", "reasons": ["R-16", "R-17"], "channels": [],
                   "fee": None, "transfer_on": None, "area": "inside", "outlet": got["outlet"],
                   "problem_type": "overzone",
                   "notes": ["当天向寄件网点登记问题件 (register a problem to the sender outlet today)"]}
    assert q("淮滨县芦集乡某村", payment="collect")["reasons"] == ["R-17"]
    assert q("淮滨县芦集乡某村", receipt=True)["reasons"] == ["R-17"]
    assert q("淮滨县芦集乡某村", mark="禁止转件")["reasons"] == ["R-16"]
    assert q("淮滨县芦集乡某村", payment="prepaid")["action"] == "transfer"


def test_quote_with_an_empty_area_table_asks():
    assert quote_transfer("淮滨县芦集乡某村", D(1), AT, areas=[]).action == "problem"
    assert quote_transfer("淮滨县芦集乡某村", D(1), AT, areas=None).action == "transfer"
    assert quote_transfer("淮滨县芦集乡某村", D(1), AT, areas=DEFAULT_AREAS).action == "transfer"


def reg(**kw):
    base = dict(waybill="518000000001", mode="rewaybill", carrier="sto", new_waybill="773012345678",
                fee_fen=500, address="信阳市淮滨县芦集乡某村")
    return TransferRegistration(**(base | kw))


def test_R18_registration_missing_fields_named():
    c = check_registration(reg(), "信阳市淮滨县芦集乡某村")
    assert c.model_dump() == {"fee_confirmed": True, "missing": [], "address_differs": False, "warnings": []}
    c = check_registration(reg(carrier=None, new_waybill=None, fee_fen=None, address=" "), None)
    assert c.missing == ["new_waybill", "carrier", "fee", "address"] and not c.fee_confirmed
    assert c.warnings == ["original_address_unknown"]
    c = check_registration(reg(waybill=""), "信阳市淮滨县芦集乡某村")
    assert c.missing == ["waybill"]
    o = check_registration(TransferRegistration(waybill="518000000001", mode="original"), None)
    assert o.missing == ["courier_name", "courier_contact"] and not o.fee_confirmed
    ok = check_registration(TransferRegistration(waybill="518000000001", mode="original",
                                                 courier_name="老王", courier_contact="138",
                                                 address="别处"), None)
    assert ok.fee_confirmed and ok.warnings == [] and ok.address_differs is False


def test_R18_address_and_number_pattern():
    c = check_registration(reg(address="信阳市 淮滨县，芦集乡。某村"), "信阳市淮滨县芦集乡某村")
    assert c.fee_confirmed and not c.address_differs
    c = check_registration(reg(address="信阳市淮滨县别的村"), "信阳市淮滨县芦集乡某村")
    assert c.address_differs and not c.fee_confirmed
    c = check_registration(reg(), None)
    assert c.warnings == ["original_address_unknown"] and not c.fee_confirmed and not c.address_differs
    c = check_registration(reg(new_waybill="ABC"), "信阳市淮滨县芦集乡某村")
    assert c.warnings == ["new_waybill_pattern:sto"] and c.fee_confirmed
    c = check_registration(reg(carrier="postal", new_waybill="773012345678"), "信阳市淮滨县芦集乡某村")
    assert c.warnings == ["new_waybill_pattern:postal"]
    c = check_registration(reg(carrier=None, new_waybill="ABC"), "信阳市淮滨县芦集乡某村")
    assert c.warnings == []


def test_R19_postal_label_each_field():
    orig = {"receiver": "张三", "phone": "13812345678", "address": "信阳市淮滨县芦集乡", "waybill": "518000000001"}
    assert postal_label_problems(dict(orig), orig, "信阳市") == []
    assert postal_label_problems(orig | {"address": "信阳淮滨县芦集乡"}, orig | {"address": "信阳淮滨县芦集乡"},
                                 "信阳市") == []
    bad = {"receiver": "李四", "phone": "1", "address": "淮滨县芦集乡", "waybill": "5"}
    assert postal_label_problems(bad, orig, "信阳市") == [
        "receiver_differs", "phone_differs", "address_differs", "waybill_differs",
        "address_not_city_first"]
    assert postal_label_problems(orig | {"address": "市信阳"}, orig | {"address": "市信阳"}, "信阳市") == \
        ["address_not_city_first"]
