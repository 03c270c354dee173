"""Reading a free-text address (收件地址) into a place: province, city, county-level
district and town. The header (R-38, ``domain.header``) and the delivery zone (R-01,
``domain.areas``) are both answered from this one place.

How an address is read:

1. Separators (spaces, dots, commas, dashes) and placeholder levels (市辖区,
   省直辖县级行政区划) are dropped, so ``北京 北京市 顺义区`` reads as written; where they
   stood, and after a label (地址:), a word starts.
2. Every name of every division (``domain.divisions``: full, short, old) found in the text
   is a candidate, and a one-character province abbreviation at the very start (沪, 豫).
   A short name followed by a road word (南阳路, 北京东路, 中山大道) is a street, not a place.
3. The candidates are chained in reading order, each level within the one before (a
   county of that city or province; a level written twice in a row is one link). A short name (固始,
   信阳, 河南) counts only where a word starts (step 1) or right next to another link of
   the chain (河南固始, 信阳光山); a county-level short name only right after its city or
   province, or where a word starts if it is a county of the branch's province (固始) or
   the only place of that name (平果), or a district of the branch's own city (平桥).
4. The chain naming most levels wins, then one reaching a county-level place under the
   city named, then the one covering most text less the text it skips, then the
   earliest. A name still found in several places is read, as a stated rule, as its
   current bearer rather than an old name's, then as the one in 河南 (the branch's
   province), in a municipality, in a sub-provincial city (南山区 → 深圳), in a provincial
   capital, else the one with the lowest code. A county that changed city is read under
   either (柳州地区忻城县 → 来宾市 忻城县: ``divisions`` lines ``>``)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from pydantic import BaseModel

from kefu_tui.domain.divisions import (HOME_PROVINCE_CODE, Division, DivisionIndex, division_index, is_urban_district,
                                       stem)

HOME_CITY_CODE = "4115"  # 信阳市: its urban districts' short names (浉河, 平桥) stand alone

# The 34 province-level divisions and their one-character abbreviations (简称).
PROVINCE_ABBR = {
    "北京市": "京", "天津市": "津", "上海市": "沪", "重庆市": "渝", "河北省": "冀", "山西省": "晋",
    "辽宁省": "辽", "吉林省": "吉", "黑龙江省": "黑", "江苏省": "苏", "浙江省": "浙", "安徽省": "皖",
    "福建省": "闽", "江西省": "赣", "山东省": "鲁", "河南省": "豫", "湖北省": "鄂", "湖南省": "湘",
    "广东省": "粤", "海南省": "琼", "四川省": "川", "贵州省": "贵", "云南省": "云", "陕西省": "陕",
    "甘肃省": "甘", "青海省": "青", "台湾省": "台", "内蒙古自治区": "蒙", "广西壮族自治区": "桂",
    "西藏自治区": "藏", "宁夏回族自治区": "宁", "新疆维吾尔自治区": "新",
    "香港特别行政区": "港", "澳门特别行政区": "澳",
}
# Second abbreviations read at the start of an address (never written on a header).
_OTHER_ABBR = {"黔": "贵州省", "滇": "云南省", "陇": "甘肃省", "蜀": "四川省", "秦": "陕西省"}

_PLACEHOLDERS = re.compile(r"(?:省|自治区)?直辖县级行政(?:区划|单位)|市辖区")
_SEPARATORS = re.compile(r"[\s,，、.。·・\-—_/\\|:：;；()（）\[\]【】<>《》\"'“”‘’]+")
_LABEL = re.compile(r"^(?:中华人民共和国|中国)")
_FIELD_LABEL = re.compile(r"(?:收件人?|收货人?|寄件人?|送货|详细|所在)?(?:地址|地区)")
# What follows a short name when it names a road, not a place (南阳路, 北京东路, 平安大道);
# a direction only before a road: 宝安西乡街道 is 宝安 and the town 西乡. A county-level
# short name before 街道 is that district's own subdistrict (海淀街道 is in 海淀区).
_ROAD = re.compile(r"[东南西北中]?(?:路|街|大街|大道|巷|胡同|弄|道)|镇|乡|村")
# District names that are also plain words (downtown, suburb, mining area): a place only
# after the city they are in.
_BARE_WORDS = frozenset({"城区", "郊区", "矿区"})
# A town is a 乡/镇/街道 at the start of the remainder, not a road named after one (新镇路).
TOWN = re.compile(r"^([\u4e00-\u9fff]{1,7}?(?:街道|乡|镇))(?![路街巷道])")


class Place(BaseModel):
    """An address read into divisions (full official names, None where the address does
    not say and nothing implies it), the 乡/镇/街道 after them and the rest of the text."""

    province: str | None = None
    city: str | None = None
    district: str | None = None
    town: str | None = None
    rest: str = ""
    code: str | None = None  # the lowest division read

    @property
    def known(self) -> bool:
        return self.province is not None


class _Match(NamedTuple):  # a tuple: dozens are made per address
    start: int
    end: int
    division: Division
    full: bool
    abbr: bool = False
    old: bool = False
    unique: bool = False  # the only division of that name
    level: int = 0


def normalize(address: str) -> tuple[str, frozenset[int]]:
    """The text without separators and placeholders, and the positions where a word
    starts: the beginning, after a separator (北京 海淀, 深圳/广州) or after a label
    (地址:济南…); a short name standing there is read as a place."""
    text = _PLACEHOLDERS.sub(" ", unicodedata.normalize("NFKC", address or ""))
    out, starts = "", {0}
    for part in _SEPARATORS.split(text):
        if part:
            starts.add(len(out))
            out += part
    label = _LABEL.match(out)
    if label:
        cut = label.end()
        out, starts = out[cut:], {p - cut for p in starts if p >= cut} | {0}
    starts.update(m.end() for m in _FIELD_LABEL.finditer(out))
    return out, frozenset(starts)


def _candidates(text: str, idx: DivisionIndex) -> list[_Match]:
    out: list[_Match] = []
    roads: list[_Match] = []
    n = len(text)
    heads, by_name = idx.heads, idx.by_name
    for i in range(n - 1):
        for size in heads.get(text[i:i + 2], ()):
            j = i + size
            if j > n:
                break
            names = by_name.get(text[i:j], ())
            for name in names:
                d = name.division
                m = _Match(i, j, d, name.full, old=name.old, unique=len(names) == 1, level=d.level)
                road = not name.full and _ROAD.match(text, j) and not (d.level == 2 and text.startswith("街道", j))
                (roads if road else out).append(m)
    # 临汾乡宁: a road word that is where the next place starts is no road
    starts = {m.start for m in out}
    out += [m for m in roads if m.end in starts]
    ends = {m.end for m in out}
    out = [m for m in out if m.start in ends or text[m.start:m.end] not in _BARE_WORDS]
    # 黑龙江省 is no 黑 + 龙江(县): an abbreviation is read only where no province's name starts
    if n > 2 and not any(m.start == 0 and m.level == 0 for m in out):
        province = _abbr_province(text[0], idx)
        if province is not None:
            out.append(_Match(0, 1, province, False, abbr=True, level=0))
    out.sort(key=lambda m: (m.start, m.end))
    return _joined_repeats(out[:MAX_CANDIDATES])


MAX_CANDIDATES = 32  # places are named early; a bound keeps a pathological line fast


def _joined_repeats(matches: list[_Match]) -> list[_Match]:
    """A level written twice in a row (河南省河南, 北京 北京市 as the province) is one link."""
    heads = {(m.start, m.division) for m in matches}
    if not any((m.end, m.division) in heads for m in matches):
        return matches[:MAX_CANDIDATES]  # the usual case: nothing written twice
    at: dict[int, list[_Match]] = {}
    for m in matches:
        at.setdefault(m.start, []).append(m)
    out = set(matches)
    for m in matches:
        run = m
        while True:
            nxt = next((x for x in at.get(run.end, ()) if x.division == m.division and not x.abbr), None)
            if nxt is None:
                break
            run = _Match(m.start, nxt.end, m.division, run.full or nxt.full, m.abbr, run.old and nxt.old,
                         run.unique and nxt.unique, m.level)
        if run is not m:
            out.add(run)  # the whole run only: its parts are no reading of their own
    return sorted(out, key=lambda m: (m.start, m.end))[:MAX_CANDIDATES]


_ABBR_NAMES = {a: n for n, a in PROVINCE_ABBR.items()} | _OTHER_ABBR


def _abbr_province(ch: str, idx: DivisionIndex) -> Division | None:
    name = _ABBR_NAMES.get(ch)
    return idx.provinces.get(name) if name else None


def _fits(prev: _Match, m: _Match, idx: DivisionIndex) -> bool:
    if m.level <= prev.level:
        return False
    if m.division.within(prev.division):
        return True
    # 柳州地区忻城县, 四平市公主岭市: a county under the city it was in before
    moved = idx.moved_from.get(m.division.code)
    return bool(moved) and prev.level == 1 and m.division.code[:2] == prev.division.code[:2] \
        and (stem(prev.division) or prev.division.name) in moved


def _short_ok(m: _Match, prev: _Match | None, nxt: _Match | None, starts: frozenset[int]) -> bool:
    """Where a short name is a place: see the module's docstring, step 3."""
    after_prev = prev is not None and prev.end == m.start
    if m.abbr:
        return nxt is not None and nxt.start == m.end
    if m.level == 2:
        # alone where a word starts: a county of 河南 (固始) or one whose short name no other
        # place has (平果), a district of 信阳 (平桥); 滨海 (县 in 江苏, 新区 in 天津) is none
        urban = is_urban_district(m.division.name)
        home = m.division.code.startswith(HOME_CITY_CODE if urban else HOME_PROVINCE_CODE)
        return (m.start in starts and (home or m.unique and not urban)) or (after_prev and prev.level < 2)
    return m.start in starts or after_prev or (nxt is not None and nxt.start == m.end)


def _valid(chain: list[_Match], starts: frozenset[int]) -> bool:
    for k, m in enumerate(chain):
        if not m.full:
            nxt = chain[k + 1] if k + 1 < len(chain) else None
            if not _short_ok(m, chain[k - 1] if k else None, nxt, starts):
                return False
    return True


# Sub-provincial cities (副省级市): after the municipalities, where an unqualified district
# name is most often meant (南山区 → 深圳, 白云区 → 广州).
_SUB_PROVINCIAL = {"4401", "4403", "5101", "4201", "3201", "3301", "6101", "3701", "2101", "2201",
                   "2301", "2102", "3702", "3302", "3502"}


def _rank(d: Division) -> int:
    """The stated rule for a name found in several places (module docstring, step 4)."""
    if d.code.startswith(HOME_PROVINCE_CODE):
        return 0
    if d.municipal:
        return 1
    if d.code[:4] in _SUB_PROVINCIAL:
        return 2
    return 3 if d.code[2:4] == "01" else 4  # a provincial capital (xx01), then the rest


def _score(chain: list[_Match]) -> tuple:
    """Levels named, then a county-level place under a city named, then text covered
    less the text skipped between links, then the earliest (a tie of those: ``_tie``)."""
    last = chain[-1]
    covered = 0
    for m in chain:
        covered += m.end - m.start
    skipped = last.end - chain[0].start - covered
    county = last.level == 2 and any(m.level == 1 for m in chain)
    return len(chain), county, covered - skipped, -chain[0].start


def _tie(chain: list[_Match]) -> tuple:
    """The stated rule for a name found in several places (module docstring, step 4)."""
    low = chain[-1].division
    return not chain[-1].old, -_rank(low), -int(low.code)


def _best_chain(matches: list[_Match], idx: DivisionIndex, starts: frozenset[int]) -> list[_Match] | None:
    best: list[_Match] | None = None
    best_score: tuple | None = None

    def extend(chain: list[_Match], start: int) -> None:
        nonlocal best, best_score
        if _valid(chain, starts):
            s = _score(chain)  # levels strictly rise: a chain's length is its levels named
            if best_score is None or s > best_score or (s == best_score and _tie(chain) > _tie(best)):
                best, best_score = list(chain), s
        last = chain[-1]
        for k in range(start, len(matches)):
            m = matches[k]
            if m.start >= last.end and _fits(last, m, idx):
                chain.append(m)
                extend(chain, k + 1)
                chain.pop()

    for k, m in enumerate(matches):
        extend([m], k + 1)
    return best


@lru_cache(maxsize=4096)
def read_address(address: str) -> Place:
    """The place an address names (module docstring); ``Place()`` when it names none."""
    idx = division_index()
    text, starts = normalize(address)
    chain = _best_chain(_candidates(text, idx), idx, starts)
    if chain is None:
        return Place.model_construct(rest=text)
    low = chain[-1].division
    province, city = idx.parent(low, 0), idx.parent(low, 1)
    if city is None and low.municipal:
        city = province  # 北京市 is its own city
    rest = text[chain[-1].end:]
    town = TOWN.match(rest)
    return Place.model_construct(  # built from the table's own strings: no validation needed
        province=province.name if province else None, city=city.name if city else None,
        district=low.name if low.level == 2 else None, town=town.group(1) if town else None,
        rest=rest, code=low.code)
