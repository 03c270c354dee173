"""The input boundary (不可信输入): every value that comes from outside — a CLI argument, a
line on stdin, a paste or a scanner burst, a cell of an imported file, ``--now`` — is
checked here, once, and either normalised or refused with a reason a clerk can read.

Scanners and Chinese input methods type full-width digits (５１８…); other keyboards
Arabic-Indic ones (٥١٨…). A waybill number is ASCII digits after mapping any script's
decimal digit to its ASCII value, so one parcel never becomes two (SPEC §3); look-alikes
(circled ⑤, superscript ⁵, mathematical 𝟓) are not digits and are refused.
Pure: no I/O, no sqlite, no textual."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from functools import lru_cache

WAYBILL_DIGITS = 12
# Mathematical Alphanumeric Symbols' digits (𝟎 bold … 𝟿 monospace) are "decimal digits" to
# Unicode but typography, not a script's digits: look-alikes, refused like circled ones
_MATH_DIGITS = ("\U0001D7CE", "\U0001D7FF")
# Scanners inject control characters (CR first, STX/ETX, tabs); SPEC §3 says strip them.
_SCAN_NOISE = re.compile(r"[\x00-\x20\x7f\u3000\ufeff\u200b-\u200d\u2060]+")
_ASCII_WAYBILL = re.compile(r"[0-9]{12}", re.ASCII)

# SPEC §15: ``YYYY-MM-DD HH:MM[:SS]``; legacy exports also write ``/`` between the date's
# parts, one-digit months, days and hours, and leave the seconds out. A ``T`` (ISO) is
# tolerated; nothing else (ISO week dates, 年月日, two-digit years) is a time.
_STAMP = re.compile(
    r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,6})?)?",
    re.ASCII,
)
STAMP_FMT = "%Y-%m-%d %H:%M:%S"

# The branch clock (``--now``): anything outside is a typo or an attack, never a day at work.
CLOCK_YEARS = (2000, 2100)

# Free text a clerk types or a file carries: control characters other than tab/newline
# never belong in a note; they would also drive the terminal that prints them.
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_TEXT = 2000


class Refusal(ValueError):
    """An untrusted value that cannot be used; ``str()`` is the clerk's one-line reason."""


def ascii_digits(text: str) -> str:
    """Every Unicode decimal digit (full-width ５, Arabic-Indic ٥, Devanagari ५ …) as its
    ASCII digit, the rest NFKC (full-width ：－／ as ASCII). Digit look-alikes — circled ⑤,
    superscript ⁵, subscript ₅, ⒌ ⑸ ❺, mathematical bold 𝟓 — stay as they are, so the caller
    refuses them (docs/hostile-input.md; NFKC alone read ⑤①⑧… as a waybill, issue 15
    item 8). Letters and other characters are left for the caller to refuse."""
    if text.isascii():
        return text
    return "".join(ch if ch < "\x80" else _one_char(ch) for ch in text)


@lru_cache(maxsize=8192)
def _one_char(ch: str) -> str:
    if unicodedata.category(ch) == "Nd":  # a digit of a script: its value
        return ch if _MATH_DIGITS[0] <= ch <= _MATH_DIGITS[1] else str(unicodedata.decimal(ch))
    folded = unicodedata.normalize("NFKC", ch)
    return ch if any(c in "0123456789" for c in folded) else folded


def clean_scan(line: str) -> str:
    """What a scanner or a paste typed: ASCII digits, no control characters or white space."""
    return _SCAN_NOISE.sub("", ascii_digits(line))


def is_waybill_no(text: str) -> bool:
    """A UC Express waybill number: exactly 12 ASCII digits (SPEC §3)."""
    return len(text) == WAYBILL_DIGITS and bool(_ASCII_WAYBILL.fullmatch(text))


def waybill_or_none(line: str) -> str | None:
    """The waybill number a scanned, typed, pasted or imported text holds, or None."""
    s = clean_scan(line)
    return s if is_waybill_no(s) else None


def waybill_problem(raw: str) -> str:
    """Why ``raw`` is not a waybill number, in the clerk's words."""
    s = clean_scan(raw or "")
    if not s:
        return "缺少必填项 (missing): 运单号"
    shown = shown_text(raw.strip(), 40)
    if not s.isdigit() or not s.isascii():
        return f"运单号不是12位数字 (not a 12-digit waybill number; 含非数字字符): {shown}"
    return f"运单号不是12位数字 (not a 12-digit waybill number; 这是{len(s)}位): {shown}"


def waybill(raw: str) -> str:
    """The waybill number of ``raw`` or :class:`Refusal` with the reason."""
    no = waybill_or_none(raw)
    if no is None:
        raise Refusal(waybill_problem(raw))
    return no


def stamp(text: str, time_required: bool = True) -> str | None:
    """A time cell as stored wall-clock text ``YYYY-MM-DD HH:MM:SS`` (SPEC §15), or None
    when it is not a time in one of the accepted forms, not a real calendar time, or
    outside the years a branch clock can show (2000–2100)."""
    t = ascii_digits(text).strip()
    m = _STAMP.fullmatch(t)
    if not m:
        return None
    y, _, mo, d, h, mi, s = m.groups()
    if (h is None and time_required) or not clock_year_ok(int(y)):
        return None
    try:
        dt = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
    except ValueError:
        return None
    return dt.strftime(STAMP_FMT)


def whole_number(text: str, low: int = 0, high: int = 10**9) -> int | None:
    """A whole number in ``[low, high]`` (full-width digits allowed), or None. Bounded so a
    26-digit 件数 is a rejected row, not an overflow in the database."""
    t = ascii_digits(text).strip()
    if not (t.isascii() and t.isdigit()) or len(t) > len(str(high)):
        return None
    n = int(t)
    return n if low <= n <= high else None


def clock_year_ok(year: int) -> bool:
    lo, hi = CLOCK_YEARS
    return lo <= year < hi


def free_text(text: str, limit: int = MAX_TEXT) -> str:
    """Free text typed by a clerk or carried by a file: no control characters (bidi
    overrides included), bytes that were not UTF-8 as U+FFFD, at most ``limit``
    characters. Formula-looking text is kept as
    it is: the output boundary (services.sheets) makes it harmless in spreadsheets."""
    text = _TEXT_CONTROL.sub("", text or "")[:limit]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # an argument's bytes that were not UTF-8 (surrogate escapes)
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def printable(text: str) -> str:
    """``text`` safe to write to a terminal: no escape sequences or bidi overrides, which
    a hostile file could carry into a note or a site name and so drive the clerk's
    terminal (issue 8). Tabs and newlines stay."""
    return _TEXT_CONTROL.sub("", text)


def printable_cells(row: list[str]) -> list[str]:
    """An imported row's cells made :func:`printable` (one search per row: a 200,000-row
    import must not pay a substitution per cell when nothing is there)."""
    if _TEXT_CONTROL.search("".join(row)) is None:
        return row
    return [_TEXT_CONTROL.sub("", c) for c in row]


def shown_text(text: str, limit: int = 40) -> str:
    """``text`` quoted for a one-line message: control characters escaped, cut short."""
    s = repr(text[:limit] + ("…" if len(text) > limit else ""))
    return s


def path_text(path) -> str:
    """A file name as printable, storable text: bytes that are not UTF-8 (surrogate
    escapes from the file system) become U+FFFD instead of failing every print and insert."""
    s = str(path)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
