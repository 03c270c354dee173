"""The branch server's command line (SPEC §14.1, issue 9): the audit trail, masked phones
and ``--reveal``, a close refused naming who closed first, backup and restore."""

import io
import json
import sqlite3

import pytest

from kefu_tui.cli import main
from kefu_tui.domain.clock import parse_iso, stamp
from kefu_tui.domain.privacy import mask_phone
from kefu_tui.store import open_store

NOW = "2026-12-06T09:00:00+08:00"
NO = "518000000101"
PHONE = "13812345678"


def kefu(db, capsys, monkeypatch, *argv, user="alice", now=NOW, pre=()):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    try:
        code = main(["--db", str(db), "--now", now, "--user", user, *pre, *argv])
    except SystemExit as e:
        code = e.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def branch(db_path):
    # the new file's seed entry on the tests' clock, not the wall clock (issue 16 item 0)
    with open_store(db_path, stamp(parse_iso(NOW))) as s, s.write():
        s.conn.execute("INSERT INTO waybills (waybill, receiver, phone, address) VALUES (?, ?, ?, ?)",
                       (NO, "王五", PHONE, "信阳市浉河区"))
    return db_path


def test_mask_phone_keeps_first_3_and_last_4():
    assert mask_phone(PHONE) == "138****5678"
    assert mask_phone("0376-6221234") == "037*-***1234"
    assert mask_phone(None) is None and mask_phone("") == ""


def test_close_on_a_closed_ticket_exits_1_naming_who_and_when(branch, capsys, monkeypatch):
    assert kefu(branch, capsys, monkeypatch, "ticket", "add", "--type", "phone", "--text", "电话错误", NO)[0] == 0
    assert kefu(branch, capsys, monkeypatch, "ticket", "note", NO, "电话停机", user="bob")[0] == 0
    assert kefu(branch, capsys, monkeypatch, "ticket", "close", NO, "--reason", "已联系",
                now="2026-12-06T10:15:00+08:00")[0] == 0
    code, out, err = kefu(branch, capsys, monkeypatch, "ticket", "close", NO, "--reason", "again",
                          user="bob")
    assert code == 1 and "alice" in err and "2026-12-06 10:15:00" in err and "关闭" in err
    with open_store(branch) as s:
        row = s.query("SELECT close_reason, closed_by FROM tickets")[0]
    assert tuple(row) == ("已联系", "alice")  # nothing changed
    code, out, _ = kefu(branch, capsys, monkeypatch, "audit", "--json", "--waybill", NO)
    entries = json.loads(out)["entries"]
    assert [(e["user"], e["action"]) for e in entries] == [
        ("alice", "ticket.close"), ("bob", "ticket.note"), ("alice", "ticket.add")]
    assert all(e["waybill"] == NO for e in entries)
    assert set(entries[0]) == {"at", "user", "action", "waybill", "before", "after"}
    assert entries[0]["before"] == {"status": "open"} and entries[0]["after"]["status"] == "closed"


def test_audit_filters_by_waybill_user_and_since(branch, capsys, monkeypatch):
    kefu(branch, capsys, monkeypatch, "ticket", "add", "--type", "phone", "--text", "电话错误", NO, "518000000202")
    kefu(branch, capsys, monkeypatch, "ticket", "note", "518000000202", "x", user="bob",
         now="2026-12-06T11:00:00+08:00")
    kefu(branch, capsys, monkeypatch, "ticket", "note", NO, "y", user="carol",
         now="2026-12-06T12:00:00+08:00")
    def actions(*argv):
        code, out, _ = kefu(branch, capsys, monkeypatch, "audit", "--json", *argv)
        assert code == 0
        return [(e["user"], e["action"], e["waybill"]) for e in json.loads(out)["entries"]]
    assert actions("--waybill", "518000000202") == [("bob", "ticket.note", "518000000202"),
                                                    ("alice", "ticket.add", "518000000202")]
    assert actions("--user", "carol") == [("carol", "ticket.note", NO)]
    assert actions("--since", "2026-12-06T10:30:00+08:00") == [
        ("carol", "ticket.note", NO), ("bob", "ticket.note", "518000000202")]
    assert kefu(branch, capsys, monkeypatch, "audit", "--since", "yesterday")[0] == 2


def test_phones_masked_in_list_track_export_and_revealed_with_an_audit_entry(
        branch, capsys, monkeypatch, tmp_path):
    kefu(branch, capsys, monkeypatch, "ticket", "add", "--type", "phone", "--text", "电话错误", NO)
    code, out, _ = kefu(branch, capsys, monkeypatch, "ticket", "list", "--json")
    assert json.loads(out)["tickets"][0]["phone"] == "138****5678" and PHONE not in out
    code, out, _ = kefu(branch, capsys, monkeypatch, "track", NO, "--json")
    assert "138****5678" in out and PHONE not in out
    csv = tmp_path / "t.csv"
    kefu(branch, capsys, monkeypatch, "export", "tickets", "-o", str(csv))
    assert "138****5678" in csv.read_text(encoding="utf-8-sig") and PHONE not in csv.read_text(encoding="utf-8-sig")
    _, out, _ = kefu(branch, capsys, monkeypatch, "audit", "--json")
    assert all(e["action"] != "reveal" for e in json.loads(out)["entries"])
    code, out, _ = kefu(branch, capsys, monkeypatch, "ticket", "list", "--json", pre=["--reveal"], user="bob")
    assert code == 0 and json.loads(out)["tickets"][0]["phone"] == PHONE
    _, out, _ = kefu(branch, capsys, monkeypatch, "audit", "--json", "--user", "bob")
    (e,) = json.loads(out)["entries"]
    assert e["action"] == "reveal" and e["after"]["waybills"] == [NO] and e["waybill"] == NO


def test_backup_refuses_an_existing_file_and_copies_a_sound_database(branch, capsys, monkeypatch, tmp_path):
    kefu(branch, capsys, monkeypatch, "ticket", "add", "--type", "phone", "--text", "电话错误", NO)
    target = tmp_path / "copy.db"
    target.write_text("mine")
    code, _, err = kefu(branch, capsys, monkeypatch, "backup", str(target))
    assert code == 2 and "--force" in err and target.read_text() == "mine"
    code, _, _ = kefu(branch, capsys, monkeypatch, "backup", str(target), "--force")
    assert code == 0
    c = sqlite3.connect(target)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert c.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    assert (target.stat().st_mode & 0o777) == 0o660


def test_restore_checks_first_keeps_the_replaced_file_and_refuses_a_bad_one(
        branch, capsys, monkeypatch, tmp_path):
    good = tmp_path / "good.db"
    assert kefu(branch, capsys, monkeypatch, "backup", str(good))[0] == 0
    kefu(branch, capsys, monkeypatch, "ticket", "add", "--type", "phone", "--text", "电话错误", NO)  # after the backup
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    not_kefu = tmp_path / "other.db"
    sqlite3.connect(not_kefu).execute("CREATE TABLE t (x)").connection.commit()
    for f in (bad, not_kefu, tmp_path / "missing.db"):
        code, _, err = kefu(branch, capsys, monkeypatch, "restore", str(f))
        assert code == 2 and "nothing changed" in err
    assert not list(tmp_path.glob("kefu.db.before-restore-*"))
    with open_store(branch) as s:
        assert s.query("SELECT count(*) FROM tickets")[0][0] == 1
    code, out, _ = kefu(branch, capsys, monkeypatch, "restore", str(good), user="carol")
    assert code == 0
    (kept,) = tmp_path.glob("kefu.db.before-restore-*")
    assert kept.name == "kefu.db.before-restore-20261206090000"
    assert sqlite3.connect(kept).execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    with open_store(branch) as s:
        assert s.query("SELECT count(*) FROM tickets")[0][0] == 0
        assert s.query("PRAGMA integrity_check")[0][0] == "ok"
    _, out, _ = kefu(branch, capsys, monkeypatch, "audit", "--json")
    assert json.loads(out)["entries"][0]["action"] == "restore"
    assert json.loads(out)["entries"][0]["user"] == "carol"


def test_a_new_database_seeds_its_audit_on_the_commands_clock(db_path, capsys, monkeypatch):
    """Issue 16 item 0: one clock for the audit trail; the new file's ``seed`` entry is
    stamped ``--now`` like every other entry, whatever day the suite runs."""
    assert kefu(db_path, capsys, monkeypatch, "ticket", "list", now="2031-05-04T08:00:00+08:00")[0] == 0
    code, out, _ = kefu(db_path, capsys, monkeypatch, "audit", "--json")
    seed = [e for e in json.loads(out)["entries"] if e["action"] == "seed"]
    assert [e["at"][:19].replace("T", " ") for e in seed] == ["2031-05-04 08:00:00"]
