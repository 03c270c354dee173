"""Rebuild ``kefu_tui/data/divisions.txt`` (the division table behind R-38 and R-01) from
its public sources. Run from the repository root:

    python tools/build_divisions.py [--new DIR] [--old FILE]

``--new``: a directory holding ``provinces.csv``, ``cities.csv`` and ``areas.csv`` of
github.com/modood/Administrative-divisions-of-China (``dist/``), which publishes the
national statistics bureau's 统计用区划代码; without it they are downloaded at the pinned
commit. ``--old``: cpca's ``cpca/resources/adcodes.csv``
(github.com/DQinYuan/chinese_province_city_area_mapper), the table kefu shipped before; its
names that the new table no longer has become aliases of the division that took them over
(偃师市 → 偃师区, 长垣县 → 长垣市). Renamings and mergers the names alone cannot tell
(襄樊 → 襄阳, 莱芜 → 济南, 许昌县 → 建安区) are listed below by hand. Standard library only."""

from __future__ import annotations

import argparse
import csv
import io
import sys
import urllib.request
from pathlib import Path

NEW_REPO = "modood/Administrative-divisions-of-China"
NEW_COMMIT = "57a0aa9cef47169a2eb74cf057b0245052a34e8c"  # 2024-11-28; data commit dc3a1d7 of 2023-09-13
NEW_EDITION = "国家统计局 2023年统计用区划代码和城乡划分代码 (截止 2023-06-30, 发布 2023-09-11)"
JIO_REPO = "dongrixinyu/JioNLP"
JIO_COMMIT = "783abc5237e05f25aea2a11dcc2ae2e0e9f4cd23"  # 2026-06-05: jionlp/dictionary/china_location_change.txt
OLD_REPO = "DQinYuan/chinese_province_city_area_mapper"
OLD_COMMIT = "9bdfd6e8694b44ca3de0730bd9122c6df5916133"  # 2021-12-12, cpca 0.5.5 data
OUT = Path(__file__).resolve().parent.parent / "kefu_tui" / "data" / "divisions.txt"

# The statistics codes stop at the mainland; the three others as their province-level rows.
EXTRA = {"710000": "台湾省", "810000": "香港特别行政区", "820000": "澳门特别行政区"}

# Old names and mergers that the names alone do not lead to: (old name, new name, code
# prefix of where the new one is).
HAND_ALIASES = [
    ("襄樊市", "襄阳市", "42"), ("襄樊", "襄阳市", "42"), ("思茅市", "普洱市", "53"), ("思茅", "普洱市", "53"),
    ("莱芜市", "济南市", "37"), ("莱芜", "莱芜区", "37"), ("莱城区", "莱芜区", "37"), ("许昌县", "建安区", "41"),
    ("金明区", "龙亭区", "41"), ("吉利区", "孟津区", "41"),
    ("蓟县", "蓟州区", "12"), ("塘沽区", "滨海新区", "12"), ("汉沽区", "滨海新区", "12"), ("大港区", "滨海新区", "12"),
    ("南汇区", "浦东新区", "31"), ("卢湾区", "黄浦区", "31"), ("闸北区", "静安区", "31"),
    ("宣武区", "西城区", "11"), ("崇文区", "东城区", "11"),
    ("万盛区", "綦江区", "50"), ("双桥区", "大足区", "50"), ("开县", "开州区", "50"),
    ("巴州", "巴音郭楞蒙古自治州", "65"), ("博州", "博尔塔拉蒙古自治州", "65"), ("克州", "克孜勒苏柯尔克孜自治州", "65"),
    ("南郊区", "云冈区", "1402"), ("大同县", "云州区", "1402"), ("长治县", "上党区", "1404"),
    ("邯郸县", "邯山区", "1304"), ("邢台县", "信都区", "1305"), ("任县", "任泽区", "1305"), ("滦县", "滦州市", "1302"),
    ("横县", "横州市", "45"), ("彬县", "彬州市", "61"), ("户县", "鄠邑区", "61"), ("郫县", "郫都区", "51"),
    ("盘县", "盘州市", "52"), ("长岛县", "蓬莱区", "37"), ("那曲县", "色尼区", "54"),
    ("下城区", "拱墅区", "3301"), ("江干区", "上城区", "3301"), ("江东区", "鄞州区", "3302"),
    ("港闸区", "崇川区", "3206"), ("梅列区", "三元区", "3504"), ("湾里区", "新建区", "3601"),
    ("三山区", "弋江区", "3402"), ("芜湖县", "湾沚区", "3402"), ("九江县", "柴桑区", "3604"),
    ("上饶县", "广信区", "3611"), ("株洲县", "渌口区", "4302"), ("伊春区", "伊美区", "2307"),
    ("宜宾县", "叙州区", "5115"),
    ("清浦区", "清江浦区", "3208"), ("新浦区", "海州区", "3207"), ("小河区", "花溪区", "5201"),
    # Renamings where the old name is still someone else's (城区, 桥西区): read only within
    # the city written before them, a current name wins otherwise.
    ("城区", "平城区", "1402"), ("城区", "潞州区", "1404"), ("郊区", "潞州区", "1404"),
    ("桥东区", "襄都区", "1305"), ("桥西区", "信都区", "1305"),
    ("乌伊岭区", "汤旺县", "2307"), ("汤旺河区", "汤旺县", "2307"), ("新青区", "丰林县", "2307"),
    ("红星区", "丰林县", "2307"), ("五营区", "丰林县", "2307"), ("乌马河区", "伊美区", "2307"),
    ("美溪区", "伊美区", "2307"), ("翠峦区", "乌翠区", "2307"), ("上甘岭区", "友好区", "2307"),
    ("西林区", "金林区", "2307"), ("金山屯区", "金林区", "2307"), ("带岭区", "大箐山县", "2307"),
    ("冷湖行政委员会", "茫崖市", "6328"), ("茫崖行政委员会", "茫崖市", "6328"),
    ("南沙区", "南沙群岛", "4603"), ("西沙区", "西沙群岛", "4603"),
]


def _fetch(repo: str, commit: str, path: str) -> str:
    url = f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.read().decode("utf-8-sig")


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def new_table(src: Path | None) -> dict[str, str]:
    """code → name, six digits; placeholder cities (市辖区, 县) of the municipalities carry
    the municipality's name, the 省直辖县级行政区划 groups are left out (no city)."""
    read = (lambda n: (src / n).read_text(encoding="utf-8-sig")) if src else \
        (lambda n: _fetch(NEW_REPO, NEW_COMMIT, f"dist/{n}"))
    out: dict[str, str] = {}
    provinces = {r["code"]: r["name"] for r in _rows(read("provinces.csv"))}
    for code, name in provinces.items():
        out[code + "0000"] = name
    for r in _rows(read("cities.csv")):
        if r["name"] in ("市辖区", "县"):
            out[r["code"] + "00"] = provinces[r["provinceCode"]]
        elif "直辖县级" not in r["name"]:
            out[r["code"] + "00"] = r["name"]
    for r in _rows(read("areas.csv")):
        if 71 <= int(r["code"][4:]) <= 80:
            continue  # a statistics-only zone (经济开发区, 管理区), no administrative division
        out.setdefault(r["code"], r["name"])  # 东莞市 441900 is listed as its own area
    out.update(EXTRA)
    return dict(sorted(out.items()))


def _stem(name: str) -> str:
    for suffix in ("地区", "新区", "市", "县", "区", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def derived_aliases(new: dict[str, str], old_csv: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Old names the new table lost, pointed at the division of the same stem in the same
    city (else province); the ones with no such division are returned to be listed."""
    names = set(new.values())
    by_stem: dict[tuple[str, str], list[str]] = {}
    for code, name in new.items():
        by_stem.setdefault((code[:4], _stem(name)), []).append(code)
        by_stem.setdefault((code[:2], _stem(name)), []).append(code)
    aliases, lost = [], []
    for r in _rows(old_csv):
        code, name = r["adcode"][:6], r["name"]
        if name in names or name in ("市辖区", "县") or "直辖" in name:
            continue
        level = 0 if code.endswith("0000") else 1 if code.endswith("00") else 2
        hits = [c for c in by_stem.get((code[:4], _stem(name)), []) if level == 2 and not c.endswith("00")] or \
            [c for c in by_stem.get((code[:2], _stem(name)), [])
             if (c.endswith("00") and not c.endswith("0000")) == (level == 1)]
        if len(hits) == 1:
            aliases.append((name, hits[0]))
        else:
            lost.append(f"{code} {name}")
    return aliases, lost


def _code_of(new: dict[str, str], name: str, prefix: str) -> str:
    codes = [c for c, n in new.items() if n == name and c.startswith(prefix)]
    if len(codes) != 1:
        raise SystemExit(f"hand alias target {name} ({prefix}) is not one division: {codes}")
    return codes[0]


def _city_stem(name: str) -> str:
    for suffix in ("地区", "市", "盟"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def changes(new: dict[str, str], text: str) -> tuple[list[tuple[str, str]], set[tuple[str, str]]]:
    """JioNLP's list of renamings since 2000: (old name, new code) aliases where the name
    changed, and (new code, old city stem) where a county changed city (柳州地区忻城县 →
    来宾市 忻城县), so the old city written before it does not stop the read."""
    aliases, moved = [], set()
    for line in text.splitlines():
        if "=>" not in line:
            continue
        old, after = line.split("=>")
        old_f, new_f = old.split("\t"), [x for x in after.split("\t") if x]
        if len(old_f) < 7 or len(new_f) < 3:
            if len(old_f) >= 5 and len(new_f) == 2:  # a city renamed (襄樊市 → 襄阳市)
                code = next((c for c, n in new.items() if n == new_f[1] and c[:2] == _prov(new, new_f[0])), None)
                if code and old_f[4] not in new.values():
                    aliases.append((old_f[4], code))
            continue
        city = next((c for c, n in new.items() if n == new_f[1] and c.endswith("00")), None)
        prefix = city[:4] if city else _prov(new, new_f[0])
        code = next((c for c, n in new.items() if n == new_f[2] and prefix and c.startswith(prefix)), None)
        if code is None:
            continue  # JioNLP names a division the table does not have (a later change, a typo)
        if old_f[6] != new_f[2] and old_f[6] not in new.values():
            aliases.append((old_f[6], code))
        if _city_stem(old_f[4]) != _city_stem(new_f[1]) and "直辖" not in old_f[4]:
            moved.add((code, _city_stem(old_f[4])))
    return aliases, moved


def _prov(new: dict[str, str], name: str) -> str | None:
    return next((c[:2] for c, n in new.items() if n == name and c.endswith("0000")), None)


def moved_from_old(new: dict[str, str], old_csv: str, aliases: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Counties that cpca's table had under another city (公主岭市: 四平 → 长春)."""
    old = {r["adcode"][:6]: r["name"] for r in _rows(old_csv)}
    codes = {}
    for c, n in new.items():
        codes.setdefault(n, []).append(c)
    for n, c in aliases:
        codes.setdefault(n, []).append(c)
    out = set()
    for code, name in old.items():
        if code.endswith("00"):
            continue
        hits = [c for c in codes.get(name, []) if c[:2] == code[:2] and not c.endswith("00")]
        if len(hits) == 1 and hits[0][:4] != code[:4] and len(name) >= 3 and code[:4] + "00" in old \
                and "直辖" not in old[code[:4] + "00"] and old[code[:4] + "00"] not in ("市辖区", "县"):
            out.add((hits[0], _city_stem(old[code[:4] + "00"])))
    return out


def conversions(new: dict[str, str]) -> list[tuple[str, str]]:
    """The names districts and county-level cities had as counties or cities before (双流县
    → 双流区, 偃师市 → 偃师区, 长垣县 → 长垣市), where no current division has that name."""
    made: dict[str, list[str]] = {}
    for code, name in new.items():
        if code.endswith("00") or int(code[:2]) >= 71 or "自治" in name:
            continue
        stem = name[:-1] if name[-1] in "区市" and len(name) >= 3 else None
        if stem is None:
            continue
        olds = [stem + "县", stem + "市"] if name.endswith("区") else [stem + "县"] if int(code[4:]) >= 81 else []
        for o in olds:
            made.setdefault(o, []).append(code)
    names = set(new.values())
    return [(o, cs[0]) for o, cs in made.items() if len(cs) == 1 and o not in names]


def build(new_dir: Path | None, old_file: Path | None, jio_file: Path | None = None) -> str:
    new = new_table(new_dir)
    old_csv = old_file.read_text(encoding="utf-8-sig") if old_file else \
        _fetch(OLD_REPO, OLD_COMMIT, "cpca/resources/adcodes.csv")
    jio = jio_file.read_text(encoding="utf-8") if jio_file else \
        _fetch(JIO_REPO, JIO_COMMIT, "jionlp/dictionary/china_location_change.txt")
    auto, lost = derived_aliases(new, old_csv)
    jio_aliases, moved = changes(new, jio)
    auto += [a for a in jio_aliases + conversions(new) if a[0] not in {x for x, _ in auto}]
    hand = [(old, _code_of(new, name, prefix)) for old, name, prefix in HAND_ALIASES]
    aliases = sorted({*hand, *((n, c) for n, c in auto if n not in {h for h, _ in hand})}, key=lambda a: (a[1], a[0]))
    lines = [
        "# China's administrative divisions to county level (行政区划): six-digit code, name.",
        f"# Source: {NEW_EDITION},",
        f"#   as published in github.com/{NEW_REPO} dist/*.csv at commit {NEW_COMMIT}.",
        "# 市辖区/县 of the municipalities carry the municipality's name; 省直辖县级行政区划 has no city row.",
        "# 台湾省, 香港特别行政区, 澳门特别行政区: province-level rows only. Left out: the statistics-only",
        "#   zones coded xxxx71-xxxx80 (经济技术开发区, 管理区), which are no administrative division.",
        "# Lines '= CODE NAME': an old name or renaming (aliases) of the division CODE, from the",
        f"#   hand list in tools/build_divisions.py and from github.com/{OLD_REPO}",
        f"#   cpca/resources/adcodes.csv at commit {OLD_COMMIT} (the names it has that the table lost),",
        f"#   from github.com/{JIO_REPO} jionlp/dictionary/china_location_change.txt at commit {JIO_COMMIT},",
        "#   and the county or city names of today's districts and county-level cities (双流县 → 双流区).",
        "# Lines '> CODE STEM': the county-level division CODE was once in the city STEM (柳州 for",
        "#   忻城县, now 来宾市), from the same two sources.",
        "# Rebuilt by: python tools/build_divisions.py",
    ]
    lines += [f"{c} {n}" for c, n in new.items()]
    lines += [f"= {c} {n}" for n, c in aliases]
    moved |= moved_from_old(new, old_csv, aliases)
    lines += [f"> {c} {stem}" for c, stem in sorted(moved)]
    lost = [x for x in lost if x.split(" ", 1)[1] not in {h for h, _ in hand}]
    if lost:
        print("old names left without a successor:\n  " + "\n  ".join(lost), file=sys.stderr)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--new", type=Path, help="directory with modood's provinces.csv, cities.csv, areas.csv")
    ap.add_argument("--old", type=Path, help="cpca's adcodes.csv")
    ap.add_argument("--jionlp", type=Path, help="JioNLP's china_location_change.txt")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    args.out.write_text(build(args.new, args.old, args.jionlp), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
