"""R-38 destination header (大头笔)."""

import pytest

from kefu_tui.domain.areas import AreaRule
from kefu_tui.domain.header import destination_header, short_name


@pytest.mark.parametrize("addr,want", [
    ("上海市浦东新区张江路", "沪-浦东"),
    ("上海徐汇区漕溪路", "沪-徐汇"),
    ("信阳市浉河区民权路1号", "豫-信阳"),
    ("河南省信阳市平桥区", "豫-信阳"),
    ("河南省信阳市固始县", "豫-固始"),
    ("江苏省昆山市玉山镇", "苏-昆山"),
    ("河南息县", "豫-息县"),
    ("信阳市新县", "豫-新县"),
    ("北京市朝阳区", "京-朝阳"),
    ("天津市滨海新区", "津-滨海"),
    ("重庆市巫山县", "渝-巫山"),
    ("湖北省武汉市江汉区", "鄂-武汉"),
    ("吉林省延边朝鲜族自治州延吉市", "吉-延吉"),
])
def test_r38_header(addr, want):
    h = destination_header(addr)
    assert h.text == want and h.warnings == []


def test_r38_short_names_keep_one_char_places():
    assert short_name("息县") == "息县" and short_name("固始县") == "固始"
    assert short_name("恩施土家族苗族自治州") == "恩施"


def test_r38_other_province_cod_needs_outlet():
    h = destination_header("上海市青浦区华新镇", "cod")
    assert h.text == "沪-青浦" and h.warnings == ["outlet_lookup_needed"]
    areas = [AreaRule(city="上海市", district="青浦区", outlet="十六部", delivery="own",
                      internal_reach=True, fee_allowed=False)]
    assert destination_header("上海市青浦区华新镇", "multi", areas).text == "青浦-十六部"
    assert destination_header("上海市青浦区华新镇", "normal", areas).text == "沪-青浦"


def test_r38_same_province_cod_keeps_normal_header():
    assert destination_header("河南省信阳市固始县", "cod").warnings == []


def test_r38_unrecognised_address():
    assert destination_header("火星").text is None
