"""`kefu export` through the real program (SPEC §14): CSV and XLSX that read back."""

import csv
import json

import pytest
from openpyxl import load_workbook

from kefu_tui.services.export import sto_cost_fen
from tests.cli.inprocess import run_kefu

NOW = "2026-11-24T09:30:00+08:00"


def kefu(db, *args):
    return run_kefu(["--db", db, "--now", NOW, *args])


@pytest.fixture
def filled(store, db_path):
    c = store.conn
    c.executemany("INSERT INTO delivery_items (waybill, courier, at, day, outlet)"
                  " VALUES (?, '淮滨代派', ?, '2026-11-24', '淮滨')",
                  [("518000000502", "2026-11-24 09:00:00"), ("518000000503", "2026-11-24 09:05:00")])
    c.execute("INSERT INTO waybills (waybill, receiver, phone) VALUES ('518000000502', '王五', '13800000000')")
    c.executemany("INSERT INTO scans (waybill, kind, at, site) VALUES (?, ?, ?, ?)",
                  [("518000000502", "到件", "2026-11-24 07:00:00", "信阳二部"),
                   ("518000000503", "签收", "2026-11-24 08:00:00", "信阳二部")])
    c.executemany("INSERT INTO transfers (waybill, mode, carrier, new_waybill, weight_kg,"
                  " created_at, created_by) VALUES (?, 'rewaybill', ?, ?, ?, ?, 'a')",
                  [("518000000801", "sto", "773000000001", 2.0, "2026-11-24 10:00:00"),
                   ("518000000802", "sto", "773000000002", 3.2, "2026-11-24 11:00:00"),
                   ("518000000803", "postal", "990000000001", 1.0, "2026-11-03 11:00:00"),
                   ("518000000804", "postal", "990000000002", 1.0, "2026-11-24 11:00:00")])
    c.commit()
    return db_path


def test_huaibin_csv_has_bom_and_reads_back(filled, tmp_path):
    out = tmp_path / "淮滨.csv"
    r = kefu(filled, "export", "huaibin", "--output", str(out), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"report": "huaibin", "output": str(out), "rows": 2}
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[0][:3] == ["序号", "运单号", "派件员"]
    assert rows[1][1:3] == ["518000000502", "淮滨代派"] and rows[1][4] == "王五"


def test_R20_sto_xlsx_ledger_reads_back_with_costs(filled, tmp_path):
    out = tmp_path / "sto.xlsx"
    assert kefu(filled, "export", "sto", "-o", str(out)).returncode == 0
    ws = load_workbook(out).active
    vals = [[c.value for c in row] for row in ws.iter_rows()]
    assert vals[0][5] == "费用"
    assert [v[5] for v in vals[1:]] == ["5.00", "7.00", "12.00"]
    assert not list(tmp_path.glob(".sto.xlsx.*"))  # no temp file left behind


def test_R20_sto_cost_first_two_kg_then_per_kg():
    assert [sto_cost_fen(w) for w in (0.3, 2, 2.01, 3, 10)] == [500, 500, 600, 600, 1300]


def test_postal_month_settlement_counts_per_day(filled, tmp_path):
    out = tmp_path / "postal.csv"
    assert kefu(filled, "export", "postal", "--month", "2026-11", "-o", str(out)).returncode == 0
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows == [["日期", "件数"], ["2026-11-03", "1"], ["2026-11-24", "1"], ["合计", "2"]]


@pytest.mark.parametrize("report", ["daily", "tickets", "transfers", "counts", "monitor"])
def test_every_report_writes_xlsx(filled, tmp_path, report):
    out = tmp_path / f"{report}.xlsx"
    r = kefu(filled, "export", report, "-o", str(out), "--date", "2026-11-24", "--json")
    assert r.returncode == 0, r.stderr
    assert load_workbook(out).active.max_row == json.loads(r.stdout)["rows"] + 1


def test_daily_counts_scans_per_site(filled, tmp_path):
    out = tmp_path / "d.csv"
    kefu(filled, "export", "daily", "-o", str(out))
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert ["到件", "信阳二部", "1"] in rows and ["转件", "申通", "2"] in rows


def test_unknown_report_or_suffix_exit_2_and_help_lists_reports(filled, tmp_path):
    r = kefu(filled, "export", "nope", "-o", str(tmp_path / "x.csv"))
    assert r.returncode == 2 and "unknown report" in r.stderr
    r = kefu(filled, "export", "daily", "-o", str(tmp_path / "x.txt"))
    assert r.returncode == 2 and not (tmp_path / "x.txt").exists()
    h = kefu(filled, "export", "--help").stdout
    for name in ("daily", "tickets", "huaibin", "postal", "sto", "transfers", "counts", "monitor"):
        assert f"  {name} " in h


def test_reports_speak_chinese_not_codes(filled, tmp_path):
    """Issue 6 item 6: exports show 代派时效不保 and 未结, not agent_delay and open; a
    transfer's mode, carrier and fee confirmation read 换单, 申通, 否 (words from domain.words)."""
    from kefu_tui.store import open_store

    with open_store(filled) as s, s.write():
        s.conn.execute("INSERT INTO tickets (waybill, type, text, status, created_at, created_by,"
                       " updated_at) VALUES ('518000000502', 'agent_delay', '淮滨网点暂停,代派时效不保',"
                       " 'open', '2026-11-24 08:00:00', 'a', '2026-11-24 08:00:00')")
    out = tmp_path / "t.csv"
    assert kefu(filled, "export", "tickets", "-o", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "代派时效不保" in text and ",未结," in text
    assert "agent_delay" not in text and ",open," not in text
    out = tmp_path / "x.csv"
    assert kefu(filled, "export", "transfers", "-o", str(out), "--date", "2026-11-24").returncode == 0
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[1][2:4] == ["换单", "申通"] and "否" in rows[1]
    assert not {"rewaybill", "sto", "postal"} & {c for r in rows[1:] for c in r}


def test_an_existing_file_is_kept_unless_force(filled, tmp_path):
    """The brief: never overwrite a file the user named without --force."""
    out = tmp_path / "mine.csv"
    out.write_text("the clerk's own sheet\n", encoding="utf-8")
    r = kefu(filled, "export", "daily", "-o", str(out))
    assert r.returncode == 2 and "--force" in r.stderr
    assert out.read_text(encoding="utf-8") == "the clerk's own sheet\n"
    assert kefu(filled, "export", "daily", "-o", str(out), "--force").returncode == 0
    assert "信阳二部" in out.read_text(encoding="utf-8-sig")


def test_the_reports_desk_never_overwrites_an_earlier_export(tmp_path):
    from kefu_tui.screens.reports import free_name

    assert free_name(tmp_path, "daily-today", ".csv") == tmp_path / "daily-today.csv"
    (tmp_path / "daily-today.csv").write_text("sent to the boss")
    (tmp_path / "daily-today-2.csv").write_text("sent again")
    assert free_name(tmp_path, "daily-today", ".csv") == tmp_path / "daily-today-3.csv"
