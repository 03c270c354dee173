"""R-35 – R-40 counter intake."""

from decimal import Decimal as D

import pytest

from kefu_tui.domain.intake import (chargeable_kg, cod_fee_fen, item_refusals, label_note,
                                    limit_violations, parse_dims, quote_intake, volumetric_kg, yuan)


def test_r35_volumetric_and_chargeable():
    dims = parse_dims("40x30x20")
    assert volumetric_kg(dims) == D("3.43")
    assert chargeable_kg(D("3"), dims) == D("3.43")
    assert chargeable_kg(D("5.005"), dims) == D("5.01")


@pytest.mark.parametrize("bad", ["40x30", "axbxc", "0x1x1", "-1x2x3", ""])
def test_r35_bad_dims(bad):
    with pytest.raises(ValueError):
        parse_dims(bad)


def test_r36_weight_boundary():
    dims = (D(10), D(10), D(10))
    assert limit_violations(D("100"), dims) == []
    assert limit_violations(D("100.01"), dims) == ["over_100kg"]


def test_r36_side_and_sum_boundaries():
    assert limit_violations(D(1), (D(250), D(25), D(25))) == []
    assert limit_violations(D(1), (D("250.1"), D(10), D(10))) == ["side_over_2_5m"]
    assert limit_violations(D(1), (D(100), D(100), D(100))) == []
    assert limit_violations(D(1), (D(100), D(100), D("100.01"))) == ["sum_over_3m"]


def test_r36_heavy_warning():
    dims = (D(10), D(10), D(10))
    assert "heavy_over_50kg" not in quote_intake(D(50), dims, "河南省信阳市固始县").warnings
    q = quote_intake(D("50.01"), dims, "河南省信阳市固始县")
    assert "heavy_over_50kg" in q.warnings and q.heavy_fee_per_kg == "3.00" and q.ok


@pytest.mark.parametrize("amount,fee", [
    ("999.00", "10.00"), ("1000", "10.00"), ("1000.01", "10.00"), ("2000", "20.00"), ("1050.50", "10.51"),
])
def test_r37_cod_fee_minimum(amount, fee):
    assert yuan(cod_fee_fen(D(amount))) == fee


def test_r37_no_cod_no_fee():
    assert cod_fee_fen(None) == 0


def test_r39_prohibited_and_restricted():
    assert item_refusals("手机电池", D(1)) == ["prohibited:listed_items"]
    assert item_refusals("白酒两瓶", D(1)) == ["prohibited:alcohol"]
    assert item_refusals("衣服", D(1)) == []
    assert item_refusals("零食", D(20)) == []
    assert item_refusals("零食", D("20.5")) == ["restricted_over_20kg:food"]


def test_r40_label_when_reach_unsure():
    assert label_note(True) == "请勿直接收费转单,联系寄件站处理"
    dims = (D(10), D(10), D(10))
    assert quote_intake(D(1), dims, "信阳市高新区").label_note
    assert quote_intake(D(1), dims, "淮滨县芦集乡").label_note
    assert quote_intake(D(1), dims, "信阳市浉河区").label_note is None


def test_quote_refuses_prohibited_contents():
    q = quote_intake(D(1), (D(10), D(10), D(10)), "江苏省昆山市", contents="香水")
    assert not q.ok and q.violations == [] and q.refusals == ["prohibited:listed_items"]
