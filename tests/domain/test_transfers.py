"""R-13 – R-21 overzone transfers."""

from datetime import date
from decimal import Decimal as D

import pytest

from kefu_tui.domain import clock
from kefu_tui.domain.areas import DEFAULT_AREAS, AreaRule
from kefu_tui.domain.transfers import (TransferRegistration, carrier_number_ok, channels_for,
                                       check_contact, check_registration, follow_up_due,
                                       postal_label_in_time, postal_label_problems, quote_transfer,
                                       sto_cost_fen, transfer_day, transfer_fee_fen)

T = clock.parse_iso


@pytest.mark.parametrize("kg,fen", [("0", 500), ("1.0", 500), ("1.01", 600), ("2", 600), ("2.3", 700)])
def test_r14_fee_rounds_weight_up(kg, fen):
    assert transfer_fee_fen(D(kg)) == fen


@pytest.mark.parametrize("kg,fen", [("0", 500), ("2", 500), ("2.01", 600), ("5", 800)])
def test_r20_sto_cost(kg, fen):
    assert sto_cost_fen(D(kg)) == fen


def test_r15_cutoff_at_14():
    assert transfer_day(T("2026-11-24T13:59:59")) == date(2026, 11, 24)
    assert transfer_day(T("2026-11-24T14:00:00")) == date(2026, 11, 25)
    assert transfer_day(T("2026-11-24T06:30:00Z")) == date(2026, 11, 25)  # 14:30 Shanghai


def test_r19_postal_takes_less_than_20kg_and_1m():
    """R-19, seed: 单件重量小于20公斤 — 19.99 kg by post, 20.00 kg to STO."""
    assert channels_for(D("19.99"))[0] == "postal"
    assert channels_for(D(20)) == ["sto", "zto", "yto", "ems"]
    assert channels_for(D("20.01")) == ["sto", "zto", "yto", "ems"]
    assert channels_for(D(5), D(100))[0] == "postal"
    assert channels_for(D(5), D(101))[0] == "sto"
    assert channels_for(D(5), pieces=2)[0] == "sto"


def test_r13_r14_huaibin_town_transfer_with_fee():
    q = quote_transfer("淮滨县芦集乡某村", D("1.01"), T("2026-11-24T09:00"))
    assert (q.overzone, q.action, q.fee, q.transfer_on) == (True, "transfer", "6.00", "2026-11-24")
    assert "R-13" in q.reasons and "R-14" in q.reasons and q.channels[0] == "postal"


def test_r13_huaibin_seat_transfer_no_fee():
    q = quote_transfer("淮滨县城关镇", D(3), T("2026-11-24T14:00"))
    assert (q.action, q.fee, q.transfer_on) == ("transfer", None, "2026-11-25")


def test_r13_minggang_fee():
    q = quote_transfer("信阳市平桥区明港镇", D(25), T("2026-11-24T10:00"))
    assert q.action == "transfer" and q.fee == "29.00" and q.channels[0] == "sto" and "R-19" in q.reasons


def test_r13_internal_reach_overzone_rule_no_fee():
    areas = [*DEFAULT_AREAS, AreaRule(district="平桥区", town="查山乡", delivery="overzone",
                                      internal_reach=True, fee_allowed=True)]
    q = quote_transfer("信阳市平桥区查山乡", D(3), T("2026-11-24T10:00"), areas=areas)
    assert q.action == "transfer" and q.fee is None


def test_inside_area_is_delivered():
    q = quote_transfer("信阳市浉河区民权路", D(3), T("2026-11-24T10:00"))
    assert (q.overzone, q.action, q.channels, q.fee, q.transfer_on) == (False, "deliver", [], None, None)


def test_r16_no_transfer_mark_is_problem():
    q = quote_transfer("淮滨县芦集乡", D(3), T("2026-11-24T10:00"), mark="超区勿转")
    assert (q.action, q.reasons, q.channels, q.transfer_on) == ("problem", ["R-16"], [], None)


@pytest.mark.parametrize("payment,receipt", [("collect", False), ("cod", False), ("prepaid", True)])
def test_r17_collect_cod_receipt_is_problem(payment, receipt):
    q = quote_transfer("信阳市平桥区明港镇", D(3), T("2026-11-24T10:00"), payment, receipt)
    assert q.action == "problem" and q.reasons == ["R-17"] and q.fee is None


def test_r17_does_not_touch_parcels_inside_the_area():
    assert quote_transfer("固始县", D(3), T("2026-11-24T10:00"), "cod", True).action == "deliver"


def test_ask_and_outside_are_problems():
    ask = quote_transfer("信阳市高新区", D(1), T("2026-11-24T10:00"))
    assert (ask.action, ask.area, ask.reasons) == ("problem", "ask", ["R-01"])
    out = quote_transfer("郑州市金水区", D(1), T("2026-11-24T10:00"))
    assert (out.action, out.area, out.problem_type) == ("problem", "outside", "missort_address")


def test_r18_original_needs_name_and_contact():
    reg = TransferRegistration(waybill="518012345678", mode="original", courier_name="张三")
    c = check_registration(reg, "x")
    assert not c.fee_confirmed and c.missing == ["courier_contact"]
    ok = check_registration(reg.model_copy(update={"courier_contact": "13800000000"}), "x")
    assert ok.fee_confirmed


def test_r18_rewaybill_fields_and_address():
    reg = TransferRegistration(waybill="518012345678", mode="rewaybill", carrier="sto",
                               new_waybill="773012345678901", fee_fen=600, address="信阳市淮滨县芦集乡 某村")
    assert check_registration(reg, "信阳市淮滨县芦集乡某村").fee_confirmed
    differs = check_registration(reg, "信阳市淮滨县王店乡")
    assert differs.address_differs and not differs.fee_confirmed
    missing = check_registration(reg.model_copy(update={"fee_fen": None}), "信阳市淮滨县芦集乡某村")
    assert missing.missing == ["fee"] and not missing.fee_confirmed
    assert not check_registration(reg, None).fee_confirmed


def test_carrier_numbers_loose():
    assert carrier_number_ok("sto", "773012345678901")
    assert carrier_number_ok("postal", "9876543210123")
    assert carrier_number_ok("ems", "EA123456789CN")
    assert not carrier_number_ok("postal", "12345")
    assert not carrier_number_ok("yto", "abc")


def test_r19_postal_label_checks():
    orig = {"receiver": "李四", "phone": "139", "address": "信阳市淮滨县芦集乡", "waybill": "518012345678"}
    assert postal_label_problems(orig, orig, "信阳市") == []
    bad = {**orig, "phone": "138", "address": "淮滨县芦集乡"}
    assert postal_label_problems(bad, orig, "信阳市") == ["phone_differs", "address_differs",
                                                          "address_not_city_first"]
    assert postal_label_in_time(T("2026-11-24T13:59:59")) and not postal_label_in_time(T("2026-11-24T14:00"))


def test_r21_follow_up_due():
    assert not follow_up_due(date(2026, 11, 22), False, date(2026, 11, 24))
    assert follow_up_due(date(2026, 11, 21), False, date(2026, 11, 24))
    assert not follow_up_due(date(2026, 11, 21), True, date(2026, 11, 24))
    assert check_contact(2) and not check_contact(1)
