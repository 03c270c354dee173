"""The R-39 item list (禁寄/限寄物品) as a lookup a counter clerk searches by Chinese or
by pinyin initials (``hls``, or ``hzs`` with one slipped key → 花露水). The words are those of :mod:`kefu_tui.domain.intake`
(the same lists decide a saved parcel), plus everyday goods that are accepted."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel

from kefu_tui.domain.intake import PROHIBITED, RESTRICTED
from kefu_tui.domain.words import ITEM_CATEGORIES, ITEM_VERDICTS

Verdict = Literal["refuse", "limit_20kg", "accept"]

# Everyday goods the counter takes without a limit (R-39 names none for them).
ACCEPTED: tuple[str, ...] = (
    "衣服", "服装", "鞋子", "袜子", "帽子", "书籍", "文件", "合同", "证件", "玩具", "日用品",
    "床上用品", "毛巾", "箱包", "手机壳", "数据线", "五金配件", "汽车配件", "办公用品", "文具",
    "纺织品", "布料", "塑料制品", "木制品", "饰品", "样品", "钥匙",
)

CATEGORY_LABELS = ITEM_CATEGORIES
VERDICT_LABELS = ITEM_VERDICTS


class Item(BaseModel):
    """One entry of the R-39 lookup: the word, its category and what the counter does."""

    name: str
    category: str
    verdict: Verdict
    initials: str = ""
    pinyin: str = ""

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]


@lru_cache(maxsize=1)
def all_items() -> tuple[Item, ...]:
    """R-39: every word of the prohibited, restricted and accepted lists with its pinyin
    (pypinyin, loaded on first use: ~0.4 s, so a screen builds this in a worker)."""
    from pypinyin import Style, lazy_pinyin

    rows: list[tuple[str, str, Verdict]] = []
    rows += [(w, cat, "refuse") for cat, words in PROHIBITED.items() for w in words]
    rows += [(w, cat, "limit_20kg") for cat, words in RESTRICTED.items() for w in words]
    rows += [(w, "everyday", "accept") for w in ACCEPTED]
    seen: set[str] = set()
    out = []
    for name, cat, verdict in rows:
        if name in seen:
            continue
        seen.add(name)
        initials = "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER) if p)
        out.append(Item(name=name, category=cat, verdict=verdict, initials=initials.lower(),
                        pinyin="".join(lazy_pinyin(name)).lower()))
    return tuple(out)


def search_items(text: str, limit: int | None = None) -> list[Item]:
    """R-39: the items matching ``text``: Chinese (either contains the other), pinyin
    initials (``hls``) or full pinyin (``hualushui``), and initials with one key slipped
    (``hzs``, as the issue spells 花露水). Exact matches first, then prefixes, then the
    rest, then the slips; refusals before limits before accepted within a rank."""
    q = "".join((text or "").split()).lower()
    if not q:
        return []
    ranked = []
    for it in all_items():
        rank = _rank(it, q)
        if rank is not None:
            ranked.append((rank, ("refuse", "limit_20kg", "accept").index(it.verdict), len(it.name), it))
    ranked.sort(key=lambda r: r[:3])
    hits = [r[3] for r in ranked]
    return hits[:limit] if limit else hits


def _rank(it: Item, q: str) -> int | None:
    if q.isascii():
        if q in (it.initials, it.pinyin):
            return 0
        if it.initials.startswith(q) or it.pinyin.startswith(q):
            return 1
        if q in it.initials or q in it.pinyin:
            return 2
        if len(q) >= 3 and _one_slip(q, it.initials):
            return 3
        return None
    if q == it.name:
        return 0
    if it.name.startswith(q):
        return 1
    if q in it.name or it.name in q:
        return 2
    return None


def _one_slip(a: str, b: str) -> bool:
    """Same length, exactly one initial different: a clerk's slip of one key (``hzs`` for
    花露水 ``hls``), ranked after every exact hit."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1


def contents_verdict(contents: str | None) -> Verdict:
    """R-39 for declared contents as a whole: refuse if any refused word is in it, else
    limit_20kg if a restricted one is, else accept."""
    text = contents or ""
    if any(w in text for words in PROHIBITED.values() for w in words):
        return "refuse"
    if any(w in text for words in RESTRICTED.values() for w in words):
        return "limit_20kg"
    return "accept"
