"""Branch time (Asia/Shanghai wall clock) and the day windows the rules use.

Rules never read the real clock: they take ``now`` (an ``arrow.Arrow``) as an argument.
Stored times are local wall-clock text ``YYYY-MM-DD HH:MM:SS`` (China has no DST, so the
text sorts and compares correctly); :func:`stamp` and :func:`parse_stamp` convert.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import arrow

TZ = "Asia/Shanghai"
STAMP_FMT = "%Y-%m-%d %H:%M:%S"



def now(override: str | None = None) -> arrow.Arrow:
    """The branch clock: ``override`` (ISO 8601, e.g. from ``--now``) or the real time."""
    if override:
        return parse_iso(override)
    return arrow.now(TZ)


def parse_iso(text: str) -> arrow.Arrow:
    """An ISO 8601 time; without an offset it is read as Shanghai wall clock."""
    t = arrow.get(text, tzinfo=TZ) if _has_no_offset(text) else arrow.get(text)
    return t.to(TZ)


def _has_no_offset(text: str) -> bool:
    tail = text.strip()[10:]
    return not (tail.endswith("Z") or re.search(r"[+-]\d{2}:?\d{2}$", tail))


def stamp(t: arrow.Arrow | datetime) -> str:
    """Local wall-clock text for storage."""
    if isinstance(t, arrow.Arrow):
        t = t.to(TZ).datetime
    return t.strftime(STAMP_FMT)


def parse_stamp(text: str) -> arrow.Arrow:
    """Stored wall-clock text back to an aware time."""
    return arrow.Arrow.strptime(text, STAMP_FMT, tzinfo=TZ)


def normalize_stamp(text: str) -> str | None:
    """A legacy export's or a clerk's time (``YYYY-MM-DD[ HH:MM[:SS]]``, ``/`` also accepted)
    as stored text, or None when it cannot be read: the input boundary's rule
    (``untrusted.stamp``), a date alone meaning its midnight."""
    from kefu_tui.domain.untrusted import stamp as untrusted_stamp

    return untrusted_stamp(text, time_required=False)


def day_start(t: arrow.Arrow, days_back: int = 0) -> arrow.Arrow:
    """00:00 local of the day ``days_back`` days before ``t``'s day."""
    return t.to(TZ).floor("day").shift(days=-days_back)


def at_hour(t: arrow.Arrow, hour: int, days_back: int = 0) -> arrow.Arrow:
    """``hour``:00 local on the day ``days_back`` before ``t``'s day."""
    return day_start(t, days_back).shift(hours=hour)


def day_of(t: arrow.Arrow) -> date:
    return t.to(TZ).date()


def mmdd(t: arrow.Arrow) -> str:
    """The ``MMDD`` date tag of a follow-up note (R-07)."""
    return t.to(TZ).strftime("%m%d")


def iso(t: arrow.Arrow) -> str:
    """ISO 8601 with offset, as the JSON contract prints times."""
    return t.to(TZ).isoformat()


ONE_DAY = timedelta(days=1)
