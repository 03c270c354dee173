"""The output boundary (导出安全): the one writer every report goes through, CSV or XLSX.

A clerk's export is opened by other people in Excel or WPS. Text typed by a clerk or carried
by an imported file (a note ``=HYPERLINK(...)``, a name ``@SUM(...)``) must reach them as
text, never as a formula a spreadsheet evaluates, and still read the same:

- XLSX: every string is a text cell (never the formula type), whatever it starts with;
- CSV: a string that a spreadsheet would read as a formula (it starts with ``= + - @``, a
  tab or a carriage return, or their full-width forms) gets a leading ``'``; plain numbers
  such as ``-5.00`` stay numbers.

Files are written to a temporary file beside the target and renamed over it, so a reader
never sees half a report. CSV is UTF-8 with BOM, so Excel reads the Chinese."""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from kefu_tui.domain import words

SUFFIXES = (".csv", ".xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)
# XML 1.0 cannot hold these; openpyxl raises IllegalCharacterError on them
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
    else as a string (made a text cell by :func:`_text_cell`)."""
    if value is None or isinstance(value, (bool, int, float, Decimal, datetime, date)):
        return value
    text = value if isinstance(value, str) else str(value)
    return _XML_ILLEGAL.sub("\ufffd", text)


def write_table(output: str | Path, head: Sequence, rows: Iterable[Sequence]) -> None:
    """Atomically write a table to ``output`` (.csv or .xlsx by its suffix)."""
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{output.name}: the file must end in .csv or .xlsx")
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=output.suffix, dir=output.parent)
    try:
        if suffix == ".csv":
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="", errors="replace") as fh:
                w = csv.writer(fh)
                w.writerow([csv_cell(v) for v in head])
                for r in rows:
                    w.writerow([csv_cell(v) for v in r])
        else:
            os.close(fd)
            _write_xlsx(Path(tmp), head, rows)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_xlsx(path: Path, head: Sequence, rows: Iterable[Sequence]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("report")
    ws.append([_text_cell(ws, v) for v in head])
    for r in rows:
        ws.append([_text_cell(ws, v) for v in r])
    wb.save(path)


def _text_cell(ws, value):
    from openpyxl.cell import WriteOnlyCell

    v = xlsx_value(value)
    if not isinstance(v, str):
        return v
    cell = WriteOnlyCell(ws, value=v)
    cell.data_type = "s"  # openpyxl would make '=…' a formula cell
    return cell
