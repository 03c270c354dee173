"""The output boundary (导出安全): the one writer every report goes through, CSV or XLSX.

A clerk's export is opened by other people in Excel or WPS. Text typed by a clerk or carried
by an imported file (a note ``=HYPERLINK(...)``, a name ``@SUM(...)``) must reach them as
text, never as a formula a spreadsheet evaluates, and still read the same:

- XLSX: every string is a text cell (never the formula type), whatever it starts with;
- CSV: a string that a spreadsheet would read as a formula (it starts with ``= + - @``, a
  tab or a carriage return, or their full-width forms) gets a leading ``'``; plain numbers
  such as ``-5.00`` stay numbers.

Files are written through services.outputs (a temporary file beside the target, fsync,
rename), so a reader never sees half a report and a failed write leaves the old one whole.
CSV is UTF-8 with BOM, so Excel reads the Chinese."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from kefu_tui.domain import words
from kefu_tui.services.outputs import write_with

SUFFIXES = (".csv", ".xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)
# XML 1.0 cannot hold these (nor UTF-8 a lone surrogate from a name that was not UTF-8)
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def csv_cell(value) -> str | int | float:
    """One value as a CSV field no spreadsheet evaluates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return words.yes_no(value)
    if isinstance(value, (int, float, Decimal)):
        return value
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def xlsx_value(value):
    """One value as openpyxl should store it: numbers and dates as themselves, anything
    else as a string (an inline string: a text cell, services.xlsx_file)."""
    if value is None or isinstance(value, (bool, int, float, Decimal, datetime, date)):
        return value
    text = value if isinstance(value, str) else str(value)
    return _XML_ILLEGAL.sub("\ufffd", text)


def write_table(output: str | Path, head: Sequence, rows: Iterable[Sequence], *,
                overwrite: bool = True, db: Path | None = None) -> Path:
    """Write a table to ``output`` (.csv or .xlsx by its suffix), all or nothing
    (services.outputs: a temporary file, fsync, rename; never onto the database ``db``)."""
    output = Path(output)
    fill = table_writer(output.suffix, head, rows)
    output.parent.mkdir(parents=True, exist_ok=True)
    return write_with(output, fill, overwrite=overwrite, db=db)


def table_bytes(suffix: str, head: Sequence, rows: Iterable[Sequence]) -> bytes:
    """The whole file in memory (for ``--output -``: stdout gets a whole file or nothing)."""
    buf = io.BytesIO()
    table_writer(suffix, head, rows)(buf)
    return buf.getvalue()


def table_writer(suffix: str, head: Sequence, rows: Iterable[Sequence]) -> Callable[[BinaryIO], None]:
    """What writes the table as ``suffix`` (.csv or .xlsx) into a binary file."""
    suffix = suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"the file must end in .csv or .xlsx, not {suffix or 'nothing'}")
    if suffix == ".csv":
        return lambda fh: _write_csv(fh, head, rows)
    return lambda fh: _write_xlsx(fh, head, rows)


def _write_csv(fh: BinaryIO, head: Sequence, rows: Iterable[Sequence]) -> None:
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="", errors="replace")
    try:
        w = csv.writer(text)
        w.writerow([csv_cell(v) for v in head])
        for r in rows:
            w.writerow([csv_cell(v) for v in r])
        text.flush()
    finally:
        text.detach()  # the caller fsyncs and closes the file itself


def _write_xlsx(fh: BinaryIO, head: Sequence, rows: Iterable[Sequence]) -> None:
    from kefu_tui.services.xlsx_file import write_sheet

    write_sheet(fh, ([xlsx_value(v) for v in r] for r in (head, *rows)))
