"""Reading an address into province, city and county level (R-38, SPEC §13, §14.2)."""

import pytest

from kefu_tui.domain.address import read_address as find_divisions


@pytest.mark.parametrize("addr,want", [
    ("河南省信阳市固始县番城街道", ("河南省", "信阳市", "固始县", "番城街道")),
    ("信阳市浉河区民权路1号", ("河南省", "信阳市", "浉河区", "民权路1号")),
    ("河南息县", ("河南省", "信阳市", "息县", "")),
    ("淮滨县城关镇人民路", ("河南省", "信阳市", "淮滨县", "城关镇人民路")),
    ("信阳羊山新区新七大道", ("河南省", "信阳市", None, "羊山新区新七大道")),
    ("江苏省昆山市玉山镇", ("江苏省", "苏州市", "昆山市", "玉山镇")),
    ("苏州昆山玉山镇", ("江苏省", "苏州市", "昆山市", "玉山镇")),
    ("吉林市船营区建设路", ("吉林省", "吉林市", "船营区", "建设路")),
    ("吉林省延边朝鲜族自治州延吉市", ("吉林省", "延边朝鲜族自治州", "延吉市", "")),
    ("广西南宁市青秀区", ("广西壮族自治区", "南宁市", "青秀区", "")),
    ("湖北仙桃市建设路", ("湖北省", None, "仙桃市", "建设路")),
    # a municipality is its own city (SPEC §14.2: full official names)
    ("中国 上海市 浦东新区 张江路", ("上海市", "上海市", "浦东新区", "张江路")),
    ("收件地址:郑州市金水区", ("河南省", "郑州市", "金水区", "")),
])
def test_finds_province_city_and_county_level(addr, want):
    f = find_divisions(addr)
    assert (f.province, f.city, f.district, f.rest) == want


def test_ambiguous_county_level_name_reads_as_home_province_first():
    """鼓楼区 exists in several provinces; 河南 (开封) is the branch's own province."""
    assert find_divisions("鼓楼区建设路").province == "河南省"
    # not in 河南: the lowest code, so the answer never changes between runs
    assert find_divisions("朝阳区建设路").province == "北京市"


def test_nothing_found():
    f = find_divisions("火星基地一号")
    assert (f.province, f.city, f.district) == (None, None, None)
    assert find_divisions("").rest == ""
