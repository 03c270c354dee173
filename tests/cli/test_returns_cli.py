"""SPEC §14.1 Returns: ``kefu ticket reply``, ``kefu return``, ``ticket list --must-return``
and ``--returnable`` (R-09), including every refusal: exit 1, reason on stderr, nothing
written."""

import io
import json

import pytest

from kefu_tui.cli import main
from kefu_tui.store import open_store

NOW = "2026-12-04T10:00:00+08:00"
OLD = "518000000101"  # notified 12-01 09:00: past 72 h
NEW = "518000000102"  # notified 12-02 09:00: 2 days ago
BARE = "518000000103"  # scanned, never registered as a problem


def kefu(db, capsys, monkeypatch, *argv, now=NOW, user="wu"):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    try:
        code = main(["--db", str(db), "--now", now, "--user", user, *argv])
    except SystemExit as e:
        code = e.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(db_path, capsys, monkeypatch):
    with open_store(db_path) as s, s.write():
        s.conn.execute("INSERT INTO waybills (waybill, sender_outlet, receiver) VALUES (?, '义乌二部', '王')", (OLD,))
        s.conn.execute("INSERT INTO scans (waybill, kind, at, site) VALUES (?, '到件', '2026-12-01 08:00:00', '信阳二部')", (BARE,))
    for no, at in ((OLD, "2026-12-01T09:00:00"), (NEW, "2026-12-02T09:00:00")):
        assert kefu(db_path, capsys, monkeypatch, "ticket", "add", "--type", "address",
                    "--text", "地址不详", no, now=at)[0] == 0
    return db_path


def _snapshot(db):
    with open_store(db) as s:
        return [s.query(f"SELECT * FROM {t} ORDER BY 1").__len__() and
                [tuple(r) for r in s.query(f"SELECT * FROM {t} ORDER BY 1")]
                for t in ("tickets", "ticket_notes", "ticket_replies", "scans", "returns", "audit")]


def refused(db, capsys, monkeypatch, *argv, now=NOW, why=""):
    before = _snapshot(db)
    code, out, err = kefu(db, capsys, monkeypatch, *argv, now=now)
    assert code == 1, (code, err)
    assert why in err and err.count("\n") == 1
    assert _snapshot(db) == before  # nothing written
    return err


def test_R09_return_prints_the_label_and_scans(db, capsys, monkeypatch):
    code, out, err = kefu(db, capsys, monkeypatch, "return", OLD, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["waybill"] == OLD and doc["returned_at"] == "2026-12-04T10:00:00+08:00"
    lab = doc["label"]
    assert lab["sender_outlet"] == "义乌二部" and lab["date"] == "2026-12-04" and lab["waybill"] == OLD
    assert lab["reminder"] == "原目的地划掉,贴面单右上角,勿盖单号条码及代收到付标志"
    assert "地址不详" in lab["reason"]
    with open_store(db) as s:
        scans = [tuple(r) for r in s.query(
            "SELECT kind, site, next_site, at FROM scans WHERE waybill = ? ORDER BY id", (OLD,))]
        assert scans == [("到件", "信阳分拨中心", None, "2026-12-04 10:00:00"),
                         ("退件", "信阳分拨中心", None, "2026-12-04 10:00:00"),
                         ("发件", "信阳分拨中心", "郑州分拨中心", "2026-12-04 10:00:00")]
        t = s.query("SELECT status, close_reason FROM tickets WHERE waybill = ?", (OLD,))[0]
        assert tuple(t) == ("closed", "退件")
    # text form: the bordered label
    code, out, _ = kefu(db, capsys, monkeypatch, "ticket", "reply", NEW, "return")
    code, out, _ = kefu(db, capsys, monkeypatch, "return", NEW)
    assert code == 0 and out.splitlines()[0].startswith("┌") and "勿盖单号条码及代收到付标志" in out


def test_R09_refused_with_no_problem_notice(db, capsys, monkeypatch):
    refused(db, capsys, monkeypatch, "return", BARE, why="没有问题件通知")
    refused(db, capsys, monkeypatch, "return", BARE, "--json", why="没有问题件通知")


def test_R09_refused_before_72_hours_says_when(db, capsys, monkeypatch):
    err = refused(db, capsys, monkeypatch, "return", NEW, why="未满72小时")
    assert "12-05 09:00起可退" in err and "R-09" in err
    # unclear keeps the clock running: still refused
    assert kefu(db, capsys, monkeypatch, "ticket", "reply", NEW, "unclear")[0] == 0
    refused(db, capsys, monkeypatch, "return", NEW, why="未满72小时")


def test_R09_refused_during_a_hold_then_allowed_after(db, capsys, monkeypatch):
    code, out, _ = kefu(db, capsys, monkeypatch, "ticket", "reply", OLD, "hold",
                        "--until", "2026-12-06T18:00:00", "--text", "客户出差", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["hold_until"] == "2026-12-06 18:00:00" and doc["return_state"] == "held"
    assert doc["note"] == "发件网点回复:暂放至12-06 18:00 客户出差(1204)"  # R-07 dated
    refused(db, capsys, monkeypatch, "return", OLD, why="暂放至12-06 18:00")
    _, out, _ = kefu(db, capsys, monkeypatch, "ticket", "list", "--returnable", "--json")
    assert OLD not in [t["waybill"] for t in json.loads(out)["tickets"]]
    _, out, _ = kefu(db, capsys, monkeypatch, "ticket", "list", "--returnable", "--json",
                     now="2026-12-06T18:00:00")
    assert OLD in [t["waybill"] for t in json.loads(out)["tickets"]]
    assert kefu(db, capsys, monkeypatch, "return", OLD, now="2026-12-06T18:00:00")[0] == 0


def test_R09_refused_after_redeliver(db, capsys, monkeypatch):
    assert kefu(db, capsys, monkeypatch, "ticket", "reply", OLD, "redeliver",
                "--text", "新地址 信阳市浉河区东方红大道1号")[0] == 0
    refused(db, capsys, monkeypatch, "return", OLD, why="要求再派")


def test_R09_refused_when_already_returned_or_closed(db, capsys, monkeypatch):
    assert kefu(db, capsys, monkeypatch, "return", OLD)[0] == 0
    refused(db, capsys, monkeypatch, "return", OLD, why="已于 2026-12-04 10:00 退件")
    assert kefu(db, capsys, monkeypatch, "ticket", "close", NEW, "--reason", "已派送")[0] == 0
    refused(db, capsys, monkeypatch, "return", NEW, why="问题件已关闭")


def test_R09_return_reply_puts_it_on_the_must_return_list(db, capsys, monkeypatch):
    _, out, _ = kefu(db, capsys, monkeypatch, "ticket", "list", "--must-return", "--json")
    assert json.loads(out)["count"] == 0
    code, out, _ = kefu(db, capsys, monkeypatch, "ticket", "reply", NEW, "return", "--json")
    assert code == 0 and json.loads(out)["return_state"] == "must"
    _, out, _ = kefu(db, capsys, monkeypatch, "ticket", "list", "--must-return", "--json")
    doc = json.loads(out)
    assert [t["waybill"] for t in doc["tickets"]] == [NEW] and doc["tickets"][0]["return_clock"] == "必退"
    _, out, _ = kefu(db, capsys, monkeypatch, "ticket", "list", "--returnable", "--json")
    assert sorted(t["waybill"] for t in json.loads(out)["tickets"]) == [OLD, NEW]
    assert kefu(db, capsys, monkeypatch, "return", NEW)[0] == 0  # before 72 h: the sender asked
    _, out, _ = kefu(db, capsys, monkeypatch, "ticket", "list", "--must-return", "--json")
    assert json.loads(out)["count"] == 0


@pytest.mark.parametrize("until,why", [
    ("2026-12-04T09:00:00", "早于回复时间"),  # ends before the reply
    ("2026-12-11T10:00:00", "最长3天"),  # a week
    ("2026-12-07T10:00:01", "最长3天"),
])
def test_R09_nonsense_hold_refused_nothing_recorded(db, capsys, monkeypatch, until, why):
    refused(db, capsys, monkeypatch, "ticket", "reply", OLD, "hold", "--until", until, why=why)


def test_reply_refused_without_an_open_ticket(db, capsys, monkeypatch):
    refused(db, capsys, monkeypatch, "ticket", "reply", BARE, "return", why="没有未结的问题件")


@pytest.mark.parametrize("argv", [
    ("ticket", "reply", OLD, "maybe"),
    ("ticket", "reply", OLD, "hold"),  # no --until
    ("ticket", "reply", OLD, "hold", "--until", "next tuesday"),
    ("ticket", "reply", OLD, "return", "--until", "2026-12-05T10:00:00"),
    ("ticket", "reply", "12345", "return"),
    ("return", "12345"),
])
def test_unusable_input_exits_2_nothing_written(db, capsys, monkeypatch, argv):
    before = _snapshot(db)
    code, out, err = kefu(db, capsys, monkeypatch, *argv)
    assert code == 2 and err.count("\n") == 1
    assert _snapshot(db) == before
