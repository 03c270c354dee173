"""Outlets (网点) and the delivery-area table (派送范围): defaults a fresh install seeds
(SPEC §2, §13) and the classification of an address against the table (R-01, R-13).

The table is data (R-01): these defaults are only what the store seeds; rules always read
the clerk-editable rows back. An address is read into a ``Place`` by ``domain.address``;
this module only says which rule covers that place."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from kefu_tui.domain.address import TOWN, Place, read_address

HOME_CITY = "信阳市"

Delivery = Literal["own", "contract", "county", "agent", "overzone", "ask"]
Scope = Literal["whole", "seat", "towns"]


class Outlet(BaseModel):
    """An outlet under the Xinyang hub (SPEC §2)."""

    name: str
    kind: Literal["own", "county", "contract"]
    state: Literal["active", "suspended"] = "active"
    handler: str | None = None
    note: str | None = None


class AreaRule(BaseModel):
    """One row of the delivery-area table (SPEC §13). ``district`` None covers the whole
    city; ``town`` names one 乡/镇/街道; ``scope`` splits a county into its seat and towns."""

    id: int | None = None
    city: str = HOME_CITY
    district: str | None = None
    town: str | None = None
    scope: Scope = "whole"
    outlet: str | None = None
    delivery: Delivery
    internal_reach: bool
    fee_allowed: bool
    note: str | None = None


class AreaVerdict(BaseModel):
    """What the table says about an address.

    ``kind``: ``inside`` (a rule names it), ``ask`` (in 信阳市 but no rule names it: the
    clerk decides and the answer is saved, SPEC §13), ``outside`` (not in 信阳市),
    ``unknown`` (the address could not be read)."""

    kind: Literal["inside", "ask", "outside", "unknown"]
    place: Place
    rule: AreaRule | None = None

    @property
    def overzone(self) -> bool:
        """Outside the actual delivery area (超区): handled by transfer or an agent."""
        return self.rule is not None and self.rule.delivery in ("overzone", "agent")


DEFAULT_OUTLETS: list[Outlet] = [
    Outlet(name="信阳二部", kind="own"),
    *[Outlet(name=n, kind="county") for n in ("固始", "商城", "息县", "潢川", "罗山", "光山", "新县")],
    Outlet(name="淮滨", kind="county", state="suspended", handler="代派", note="paid local agent delivers"),
    *[Outlet(name=n, kind="contract") for n in ("平桥", "107", "东方红大道")],
    Outlet(name="羊山", kind="contract", state="suspended", handler="信阳二部", note="delivered by the branch's own couriers"),
    Outlet(name="明港", kind="contract", state="suspended", handler="转件", note="overzone (超区)"),
]

_COUNTIES = {"固始县": "固始", "商城县": "商城", "息县": "息县", "潢川县": "潢川",
             "罗山县": "罗山", "光山县": "光山", "新县": "新县"}

DEFAULT_AREAS: list[AreaRule] = [
    AreaRule(district="浉河区", outlet="信阳二部", delivery="own", internal_reach=True, fee_allowed=False,
             note="信阳二部 and the contract zones 107, 东方红大道"),
    AreaRule(district="平桥区", outlet="平桥", delivery="contract", internal_reach=True, fee_allowed=False,
             note="except 明港镇"),
    AreaRule(district="羊山新区", outlet="羊山", delivery="own", internal_reach=True, fee_allowed=False,
             note="羊山 suspended: the branch's own couriers deliver"),
    AreaRule(district="平桥区", town="明港镇", outlet="明港", delivery="overzone", internal_reach=False,
             fee_allowed=True, note="明港 suspended: transfer"),
    *[AreaRule(district=d, outlet=o, delivery="county", internal_reach=True, fee_allowed=False)
      for d, o in _COUNTIES.items()],
    AreaRule(district="淮滨县", scope="seat", outlet="淮滨", delivery="agent", internal_reach=True,
             fee_allowed=False, note="城关镇 and the urban area: Huaibin agent (代派) or transfer, no fee"),
    AreaRule(district="淮滨县", scope="towns", delivery="overzone", internal_reach=False, fee_allowed=True,
             note="淮滨 towns (乡镇): transfer, fee allowed"),
]

# A district the division table does not know (羊山新区, 高新区) heading the remainder.
_ZONE = re.compile(r"^([\u4e00-\u9fff]{1,8}?(?:新区|开发区|区))")
_SEAT_TOWN = "城关镇"


def parse_place(address: str) -> Place:
    """The place an address names: ``kefu_tui.domain.address.read_address``, the one
    reading the header (R-38) is answered from too."""
    return read_address(address)


def is_seat_town(town: str | None) -> bool:
    """A county seat address (R-13): no town named, 城关镇, or an urban 街道."""
    return town is None or town == _SEAT_TOWN or town.endswith("街道")


def classify(address: str, areas: list[AreaRule] | None = None) -> AreaVerdict:
    """Which area rule an address falls under (R-01, R-13, SPEC §13). The most specific
    rule wins: a named town, then a county's seat/towns split, then a whole district."""
    return classify_place(parse_place(address), DEFAULT_AREAS if areas is None else areas)


def classify_place(place: Place, areas: list[AreaRule]) -> AreaVerdict:
    if not place.known:
        return AreaVerdict(kind="unknown", place=place)
    if place.city != HOME_CITY:
        return AreaVerdict(kind="outside", place=place)
    place = _with_zone(place, areas)
    rules = [r for r in areas if r.city == place.city and r.district == place.district]
    for r in rules:
        if r.town and r.town == place.town:
            return AreaVerdict(kind="inside", place=place, rule=r)
    seat = is_seat_town(place.town)
    for r in rules:
        if not r.town and r.scope == ("seat" if seat else "towns"):
            return AreaVerdict(kind="inside", place=place, rule=r)
    for r in rules:
        if not r.town and r.scope == "whole":
            return AreaVerdict(kind="inside", place=place, rule=r)
    return AreaVerdict(kind="ask", place=place)


def _with_zone(place: Place, areas: list[AreaRule]) -> Place:
    """The division table knows only official districts; 羊山新区 or a saved 'ask' place lives in the
    remainder. Take it as the district, and read the town after it."""
    if place.district:
        return place
    named = sorted({r.district for r in areas if r.city == place.city and r.district}, key=len, reverse=True)
    zone = next((d for d in named if place.rest.startswith(d)), None)
    if zone is None:
        m = _ZONE.match(place.rest)
        zone = m.group(1) if m else None
    if zone is None:
        return place
    rest = place.rest[len(zone):]
    m = TOWN.match(rest)
    return place.model_copy(update={"district": zone, "rest": rest, "town": m.group(1) if m else None})


def answer_rule(place: Place, delivery: Delivery, *, outlet: str | None = None,
                internal_reach: bool = False, fee_allowed: bool | None = None,
                note: str | None = None) -> AreaRule:
    """The rule a clerk's answer to an 'ask' verdict becomes (SPEC §13): it names the town
    when there is one, else the district, so the next parcel for it is classified."""
    return AreaRule(
        city=place.city or HOME_CITY, district=place.district, town=place.town,
        outlet=outlet, delivery=delivery, internal_reach=internal_reach,
        fee_allowed=(delivery == "overzone" and not internal_reach) if fee_allowed is None else fee_allowed,
        note=note,
    )
