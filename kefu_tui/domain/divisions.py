"""China's administrative divisions (行政区划): the table and every name a clerk writes for
a division.

The table (``kefu_tui/data/divisions.txt``, its source and date in its header, rebuilt by
``tools/build_divisions.py``): 6-digit code and name; province ``PP0000``, city ``PPCC00``,
county level ``PPCCDD``; lines ``= CODE NAME`` are old names (aliases: 襄樊市 → 襄阳市); lines ``> CODE STEM`` say the
county-level division CODE was once in the city STEM (忻城县 in 柳州).
Reading an address against it is ``kefu_tui.domain.address``."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from importlib import resources

HOME_PROVINCE_CODE = "41"  # 河南: a name found in several provinces is read as the branch's own
MUNICIPALITY_CODES = ("11", "12", "31", "50")

# Ethnic groups named in autonomous prefectures/counties/banners (延边朝鲜族自治州): not places.
ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|"
    "东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|普米|塔吉克|怒|鄂温克|"
    "保安|裕固|京|独龙|鄂伦春|赫哲|各"
)
# 伊犁哈萨克自治州, 博尔塔拉蒙古自治州: a people of more than one character may come without 族.
_MULTI = "|".join(e for e in ETHNIC.split("|") if len(e) > 1)
_AUTONOMOUS = re.compile(rf"^(.*?)((?:(?:{ETHNIC})族|{_MULTI})+)自治(州|县|旗)$")
# 管城回族区 is written 管城区: an ethnic district (民族区) goes by its place and 区
_ETHNIC_DISTRICT = re.compile(rf"^(.{{2,}}?)(?:{ETHNIC})族区$")
_BANNER = re.compile(r"^(.{2,})自治旗$")  # 鄂伦春自治旗: the people's name without 族
_ETHNIC_REGION = re.compile(r"^(内蒙古|广西|西藏|宁夏|新疆)")
_CITY_SUFFIXES = ("地区", "市", "盟")


class _Row(NamedTuple):
    code: str
    name: str
    level: int  # 0 province, 1 city (prefecture), 2 county level


class Division(_Row):
    """One division of the table (a tuple: thousands are made at load)."""

    __slots__ = ()

    def __new__(cls, code: str, name: str, level: int | None = None):
        if level is None:
            level = 0 if code[2:] == "0000" else 1 if code[4:] == "00" else 2
        return super().__new__(cls, code, name, level)

    def within(self, other: "Division") -> bool:
        return self.code.startswith(other.code[: 2 * (other.level + 1)])

    @property
    def municipal(self) -> bool:
        """Part of 北京, 天津, 上海 or 重庆 (直辖市)."""
        return self.code[:2] in MUNICIPALITY_CODES


def is_urban_district(name: str) -> bool:
    """A city's urban part (市辖区, 三沙's 群岛/海域), where the header is the city; 神农架林区
    and 六枝特区 end in 区 but are county-level divisions of their own."""
    return name.endswith(("区", "群岛", "海域")) and not name.endswith(("林区", "特区"))


def autonomous_stem(name: str) -> str | None:
    """The place in an autonomous division's name: 延边朝鲜族自治州 → 延边, 东乡族自治县 →
    东乡 (the people's name is the place), 鄂伦春自治旗 → 鄂伦春; None for other names."""
    if "自治" not in name:
        return None
    m = _AUTONOMOUS.match(name)
    if m:
        if len(m.group(1)) >= 2:
            return m.group(1)
        return m.group(1) + m.group(2).split("族")[0]
    m = _BANNER.match(name)
    return m.group(1) if m else None


def stem(d: Division) -> str | None:
    """The name without its level word (信阳市 → 信阳, 固始县 → 固始), None when that would
    leave one character (息县, 芒市) or the name has no level word."""
    name, level = d.name, d.level
    if level == 0:
        m = _ETHNIC_REGION.match(name)
        if m:
            return m.group(1)
        if name.endswith("特别行政区"):
            return name[: -len("特别行政区")]
        return name[:-1] if name[-1] in "省市" else None
    if "自治" in name:
        auto = autonomous_stem(name)
        if auto:
            return auto
    if level == 1:
        for suffix in _CITY_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                return name[: -len(suffix)]
        return None
    # county level, the commonest by far: one look at the last character first (load time)
    if name[-1] in "县市区旗":
        if name.endswith("族区"):
            ethnic = _ETHNIC_DISTRICT.match(name)
            if ethnic:
                return ethnic.group(1)
        if len(name) >= 4 and name.endswith(("特区", "林区", "新区")):
            return name[:-2]
        return name[:-1] if len(name) >= 3 else None
    if name.endswith("行政委员会") and len(name) >= 7:
        return name[:-5]
    return None


def short_names(d: Division, s: str | None = None) -> set[str]:
    """The names a clerk writes for a division, its full name included (an autonomous
    prefecture also as 黔西南州, a county as 长阳县); ``s``: its stem when known."""
    out = {d.name}
    s = s or stem(d)
    if s:
        out.add(s)
        if d.level == 1 and d.name.endswith("自治州"):
            out.add(s + "州")
        elif d.level == 2 and autonomous_stem(d.name):
            out.add(s + ("旗" if d.name.endswith("旗") else "县"))
        elif d.level == 2 and d.name.endswith("族区"):
            out.add(s + "区")
    return out


class Name(NamedTuple):
    """One way of writing a division: ``full`` (official name or old name) or a short one;
    ``old``: a name it had before (an alias)."""

    division: Division
    full: bool
    old: bool = False


class DivisionIndex:
    """Every division by every name it goes by."""

    def __init__(self, divisions: list[Division], aliases: list[tuple[str, str]] = (),
                 moved: list[tuple[str, str]] = ()):
        self.by_code = {d.code: d for d in divisions}
        self.by_name: dict[str, list[Name]] = {}
        for d in divisions:
            bare = stem(d)
            for n in short_names(d, bare):
                self.by_name.setdefault(n, []).append(Name(d, n != bare))
        old_short: dict[str, set[Division]] = {}
        for code, name in aliases:
            d = self.by_code[code]
            self.by_name.setdefault(name, []).append(Name(d, True, old=True))
            bare = stem(Division(code, name, d.level)) if d.level == 2 else None
            if bare:
                old_short.setdefault(bare, set()).add(d)
        # 上海卢湾, 北京宣武: an old district written the short way, where that is no current
        # name (九江 of 九江县 is the city; 花溪 of 花溪县 is 花溪区's own) nor two old places'
        for bare, ds in old_short.items():
            if len(ds) == 1 and bare not in self.by_name:
                self.by_name[bare] = [Name(ds.pop(), False, old=True)]
        # county-level code → stems of the cities it was once in (忻城县: 柳州)
        self.moved_from: dict[str, set[str]] = {}
        for code, city in moved:
            self.moved_from.setdefault(code, set()).add(city)
        self.longest = max(len(n) for n in self.by_name)
        self.provinces = {d.name: d for d in divisions if d.level == 0}
        lengths: dict[str, set[int]] = {}  # first two characters → lengths of names
        for n in self.by_name:
            lengths.setdefault(n[:2], set()).add(len(n))
        self.heads = {h: tuple(sorted(ls)) for h, ls in lengths.items()}

    def parent(self, d: Division, level: int) -> Division | None:
        """The division of ``level`` that ``d`` is in; None for 省直辖县级 places' city."""
        if level >= d.level:
            return d if level == d.level else None
        return self.by_code.get(d.code[: 2 * (level + 1)].ljust(6, "0"))


def _load_lines() -> tuple[list[Division], list[tuple[str, str]], list[tuple[str, str]]]:
    data = resources.files("kefu_tui").joinpath("data/divisions.txt").read_text(encoding="utf-8")
    divisions, aliases, moved = [], [], []
    for line in data.splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("= "):
            code, name = line[2:].split(" ", 1)
            aliases.append((code, name))
        elif line.startswith("> "):
            code, city = line[2:].split(" ", 1)
            moved.append((code, city))
        else:
            code, name = line.split(" ", 1)
            divisions.append(Division(code, name))
    return divisions, aliases, moved


def _load() -> list[Division]:
    return _load_lines()[0]


@lru_cache(maxsize=1)
def division_index() -> DivisionIndex:
    return DivisionIndex(*_load_lines())
