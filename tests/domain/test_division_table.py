"""The division table behind R-38 and SPEC §13, loaded and indexed afresh (the shared
index is cached, so a fault in loading would hide behind it)."""

from kefu_tui.domain.divisions import Division, DivisionIndex, _load, short_names


def test_load_reads_every_place_and_no_placeholder():
    divs = _load()
    names = {d.code: d.name for d in divs}
    assert names["411500"] == "信阳市" and names["411528"] == "息县" and names["110000"] == "北京市"
    assert all(isinstance(d, Division) and len(d.code) == 6 and d.code.isdigit() for d in divs)
    assert not {"市辖区", "县", "省直辖县级行政区划"} & set(names.values())
    assert "110100" not in names  # 北京 市辖区
    assert len(divs) > 3000 and len(names) == len(divs)


def test_short_names_of_each_level():
    assert short_names(Division("410000", "河南省")) == {"河南省", "河南"}
    assert short_names(Division("110000", "北京市")) == {"北京市", "北京"}
    assert short_names(Division("150000", "内蒙古自治区")) == {"内蒙古自治区", "内蒙古"}
    assert short_names(Division("810000", "香港特别行政区")) == {"香港特别行政区", "香港"}
    assert short_names(Division("411500", "信阳市")) == {"信阳市", "信阳"}
    assert short_names(Division("152200", "兴安盟")) == {"兴安盟", "兴安"}
    assert short_names(Division("232700", "大兴安岭地区")) == {"大兴安岭地区", "大兴安岭"}
    assert short_names(Division("222400", "延边朝鲜族自治州")) == {"延边朝鲜族自治州", "延边"}
    assert short_names(Division("990100", "X市")) == {"X市"}  # a one-character stem is no name
    assert short_names(Division("320583", "昆山市")) == {"昆山市", "昆山"}
    assert short_names(Division("533103", "芒市")) == {"芒市"}
    assert short_names(Division("411528", "息县")) == {"息县"}
    assert short_names(Division("411502", "浉河区")) == {"浉河区"}


def test_a_fresh_index_finds_what_the_shared_one_does():
    idx = DivisionIndex(_load())
    assert idx.by_code["411500"].name == "信阳市"
    assert [d.code for d in idx.by_name["信阳"]] == ["411500"]
    assert idx.longest >= 8
    f = idx.find("中国河南信阳息县某镇")
    assert (f.province, f.city, f.district, f.rest) == ("河南省", "信阳市", "息县", "某镇")
    f = idx.find("吉林市船营区建设路")
    assert (f.province, f.city, f.district, f.rest) == ("吉林省", "吉林市", "船营区", "建设路")
    f = idx.find("湖北仙桃市建设路")
    assert (f.province, f.city, f.district) == ("湖北省", None, "仙桃市")
    assert idx.parent(idx.by_code["411528"], 0).name == "河南省"
    assert idx.parent(idx.by_code["110101"], 1) is None  # 北京's 市辖区 is no place
    f = idx.find("地址中国")
    assert (f.province, f.rest) == (None, "地址中国")


def test_a_small_index():
    idx = DivisionIndex([Division("410000", "河南省"), Division("411500", "信阳市"),
                         Division("411528", "息县")])
    assert idx.longest == 3
    assert sorted(idx.by_name) == ["信阳", "信阳市", "息县", "河南", "河南省"]
    f = idx.find("河南省信阳市息县城关")
    assert (f.province, f.city, f.district, f.rest) == ("河南省", "信阳市", "息县", "城关")
    assert idx.match_at("ab息县", 2, 2, None).name == "息县"
    assert idx.match_at("ab息县", 2, 1, None) is None
