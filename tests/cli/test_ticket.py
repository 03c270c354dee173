"""`kefu ticket add|list|note|close|undo` (SPEC §5, §14): R-07, R-08 and exit codes."""

import io
import json

import pytest

from kefu_tui.cli import main
from kefu_tui.store import open_store

NOW = "2026-12-06T09:00:00+08:00"
NOS = [f"5180000001{i:02d}" for i in range(50)]


def kefu(db, capsys, monkeypatch, *argv, stdin="", now=NOW, user="wu"):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        code = main(["--db", str(db), "--now", now, "--user", user, *argv])
    except SystemExit as e:
        code = e.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_R08_add_50_from_stdin_list_and_undo(db_path, capsys, monkeypatch):
    stdin = "淮滨派件清单\n" + "\n".join(NOS) + "\n合计50\n"
    code, out, _ = kefu(db_path, capsys, monkeypatch, "ticket", "add", "--type", "代派时效不保",
                        "--text", "淮滨网点暂停,代派时效不保", "-", "--json", stdin=stdin)
    assert code == 0
    doc = json.loads(out)
    assert doc["created"] == 50 and doc["skipped_open"] == [] and len(doc["unknown"]) == 50
    code, out, _ = kefu(db_path, capsys, monkeypatch, "ticket", "add", "--type", "agent_delay",
                        "--text", "again", NOS[0], "518000009999", "--json")
    doc2 = json.loads(out)
    assert doc2["created"] == 1 and doc2["skipped_open"] == [NOS[0]]
    code, out, _ = kefu(db_path, capsys, monkeypatch, "ticket", "list", "--json", "--limit", "10")
    doc3 = json.loads(out)
    assert doc3["count"] == 51 and len(doc3["tickets"]) == 10
    assert doc3["tickets"][0]["type_label"] == "代派时效不保"
    # undo takes back the user's last batch only (the one ticket), then the 50
    code, out, _ = kefu(db_path, capsys, monkeypatch, "ticket", "undo", "--json")
    assert code == 0 and json.loads(out)["removed"] == 1
    code, out, _ = kefu(db_path, capsys, monkeypatch, "ticket", "undo", "--json", user="chen")
    assert code == 1
    code, out, _ = kefu(db_path, capsys, monkeypatch, "ticket", "undo", "--json")
    assert json.loads(out) == {"batch_id": doc["batch_id"], "removed": 50}
    with open_store(db_path) as s:
        assert s.query("SELECT count(*) FROM tickets")[0][0] == 0


def test_unknown_type_exit_2_nothing_written(db_path, capsys, monkeypatch):
    code, _, err = kefu(db_path, capsys, monkeypatch, "ticket", "add", "--type", "bogus", "--text", "x", NOS[0])
    assert code == 2 and "bogus" in err
    with open_store(db_path) as s:
        assert s.query("SELECT count(*) FROM tickets")[0][0] == 0


def test_R07_note_dated_and_appended(db_path, capsys, monkeypatch):
    kefu(db_path, capsys, monkeypatch, "ticket", "add", "--type", "客户不在", "--text", "客户不在", NOS[0],
         now="2026-12-05T16:00:00+08:00")
    code, out, _ = kefu(db_path, capsys, monkeypatch, "ticket", "note", NOS[0], "暂放续送", "--json")
    assert code == 0 and json.loads(out) == {"waybill": NOS[0], "text": "暂放续送(1206)"}
    kefu(db_path, capsys, monkeypatch, "ticket", "note", NOS[0], "已派", now="2026-12-07T09:00:00+08:00")
    with open_store(db_path) as s:
        assert [r[0] for r in s.query("SELECT text FROM ticket_notes ORDER BY id")] == ["暂放续送(1206)", "已派(1207)"]


def test_note_without_open_ticket_exit_1(db_path, capsys, monkeypatch):
    code, _, err = kefu(db_path, capsys, monkeypatch, "ticket", "note", NOS[1], "x")
    assert code == 1 and "no open" in err
    code, _, _ = kefu(db_path, capsys, monkeypatch, "ticket", "note", "12345", "x")
    assert code == 2


def test_R06_list_overdue_and_close(db_path, capsys, monkeypatch):
    kefu(db_path, capsys, monkeypatch, "ticket", "add", "--type", "phone", "--text", "停机", NOS[0],
         now="2026-12-05T23:59:59+08:00")
    kefu(db_path, capsys, monkeypatch, "ticket", "add", "--type", "phone", "--text", "停机", NOS[1],
         now="2026-12-06T00:00:00+08:00")
    code, out, _ = kefu(db_path, capsys, monkeypatch, "ticket", "list", "--overdue", "--json")
    doc = json.loads(out)
    assert doc["count"] == 1 and doc["tickets"][0]["waybill"] == NOS[0]
    assert doc["tickets"][0]["days_since_update"] == 1
    code, out, _ = kefu(db_path, capsys, monkeypatch, "ticket", "close", NOS[0], "--reason", "已更正电话", "--json")
    assert code == 0
    code, out, _ = kefu(db_path, capsys, monkeypatch, "ticket", "list", "--open", "--json")
    assert [t["waybill"] for t in json.loads(out)["tickets"]] == [NOS[1]]
    code, out, _ = kefu(db_path, capsys, monkeypatch, "ticket", "list", "--type", "address", "--json")
    assert json.loads(out)["count"] == 0
    code, out, _ = kefu(db_path, capsys, monkeypatch, "ticket", "list")
    assert code == 0 and NOS[1] in out and "1 件" in out
