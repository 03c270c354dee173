"""The division table behind R-38 and SPEC §13 (issue 17 item 1): the national statistics
bureau's current codes with their source named, old names as aliases, loaded and indexed
afresh (the shared index is cached, so a fault in loading would hide behind it)."""

from importlib import resources

from kefu_tui.domain.divisions import Division, DivisionIndex, _load, _load_lines, short_names


def test_load_reads_every_place_and_no_placeholder():
    divs = _load()
    names = {d.code: d.name for d in divs}
    assert names["411500"] == "信阳市" and names["411528"] == "息县" and names["110000"] == "北京市"
    assert all(isinstance(d, Division) and len(d.code) == 6 and d.code.isdigit() for d in divs)
    assert not {"市辖区", "县", "省直辖县级行政区划"} & set(names.values())
    assert names["110100"] == "北京市" and names["500200"] == "重庆市"  # the municipalities' city rows
    assert len(divs) > 3000 and len(names) == len(divs)
    assert len([d for d in divs if d.level == 0]) == 34


def test_issue17_the_table_is_current_and_names_its_source():
    """issue 17 item 1: the five Henan divisions created or renamed since 2016 are there."""
    names = {d.code: d.name for d in _load()}
    assert (names["410307"], names["410308"], names["410783"], names["411003"], names["411603"]) == \
        ("偃师区", "孟津区", "长垣市", "建安区", "淮阳区")
    assert names["451082"] == "平果市" and names["520581"] == "黔西市"
    head = resources.files("kefu_tui").joinpath("data/divisions.txt").read_text(encoding="utf-8")[:1200]
    assert "国家统计局" in head and "2023" in head and "modood/Administrative-divisions-of-China" in head
    assert "tools/build_divisions.py" in head


def test_issue17_old_names_are_aliases():
    aliases = dict((n, c) for c, n in _load_lines()[1])
    assert aliases["襄樊市"] == "420600" and aliases["莱芜市"] == "370100"
    assert aliases["偃师市"] == "410307" and aliases["孟津县"] == "410308" and aliases["长垣县"] == "410783"
    assert aliases["许昌县"] == "411003" and aliases["淮阳县"] == "411603" and aliases["平果县"] == "451082"


def test_short_names_of_each_level():
    assert short_names(Division("410000", "河南省")) == {"河南省", "河南"}
    assert short_names(Division("110000", "北京市")) == {"北京市", "北京"}
    assert short_names(Division("150000", "内蒙古自治区")) == {"内蒙古自治区", "内蒙古"}
    assert short_names(Division("810000", "香港特别行政区")) == {"香港特别行政区", "香港"}
    assert short_names(Division("411500", "信阳市")) == {"信阳市", "信阳"}
    assert short_names(Division("152200", "兴安盟")) == {"兴安盟", "兴安"}
    assert short_names(Division("232700", "大兴安岭地区")) == {"大兴安岭地区", "大兴安岭"}
    assert short_names(Division("222400", "延边朝鲜族自治州")) == {"延边朝鲜族自治州", "延边", "延边州"}
    assert short_names(Division("522300", "黔西南布依族苗族自治州")) == {"黔西南布依族苗族自治州", "黔西南", "黔西南州"}
    assert short_names(Division("652700", "博尔塔拉蒙古自治州")) == {"博尔塔拉蒙古自治州", "博尔塔拉", "博尔塔拉州"}
    assert short_names(Division("622926", "东乡族自治县")) == {"东乡族自治县", "东乡", "东乡县"}
    assert short_names(Division("990100", "X市")) == {"X市"}  # a one-character stem is no name
    assert short_names(Division("320583", "昆山市")) == {"昆山市", "昆山"}
    assert short_names(Division("533103", "芒市")) == {"芒市"}
    assert short_names(Division("411528", "息县")) == {"息县"}
    assert short_names(Division("411502", "浉河区")) == {"浉河区", "浉河"}


def test_a_small_index():
    idx = DivisionIndex([Division("410000", "河南省"), Division("411500", "信阳市"),
                         Division("411528", "息县")], [("411500", "申城")])
    assert idx.longest == 3
    assert set(idx.by_name) == {"申城", "信阳", "信阳市", "息县", "河南", "河南省"}
    assert [(n.division.code, n.full) for n in idx.by_name["信阳"]] == [("411500", False)]
    assert [(n.division.code, n.full) for n in idx.by_name["申城"]] == [("411500", True)]
    assert idx.parent(idx.by_code["411528"], 0).name == "河南省"
    assert idx.parent(idx.by_code["411528"], 1).name == "信阳市"
