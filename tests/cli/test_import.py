"""`kefu import` through the real program (SPEC §14, §15, R-03)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.cli.inprocess import run_kefu

NOW = "2026-11-24T09:30:00+08:00"


def kefu(db, *args):
    return run_kefu(["--db", db, "--now", NOW, "--user", "tester", "import", *map(str, args)])


def counts(db):
    if not db.exists():
        return None
    with sqlite3.connect(db) as c:
        return tuple(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("scans", "waybills", "delivery_items", "imports", "audit"))


@pytest.fixture
def sample_files(samples):
    return [samples / "扫描记录_20261123.csv", samples / "运单导出_20261123.xlsx", samples / "派件清单_淮滨_20261123.csv"]


def test_r03_samples_import_then_reimport_adds_nothing(db_path, sample_files):
    r = kefu(db_path, *sample_files, "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert (doc["new"], doc["known"], doc["rejected"]) == (332, 0, 0)
    assert [(f["format"], f["encoding"]) for f in doc["files"]] == [("scans", "gbk"), ("waybills", "xlsx"), ("delivery", "utf-8-sig")]
    r = kefu(db_path, *sample_files, "--json")
    doc = json.loads(r.stdout)
    assert (doc["new"], doc["known"]) == (0, 332)
    assert counts(db_path)[:3] == (257, 60, 15)


def test_r03_human_output_counts_and_rejections(db_path, tmp_path):
    p = tmp_path / "扫描_坏行.csv"
    p.write_bytes((
        "序号,运单号,扫描类型,扫描时间,扫描网点\r\n"
        "1,518012345678,到件,2026-11-23 08:00:00,信阳二部\r\n"
        "2,5180123,到件,2026-11-23 08:00:00,信阳二部\r\n"
        "3,518012345679,到站,2026-11-23 08:00:00,信阳二部\r\n"
        "4,518012345670,派件,2026-11-32 08:00:00,信阳二部\r\n"
        "5,518012345671,派件,2026-11-23 09:00:00,信阳二部\r\n"
    ).encode("gbk"))
    r = kefu(db_path, p)
    assert r.returncode == 0, r.stderr
    assert "新增 new      2" in r.stdout and "拒绝 rejected      3" in r.stdout
    for row, words in ((3, "12位"), (4, "未知扫描类型"), (5, "无法识别")):
        assert any(f"第 {row} 行" in line and words in line for line in r.stdout.splitlines()), r.stdout
    doc = json.loads(kefu(db_path, p, "--json").stdout)
    assert doc["files"][0]["rejected"][0] == {"row": 3, "reason": doc["files"][0]["rejected"][0]["reason"]}
    assert (doc["new"], doc["known"], doc["rejected"]) == (0, 2, 3)


@pytest.mark.parametrize("content", [bytes(range(256)) * 50, "姓名,电话\n张三,138\n".encode("gbk")])
def test_r03_unreadable_file_exit_2_and_database_unchanged(db_path, sample_files, tmp_path, content):
    assert kefu(db_path, sample_files[0]).returncode == 0
    before = counts(db_path)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    r = kefu(db_path, sample_files[2], bad)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "bad.csv" in r.stderr
    assert r.stdout == ""
    assert counts(db_path) == before


def test_r03_missing_file_exit_2(db_path, tmp_path):
    r = kefu(db_path, tmp_path / "nope.csv")
    assert r.returncode == 2 and "nope.csv" in r.stderr


def test_r03_gb18030_only_characters_survive(db_path, tmp_path):
    p = tmp_path / "派件.csv"
    p.write_bytes("运单号,派件员,派件时间\n518012345678,刘䶮,2026-11-23 10:00\n".encode("gb18030"))
    doc = json.loads(kefu(db_path, p, "--json").stdout)
    assert doc["files"][0]["encoding"] == "gb18030" and doc["new"] == 1
    with sqlite3.connect(db_path) as c:
        assert c.execute("SELECT courier FROM delivery_items").fetchone()[0] == "刘䶮"


def test_r03_strict_with_rejects_exit_1_and_nothing_written(db_path, tmp_path):
    p = tmp_path / "s.csv"
    p.write_bytes("运单号,扫描类型,扫描时间,扫描网点\n518012345678,到件,2026-11-23 08:00,信阳二部\nxx,到件,2026-11-23 08:00,信阳二部\n".encode("gbk"))
    r = kefu(db_path, p, "--strict", "--json")
    assert r.returncode == 1
    assert json.loads(r.stdout)["rejected"] == 1
    assert counts(db_path)[0] == 0 and counts(db_path)[3] == 0


def test_scanner_noise_in_numbers_is_cleaned(db_path, tmp_path):
    p = tmp_path / "s.csv"
    p.write_bytes("运单号,扫描类型,扫描时间,扫描网点\n\x02518012345678\x03 ,到件,2026-11-23 08:00,信阳二部\n".encode("utf-8"))
    doc = json.loads(kefu(db_path, p, "--json").stdout)
    assert doc["new"] == 1
    with sqlite3.connect(db_path) as c:
        assert c.execute("SELECT waybill FROM scans").fetchone()[0] == "518012345678"
