"""The counter desk's field readers (R-36, R-37, R-41, R-11, R-12): what a clerk typed, read
or refused with a reason (SPEC §9, §14.1). Real values, no mocks."""

from decimal import Decimal

import pytest

from kefu_tui.domain import counter as c
from kefu_tui.domain.counter import FieldError
from kefu_tui.domain.monitoring import Cash, PaymentSlip
from kefu_tui.domain.waybills import Payment


def refused(fn, text, *args):
    with pytest.raises(FieldError) as e:
        fn(text, *args)
    return str(e.value)


# ---- weight, dims ----

def test_R36_read_weight_accepts_two_decimals_and_full_width():
    assert c.read_weight("12.5") == Decimal("12.5")
    assert c.read_weight(" １２.５０ ") == Decimal("12.50")
    assert c.read_weight("0.01") == Decimal("0.01")
    assert c.read_weight("999.99") == Decimal("999.99")


def test_R36_read_weight_refusals_name_the_field():
    assert refused(c.read_weight, "") == "重量未填"
    assert refused(c.read_weight, "   ") == "重量未填"
    assert refused(c.read_weight, "abc") == "重量「abc」不是数字"
    assert refused(c.read_weight, "nan") == "重量「nan」不是数字"
    assert refused(c.read_weight, "inf") == "重量「inf」不是数字"
    assert refused(c.read_weight, "0") == "重量必须大于0"
    assert refused(c.read_weight, "-1") == "重量必须大于0"
    assert refused(c.read_weight, "1.234") == "重量「1.234」最多2位小数"
    assert refused(c.read_weight, "1000") == "重量 1000 kg 不合理 (单件限100kg)"
    assert refused(c.read_weight, " 1000.00 ") == "重量 1000.00 kg 不合理 (单件限100kg)"


def test_R36_huge_numbers_are_nonsense_not_a_decimals_error():
    # 1e20 has no decimals problem worth telling (adjusted ≥ 15): it is refused as too heavy
    assert "不合理" in refused(c.read_weight, "1E+20")
    # 1e14 with 3 decimals is still checked for its places
    assert "最多2位小数" in refused(c.read_weight, "100000000000000.123")


def test_R36_read_dims_separators_and_one_decimal():
    assert c.read_dims("40x30x20") == (Decimal(40), Decimal(30), Decimal(20))
    assert c.read_dims(" 40 X 30 × 20 ") == (Decimal(40), Decimal(30), Decimal(20))
    assert c.read_dims("40*30,20") == (Decimal(40), Decimal(30), Decimal(20))
    assert c.read_dims("40，30 20.5") == (Decimal(40), Decimal(30), Decimal("20.5"))
    assert c.read_dims("999.9x1x1")[0] == Decimal("999.9")


def test_R36_read_dims_refusals():
    assert refused(c.read_dims, "") == "尺寸未填"
    assert refused(c.read_dims, " x ") == "尺寸未填"
    assert refused(c.read_dims, "40x30") == "尺寸要写 长x宽x高 (厘米), 如 40x30x20"
    assert refused(c.read_dims, "40x30x20x10") == "尺寸要写 长x宽x高 (厘米), 如 40x30x20"
    assert refused(c.read_dims, "40x30x20.55") == "尺寸「20.55」最多1位小数"
    assert refused(c.read_dims, "40x0x20") == "尺寸必须大于0"
    assert refused(c.read_dims, "1000x30x20") == "尺寸 1000 cm 不合理 (最长边限250cm)"
    assert refused(c.read_dims, "10x30x1000") == "尺寸 1000 cm 不合理 (最长边限250cm)"


def test_R37_read_cod():
    assert c.read_cod("99999.99") == Decimal("99999.99")
    assert c.read_cod("0.5") == Decimal("0.5")
    assert refused(c.read_cod, "100000") == "代收金额 100000 不合理"
    assert refused(c.read_cod, "") == "代收金额未填"
    assert refused(c.read_cod, "1.001") == "代收金额「1.001」最多2位小数"


def test_read_text_collapses_spaces_strips_controls_and_limits():
    assert c.read_text("  张\x07三  丰 ", "收件人") == "张三 丰"
    assert c.read_text("a" * 300, "地址") == "a" * 200
    assert c.read_text("abcdef", "地址", 3) == "abc"
    assert refused(c.read_text, " \x01 ", "收件人") == "收件人未填"
    assert refused(c.read_text, "", "地址") == "地址未填"


def test_read_phone_mobile_and_landline():
    assert c.read_phone("138 1234 5678") == "13812345678"
    assert c.read_phone("１３８１２３４５６７８") == "13812345678"
    assert c.read_phone("(0376)6221234") == "03766221234"
    assert c.read_phone("0376-6221234") == "0376-6221234"
    assert c.read_phone("（010）12345678") == "01012345678"
    msg = "电话要写11位手机号或带区号的座机"
    for bad in ("", "1381234567", "138123456789", "23812345678", "6221234", "138-1234-5678x"):
        assert refused(c.read_phone, bad) == msg


def test_read_payment_codes_and_words():
    assert c.read_payment("寄付") == "prepaid"
    assert c.read_payment(" 现付 ") == "prepaid"
    assert c.read_payment("到付") == "collect"
    assert c.read_payment("代收货款") == "cod"
    assert c.read_payment("COD") == "cod"
    assert c.read_payment(" Collect ") == "collect"
    assert c.read_payment("prepaid") == "prepaid"
    assert refused(c.read_payment, "月付") == "付款方式写 寄付、到付 或 代收"
    assert refused(c.read_payment, "") == "付款方式写 寄付、到付 或 代收"


def test_next_own_number_in_the_branch_range():
    assert c.next_own_number(None) == "518376000001"
    assert c.next_own_number("518000000000") == "518376000001"  # below the range
    assert c.next_own_number("518376000000") == "518376000001"
    assert c.next_own_number("518376000001") == "518376000002"
    assert c.next_own_number("518376999998") == "518376999999"
    with pytest.raises(FieldError, match="本站单号段已用完,请联系管理员"):
        c.next_own_number("518376999999")


def test_R38_service_of_payment():
    assert c.service_of("cod") == "cod"
    assert c.service_of("collect") == "collect"
    assert c.service_of("prepaid") == "normal"
    assert c.service_of("cod", "normal") == "cod"
    assert c.service_of("cod", "multi") == "multi"
    assert c.service_of("prepaid", "warehouse") == "warehouse"


def test_R11_brushing_refusal_names_the_mark():
    assert c.brushing_refusal(None) is None
    assert c.brushing_refusal("") is None
    assert c.brushing_refusal("刷单 空包") is None
    assert c.brushing_refusal("此件非刷单件") == "备注「非刷单件」:真实件,立即分拣,不可草签"
    assert c.brushing_refusal("真实件 勿草签") == "备注「真实件」:真实件,立即分拣,不可草签"


def test_R41_slip_text_lists_each_waybill_and_the_sums():
    cash = {"518000000001": Cash(payment=Payment.COLLECT, fen=1250),
            "518000000002": Cash(payment=Payment.COD, fen=30000)}
    slip = PaymentSlip(courier="王强", collect_fen=1250, cod_fen=30000,
                       waybills=["518000000001", "518000000002", "518000000009"])
    text = c.slip_text(slip, "2026-11-24", cash)
    assert text == (
        "信阳二部 交款单\n"
        "日期 2026-11-24    派件员 王强\n"
        + "-" * 36 + "\n"
        "单号            类型        金额\n"
        "518000000001    到付         12.50\n"
        "518000000002    代收        300.00\n"
        "518000000009" + " " * 20 + "\n"
        
        + "-" * 36 + "\n"
        "到付合计        12.50\n"
        "代收合计       300.00\n"
        "交款合计       312.50\n"
        "\n"
        "交款人签字:            收款人签字:\n"
    )
    assert c.slip_text(slip, "2026-11-24", cash, branch="平桥").startswith("平桥 交款单\n")
