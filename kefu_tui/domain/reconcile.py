"""Warehouse reconciliation (单货统一, R-42): the parcels scanned in the warehouse against
the slips (单证) of self-pickup and problem parcels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel

from kefu_tui.domain.words import COUNT_RESULTS

GOODS = "goods"
SLIP = "slip"
SIDES = (GOODS, SLIP)


class CountResult(BaseModel):
    """R-42: matched, goods without slip (有货无单), slip without goods (有单无货), and how
    many scans were repeats (folded into one)."""

    matched: list[str]
    goods_only: list[str]
    slips_only: list[str]
    goods_repeats: int = 0
    slip_repeats: int = 0

    @property
    def ok(self) -> bool:
        return not self.goods_only and not self.slips_only


LABELS = COUNT_RESULTS  # matched / goods_only / slips_only → 单货相符 / 有货无单 / 有单无货


def reconcile(goods: Iterable[str], slips: Iterable[str],
              goods_repeats: int = 0, slip_repeats: int = 0) -> CountResult:
    """R-42: compare the scanned goods with the slips. Repeated scans of one number on one
    side are folded and counted (a scanner double-beep is not a second parcel); the
    ``*_repeats`` arguments add repeats already folded elsewhere (the store keeps one row
    per number and side). Lists keep first-scan order."""
    g = Counter(goods)
    s = Counter(slips)
    g_order = list(dict.fromkeys(goods))
    s_order = list(dict.fromkeys(slips))
    return CountResult(
        matched=[n for n in g_order if n in s],
        goods_only=[n for n in g_order if n not in s],
        slips_only=[n for n in s_order if n not in g],
        goods_repeats=goods_repeats + sum(c - 1 for c in g.values()),
        slip_repeats=slip_repeats + sum(c - 1 for c in s.values()),
    )
