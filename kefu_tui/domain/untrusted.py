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
# Line breaks of every kind (CR LF, CR, NEL, LINE/PARAGRAPH SEPARATOR) are one "\n" at the gate.
_LINE_BREAKS = re.compile(r"\r\n?|[\x85\u2028\u2029]")
_FOLD = re.compile(r"[ \t\n]*[\t\n][ \t\n]*")
# What the exit shows as a symbol: the controls above plus tab and newline (one field, one
# line) and the line separators an old database may hold.
_SHOWN = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


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


def free_text(text: str | None, limit: int = MAX_TEXT, one_line: bool = False) -> str:
    """The one gate of every free-text field (自由文本: a note, a complaint, a reason, a
    site or person's name, ``--user``, an imported cell), typed by a clerk or carried by
    a file: no control characters (ESC, C1, DEL, bidi overrides), line breaks as ``\\n``,
    bytes that were not UTF-8 as U+FFFD, at most ``limit`` characters. ``one_line``
    (names, reasons, who): line breaks and tabs become one space, so the field can never
    draw a second row or forge a line in ``track``/``audit``. Formula-looking text is
    kept as it is: the output boundary (services.sheets) makes it harmless in spreadsheets."""
    text = _LINE_BREAKS.sub("\n", text or "")
    text = _TEXT_CONTROL.sub("", text)
    if one_line:
        text = _FOLD.sub(" ", text).strip()
    text = text[:limit]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # an argument's bytes that were not UTF-8 (surrogate escapes)
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def one_line(text: str | None, limit: int = 200) -> str:
    """:func:`free_text` of a one-line field (a name, a reason, who did it)."""
    return free_text(text, limit, one_line=True)


def visible(text: object) -> str:
    """Stored text as one safe line for a terminal, whatever an old database holds (the
    exit half of the boundary): every control character is shown as a visible symbol
    (ESC as ␛, a newline as ␊, a tab as ␉; C1 and bidi overrides as U+FFFD), so it can
    neither drive the terminal nor draw a second row. ``None`` is empty."""
    if text is None:
        return ""
    s = text if isinstance(text, str) else str(text)
    if _SHOWN.search(s) is not None:
        s = _SHOWN.sub(_symbol, s)
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates would fail the terminal's encoder
        s = s.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return s


def visible_lines(text: object) -> str:
    """Text of several lines (a message, a label) with each line :func:`visible`."""
    return "\n".join(visible(line) for line in ("" if text is None else str(text)).split("\n"))


def _symbol(m: re.Match) -> str:
    c = ord(m.group())
    if c < 0x20:
        return chr(0x2400 + c)  # ␀ … ␟ (Control Pictures)
    return "\u2421" if c == 0x7F else "\ufffd"


def printable(text: str) -> str:
    """``text`` safe to write to a terminal: no escape sequences or bidi overrides, which
    a hostile file could carry into a note or a site name and so drive the clerk's
    terminal (issue 8). Tabs and newlines stay."""
    return _TEXT_CONTROL.sub("", text)


def printable_cells(row: list[str]) -> list[str]:
    """An imported row's cells through the gate: :func:`printable`, and a line break or tab
    inside a cell (a site name, a 寄件人) folded to one space, since every imported field
    is one line (one search per row: a 200,000-row import must not pay a substitution per
    cell when nothing is there)."""
    if _SHOWN.search("".join(row)) is None:
        return row
    return [_TEXT_CONTROL.sub("", _FOLD.sub(" ", _LINE_BREAKS.sub("\n", c))) for c in row]


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
