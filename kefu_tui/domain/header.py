"""The destination header (大头笔) written on a label (R-38)."""

from __future__ import annotations

import re

from pydantic import BaseModel

from kefu_tui.domain.areas import AreaRule, Place, parse_place

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
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
HEADER_SERVICES = {"multi", "cod", "collect", "warehouse"}  # <district>-<outlet> to other provinces

# Ethnic names in autonomous prefectures/counties (延边朝鲜族自治州 → 延边): not places.
_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|"
    "东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|普米|塔吉克|怒|鄂温克|"
    "保安|裕固|京|独龙|鄂伦春|赫哲|各"
)
_AUTONOMOUS = re.compile(rf"^(.+?)(?:(?:{_ETHNIC})族)+自治(?:州|县|旗)$")
_SUFFIXES = ("特别行政区", "自治州", "新区", "林区", "地区", "自治县", "自治旗", "区", "县", "市", "旗", "盟")


class Header(BaseModel):
    text: str | None
    warnings: list[str] = []


def short_name(name: str) -> str:
    """A place name as clerks write it: 信阳市 → 信阳, 浦东新区 → 浦东, 固始县 → 固始, but
    息县 and 新县 stay whole (a suffix is stripped only when two characters remain)."""
    m = _AUTONOMOUS.match(name)
    if m and len(m.group(1)) >= 2:
        return m.group(1)
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def header_for_place(place: Place) -> str | None:
    """R-38: ``<province abbr>-<place>``. An urban district (…区) of a prefecture city →
    the city (豫-信阳); a county or county-level city → itself (豫-固始, 苏-昆山); the four
    municipalities → the district (沪-浦东, 沪-徐汇)."""
    if not place.province:
        return None
    abbr = PROVINCE_ABBR.get(place.province, short_name(place.province))
    if place.province in MUNICIPALITIES:
        return f"{abbr}-{short_name(place.district or place.province)}"
    if place.district and not place.district.endswith("区"):
        return f"{abbr}-{short_name(place.district)}"
    return f"{abbr}-{short_name(place.city or place.province)}"


def destination_header(address: str, service: str = "normal", areas: list[AreaRule] | None = None,
                       origin_province: str = "河南省") -> Header:
    """R-38 for one parcel. Multi-piece, COD, freight-collect and warehouse-entry parcels
    to another province get ``<district>-<outlet>`` when the area table knows the outlet;
    otherwise the normal header and the warning ``outlet_lookup_needed``."""
    place = parse_place(address)
    text = header_for_place(place)
    if text is None:
        return Header(text=None, warnings=["address_unrecognised"])
    if service not in HEADER_SERVICES or place.province == origin_province:
        return Header(text=text)
    outlet = _known_outlet(place, areas or [])
    if outlet and place.district:
        return Header(text=f"{short_name(place.district)}-{outlet}")
    return Header(text=text, warnings=["outlet_lookup_needed"])


def _known_outlet(place: Place, areas: list[AreaRule]) -> str | None:
    for r in areas:
        if r.outlet and r.city == place.city and r.district == place.district and r.town in (None, place.town):
            return r.outlet
    return None
