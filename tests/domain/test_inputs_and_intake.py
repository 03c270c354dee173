"""The input boundary (SPEC §3, §15: untrusted text refused with the clerk's reason) and
counter intake quotes (R-35..R-40) compared whole; R-37's COD fee at 0 and up to 1 yuan."""

from decimal import Decimal as D

import pytest

from kefu_tui.domain import untrusted as u
from kefu_tui.domain.intake import (cod_fee_fen, item_refusals, parse_dims, quote_intake,
                                    to_decimal, volumetric_kg)


# ---- §3 waybill numbers refused with a reason ----

def test_waybill_problem_words():
    assert u.waybill_problem("") == "缺少必填项 (missing): 运单号"
    assert u.waybill_problem(None) == "缺少必填项 (missing): 运单号"
    assert u.waybill_problem(" \t\r") == "缺少必填项 (missing): 运单号"
    assert u.waybill_problem(" 51800000000 ") == \
        "运单号不是12位数字 (not a 12-digit waybill number; 这是11位): '51800000000'"
    assert u.waybill_problem("51800000000A") == \
        "运单号不是12位数字 (not a 12-digit waybill number; 含非数字字符): '51800000000A'"
    assert u.waybill_problem("5180000000²1") == \
        "运单号不是12位数字 (not a 12-digit waybill number; 含非数字字符): '5180000000²1'"  # ² is no digit (issue 15 item 8)
    long = "1" * 50
    assert u.waybill_problem(long).endswith(f"这是50位): '{'1' * 40}…'")
    assert u.waybill_problem("Ⅻ") == \
        "运单号不是12位数字 (not a 12-digit waybill number; 含非数字字符): 'Ⅻ'"


def test_waybill_refusal_carries_the_reason():
    assert u.waybill(" 518000000001\r") == "518000000001"
    with pytest.raises(u.Refusal) as e:
        u.waybill("5180")
    assert str(e.value) == "运单号不是12位数字 (not a 12-digit waybill number; 这是4位): '5180'"


def test_shown_text_cuts_at_the_limit():
    assert u.shown_text("abc", 3) == "'abc'"
    assert u.shown_text("abcd", 3) == "'abc…'"
    assert u.shown_text("a\x1b", 40) == "'a\\x1b'"
    assert u.shown_text("x" * 40) == repr("x" * 40) and u.shown_text("x" * 41) == repr("x" * 40 + "…")


def test_whole_number_bounds_inclusive():
    assert u.whole_number("5", 5, 10) == 5 and u.whole_number("10", 5, 10) == 10
    assert u.whole_number("4", 5, 10) is None and u.whole_number("11", 5, 10) is None
    assert u.whole_number("99", 0, 99) == 99 and u.whole_number("099", 0, 99) is None
    assert u.whole_number("1000000000") == 10**9


def test_clock_years():
    assert u.clock_year_ok(2000) and u.clock_year_ok(2099)
    assert not u.clock_year_ok(1999) and not u.clock_year_ok(2100)


def test_free_text_replaces_bytes_that_were_not_utf8():
    raw = b"\xd5\xc5\xc8\xfd ok".decode("utf-8", "surrogateescape")  # GBK 张三 read as UTF-8
    assert u.free_text(raw) == "\ufffd\ufffd\ufffd\ufffd ok"
    assert u.free_text("张三\x00\u202e", 1) == "张"
    assert u.free_text(None) == ""


def test_path_text_keeps_good_names():
    assert u.path_text("/tmp/数据.csv") == "/tmp/数据.csv"
    bad = b"/tmp/\xb2\xe2.csv".decode("utf-8", "surrogateescape")
    assert u.path_text(bad) == "/tmp/\ufffd\ufffd.csv"


# ---- R-35..R-37 numbers ----

def test_to_decimal_refusals_name_the_field():
    assert to_decimal(" 1.5 ") == D("1.5") and to_decimal(0) == D(0)
    assert to_decimal("1000000000") == D(10**9)
    with pytest.raises(ValueError, match=r"^weight 'x' is not a number$"):
        to_decimal("x", "weight")
    with pytest.raises(ValueError, match=r"^weight '-1' must be a number ≥ 0$"):
        to_decimal("-1", "weight")
    with pytest.raises(ValueError, match=r"^number 'NaN' must be a number ≥ 0$"):
        to_decimal("NaN")
    with pytest.raises(ValueError, match=r"^cod '1000000001' is too large \(at most 1000000000\)$"):
        to_decimal("1000000001", "cod")


def test_R35_parse_dims_words_and_forms():
    assert parse_dims("40X30 × 20") == (D(40), D(30), D(20))
    assert parse_dims("1*2,3") == (D(1), D(2), D(3))
    assert parse_dims(" 1x1x1 ") == (D(1), D(1), D(1))  # a side of 1 cm is fine
    with pytest.raises(ValueError, match=r"^dims None is not LxWxH in cm$"):
        parse_dims(None)
    with pytest.raises(ValueError, match=r"^dims '1x2' is not LxWxH in cm$"):
        parse_dims("1x2")
    with pytest.raises(ValueError, match=r"^dims 'a' is not a number$"):
        parse_dims("axbxc".replace("b", "2").replace("c", "3"))
    with pytest.raises(ValueError, match=r"^dims '1x0x3': every side must be > 0$"):
        parse_dims("1x0x3")


def test_R35_volumetric_rounds_half_up():
    assert volumetric_kg((D(35), D(1), D(1))) == D("0.01")  # 0.005 → 0.01
    assert volumetric_kg((D(34), D(1), D(1))) == D("0.00")


def test_R37_cod_fee_at_zero_and_up_to_one_yuan():
    assert cod_fee_fen(None) == 0
    assert cod_fee_fen(D(0)) == 0
    assert cod_fee_fen(D("0.01")) == 1000
    assert cod_fee_fen(D("0.5")) == 1000
    assert cod_fee_fen(D(1)) == 1000
    assert cod_fee_fen(D(1000)) == 1000
    assert cod_fee_fen(D("1000.50")) == 1001  # 10.005 → 10.01 half up
    assert cod_fee_fen(D("1234.56")) == 1235


def test_R39_item_refusals_and_the_20kg_limit():
    assert item_refusals(None, D(30)) == []
    assert item_refusals("零食 香水", D(20)) == ["prohibited:listed_items"]
    assert item_refusals("零食 香水", D("20.01")) == ["prohibited:listed_items", "restricted_over_20kg:food"]
    assert item_refusals("衣服", D(30)) == []


# ---- R-35..R-40 quote whole ----

def test_R35_R40_quote_whole():
    got = quote_intake(D("60"), (D(40), D(30), D(20)), "河南省信阳市淮滨县芦集乡", cod=D("0.5"),
                       service="cod", contents="零食").model_dump()
    assert got == {"chargeable_kg": 60.0, "volumetric_kg": 3.43, "ok": False, "violations": [],
                   "warnings": ["heavy_over_50kg"] + got["warnings"][1:], "header": got["header"],
                   "cod_fee": "10.00", "refusals": ["restricted_over_20kg:food"],
                   "label_note": "请勿直接收费转单,联系寄件站处理", "heavy_fee_per_kg": "3.00"}
    assert got["header"] and got["header"].startswith("豫-")
    plain = quote_intake(D(1), (D(10), D(10), D(10)), "河南省信阳市固始县城关镇").model_dump()
    assert plain == {"chargeable_kg": 1.0, "volumetric_kg": 0.14, "ok": True, "violations": [],
                     "warnings": [], "header": "豫-固始", "cod_fee": "0.00", "refusals": [],
                     "label_note": None, "heavy_fee_per_kg": None}
    assert quote_intake(D(1), (D(10), D(10), D(10)), "河南省信阳市固始县城关镇", areas=[]).label_note \
        == "请勿直接收费转单,联系寄件站处理"
