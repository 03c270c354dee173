"""Opening a legacy export (乾坤系统导出) as text rows: CSV in UTF-8 (with or without BOM),
GBK or GB18030, or XLSX (R-03, SPEC §15).

The reader knows files, not formats: the caller passes ``recognise(header_cells)`` which
returns something truthy for a header row it understands. The header may sit below a
title line or two, so the first few non-blank rows are tried."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

HEADER_SEARCH_ROWS = 10
Rows = Iterator[tuple[int, list[str]]]


class Unreadable(Exception):
    """A file that cannot be read at all: missing, not CSV/XLSX, garbage, no header."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{Path(path).name}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass
class Table:
    """An opened file: its header (row ``header_row``, 1-based) and its data rows as
    ``(file row number, cells)``; blank rows are skipped but keep their numbers."""

    path: Path
    encoding: str
    header: list[str]
    header_row: int
    match: Any
    rows: Rows
    size_hint: int  # rough count of data rows, for progress bars


def read_table(
    path: str | Path,
    recognise: Callable[[list[str]], Any],
    explain: Callable[[list[str]], str | None] | None = None,
) -> Table:
    """Open ``path`` (R-03). Raises :class:`Unreadable` with a clerk-readable reason."""
    p = Path(path)
    if not p.is_file():
        raise Unreadable(p, "文件不存在 (file not found)")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(p, recognise, explain)
    if suffix == ".xls":
        raise Unreadable(p, "旧版 .xls 不支持, 请另存为 .xlsx 或 .csv (old .xls not supported)")
    if suffix in (".csv", ".txt"):
        return _read_csv(p, recognise, explain)
    raise Unreadable(p, f"不是 CSV 或 XLSX 文件 (unsupported file type {suffix or 'none'})")


# ---- CSV -------------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text and the encoding's name: UTF-8 (BOM or not), GBK, GB18030; a
    guesser only when those fail. Raises ValueError for binary or undecodable data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise ValueError("UTF-16 文本无法解码 (bad UTF-16)") from e
    if b"\x00" in data[:65536]:
        raise ValueError("二进制文件, 不是文本 (binary data)")
    try:
        text = data.decode("utf-8-sig")
        return text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is the superset: GBK would read some of its characters (䶮) as
        # private-use code points; the name "gbk" is given when GBK reads the same text
        text = data.decode("gb18030")
        try:
            narrow = data.decode("gbk") == text
        except UnicodeDecodeError:
            narrow = False
        return text, "gbk" if narrow else "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("无法识别的文字编码 (unknown text encoding)")
    return str(best), best.encoding


def _read_csv(p: Path, recognise, explain) -> Table:
    try:
        data = p.read_bytes()
    except OSError as e:
        raise Unreadable(p, f"无法读取 ({e.strerror or e})") from e
    try:
        text, encoding = decode(data)
    except ValueError as e:
        raise Unreadable(p, str(e)) from e
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered = enumerate(reader, 1)
    try:
        header_row, header, match = _find_header(p, numbered, recognise, explain)
    except csv.Error as e:
        raise Unreadable(p, f"CSV 格式错误 ({e})") from e
    hint = max(text.count("\n") - header_row, 1)
    return Table(p, encoding, header, header_row, match, _csv_rows(p, numbered), hint)


def _csv_rows(p: Path, numbered) -> Rows:
    try:
        for n, row in numbered:
            # blank lines and lines of empty cells (",,,,") are skipped, numbers kept
            if any(row) and "".join(row).strip():
                yield n, row
    except csv.Error as e:
        raise Unreadable(p, f"CSV 格式错误 ({e})") from e


def _find_header(p: Path, numbered, recognise, explain) -> tuple[int, list[str], Any]:
    first: list[str] | None = None
    tried = 0
    for n, row in numbered:
        if not any(c.strip() for c in row):
            continue
        first = first or row
        match = recognise(row)
        if match:
            return n, row, match
        tried += 1
        if tried >= HEADER_SEARCH_ROWS:
            break
    why = (explain(first) if explain and first else None) or "找不到可识别的表头 (no recognisable header row)"
    raise Unreadable(p, why)


# ---- XLSX ------------------------------------------------------------------------------

def _read_xlsx(p: Path, recognise, explain) -> Table:
    import zipfile

    import openpyxl

    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise Unreadable(p, f"不是有效的 XLSX 文件 (not a valid .xlsx: {e})") from e
    first_error: Unreadable | None = None
    for ws in wb.worksheets:  # the first sheet, else the first whose header matches
        numbered = ((n, [cell_text(v) for v in r]) for n, r in enumerate(ws.iter_rows(values_only=True), 1))
        try:
            header_row, header, match = _find_header(p, numbered, recognise, explain)
        except Unreadable as e:
            first_error = first_error or e
            continue
        hint = max((ws.max_row or 0) - header_row, 1)
        return Table(p, "xlsx", header, header_row, match, _xlsx_rows(wb, numbered), hint)
    wb.close()
    raise first_error or Unreadable(p, "工作簿没有工作表 (no sheets)")


def _xlsx_rows(wb, numbered) -> Rows:
    try:
        for n, row in numbered:
            if any(row) and "".join(row).strip():
                yield n, row
    finally:
        wb.close()


def cell_text(v: Any) -> str:
    """A spreadsheet cell as the text a clerk sees: numbers without a spurious '.0',
    dates and times as stored wall-clock text."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, time):
        return v.strftime("%H:%M:%S")
    return str(v)
