"""XLSX rows never vanish, and a shared-strings table costs what the rows use (issue 15
item 7). The files are built with zipfile directly: exactly the XML a hostile or odd writer
produces, no library smoothing it over."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from xml.sax.saxutils import escape

import pytest

from kefu_tui.importers.reader import Unreadable, read_table
from kefu_tui.importers.formats import explain, recognise
from kefu_tui.services.imports import import_files

HEAD = ["运单号", "扫描类型", "扫描时间", "扫描网点"]

_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '{sst_type}</Types>')
_SST_TYPE = ('<Override PartName="/xl/sharedStrings.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         '</Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
       '<sheets><sheet name="扫描" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '{sst_rel}</Relationships>')
_SST_REL = ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml"/>')


def _row(r, cells) -> str:
    attr = "" if r is None else f' r="{r}"'
    return f"<row{attr}>" + "".join(f'<c t="inlineStr"><is><t>{escape(v)}</t></is></c>' for v in cells) + "</row>"


def xlsx(path, rows: list[tuple[int | None, list[str]]], sst: bytes | None = None, sst_cells: str = ""):
    """A workbook of one sheet: ``rows`` as (row number or None, cells) in file order,
    inline strings; ``sst`` a sharedStrings.xml, ``sst_cells`` raw row XML using it."""
    body = "".join(_row(r, cells) for r, cells in rows) + sst_cells
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f"<sheetData>{body}</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES.format(sst_type=_SST_TYPE if sst else ""))
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS.format(sst_rel=_SST_REL if sst else ""))
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if sst:
            z.writestr("xl/sharedStrings.xml", sst)
    return path


def scan(no: str, hour: int) -> list[str]:
    return [no, "到件", f"2026-11-24 {hour:02d}:00:00", "信阳分拨中心"]


@pytest.mark.parametrize("order, rejected", [
    ([1, 2, 3, 4, 5, 6], []),
    ([1, 2, 5, 6, 3, 4], []),            # out of order: all kept
    ([1, 2, 3, 3, 4, 5], [(3, "重复")]),   # a repeated row number: the second is rejected, with why
    ([1, 0, 2, 3, 4, 5], [(0, "行号无效")]),
    ([1, None, None, 6, None, 4], []),    # rows without r follow the row before
], ids=["in-order", "out-of-order", "repeated", "r0", "no-r"])
def test_every_xlsx_row_is_imported_or_rejected_with_its_reason_issue_15_item_7(store, now, tmp_path, order, rejected):
    """Issue 15 item 7: rows out of order, a repeated row number or r="0" made 2 of 5 rows
    vanish with rows=0, rejected=0. Now every data row is counted and is either a scan in
    the store or a rejection naming its row and why."""
    data = [(r, scan(f"51802325999{k}", 8 + k)) for k, r in enumerate(order[1:], 1)]
    p = xlsx(tmp_path / "扫描记录.xlsx", [(order[0], HEAD), *data])
    [rep] = import_files(store, [p], now, "t")
    assert rep.rows == 5
    assert rep.new + len(rep.rejected) == 5
    assert [(r.row, why in r.reason) for r, (_, why) in zip(rep.rejected, rejected)] == [(n, True) for n, _ in rejected]
    assert len(rep.rejected) == len(rejected)
    assert store.query("SELECT count(*) FROM scans")[0][0] == 5 - len(rejected)


def test_a_cell_given_twice_rejects_its_row_issue_15_item_7(store, now, tmp_path):
    """Two values for one cell (A3 twice): the row is rejected with why, not half-read."""
    twice = '<row r="3"><c r="A3" t="inlineStr"><is><t>518023259991</t></is></c>' \
            '<c r="A3" t="inlineStr"><is><t>518023259992</t></is></c></row>'
    p = xlsx(tmp_path / "扫描记录.xlsx", [(1, HEAD), (2, scan("518023259990", 8))], sst_cells=twice)
    [rep] = import_files(store, [p], now, "t")
    assert rep.new == 1 and [(r.row, "重复" in r.reason) for r in rep.rejected] == [(3, True)]


def test_a_cell_given_twice_whose_last_value_is_empty_still_rejects_its_row_issue_15_item_7(store, now, tmp_path):
    """Second look at issue 15 item 7: a row whose every cell says r="A3", the last one
    empty, was read as a blank row and skipped: its waybill vanished with no reason."""
    twice = ('<row r="3">' + "".join(f'<c r="A3" t="inlineStr"><is><t>{v}</t></is></c>'
                                     for v in [*scan("518023259991", 9), ""]) + "</row>")
    p = xlsx(tmp_path / "扫描记录.xlsx", [(1, HEAD), (2, scan("518023259990", 8))], sst_cells=twice)
    [rep] = import_files(store, [p], now, "t")
    assert rep.new == 1 and [(r.row, "重复" in r.reason) for r in rep.rejected] == [(3, True)]


def _sst(n: int) -> bytes:
    """A shared-strings table of ``n`` strings, written fast (it is the file, not the test)."""
    head = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    strings = [b"<si><t>" + "|".join(HEAD).encode() + b"</t></si>"] + [b"<si><t>x%d</t></si>" % i for i in range(n - 1)]
    return head + b"".join(strings) + b"</sst>"


def test_a_huge_shared_strings_table_behind_one_row_is_refused_fast_issue_15_item_7(tmp_path):
    """Issue 15 item 7: 9 million shared strings (inside every size limit) behind one row
    took 149 s and 1.46 GB. Now the table may hold no more strings than the sheet's cells
    use (two a cell, and some spare): refused with its reason in bounded time and memory.
    (2 million strings here: the same case, a faster test.)"""
    cells = "".join(f'<row r="{r}">' + "".join(f'<c t="s"><v>{0}</v></c>' for _ in HEAD) + "</row>" for r in (1, 2))
    p = xlsx(tmp_path / "扫描记录.xlsx", [], sst=_sst(2_000_000), sst_cells=cells)
    assert p.stat().st_size < 64 * 1024 * 1024
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with pytest.raises(Unreadable, match="文字表"):
            read_table(p, recognise, explain)
        took = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert took < 10 and peak < 50 * 1024 * 1024, (took, peak)


def test_a_shared_strings_table_the_rows_use_is_read(store, now, tmp_path):
    """The bound refuses nothing real: a table of exactly the strings the cells use."""
    strings = HEAD + ["518023259997", "到件", "2026-11-24 08:00:00", "信阳分拨中心"]
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>").encode()
    cells = "".join(f'<row r="{r}">' + "".join(f'<c t="s"><v>{4 * (r - 1) + k}</v></c>' for k in range(4)) + "</row>"
                    for r in (1, 2))
    p = xlsx(tmp_path / "扫描记录.xlsx", [], sst=sst, sst_cells=cells)
    [rep] = import_files(store, [p], now, "t")
    assert rep.new == 1 and rep.rejected == []


def test_a_negative_shared_string_index_is_not_the_last_string(store, now, tmp_path):
    """`<v>-1</v>` is no string of the table (Python would give the last one)."""
    strings = HEAD + ["518023259997", "到件", "2026-11-24 08:00:00", "信阳分拨中心"]
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>").encode()
    cells = ('<row r="1">' + "".join(f'<c t="s"><v>{k}</v></c>' for k in range(4)) + "</row>"
             + '<row r="2">' + "".join(f'<c t="s"><v>{v}</v></c>' for v in (4, 5, 6, -1)) + "</row>")
    p = xlsx(tmp_path / "扫描记录.xlsx", [], sst=sst, sst_cells=cells)
    with pytest.raises(Unreadable):
        import_files(store, [p], now, "t")
    assert store.query("SELECT count(*) FROM scans")[0][0] == 0


def test_the_strings_bound_holds_whatever_the_part_is_named_issue_15_item_7(tmp_path):
    """openpyxl finds the shared strings through [Content_Types].xml, not by file name: a
    table named xl/words.xml is counted too."""
    cells = '<row r="1">' + "".join('<c t="s"><v>0</v></c>' for _ in HEAD) + "</row>"
    p = xlsx(tmp_path / "扫描记录.xlsx", [], sst=_sst(50_000), sst_cells=cells)
    renamed = tmp_path / "renamed.xlsx"
    with zipfile.ZipFile(p) as zin, zipfile.ZipFile(renamed, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name).replace(b"sharedStrings.xml", b"words.xml")
            zout.writestr("xl/words.xml" if name == "xl/sharedStrings.xml" else name, data)
    with pytest.raises(Unreadable, match="文字表"):
        read_table(renamed, recognise, explain)


def test_string_cells_are_counted_only_in_the_sheets_the_workbook_reads_issue_15_item_7(tmp_path):
    """Second look at issue 15 item 7: the strings bound counted ``t="s"`` in every part
    under xl/worksheets/, so parts no sheet uses (a thousand small ones pass every size and
    ratio limit) raised the bound at will and a table of millions of strings was read
    again. Only the sheets the workbook names count (scaled down here: 60 000 strings,
    40 decoy parts of 1 000 cells)."""
    cells = '<row r="1">' + "".join('<c t="s"><v>0</v></c>' for _ in HEAD) + "</row>"
    p = xlsx(tmp_path / "扫描记录.xlsx", [], sst=_sst(60_000), sst_cells=cells)
    decoy = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData><row r="1">' + '<c t="s"/>' * 1000 + "</row></sheetData></worksheet>")
    with zipfile.ZipFile(p, "a", zipfile.ZIP_DEFLATED) as z:
        for k in range(40):
            z.writestr(f"xl/worksheets/decoy{k}.xml", decoy)
    with pytest.raises(Unreadable, match="文字表"):
        read_table(p, recognise, explain)


@pytest.mark.parametrize("name", ["xl/worksheets/words.xml", "xl/words.bin"])
def test_the_strings_bound_holds_wherever_the_table_is_put_issue_15_item_7(tmp_path, name):
    """Second look at issue 15 item 7: a shared-strings table put under xl/worksheets/, or
    named without .xml, was never counted (openpyxl reads whatever part
    [Content_Types].xml names)."""
    cells = '<row r="1">' + "".join('<c t="s"><v>0</v></c>' for _ in HEAD) + "</row>"
    p = xlsx(tmp_path / "扫描记录.xlsx", [], sst=_sst(50_000), sst_cells=cells)
    moved = tmp_path / "moved.xlsx"
    with zipfile.ZipFile(p) as zin, zipfile.ZipFile(moved, "w", zipfile.ZIP_DEFLATED) as zout:
        for n in zin.namelist():
            data = zin.read(n).replace(b"/xl/sharedStrings.xml", f"/{name}".encode())
            data = data.replace(b'Target="sharedStrings.xml"', f'Target="/{name}"'.encode())
            zout.writestr(name if n == "xl/sharedStrings.xml" else n, data)
    with pytest.raises(Unreadable, match="文字表"):
        read_table(moved, recognise, explain)


@pytest.mark.parametrize("hidden", [
    "<!-- " + '<c t="s"/>' * 30_000 + " -->",
    '<row r="2"><c t="inlineStr"><is><t>' + ' t="s"' * 30_000 + "</t></is></c></row>",
    '<row r="2"><c r="A2" x=\'' + ' t="s"' * 30_000 + "'/></row>",
], ids=["comment", "text", "attribute"])
def test_string_cells_hidden_in_text_do_not_raise_the_bound_issue_15_item_7(tmp_path, hidden):
    """Second look at issue 15 item 7: ``t="s"`` was counted wherever it was written, so a
    comment, a cell's text or an attribute value full of it raised the strings bound; only
    real cells count."""
    cells = '<row r="1">' + "".join('<c t="s"><v>0</v></c>' for _ in HEAD) + "</row>" + hidden
    p = xlsx(tmp_path / "扫描记录.xlsx", [], sst=_sst(50_000), sst_cells=cells)
    with pytest.raises(Unreadable, match="文字表"):
        read_table(p, recognise, explain)
