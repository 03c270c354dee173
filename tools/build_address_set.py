"""Rebuild ``tests/data/addresses.tsv``, the address test set of issue 17 (item 5): public
address-parsing test suites and the division list, each row naming its source. Run from
the repository root: ``python tools/build_address_set.py``.

Sources are read at pinned commits from a local mirror when ``--mirror DIR`` holds
``<owner>+<name>/repo`` git directories, else from raw.githubusercontent.com:

- ``cpca-tests``: DQinYuan/chinese_province_city_area_mapper tests/test_cpca.py (the cases
  of test_transform and test_umap, transcribed below).
- ``cpca-addr``: the same repository's tests/addr.csv (18,000 real company addresses, no
  answers): a seeded sample of the rows that name a city and one of its districts by their
  full official names, the answer being those names.
- ``zh-address-parse``: daihy8759/zh-address-parse addressParse.json (answers as given).
- ``jionlp-tests``: dongrixinyu/JioNLP test/test_location_parser.py (answers as given;
  Taiwan rows left out: the division table stops at the mainland).
- ``jionlp-changes``: JioNLP jionlp/dictionary/china_location_change.txt, the renamings
  since 2000: the old names written as an address, the answer the new division.
- ``divisions``: the division table itself (kefu_tui/data/divisions.txt), a seeded sample
  of county-level divisions written the ways clerks and exports write them (河南固始,
  信阳光山, 豫固始, 北京 北京市 顺义区, 黔西南州兴义市 …).
- ``xinyang``: every 信阳 county and district in every short form clerks use.
- ``no-place``: addresses naming only a province, or a place only inside a street name.
- ``cpca-addr-hand``: rows of cpca's addr.csv without a full province-city-district
  chain, answered by hand for this set (``HAND`` below).

Standard library only; the answers of the generated rows use the table's full names."""

from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import random
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "addresses.tsv"
CPCA = ("DQinYuan/chinese_province_city_area_mapper", "9bdfd6e8694b44ca3de0730bd9122c6df5916133", "2021-12-12")
ZHAP = ("daihy8759/zh-address-parse", "2ce74c815fdd4a940324c3cb8ba99d0d5a77506f", "2021-04-08")
JIO = ("dongrixinyu/JioNLP", "783abc5237e05f25aea2a11dcc2ae2e0e9f4cd23", "2026-06-05")
SEED = 17

# cpca tests/test_cpca.py test_transform/test_umap: (address, province, city, district).
CPCA_CASES = [
    ("徐汇区虹漕路461号58号楼5楼", "上海市", "上海市", "徐汇区"),
    ("泉州市洛江区万安塘西工业区", "福建省", "泉州市", "洛江区"),
    ("福建省鼓楼区鼓楼医院", "福建省", "福州市", "鼓楼区"),
    ("天津市", "天津市", "天津市", None),
    ("我家的地址是江苏淮安清江浦区人民路111号", "江苏省", "淮安市", "清江浦区"),
    ("我家的地址是江苏淮安清江浦区上海路111号", "江苏省", "淮安市", "清江浦区"),
    ("上海市浦东新区东明路街道三林路15号", "上海市", "上海市", "浦东新区"),
    ("贵州省黔南布依族苗族自治州长顺县长寨街道和平中路28号", "贵州省", "黔南布依族苗族自治州", "长顺县"),
    ("宁夏", "宁夏回族自治区", None, None),
    ("淮安市市辖区", "江苏省", "淮安市", None),
    ("吉林省朝阳区不知道店", "吉林省", "长春市", "朝阳区"),
    ("朝阳区汉庭酒店大山子店", "北京市", "北京市", "朝阳区"),
]

TAILS = ["人民路12号", "解放路88号", "建设路5号院", "文化路与新华路交叉口", "火车站对面", "幸福小区3栋2单元501",
         "中心大街36号", "工业园区8号", "育才路东段", "城关镇东门外", "农贸市场旁", "第一中学家属院",
         "滨河花园11号楼", "光明路168号", "汽车站南100米", ""]

# cpca tests/addr.csv rows without a full province-city-district chain, answered by hand
# for this set (the author's reading of each address; "what the address names": a road or
# building named after a place is no district): (address, province, city, district).
HAND = [
    ("余杭区仓前镇良睦路1399号梦想小镇23号仓", "浙江省", "杭州市", "余杭区"),
    ("上海市闵行区浦江镇江潮路96号", "上海市", "上海市", "闵行区"),
    ("北京市西城区锦什坊街26号恒奥中心C座", "北京市", "北京市", "西城区"),
    ("北京市朝阳区望京中环南路甲2号佳境天城大908", "北京市", "北京市", "朝阳区"),
    ("重庆市九龙坡区石桥铺科园一路渝高大厦C栋21楼", "重庆市", "重庆市", "九龙坡区"),
    ("天津市河西区环湖中路滨湖大厦23层", "天津市", "天津市", "河西区"),
    ("新疆乌鲁木齐市经济技术开发区二期庐山街389号", "新疆维吾尔自治区", "乌鲁木齐市", None),
    ("北京市海淀区海淀北二街10号泰鹏大厦9层", "北京市", "北京市", "海淀区"),
    ("东西湖区新城十三路3号", "湖北省", "武汉市", "东西湖区"),
    ("南山区高新南九道深圳湾创业投资大厦31层02室", "广东省", "深圳市", "南山区"),
    ("广州市越秀区东湖路125号", "广东省", "广州市", "越秀区"),
    ("重庆江北区兴竹路", "重庆市", "重庆市", "江北区"),
    ("萧山区北干街道兴议村兴五路58号A座2号楼4楼", "浙江省", "杭州市", "萧山区"),
    ("上海市静安区嘉里中心2座39层01-02单元", "上海市", "上海市", "静安区"),
    ("广州市番禺区大学城外环东路280号", "广东省", "广州市", "番禺区"),
    ("深圳市龙岗区天安数码城1栋A座15楼", "广东省", "深圳市", "龙岗区"),
    ("杭州市西湖区求是路8号公元大厦南楼22层", "浙江省", "杭州市", "西湖区"),
    ("黄浦区中山东二路15号外滩华融大厦9楼", "上海市", "上海市", "黄浦区"),
    ("南昌市昌北经济开发区黄家湖西路1589号", "江西省", "南昌市", None),
    ("杭州拱墅区石祥路589号海外海杭州商城办公区4楼", "浙江省", "杭州市", "拱墅区"),
    ("佛山市顺德区高新区(容桂)朝桂路七号之二", "广东省", "佛山市", "顺德区"),
    ("杭州市萧山经济技术开发区桥南区春潮路53号4楼", "浙江省", "杭州市", "萧山区"),
    ("福田区华强北赛格科技园四栋中十楼", "广东省", "深圳市", "福田区"),
    ("北京市昌平区振兴路2号中国气象科技园1号楼", "北京市", "北京市", "昌平区"),
    ("上海市嘉定工业区兴顺路358号", "上海市", "上海市", "嘉定区"),
    ("大连市会展路129号期货大厦", "辽宁省", "大连市", None),
    ("山西太原府西街69号山西国际贸易中心A38", "山西省", "太原市", None),
    ("汕头市潮南区司马浦仙港乡金港实业", "广东省", "汕头市", "潮南区"),
    ("慈溪市龙山镇工业区龙镇大道2号", "浙江省", "宁波市", "慈溪市"),
    ("郑州市惠济区清华园路开元路交叉口向东50米路南", "河南省", "郑州市", "惠济区"),
    ("深圳市 宝安中心区", "广东省", "深圳市", "宝安区"),
    ("汉阳区汉阳火车站附近汉阳天地", "湖北省", "武汉市", "汉阳区"),
    ("南京江宁区将军大道151号千山科技园", "江苏省", "南京市", "江宁区"),
    ("嘉定区恒永路328弄36号", "上海市", "上海市", "嘉定区"),
    ("武昌区中山路374号(湖北美术学院昙华林艺术区内1号)", "湖北省", "武汉市", "武昌区"),
    ("徐汇区肇家浜路567号3楼", "上海市", "上海市", "徐汇区"),
    ("深圳市宝安北路与梅园路交汇处", "广东省", "深圳市", None),
    ("北辰区医药医疗器械工业园H座1门2楼", "天津市", "天津市", "北辰区"),
    ("深圳市宝安区石岩镇水田第四工业区恒隆工业园8栋3楼", "广东省", "深圳市", "宝安区"),
    ("合肥市高新区科学大道110号光机电一体化园F9A五层501室", "安徽省", "合肥市", None),
    ("上海嘉定区菊城路33号", "上海市", "上海市", "嘉定区"),
    ("上海市长宁区虹桥路1452号古北国际财富中心12F-15F", "上海市", "上海市", "长宁区"),
    ("延安西路2633号", None, None, None),
    ("东城区东长安街1号东方广场C1座1008室", "北京市", "北京市", "东城区"),
    ("上海市闵行区金都路5131号", "上海市", "上海市", "闵行区"),
    ("朝阳区东三环中路39号建外soho5号楼20F", "北京市", "北京市", "朝阳区"),
    ("杭州市江干区艮山西路136号2号楼5楼", "浙江省", "杭州市", "上城区"),
    ("罗湖区宝安广场A座11楼A-D", "广东省", "深圳市", "罗湖区"),
    ("经济技术开发区(龙泉驿区)文柏大道882号", "四川省", "成都市", "龙泉驿区"),
    ("北京朝阳区亮马桥路32号高斓大厦718", "北京市", "北京市", "朝阳区"),
    ("杭州市萧山区钱江世纪城保亿中心A幢8楼", "浙江省", "杭州市", "萧山区"),
    ("宁波市鄞州区宜园路525号(环城南路与下应北路交叉口)", "浙江省", "宁波市", "鄞州区"),
    ("上海市福泉北路518号8座3层", "上海市", "上海市", None),
    ("江场三路", None, None, None),
    ("北京市朝阳区朝阳北路", "北京市", "北京市", "朝阳区"),
]

XINYANG = ["浉河区", "平桥区", "罗山县", "光山县", "新县", "商城县", "固始县", "潢川县", "淮滨县", "息县"]

NO_PLACE = [
    ("河南省解放路88号", "河南省", None, None), ("河南省 某某路12号", "河南省", None, None),
    ("南阳路18号", None, None, None), ("北京路5号", None, None, None), ("中山路100号", None, None, None),
    ("上海市某某路1号", "上海市", "上海市", None), ("江苏省人民路3号", "江苏省", None, None),
    ("湖北省中南路7号", "湖北省", None, None), ("豫", None, None, None), ("火星基地一号", None, None, None),
    ("广东省", "广东省", None, None), ("新疆维吾尔自治区", "新疆维吾尔自治区", None, None),
    ("南京东路300号", None, None, None), ("长江路9号", None, None, None), ("重庆市", "重庆市", "重庆市", None),
]


def _show(repo: tuple, path: str, mirror: Path | None) -> str:
    name, commit, _ = repo
    if mirror is not None:
        git = mirror / name.replace("/", "+") / "repo"
        if git.exists():
            return subprocess.run(["git", "--git-dir", str(git), "show", f"{commit}:{path}"], check=True,
                                  capture_output=True).stdout.decode("utf-8-sig")
    with urllib.request.urlopen(f"https://raw.githubusercontent.com/{name}/{commit}/{path}", timeout=60) as r:
        return r.read().decode("utf-8-sig")


class Table:
    def __init__(self):
        self.names: dict[str, str] = {}
        for line in (ROOT / "kefu_tui" / "data" / "divisions.txt").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith(("#", "=", ">")):
                code, name = line.split(" ", 1)
                self.names[code] = name
        self.codes_of: dict[str, list[str]] = {}
        for code, name in self.names.items():
            self.codes_of.setdefault(name, []).append(code)

    def answer(self, code: str) -> tuple[str, str | None, str | None]:
        province = self.names[code[:2] + "0000"]
        city = self.names.get(code[:4] + "00")
        return province, city, self.names[code] if not code.endswith("00") else None

    def counties(self) -> list[str]:
        return [c for c in self.names if not c.endswith("00") and int(c[:2]) < 71]


def _stem(name: str, suffixes=("县", "市", "区", "旗")) -> str | None:
    for s in suffixes:
        if name.endswith(s) and len(name) - len(s) >= 2 and "自治" not in name:
            return name[: -len(s)]
    return None


def _short_province(name: str) -> str:
    for p in ("内蒙古", "广西", "西藏", "宁夏", "新疆"):
        if name.startswith(p):
            return p
    return name[:-1]


def _short_city(name: str | None) -> str | None:
    if not name:
        return None
    for s in ("自治州", "地区", "市", "盟"):
        if name.endswith(s) and "自治州" not in name:
            return name[: -len(s)]
    return None


ABBR = {"北京市": "京", "天津市": "津", "上海市": "沪", "重庆市": "渝", "河北省": "冀", "山西省": "晋", "辽宁省": "辽",
        "吉林省": "吉", "黑龙江省": "黑", "江苏省": "苏", "浙江省": "浙", "安徽省": "皖", "福建省": "闽", "江西省": "赣",
        "山东省": "鲁", "河南省": "豫", "湖北省": "鄂", "湖南省": "湘", "广东省": "粤", "海南省": "琼", "四川省": "川",
        "贵州省": "贵", "云南省": "云", "陕西省": "陕", "甘肃省": "甘", "青海省": "青", "内蒙古自治区": "蒙",
        "广西壮族自治区": "桂", "西藏自治区": "藏", "宁夏回族自治区": "宁", "新疆维吾尔自治区": "新"}


def division_rows(t: Table, rng: random.Random, n: int) -> list[tuple]:
    """County-level divisions written the ways clerks and exports write them; a short form
    is used only where it names one place (within the province/city it is written with)."""
    stems: dict[str, list[str]] = {}
    for c in t.counties():
        s = _stem(t.names[c])
        if s:
            stems.setdefault(s, []).append(c)
    sys.path.insert(0, str(ROOT))
    from kefu_tui.domain.divisions import Division, stem

    city_stems = {stem(Division(c, t.names[c])): c for c in t.names if c.endswith("00") and not c.endswith("0000")}
    rows = []
    for code in rng.sample(t.counties(), n):
        p, c, d = t.answer(code)
        tail = rng.choice(TAILS)
        municipal = p == c
        forms = [f"{p}{c or ''}{d}{tail}", f"{p} {c or ''} {d} {tail}"]
        if [x[:2] for x in t.codes_of[d]].count(code[:2]) == 1:
            forms.append(f"{ABBR[p]}{d}{tail}")
        if municipal:
            forms += [f"{p} {p} {d} {tail}", f"{p}市辖区{d}{tail}", f"{_short_province(p)}{d}{tail}"]
        elif c is None:
            forms += [f"{p}省直辖县级行政区划{d}{tail}", f"{_short_province(p)}{d}{tail}"]
        else:
            sc = _short_city(c)
            forms += [f"{_short_province(p)}{sc or c}{d}{tail}", f"{c}{d}{tail}", f"{p}.{c}.{d}.{tail}"]
            s = _stem(d, ("县", "市", "旗"))
            if s and [x[:2] for x in stems.get(s, [])].count(code[:2]) == 1 and not city_stems.get(s):
                forms.append(f"{_short_province(p)}{s}{tail}")
            if s and sc and [x[:4] for x in stems.get(s, [])].count(code[:4]) == 1:
                forms.append(f"{sc}{s}{tail}")
        if len(t.codes_of[d]) == 1:
            forms.append(f"{d}{tail}")
        rows.append((rng.choice(forms), p, c, d, "divisions"))
    return rows


def xinyang_rows(t: Table) -> list[tuple]:
    rows = []
    for d in XINYANG:
        code = next(c for c in t.codes_of[d] if c.startswith("4115"))
        p, c, d = t.answer(code)
        s = _stem(d) or d
        for form in (f"河南{s}解放路88号", f"信阳{s}火车站对面", f"{d}人民路1号", f"豫{s}", f"河南省信阳市{d}",
                     f"河南 信阳 {d} 城关镇"):
            rows.append((form, p, c, d, "xinyang"))
    return rows


def cpca_addr_rows(t: Table, text: str, rng: random.Random, n: int) -> list[tuple]:
    """Rows of cpca's addr.csv naming a city and one of its districts by full names, in
    that order, and no other full name of a city or district."""
    cities = {name: codes for name, codes in t.codes_of.items() if any(c.endswith("00") and not c.endswith("0000") for c in codes)}
    rows = []
    for rec in list(csv.reader(io.StringIO(text)))[1:]:
        addr = rec[0]
        found = []
        for name, codes in t.codes_of.items():
            at = addr.find(name)
            if at >= 0 and len(name) >= 3:
                found.append((at, name, codes))
        levels = [(at, name, codes) for at, name, codes in found if not all(c.endswith("0000") for c in codes)]
        city = [x for x in levels if x[1] in cities]
        dist = [x for x in levels if x[1] not in cities]
        if len(city) != 1 or len(dist) != 1 or dist[0][0] <= city[0][0]:
            continue
        ccode = next(c for c in city[0][2] if c.endswith("00"))
        inside = [c for c in dist[0][2] if c.startswith(ccode[:4] if ccode[2:4] != "00" else ccode[:2])]
        if len(inside) == 1:
            p, c, d = t.answer(inside[0])
            rows.append((addr, p, c, d, "cpca-addr"))
    return rng.sample(rows, min(n, len(rows)))


def zhap_rows(text: str) -> list[tuple]:
    return [(r["address"], r["result"]["provinceName"] or None, r["result"]["cityName"] or None,
             r["result"]["areaName"] or None, "zh-address-parse") for r in json.loads(text)]


def jionlp_rows(text: str) -> list[tuple]:
    tree = ast.parse(text)
    rows = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "location_string_list":
            for item in ast.literal_eval(node.value):
                want = item[3]
                if want["province"] != "台湾省":
                    rows.append((item[0], want["province"], want["city"], want["county"], "jionlp-tests"))
    return rows


def jionlp_change_rows(t: Table, text: str) -> list[tuple]:
    rows = []
    for line in text.splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>")
        old_f, new_f = old.split("\t"), new.split("\t")
        old_names = [x for x in old_f[2:] if x][::2]  # full names: province, city, county
        new_full = [x for x in new_f if x]
        want = [new_full[0], new_full[1] if len(new_full) > 1 else None, new_full[2] if len(new_full) > 2 else None]
        if want[1] in ("省直辖县级行政区划", "自治区直辖县级行政区划"):
            want[1] = None
        if want[0] in ("北京市", "天津市", "上海市", "重庆市"):
            want[1] = want[0]
        codes = [c for c in t.codes_of.get(want[2] or want[1] or "", [])]
        if not codes:
            continue  # a division the 2023 table does not have (a change after it)
        rows.append(("".join(old_names) + "人民路1号", *want, "jionlp-changes"))
    return rows


def build(mirror: Path | None) -> str:
    t = Table()
    rng = random.Random(SEED)
    rows: list[tuple] = [(*r, "cpca-tests") for r in CPCA_CASES]
    rows += zhap_rows(_show(ZHAP, "java-zh-addres-parse/src/test/resources/addressParse.json", mirror))
    rows += jionlp_rows(_show(JIO, "test/test_location_parser.py", mirror))
    rows += jionlp_change_rows(t, _show(JIO, "jionlp/dictionary/china_location_change.txt", mirror))
    rows += cpca_addr_rows(t, _show(CPCA, "tests/addr.csv", mirror), rng, 300)
    rows += division_rows(t, rng, 420)
    rows += xinyang_rows(t)
    rows += [(*r, "no-place") for r in NO_PLACE]
    rows += [(*r, "cpca-addr-hand") for r in HAND]
    head = [
        "# kefu address test set (issue 17 item 5): address, province, city, district (empty: the",
        "# address does not say), source. Built by tools/build_address_set.py; whitespace inside an",
        "# address is written as one space. Sources (see the script's docstring):",
        f"#   cpca-tests, cpca-addr: github.com/{CPCA[0]} @ {CPCA[1]} ({CPCA[2]})",
        f"#   zh-address-parse: github.com/{ZHAP[0]} @ {ZHAP[1]} ({ZHAP[2]})",
        f"#   jionlp-tests, jionlp-changes: github.com/{JIO[0]} @ {JIO[1]} ({JIO[2]})",
        "#   cpca-addr-hand: rows of the same addr.csv answered by hand for this set (list in the script)",
        "#   divisions, xinyang, no-place: kefu_tui/data/divisions.txt (NBS 2023 codes), seed 17",
        "address\tprovince\tcity\tdistrict\tsource",
    ]
    body = ["\t".join([" ".join(a.split()), p or "", c or "", d or "", s]) for a, p, c, d, s in rows]
    return "\n".join(head + body) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mirror", type=Path, help="directory of <owner>+<name>/repo git mirrors")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(build(args.mirror), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
