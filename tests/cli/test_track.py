"""`kefu track NO... | -` (SPEC §4, §14, R-05): stdin with junk, unknown numbers, JSON."""

import io
import json

import pytest

from kefu_tui.cli import main
from kefu_tui.store import open_store

NOW = "2026-12-06T09:00:00+08:00"


@pytest.fixture
def db(db_path):
    with open_store(db_path) as s, s.write():
        s.conn.executemany("INSERT INTO scans (waybill, kind, at, site, operator) VALUES (?,?,?,?,?)", [
            ("518000000001", "到件", "2026-12-05 09:00:00", "信阳分拨中心", "吴霞"),
            ("518000000001", "派件", "2026-12-05 10:00:00", "信阳二部", "张伟"),
            ("518000000001", "签收", "2026-12-05 15:00:00", "信阳二部", "张伟"),
            ("518000000002", "到件", "2026-12-06 08:00:00", "固始", "刘洋"),
        ])
    return db_path


def run(capsys, monkeypatch, argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_R05_track_stdin_ignores_junk_lines(db, capsys, monkeypatch):
    stdin = "运单号\n518000000001\n\n  518000000002\r\nhello 123\n518000000001\n12345\n"
    code, out, _ = run(capsys, monkeypatch, ["--db", str(db), "--now", NOW, "track", "-", "--json"], stdin)
    assert code == 0
    doc = json.loads(out)
    assert [p["waybill"] for p in doc["parcels"]] == ["518000000001", "518000000002"]
    assert doc["ignored"] == 3 and doc["repeats"] == 1
    first, second = doc["parcels"]
    assert first["state"] == "已签收" and first["next_action"] == "none" and first["site"] == "信阳二部"
    assert [s["kind"] for s in first["scans"]] == ["到件", "派件", "签收"]
    assert second["state"] == "已到件" and second["known"] is True


def test_unknown_numbers_listed_exit_0(db, capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, ["--db", str(db), "--now", NOW, "track", "518000000777", "--json"])
    assert code == 0
    p = json.loads(out)["parcels"][0]
    assert p["known"] is False and p["state"] == "未到" and p["scans"] == []


def test_human_output_header_and_timeline(db, capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, ["--db", str(db), "--now", NOW, "track", "518000000001", "518000000777"])
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("518000000001  已签收  信阳二部")
    assert any("2026-12-05 10:00:00" in l and "派件" in l for l in lines)
    assert any(l.startswith("518000000777") and "未知" in l for l in lines)


def test_no_number_is_a_usage_error(db, capsys, monkeypatch):
    with pytest.raises(SystemExit) as e:
        run(capsys, monkeypatch, ["--db", str(db), "--now", NOW, "track", "hello"])
    assert e.value.code == 2


def test_track_as_a_process(db):
    import os, subprocess, sys
    env = {**os.environ, "KEFU_DB": str(db), "KEFU_NOW": NOW}
    r = subprocess.run([sys.executable, "-m", "kefu_tui", "track", "-", "--json"], input="x\n518000000002\n",
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["parcels"][0]["waybill"] == "518000000002"
