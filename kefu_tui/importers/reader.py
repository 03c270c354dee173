"""Opening a legacy export (乾坤系统导出) as text rows: CSV in UTF-8 (with or without BOM),
GBK or GB18030, or XLSX (R-03, SPEC §15).

The reader knows files, not formats: the caller passes ``recognise(header_cells)`` which
returns something truthy for a header row it understands. The header may sit below a
title line or two, so the first few non-blank rows are tried."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from kefu_tui.domain.untrusted import path_text, printable_cells
from kefu_tui.importers import limits

HEADER_SEARCH_ROWS = 10
Rows = Iterator[tuple[int, list[str]]]


class Unreadable(Exception):
    """A file that cannot be read at all: missing, not CSV/XLSX, garbage, no header."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path_text(Path(path).name)}: {reason}")
        self.path = str(path)
        self.reason = reason


class Damaged(Unreadable):
    """Beyond a real export's limits, or damaged inside: no other sheet is tried."""


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
        if p.exists():
            raise Unreadable(p, "不是普通文件 (not a regular file: a folder or a device)")
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


CHUNK = 1024 * 1024


def _decodes(p: Path, encoding: str) -> tuple[bool, int]:
    """Whether the whole file decodes as ``encoding``, read a chunk at a time (bounded
    memory), and its number of line feeds."""
    import codecs

    dec = codecs.getincrementaldecoder(encoding)()
    lines = 0
    with open(p, "rb") as fh:
        try:
            while chunk := fh.read(CHUNK):
                dec.decode(chunk)
                lines += chunk.count(b"\n")
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            return False, lines
    return True, lines


def _gbk_reads_the_same(p: Path) -> bool:
    """GB18030 is the superset: GBK would read some of its characters (䶮) as private-use
    code points; the name "gbk" is given when GBK reads the same text."""
    import codecs

    wide, narrow = codecs.getincrementaldecoder("gb18030")(), codecs.getincrementaldecoder("gbk")()
    with open(p, "rb") as fh:
        try:
            while chunk := fh.read(CHUNK):
                if wide.decode(chunk) != narrow.decode(chunk):
                    return False
        except UnicodeDecodeError:
            return False
    return True


def detect_encoding(p: Path) -> tuple[str, int]:
    """The file's encoding (UTF-8 with or without BOM, GBK, GB18030, UTF-16 with BOM; a
    guesser on the first megabyte only when those fail) and its line count, streaming.
    Raises ValueError with the clerk's reason for binary or undecodable data."""
    with open(p, "rb") as fh:
        head = fh.read(65536)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        ok, lines = _decodes(p, "utf-16")
        if not ok:
            raise ValueError("UTF-16 文本无法解码 (bad UTF-16)")
        return "utf-16", lines
    if b"\x00" in head:
        raise ValueError("二进制文件, 不是文本 (binary data)")
    bom = head.startswith(b"\xef\xbb\xbf")
    ok, lines = _decodes(p, "utf-8-sig")
    if ok:
        return ("utf-8-sig" if bom else "utf-8"), lines
    ok, lines = _decodes(p, "gb18030")
    if ok:
        return ("gbk" if _gbk_reads_the_same(p) else "gb18030"), lines
    from charset_normalizer import from_bytes

    with open(p, "rb") as fh:
        best = from_bytes(fh.read(CHUNK)).best()
    if best is not None:
        ok, lines = _decodes(p, best.encoding)
        if ok:
            return best.encoding, lines
    raise ValueError("无法识别的文字编码 (unknown text encoding)")


def _read_csv(p: Path, recognise, explain) -> Table:
    try:
        limits.check_csv(p, p.stat().st_size)
        encoding, lines = detect_encoding(p)
    except limits.TooBig as e:
        raise Unreadable(p, str(e)) from e
    except ValueError as e:
        raise Unreadable(p, str(e)) from e
    except OSError as e:
        raise Unreadable(p, f"无法读取 ({e.strerror or e})") from e
    if lines > limits.MAX_ROWS + HEADER_SEARCH_ROWS:
        raise Unreadable(p, limits.too_many_rows(lines))
    try:
        fh = open(p, encoding=encoding, newline="")
        first = fh.readline(limits.MAX_LINE_CHARS)
        fh.seek(0)
    except (OSError, UnicodeDecodeError) as e:
        raise Unreadable(p, f"无法读取 ({e})") from e
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(_bounded_lines(p, fh), delimiter=delimiter)
    numbered = _checked(p, enumerate(reader, 1))
    try:
        header_row, header, match = _find_header(p, numbered, recognise, explain)
    except csv.Error as e:
        fh.close()
        raise Unreadable(p, f"CSV 格式错误 ({e})") from e
    except Unreadable:
        fh.close()
        raise
    hint = max(lines - header_row, 1)
    return Table(p, encoding, header, header_row, match, _csv_rows(p, numbered), hint)


def _bounded_lines(p: Path, fh) -> Iterator[str]:
    """The file's lines, none longer than ``limits.MAX_LINE_CHARS`` (a file of one
    gigantic line is refused, not loaded); closes the file at the end."""
    try:
        while line := fh.readline(limits.MAX_LINE_CHARS):
            if len(line) >= limits.MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
                raise Damaged(p, f"一行超过 {limits.MAX_LINE_CHARS} 个字符 (line too long)")
            yield line
    except UnicodeDecodeError as e:
        raise Damaged(p, f"文字编码错误 (bad text encoding: {e.reason})") from e
    finally:
        fh.close()


def _checked(p: Path, numbered) -> Rows:
    """Rows within the limits of a real export (rows, columns), their cells without
    terminal control sequences (a site name that clears the clerk's screen, issue 8)."""
    for count, (n, row) in enumerate(numbered, 1):
        if count > limits.MAX_ROWS + HEADER_SEARCH_ROWS:
            raise Damaged(p, limits.too_many_rows(count))
        if len(row) > limits.MAX_COLUMNS:
            raise Damaged(p, f"第 {n} 行有 {len(row)} 列, 上限 {limits.MAX_COLUMNS} (too many columns)")
        clean = printable_cells(row)
        yield n, (BadRow(clean, row.reason) if isinstance(row, BadRow) and clean is not row else clean)


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
    try:
        limits.check_xlsx(p, p.stat().st_size)
    except limits.TooBig as e:
        raise Unreadable(p, str(e)) from e
    except Exception as e:  # noqa: BLE001 — BadZipFile, zlib.error, EOFError, NotImplementedError...
        raise Unreadable(p, f"不是有效的 XLSX 文件 (not a valid .xlsx: {_why(e)})") from e
    import warnings

    import openpyxl

    # openpyxl warns on stderr about a date cell out of range (and reads it as an error
    # value, which that row's check then refuses): the clerk sees the row's reason instead
    warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 — a damaged file fails anywhere inside openpyxl
        raise Unreadable(p, f"不是有效的 XLSX 文件 (not a valid .xlsx: {_why(e)})") from e
    first_error: Unreadable | None = None
    try:
        for ws in wb.worksheets:  # the first sheet, else the first whose header matches
            declared = ws.max_row or 0
            numbered = _damaged_as_unreadable(p, _checked(p, _sheet_rows(ws)))
            try:
                header_row, header, match = _find_header(p, numbered, recognise, explain)
            except Damaged:
                raise
            except Unreadable as e:
                first_error = first_error or e
                continue
            hint = max(min(declared, limits.MAX_ROWS) - header_row, 1)
            return Table(p, "xlsx", header, header_row, match, _xlsx_rows(wb, numbered), hint)
    except Unreadable:
        wb.close()
        raise
    except Exception as e:  # noqa: BLE001
        wb.close()
        raise Unreadable(p, f"XLSX 文件已损坏 (damaged .xlsx: {_why(e)})") from e
    wb.close()
    raise first_error or Unreadable(p, "工作簿没有工作表 (no sheets)")


class BadRow(list):
    """A row the file itself makes unusable (a repeated or impossible row number, two
    values for one cell): its cells, and ``reason``; the format's parser rejects it with
    that reason (issue 15 item 7: no row disappears without one)."""

    def __init__(self, cells: list[str], reason: str):
        super().__init__(cells)
        self.reason = reason


class _SharedStrings:
    """The workbook's shared strings, by index; a negative index is not one (Python's
    list would quietly give the last string)."""

    def __init__(self, strings):
        self._strings = strings

    def __getitem__(self, i: int) -> str:
        if i < 0:
            raise IndexError(f"shared string {i}")
        return self._strings[i]


def _sheet_rows(ws) -> Rows:
    """Every ``<row>`` of a sheet in the order the file holds them, numbered as the file
    numbers them. openpyxl's reader drops a row whose number is not above the last one (out
    of order, repeated, ``r="0"``) without a word; here each such row comes out, a repeated
    or impossible number as a :class:`BadRow`. Rows after the declared <dimension> are
    read too (limits.MAX_ROWS bounds them)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = ws.parent
    seen: set[int] = set()
    with ws._get_source() as src:
        parser = WorkSheetParser(src, _SharedStrings(ws._shared_strings), data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for n, cells in parser.parse():
            row, twice = _cells_by_column(cells)
            if n < 1:
                yield n, BadRow(row, f"行号无效 (row number {n})")
            elif n in seen:
                yield n, BadRow(row, f"行号 {n} 重复, 同一行出现两次 (row number {n} repeated)")
            elif twice:
                if not "".join(row).strip():  # the last of the twice-given values was empty:
                    row = [cell_text(c["value"]) for c in cells]  # show what the row held
                yield n, BadRow(row, f"单元格 {twice} 重复 (cell given twice)")
            else:
                yield n, row
            seen.add(n)


def _cells_by_column(cells: list[dict]) -> tuple[list[str], str | None]:
    """A row's cells as text by column, and the first column given twice (or None)."""
    width = max((c["column"] for c in cells), default=0)
    if width > limits.MAX_COLUMNS:
        return [""] * width, None  # _checked refuses the file with its reason
    row = [""] * width
    given: set[int] = set()
    twice = None
    for c in cells:
        col = c["column"]
        if col < 1:
            continue
        if col in given and twice is None:
            from openpyxl.utils import get_column_letter

            twice = f"{get_column_letter(col)}{c['row']}"
        given.add(col)
        row[col - 1] = cell_text(c["value"])
    return row, twice


def _why(e: BaseException) -> str:
    text = str(e).replace("\n", " ")[:120]
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def _damaged_as_unreadable(p: Path, numbered) -> Rows:
    """A damaged sheet (flipped bytes: zlib.error, a bad CRC; a worksheet cut short: an
    XML error) fails while its rows are read: that is an unreadable file, not a bug."""
    n = 0
    try:
        for n, row in numbered:
            yield n, row
    except Unreadable:
        raise
    except Exception as e:  # noqa: BLE001 — whatever openpyxl, zlib or the XML parser raise
        raise Damaged(p, f"XLSX 文件已损坏, 读到第 {n + 1} 行 (damaged .xlsx at row {n + 1}: {_why(e)})") from e


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
