"""The destination header (大头笔) written on a label (R-38), answered from the place an
address was read into (``domain.address``), never guessed: a province alone, or nothing
readable, gives no header and a reason in Chinese for the clerk."""

from __future__ import annotations

from pydantic import BaseModel

from kefu_tui.domain.address import PROVINCE_ABBR, Place, read_address
from kefu_tui.domain.divisions import autonomous_stem, is_urban_district

MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
HEADER_SERVICES = {"multi", "cod", "collect", "warehouse"}  # <district>-<outlet> to other provinces

# The short forms couriers write for prefectures whose names are long (新-巴州).
COURIER_NAMES = {"巴音郭楞蒙古自治州": "巴州", "博尔塔拉蒙古自治州": "博州", "克孜勒苏柯尔克孜自治州": "克州"}
_SUFFIXES = ("特别行政区", "行政委员会", "自治州", "新区", "林区", "特区", "地区", "区", "县", "市", "旗", "盟")

NO_PLACE = "地址里没有认出省、市或区县,请手写大头笔"


class Header(BaseModel):
    """``text`` None means no header can be told from the address; ``reason`` says why."""

    text: str | None
    warnings: list[str] = []
    reason: str | None = None


def short_name(name: str) -> str:
    """A place name as couriers write it: 信阳市 → 信阳, 浦东新区 → 浦东, 固始县 → 固始,
    东乡族自治县 → 东乡, 巴音郭楞蒙古自治州 → 巴州; 息县 and 新县 stay whole (a suffix is
    stripped only when two characters remain)."""
    if name in COURIER_NAMES:
        return COURIER_NAMES[name]
    auto = autonomous_stem(name)
    if auto:
        return auto
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def header_for_place(place: Place) -> str | None:
    """R-38: ``<province abbr>-<place>``. An urban district (…区) of a prefecture city →
    the city (豫-信阳); a county or county-level city → itself (豫-固始, 苏-昆山); the four
    municipalities → the district (沪-浦东, 沪-徐汇). None from a province alone."""
    return header_of(place).text


def header_of(place: Place) -> Header:
    """``header_for_place`` with the reason when there is none."""
    if not place.province:
        return Header(text=None, reason=NO_PLACE, warnings=["address_unrecognised"])
    abbr = PROVINCE_ABBR.get(place.province, place.province)
    if place.province in MUNICIPALITIES:
        if place.district:
            return Header(text=f"{abbr}-{short_name(place.district)}")
        return _by_hand(f"只写到{place.province},缺区县,请手写大头笔")
    if place.district and not (is_urban_district(place.district) and place.city):
        return Header(text=f"{abbr}-{short_name(place.district)}")
    if place.city:
        return Header(text=f"{abbr}-{short_name(place.city)}")
    return _by_hand(f"只写到{place.province},缺市或区县,请手写大头笔")


def _by_hand(reason: str) -> Header:
    return Header(text=None, reason=reason, warnings=["header_missing"])


def destination_header(address: str | Place, service: str = "normal", areas: list | None = None,
                       origin_province: str = "河南省") -> Header:
    """R-38 for one parcel. Multi-piece, COD, freight-collect and warehouse-entry parcels
    to another province get ``<district>-<outlet>`` when the area table (R-01 rows) knows
    the outlet; otherwise the normal header and the warning ``outlet_lookup_needed``."""
    place = read_address(address) if isinstance(address, str) else address
    normal = header_of(place)
    if normal.text is None:
        return normal
    if service not in HEADER_SERVICES or place.province == origin_province:
        return normal
    outlet = _known_outlet(place, areas or [])
    if outlet and place.district:
        return Header(text=f"{short_name(place.district)}-{outlet}")
    return normal.model_copy(update={"warnings": ["outlet_lookup_needed"]})


def _known_outlet(place: Place, areas: list) -> str | None:
    for r in areas:
        if r.outlet and r.city == place.city and r.district == place.district and r.town in (None, place.town):
            return r.outlet
    return None
