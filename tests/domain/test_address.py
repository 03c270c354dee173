"""Reading clerks' addresses into a place, and the header and zone answered from it
(issue 17 items 2, 3 and 6; R-38, R-01, SPEC §14.2)."""

import re
from pathlib import Path

import pytest

from kefu_tui.domain.address import Place, read_address
from kefu_tui.domain.areas import classify
from kefu_tui.domain.divisions import ETHNIC, division_index
from kefu_tui.domain.header import destination_header, header_of


@pytest.mark.parametrize("addr,want", [
    # issue 17: counties written without 县, short city + county, province abbreviations
    ("河南固始解放路88号", ("河南省", "信阳市", "固始县", "豫-固始")),
    ("信阳光山火车站对面", ("河南省", "信阳市", "光山县", "豫-光山")),
    ("豫固始", ("河南省", "信阳市", "固始县", "豫-固始")),
    ("沪宝山区友谊路1号", ("上海市", "上海市", "宝山区", "沪-宝山")),
    ("渝江北区观音桥步行街", ("重庆市", "重庆市", "江北区", "渝-江北")),
    # repeated and placeholder levels
    ("北京 北京市 顺义区 府前街1号", ("北京市", "北京市", "顺义区", "京-顺义")),
    ("天津市 天津市 河东区 大桥道", ("天津市", "天津市", "河东区", "津-河东")),
    ("上海市 上海市 宝山区 友谊路", ("上海市", "上海市", "宝山区", "沪-宝山")),
    ("河南省省直辖县级行政区划济源市济水大街", ("河南省", None, "济源市", "豫-济源")),
    ("上海市市辖区徐汇区漕溪北路", ("上海市", "上海市", "徐汇区", "沪-徐汇")),
    ("河南省.信阳市.商城县.城关", ("河南省", "信阳市", "商城县", "豫-商城")),
    # divisions created or renamed since 2016, the street name not winning
    ("洛阳偃师区首阳山", ("河南省", "洛阳市", "偃师区", "豫-洛阳")),
    ("河南省洛阳市孟津区", ("河南省", "洛阳市", "孟津区", "豫-洛阳")),
    ("新乡长垣市人民路", ("河南省", "新乡市", "长垣市", "豫-长垣")),
    ("许昌市建安区", ("河南省", "许昌市", "建安区", "豫-许昌")),
    ("周口淮阳区", ("河南省", "周口市", "淮阳区", "豫-周口")),
    ("平果中山路100号", ("广西壮族自治区", "百色市", "平果市", "桂-平果")),
    # prefecture short names; headers without ethnic or administrative words
    ("黔西南州兴义市", ("贵州省", "黔西南布依族苗族自治州", "兴义市", "贵-兴义")),
    ("贵州黔东南凯里市", ("贵州省", "黔东南苗族侗族自治州", "凯里市", "贵-凯里")),
    ("新疆伊犁伊宁市", ("新疆维吾尔自治区", "伊犁哈萨克自治州", "伊宁市", "新-伊宁")),
    ("新疆博尔塔拉", ("新疆维吾尔自治区", "博尔塔拉蒙古自治州", None, "新-博州")),
    ("新疆巴音郭楞", ("新疆维吾尔自治区", "巴音郭楞蒙古自治州", None, "新-巴州")),
    ("巴州库尔勒市", ("新疆维吾尔自治区", "巴音郭楞蒙古自治州", "库尔勒市", "新-库尔勒")),
    ("新疆克孜勒苏", ("新疆维吾尔自治区", "克孜勒苏柯尔克孜自治州", None, "新-克州")),
    ("甘肃临夏东乡族自治县", ("甘肃省", "临夏回族自治州", "东乡族自治县", "甘-东乡")),
    ("新疆石河子市北四路", ("新疆维吾尔自治区", None, "石河子市", "新-石河子")),
    # old names do not stop the read
    ("湖北襄樊市樊城区", ("湖北省", "襄阳市", "樊城区", "鄂-襄阳")),
    ("山东莱芜市莱城区", ("山东省", "济南市", "莱芜区", "鲁-济南")),
    ("湖北省襄樊市谷城县", ("湖北省", "襄阳市", "谷城县", "鄂-谷城")),
    # a name in several places: the rest of the address decides
    ("吉林省朝阳区", ("吉林省", "长春市", "朝阳区", "吉-长春")),
    ("福建省鼓楼区鼓楼医院", ("福建省", "福州市", "鼓楼区", "闽-福州")),
    ("云南华坪县", ("云南省", "丽江市", "华坪县", "云-华坪")),
    ("吉林市船营区建设路", ("吉林省", "吉林市", "船营区", "吉-吉林")),
    ("海南海口美兰区", ("海南省", "海口市", "美兰区", "琼-海口")),
    # a place word in a street or a shop is no destination
    ("信阳市万达商城", ("河南省", "信阳市", None, "豫-信阳")),
    ("江苏淮安清江浦区上海路111号", ("江苏省", "淮安市", "清江浦区", "苏-淮安")),
    ("临汾乡宁建设路5号院", ("山西省", "临汾市", "乡宁县", "晋-乡宁")),
])
def test_issue17_reads_what_clerks_and_exports_write(addr, want):
    p = read_address(addr)
    assert (p.province, p.city, p.district, header_of(p).text) == want


@pytest.mark.parametrize("addr,province", [
    ("河南固始", "河南省"), ("南阳路18号", None), ("北京路5号", None), ("中山路100号", None),
    ("河南省解放路88号", "河南省"), ("上海市某某路1号", "上海市"), ("豫", None), ("", None),
    ("南京东路300号", None),
])
def test_issue17_no_destination_from_a_street_name(addr, province):
    """A place word inside a street (南阳路, 北京路) names no place (issue 17)."""
    p = read_address(addr)
    assert p.province == province
    if addr != "河南固始":
        assert header_of(p).text is None and header_of(p).reason


XINYANG = ["浉河区", "平桥区", "罗山县", "光山县", "新县", "商城县", "固始县", "潢川县", "淮滨县", "息县"]


@pytest.mark.parametrize("district", XINYANG)
def test_issue17_every_xinyang_county_as_a_clerk_writes_it_gets_its_header(district):
    """Done means: 河南固始, 信阳光山, 固始县, 豫固始 — every 信阳 county and district."""
    short = district[:-1] if len(district) > 2 else district
    want = "豫-信阳" if district.endswith("区") else f"豫-{short}"
    for addr in (f"河南{short}解放路88号", f"信阳{short}火车站对面", f"{district}人民路1号", f"豫{short}",
                 f"河南省 信阳市 {district}", f"{short}城关镇"):
        p = read_address(addr)
        assert (p.city, p.district, header_of(p).text) == ("信阳市", district, want), addr


def test_issue17_no_header_from_a_province_alone():
    """issue 17 item 3: a province and nothing below it gives no header, with a reason."""
    idx = division_index()
    for d in idx.provinces.values():
        for written in {d.name, d.name.rstrip("省市")}:
            h = destination_header(f"{written}某某路1号")
            assert h.text is None and h.reason, written
    h = destination_header("河南省解放路88号")
    assert "河南省" in h.reason and "缺" in h.reason and h.warnings == ["header_missing"]
    h = destination_header("火星基地一号")
    assert h.text is None and h.warnings == ["address_unrecognised"] and h.reason


def test_issue17_no_header_carries_ethnic_or_administrative_words():
    """Every division of the table: 新-巴州, not 新-巴音郭楞蒙古; 甘-东乡, not 甘-东乡族."""
    idx = division_index()
    ethnic = re.compile(rf"(?:{ETHNIC})族|自治|地区|行政|特别")
    for d in idx.by_code.values():
        if d.level == 0:
            continue
        province, city = idx.parent(d, 0), idx.parent(d, 1) or (idx.parent(d, 0) if d.municipal else None)
        place = Place(province=province.name, city=city.name if city else None,
                      district=d.name if d.level == 2 else None)
        text = header_of(place).text
        if text is None:
            assert d.municipal and d.level == 1  # 北京市 without a district
            continue
        name = text.split("-", 1)[1]
        assert not ethnic.search(name) and name != d.name or len(d.name) == 2, (d, text)


def test_issue17_header_and_zone_come_from_one_reading():
    """issue 17 item 6: the header (R-38) and the zone (R-01) are answered from the same
    place; neither module reads the address on its own."""
    v = classify("信阳光山火车站对面")
    assert (v.kind, v.rule.outlet, v.place.district) == ("inside", "光山", "光山县")
    assert destination_header(v.place).text == "豫-光山"
    assert classify("河南淮滨芦集乡某村").rule.scope == "towns"
    root = Path(__file__).resolve().parents[2] / "kefu_tui" / "domain"
    header_src = (root / "header.py").read_text(encoding="utf-8")
    areas_src = (root / "areas.py").read_text(encoding="utf-8")
    assert "domain.areas" not in header_src and "domain.divisions import find" not in areas_src
    assert "from kefu_tui.domain.address import" in header_src and "from kefu_tui.domain.address import" in areas_src


def test_issue17_a_pathological_line_is_read_quickly():
    """A line of repeated place names must not make the reading explode (it once took
    seconds for 32 characters); bounded generously so a loaded machine passes."""
    import time

    for line in ("北京" * 16, "北京" * 500, "河南信阳固始" * 200, "x" * 100_000):
        t0 = time.perf_counter()
        read_address.__wrapped__(line)
        assert time.perf_counter() - t0 < 0.5, line[:12]
