"""Hostile import files (issue 8): damaged XLSX, zip bombs, too many rows, giant lines,
look-alike digits, overflowing numbers and odd times — each refused with a reason, in
bounded memory, and never half-imported."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import zipfile

import pytest

from kefu_tui.importers import limits
from kefu_tui.importers.formats import explain, parse, recognise
from kefu_tui.importers.reader import Unreadable, read_table
from kefu_tui.services.imports import import_files

GOOD_XLSX = "运单导出_20261123.xlsx"


def read_all(path):
    t = read_table(path, recognise, explain)
    return parse(t.match, t.rows, path.name)


def rewrite(src, dst, change):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            zout.writestr(name, change(name, data))
    return dst


@pytest.mark.parametrize("seed", range(8))
def test_flipped_bytes_in_an_xlsx_are_an_unreadable_file(samples, tmp_path, seed):
    data = bytearray((samples / GOOD_XLSX).read_bytes())
    rnd = random.Random(seed)
    for _ in range(4):
        data[rnd.randrange(30, len(data))] ^= 0xFF
    p = tmp_path / "flipped.xlsx"
    p.write_bytes(bytes(data))
    try:
        read_all(p)  # a flip in padding may leave a readable file: that is fine too
    except Unreadable as e:
        assert e.reason and "\n" not in str(e)


def test_an_xlsx_cut_in_half(samples, tmp_path):
    p = tmp_path / "cut.xlsx"
    data = (samples / GOOD_XLSX).read_bytes()
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(Unreadable, match="不是有效的 XLSX"):
        read_all(p)


def test_a_worksheet_cut_short(samples, tmp_path):
    p = rewrite(samples / GOOD_XLSX, tmp_path / "short.xlsx",
                lambda n, d: d[: len(d) // 2] if n.startswith("xl/worksheets/") else d)
    with pytest.raises(Unreadable, match="损坏"):
        read_all(p)


def test_a_zip_bomb_is_refused_from_its_directory(samples, tmp_path):
    pad = b" " * (64 * 1024 * 1024)  # 64 MB of spaces packs to ~64 KB
    p = rewrite(samples / GOOD_XLSX, tmp_path / "bomb.xlsx",
                lambda n, d: d.replace(b"<sheetData>", b"<sheetData>" + pad) if n.startswith("xl/worksheets/") else d)
    assert p.stat().st_size < 1024 * 1024
    with pytest.raises(Unreadable, match="压缩炸弹"):
        read_all(p)


def test_rows_beyond_the_limit_are_counted_before_openpyxl_reads(samples, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 1000)
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>518023259997</t></is></c></row>' % (i, i)
                    for i in range(100, 1200))
    p = rewrite(samples / GOOD_XLSX, tmp_path / "rows.xlsx",
                lambda n, d: d.replace(b"</sheetData>", rows + b"</sheetData>") if n.startswith("xl/worksheets/") else d)
    with pytest.raises(Unreadable, match="1000 行"):
        read_all(p)


def test_count_rows_across_chunk_boundaries(tmp_path):
    body = b"".join(b"<row r='%d'>" % i + b"x" * (i % 97) + b"</row>" for i in range(40000))
    p = tmp_path / "s.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + body + b"</sheetData></worksheet>")
    assert len(body) > 2 * 1024 * 1024
    assert limits.count_rows(p, "xl/worksheets/sheet1.xml") == 40000


def test_rows_beyond_a_declared_dimension_are_read(samples, tmp_path):
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>5180232%05d</t></is></c></row>' % (i, i, i)
                    for i in range(100, 110))
    p = rewrite(samples / GOOD_XLSX, tmp_path / "more.xlsx",
                lambda n, d: d.replace(b"</sheetData>", rows + b"</sheetData>") if n.startswith("xl/worksheets/") else d)
    assert read_all(p).read == read_all(samples / GOOD_XLSX).read + 10


def test_a_csv_beyond_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CSV_BYTES", 1000)
    p = tmp_path / "big.csv"
    p.write_text("运单号,件数\n" + "518023259997,1\n" * 100)
    with pytest.raises(Unreadable, match="文件过大"):
        read_all(p)


def test_a_csv_with_too_many_lines_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 50)
    p = tmp_path / "long.csv"
    p.write_text("运单号,件数\n" + "518023259997,1\n" * 100)
    with pytest.raises(Unreadable, match="50 行"):
        read_table(p, recognise, explain)


def test_a_giant_line_is_refused(tmp_path):
    p = tmp_path / "line.csv"
    p.write_text("运单号,件数\n518023259997," + "9" * (limits.MAX_LINE_CHARS * 2) + "\n")
    with pytest.raises(Unreadable):
        read_all(p)


def test_overflowing_and_negative_numbers_are_rejected_rows(store, now, tmp_path):
    p = tmp_path / "运单.csv"
    p.write_text("运单号,件数,代收金额,重量\n"
                 "518023259997,99999999999999999999999999,,\n"
                 "518019008098,2,,\n"
                 "518019008099,-3,,\n"
                 "518019008091,１２,,\n"
                 "518019008092,1,99999999999999999999999,\n"
                 "518019008093,1,,1e999\n"
                 "518019008094,1,,nan\n", encoding="utf-8")
    [rep] = import_files(store, [p], now, "t")
    assert rep.new == 2
    assert sorted(r.row for r in rep.rejected) == [2, 4, 6, 7, 8]
    assert store.query("SELECT pieces FROM waybills WHERE waybill='518019008091'")[0][0] == 12


def test_times_outside_the_spec_forms_are_rejected_rows(store, now, tmp_path):
    p = tmp_path / "扫描.csv"
    p.write_text("运单号,扫描类型,扫描时间,扫描网点\n"
                 "518023259997,到件,2026-W48-2 08:00:00,信阳分拨中心\n"
                 "518023259997,到件,2026/11/24 08:00,信阳分拨中心\n"
                 "518023259997,到件,0001-01-01 00:00:00,信阳分拨中心\n"
                 "518023259997,到件,2026-11-24,信阳分拨中心\n"
                 "５１８０２３２５９９９７,派件,2026-11-24 09:00:00,信阳分拨中心\n", encoding="utf-8")
    [rep] = import_files(store, [p], now, "t")
    assert rep.new == 2 and [r.row for r in rep.rejected] == [2, 4, 5]
    got = store.query("SELECT waybill, at FROM scans ORDER BY at")
    assert [tuple(r) for r in got] == [("518023259997", "2026-11-24 08:00:00"), ("518023259997", "2026-11-24 09:00:00")]


def test_a_file_name_that_is_not_utf8(store, now, tmp_path, samples):
    name = os.fsdecode(b"\xff\xfe\xd2.csv")
    p = tmp_path / name
    shutil.copy(samples / "派件清单_淮滨_20261123.csv", p)
    [rep] = import_files(store, [p], now, "t")
    assert rep.new > 0 and "\ufffd" in rep.file
    rep.file.encode("utf-8")


def test_a_refused_file_writes_nothing(store, now, tmp_path, samples):
    bad = tmp_path / "cut.xlsx"
    bad.write_bytes((samples / GOOD_XLSX).read_bytes()[:2000])
    before = store.query("SELECT count(*) FROM imports")[0][0]
    with pytest.raises(Unreadable):
        import_files(store, [samples / "派件清单_淮滨_20261123.csv", bad], now, "t")
    assert store.query("SELECT count(*) FROM imports")[0][0] == before
    assert store.query("SELECT count(*) FROM delivery_items")[0][0] == 0
