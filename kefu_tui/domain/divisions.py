"""China's administrative divisions (行政区划) and a matcher that finds them in an address.

The table (``kefu_tui/data/divisions.txt``: 6-digit code, name; province ``PP0000``, city
``PPCC00``, county level ``PPCCDD``) is shipped as data. The matcher reads an address from
its start as a clerk does: province, then a city of it, then a county-level place of that
city (or of the province), each optional; a level that is skipped is inferred from the code
of the one found (``息县`` → 河南省 信阳市 息县). Provinces and cities match by full name or
short name (河南, 信阳); county-level places by full name only (a county's name without 县/区
matches too many words), except county-level cities (昆山市 → 昆山).

This replaces the cpca package, whose pandas and numpy were two thirds of the install
(docs/decisions.md, issue 6)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

HOME_PROVINCE_CODE = "41"  # 河南: an ambiguous county-level name is read as the branch's own
# Placeholders in the table that are not places (直辖市's 市辖区, 省直辖县级行政区划 …).
_NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_ETHNIC_REGION = re.compile(r"^(内蒙古|广西|西藏|宁夏|新疆)")
_ETHNIC_PREFECTURE = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,4}族)+自治州$")


@dataclass(frozen=True)
class Division:
    code: str
    name: str

    @property
    def level(self) -> int:
        """0 province, 1 city (prefecture), 2 county level."""
        return 0 if self.code.endswith("0000") else 1 if self.code.endswith("00") else 2

    def within(self, other: "Division") -> bool:
        return self.code.startswith(other.code[: 2 * (other.level + 1)])


@dataclass(frozen=True)
class Found:
    """What the matcher found in an address; ``rest`` is the text after the last match."""

    province: str | None = None
    city: str | None = None
    district: str | None = None
    rest: str = ""


def short_names(d: Division) -> set[str]:
    """The names a clerk writes for a division, its full name included."""
    name, out = d.name, {d.name}
    if d.level == 0:
        m = _ETHNIC_REGION.match(name)
        if m:
            out.add(m.group(1))
        elif name.endswith("特别行政区"):
            out.add(name[: -len("特别行政区")])
        elif name[-1] in "省市":
            out.add(name[:-1])
    elif d.level == 1:
        m = _ETHNIC_PREFECTURE.match(name)
        if m:
            out.add(m.group(1))
        for suffix in ("地区", "市", "盟"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.add(name[: -len(suffix)])
    elif name.endswith("市") and len(name) >= 3:
        out.add(name[:-1])
    return out


class DivisionIndex:
    """Every division by every name it goes by."""

    def __init__(self, divisions: list[Division]):
        self.by_code = {d.code: d for d in divisions}
        self.by_name: dict[str, list[Division]] = {}
        for d in divisions:
            for n in short_names(d):
                self.by_name.setdefault(n, []).append(d)
        self.longest = max(len(n) for n in self.by_name)

    def parent(self, d: Division, level: int) -> Division | None:
        code = d.code[: 2 * (level + 1)].ljust(6, "0")
        p = self.by_code.get(code)
        return p if p is not None and p.name not in _NOT_PLACES else None

    def match_at(self, text: str, pos: int, level: int, inside: Division | None) -> Division | None:
        """The longest name of a division of ``level`` (within ``inside``) starting at ``pos``."""
        for size in range(min(self.longest, len(text) - pos), 1, -1):
            found = [d for d in self.by_name.get(text[pos: pos + size], ())
                     if d.level == level and (inside is None or d.within(inside))]
            if found:
                home = [d for d in found if d.code.startswith(HOME_PROVINCE_CODE)]
                return min(home or found, key=lambda d: d.code)
        return None

    def find(self, address: str) -> Found:
        text = re.sub(r"\s+", "", address or "")
        text = text.removeprefix("中国")
        for start in range(len(text)):
            found = self._read_from(text, start)
            if found is not None:
                return found
        return Found(rest=text)

    def _read_from(self, text: str, start: int) -> Found | None:
        # 吉林市… reads as the city 吉林市, not the province 吉林 and then 市…: of the reading
        # with a province and the one without, keep the one that explains more text.
        best = max((self._read_levels(text, start, first) for first in (0, 1, 2)), key=lambda r: r[0])
        end, province, city, district = best
        if end == start:
            return None
        lowest = district or city
        if lowest is not None:
            city = city or self.parent(lowest, 1)
            province = province or self.parent(lowest, 0)
        return Found(province=province.name if province else None,
                     city=city.name if city else None,
                     district=district.name if district else None,
                     rest=text[end:])

    def _read_levels(self, text: str, pos: int, first: int):
        found: list[Division | None] = [None, None, None]
        inside = None
        for level in range(first, 3):
            d = self.match_at(text, pos, level, inside)
            if d is not None:
                pos += _matched_len(text, pos, d)
                found[level] = inside = d
        return pos, *found


def _matched_len(text: str, pos: int, d: Division) -> int:
    return max(len(n) for n in short_names(d) if text.startswith(n, pos))


def _load() -> list[Division]:
    data = resources.files("kefu_tui").joinpath("data/divisions.txt").read_text(encoding="utf-8")
    out = []
    for line in data.splitlines():
        if line and not line.startswith("#"):
            code, name = line.split(" ", 1)
            if name not in _NOT_PLACES:
                out.append(Division(code, name))
    return out


@lru_cache(maxsize=1)
def division_index() -> DivisionIndex:
    return DivisionIndex(_load())


def find_divisions(address: str) -> Found:
    """Province, city and county-level place named in ``address`` (R-38, SPEC §13)."""
    return division_index().find(address)
