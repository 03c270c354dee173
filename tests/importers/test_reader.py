"""Opening legacy exports (R-03, SPEC §15): encodings, CSV shapes, XLSX, unreadable files."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from kefu_tui.importers import formats
from kefu_tui.importers.reader import Unreadable, cell_text, decode, read_table

SCAN_HEADER = "运单号,扫描类型,扫描时间,扫描网点"


def _open(path):
    return read_table(path, formats.recognise, formats.explain)


def _write(path, text, encoding):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    "encoding, name",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gbk"), ("gb18030", "gb18030")],
)
def test_r03_each_encoding_is_detected(tmp_path, encoding, name):
    # 䶮 (a name character) exists in GB18030 but not GBK: it makes the file GB18030-only
    site = "信阳二部䶮" if encoding == "gb18030" else "信阳二部"
    p = _write(tmp_path / "s.csv", f"{SCAN_HEADER}\n518012345678,到件,2026-11-23 08:00,{site}\n", encoding)
    t = _open(p)
    assert t.encoding == name
    assert list(t.rows) == [(2, ["518012345678", "到件", "2026-11-23 08:00", site])]


def test_r03_gb18030_character_is_not_read_as_private_use(tmp_path):
    # GBK decoding would turn these bytes into a private-use code point silently
    data = "收件人\n刘䶮\n".encode("gb18030")
    text, enc = decode(data)
    assert "刘䶮" in text and enc == "gb18030"


def test_r03_sample_scans_gbk_crlf_with_serial_column(samples):
    t = _open(samples / "扫描记录_20261123.csv")
    assert t.encoding == "gbk"
    assert t.match.format == formats.SCANS
    assert t.header[0] == "序号" and t.header_row == 1
    rows = list(t.rows)
    assert len(rows) == 257
    assert rows[0][0] == 2 and rows[0][1][2] == "518023259997"
    assert not any(cell.endswith("\r") for _, r in rows for cell in r)


def test_r03_blank_lines_are_skipped_but_row_numbers_are_the_files(tmp_path):
    p = _write(tmp_path / "s.csv",
               f"{SCAN_HEADER}\r\n\r\n,,,\r\n518012345678,到件,2026-11-23 08:00,信阳二部\r\n", "gbk")
    assert [n for n, _ in _open(p).rows] == [4]


def test_r03_header_below_a_title_line(tmp_path):
    p = _write(tmp_path / "s.csv",
               f"扫描记录 2026-11-23\n\n{SCAN_HEADER}\n518012345678,到件,2026-11-23 08:00,信阳二部\n", "utf-8")
    t = _open(p)
    assert t.header_row == 3
    assert [n for n, _ in t.rows] == [4]


def test_r03_tab_separated_export_is_read(tmp_path):
    p = _write(tmp_path / "s.txt", "运单号\t扫描类型\t扫描时间\t扫描网点\n518012345678\t到件\t2026-11-23 08:00\t信阳二部\n", "gbk")
    assert list(_open(p).rows)[0][1][0] == "518012345678"


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("missing.csv", None, "不存在"),
        ("garbage.csv", bytes(range(256)) * 40, "二进制"),
        ("report.pdf", b"%PDF-1.4", "CSV"),
        ("old.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("fake.xlsx", b"not a zip at all", "XLSX"),
        ("noheader.csv", "甲,乙,丙\n1,2,3\n".encode("gbk"), "表头"),
    ],
)
def test_r03_unreadable_file_raises_a_clear_error(tmp_path, name, content, words):
    p = tmp_path / name
    if content is not None:
        p.write_bytes(content)
    with pytest.raises(Unreadable) as e:
        _open(p)
    assert words in str(e.value) and name in str(e.value)


def test_r03_near_miss_header_names_the_missing_columns(tmp_path):
    p = _write(tmp_path / "s.csv", "运单号,扫描类型,扫描时间\n518012345678,到件,2026-11-23 08:00\n", "utf-8")
    with pytest.raises(Unreadable, match="扫描网点"):
        _open(p)


def test_r03_sample_waybills_xlsx_sheet_yun_dan(samples):
    t = _open(samples / "运单导出_20261123.xlsx")
    assert t.match.format == formats.WAYBILLS and t.encoding == "xlsx"
    rows = list(t.rows)
    assert len(rows) == 60
    first = rows[0][1]
    assert first[0] == "518023259997" and first[7] == "1" and first[8] == "10.66"


def test_r03_xlsx_second_sheet_whose_header_matches_and_cells_as_text(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表由系统导出"])
    ws = wb.create_sheet("扫描")
    ws.append(["运单号", "扫描类型", "扫描时间", "扫描网点", "重量"])
    ws.append([518012345678, "到件", datetime(2026, 11, 23, 8, 5), "信阳二部", 2.5])
    p = tmp_path / "scans.xlsx"
    wb.save(p)
    t = _open(p)
    assert t.match.format == formats.SCANS
    assert list(t.rows) == [(2, ["518012345678", "到件", "2026-11-23 08:05:00", "信阳二部", "2.5"])]


def test_cell_text_numbers_and_dates():
    assert cell_text(None) == ""
    assert cell_text(518012345678.0) == "518012345678"
    assert cell_text(12.5) == "12.5"
    assert cell_text(3) == "3"
