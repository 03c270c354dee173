"""What an import file may be before it is read (导入文件上限): the file boundary of the
input boundary. A month of the branch's scans is ~200k rows, ~30 MB as CSV and ~15 MB as
XLSX (~150 MB unpacked); the limits below are several times any real export, and a file
beyond them is refused before its content is read, in bounded memory (a zip bomb is
judged by its zip directory, never by unpacking it). Documented in docs/limits.md."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
# a cell of the shared-strings type: counted at its start tag, once, so ` t="s"` written in
# a cell's text or an attribute value counts nothing (no raw "<" can stand there)
_STRING_CELL = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?c\s[^<>]*?\st\s*=\s*["']s["']""")
# where markup may hide inside a sheet: comments, CDATA, processing instructions
_HIDDEN = re.compile(rb"<!--|<!\[CDATA\[|<\?(?!xml[\s?])")
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")

MAX_CSV_BYTES = 256 * 1024**2        # a CSV file on disk
MAX_XLSX_BYTES = 64 * 1024**2        # an XLSX file on disk
MAX_XLSX_UNPACKED = 1024**3          # all members of an XLSX, unpacked
MAX_SHARED_STRINGS = 160 * 1024**2   # openpyxl holds the shared strings in memory
MAX_MEMBERS = 2000
MAX_RATIO = 200                      # unpacked / packed, for members of more than 1 MB
MAX_ROWS = 500_000                   # rows of one file (a month of scans is ~200k)
MAX_LINE_CHARS = 64 * 1024           # one CSV line
MAX_COLUMNS = 500
# shared strings a workbook may hold per cell that uses one (plus a few for any writer):
# openpyxl reads the whole table, so 9 million strings behind one row cost 149 s and
# 1.46 GB (issue 15 item 7); a real export holds at most one per string cell
STRINGS_PER_CELL = 2
SPARE_STRINGS = 1000


class TooBig(ValueError):
    """A file beyond the limits: ``str()`` is the clerk's reason."""


def _mb(n: int) -> str:
    return f"{n / 1024**2:.0f} MB"


def check_csv(p: Path, size: int) -> None:
    if size > MAX_CSV_BYTES:
        raise TooBig(f"文件过大 {_mb(size)}, 上限 {_mb(MAX_CSV_BYTES)} (file too big)")


def check_xlsx(p: Path, size: int) -> None:
    """The XLSX's zip directory against the limits; raises :class:`TooBig`, or
    ``zipfile.BadZipFile`` when there is no readable zip directory."""
    if size > MAX_XLSX_BYTES:
        raise TooBig(f"文件过大 {_mb(size)}, 上限 {_mb(MAX_XLSX_BYTES)} (file too big)")
    with zipfile.ZipFile(p) as z:
        infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        raise TooBig(f"XLSX 内含 {len(infos)} 个部件, 不是正常导出 (too many zip members)")
    total = 0
    for i in infos:
        total += i.file_size
        if i.file_size > 1024**2 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise TooBig(f"XLSX 压缩比异常 ({i.file_size // max(i.compress_size, 1)}:1), 疑似压缩炸弹"
                         " (suspicious compression ratio: zip bomb)")
    if total > MAX_XLSX_UNPACKED:
        raise TooBig(f"XLSX 解压后 {_mb(total)}, 上限 {_mb(MAX_XLSX_UNPACKED)} (unpacked size too big)")
    cells = 0
    sheets, strings = read_parts(p)
    for i in infos:
        if i.filename in sheets:
            rows, n = scan_sheet(p, i.filename)
            if rows > MAX_ROWS:
                raise TooBig(too_many_rows(rows))
            cells += n
    for i in infos:
        if i.filename == strings:
            if i.file_size > MAX_SHARED_STRINGS:
                raise TooBig(f"XLSX 文字表过大 {_mb(i.file_size)} (shared strings too big)")
            check_shared_strings(p, i.filename, cells)


def read_parts(p: Path) -> tuple[set[str], str | None]:
    """The worksheet parts and the shared-strings part openpyxl reads, found as openpyxl
    finds them ([Content_Types].xml, the workbook, its rels), whatever they are named and
    wherever they lie: string cells count only in those sheets, the bound applies to that
    table. Counting by name let parts no sheet names raise the bound at will, and a table
    under xl/worksheets/ or not named .xml escape it (issue 15 item 7)."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.xml.constants import SHARED_STRINGS
    from openpyxl.xml.functions import fromstring

    with zipfile.ZipFile(p) as z:
        package = Manifest.from_tree(fromstring(z.read("[Content_Types].xml")))
        parser = WorkbookParser(z, _find_workbook_part(package).PartName[1:])
        parser.parse()
        strings = package.find(SHARED_STRINGS)
        return ({rel.target for _, rel in parser.find_sheets()},
                strings.PartName[1:] if strings is not None else None)


def count_rows(p: Path, member: str) -> int:
    """The ``<row>`` elements of a worksheet (see :func:`scan_sheet`)."""
    return scan_sheet(p, member)[0]


def scan_sheet(p: Path, member: str) -> tuple[int, int]:
    """The ``<row>`` elements and the shared-string cells of a worksheet, counted while it
    streams out of the zip a megabyte at a time (the declared <dimension> may say
    anything); stops past the row limit."""
    rows, strings, hidden = _count(p, member, (_ROW_TAG, _STRING_CELL, _HIDDEN), stop_at=MAX_ROWS)
    if hidden and rows <= MAX_ROWS:  # no real writer does this: count by parsing instead
        return _parse_count(p, member)
    return rows, strings


def _parse_count(p: Path, member: str) -> tuple[int, int]:
    """Rows and shared-string cells as an XML parser sees them (a comment full of
    ``<c t="s"/>`` counts nothing); stops past the row limit; refuses a DTD."""
    import xml.parsers.expat

    counts = [0, 0]

    def start(name: str, attrs: dict) -> None:
        local = name.rpartition(" ")[2]
        if local == "row":
            counts[0] += 1
            if counts[0] > MAX_ROWS:
                raise TooBig(too_many_rows(counts[0]))
        elif local == "c" and attrs.get("t") == "s":
            counts[1] += 1

    def no_dtd(*_args) -> None:
        raise TooBig("XLSX 工作表含 DTD, 不是正常导出 (a DTD in a worksheet)")

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = no_dtd
    with zipfile.ZipFile(p) as z, z.open(member) as fh:
        while chunk := fh.read(1024 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return counts[0], counts[1]


def check_shared_strings(p: Path, member: str, cells: int) -> None:
    """The shared-strings table may hold no more strings than the sheets' cells can use
    (:data:`STRINGS_PER_CELL`): the cost of reading it is bounded by what the rows use.
    Counted by streaming, stopping at the bound."""
    allowed = STRINGS_PER_CELL * cells + SPARE_STRINGS
    (n,) = _count(p, member, (_SHARED_STRING,), stop_at=allowed)
    if n > allowed:
        raise TooBig(f"XLSX 文字表有 {n} 条以上, 而工作表只有 {cells} 个文字单元格, 不是正常导出"
                     f" (shared strings far beyond what the sheets use)")


def _count(p: Path, member: str, patterns, stop_at: int) -> tuple[int, ...]:
    """Matches of each pattern in a zip member, streamed; stops when the first passes ``stop_at``."""
    counts = [0] * len(patterns)
    tail = b""
    with zipfile.ZipFile(p) as z, z.open(member) as fh:
        while chunk := fh.read(1024 * 1024):
            data = tail + chunk
            cut = max(len(data) - 64, 0)  # a tag split over two chunks is counted once:
            for k, pat in enumerate(patterns):  # where it starts
                counts[k] += sum(1 for m in pat.finditer(data) if m.start() < cut)
            tail = data[cut:]
            if counts[0] > stop_at:
                return tuple(counts)
    return tuple(c + len(pat.findall(tail)) for c, pat in zip(counts, patterns))


def too_many_rows(n: int) -> str:
    return f"超过 {MAX_ROWS} 行, 不是正常导出 (more than {MAX_ROWS} rows)"
