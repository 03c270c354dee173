"""Stored text printed by the CLI (issue 15 item 3, ARCHITECTURE "The second ring"): one
field, one line, control characters shown as symbols, so a site name or a ``--user`` with a
newline can never forge a 签收 line in ``kefu track`` or an entry in ``kefu audit``; and the
gate: what ``--user``, a note, a reason or a complaint brings in is stored cleaned."""

from __future__ import annotations

import re
import sqlite3

import pytest
from inprocess import run_kefu

from tests.app.stored_text_data import FORGE, HOSTILE, build_hostile_db

NOW = "2026-11-24T09:30:00+08:00"
RAW = ("\x1b", "\x9b", "\u202e", "\x07", "\x7f")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """An old database holding hostile text in every field (read only by these tests)."""
    return build_hostile_db(tmp_path_factory.mktemp("hostile") / "kefu.db")


def forged(out: str) -> list[str]:
    """Lines that begin with the forged text: a stored newline broke a field in two."""
    return [line for line in out.splitlines() if line.lstrip().startswith(FORGE)]


def ran(args, db, **kw):
    r = run_kefu(["--db", db, "--now", NOW, *args], **kw)
    assert r.returncode == 0, r.stderr
    assert [c for c in RAW if c in r.stdout + r.stderr] == []
    assert forged(r.stdout) == [], r.stdout
    return r


def a_waybill(db) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT t.waybill FROM tickets t JOIN scans s USING (waybill) LIMIT 1").fetchone()[0]
    finally:
        con.close()


def test_track_prints_a_site_with_a_newline_on_its_own_line(hostile):
    """issue 15 item 3: a site name holding a newline forged a 签收 line in ``kefu track``."""
    r = ran(["track", a_waybill(hostile)], hostile)
    assert "␊" in r.stdout and "␛" in r.stdout  # shown, not obeyed


def test_audit_prints_a_user_with_a_newline_on_one_line(hostile):
    """issue 15 item 3: a ``--user`` with a newline forged an entry in ``kefu audit``."""
    r = ran(["audit", "--limit", "50"], hostile)
    # an entry's line starts with its date (any year: the suite runs under faketime too)
    entries = sum(1 for line in r.stdout.splitlines() if re.match(r"\d{4}-\d\d-\d\d ", line))
    assert f"{entries} 条" in r.stdout


@pytest.mark.parametrize("args", [
    ["handover", "list"], ["complaint", "list"], ["complaint", "list", "--callbacks-due"],
    ["monitor", "checks"], ["transfer", "list"], ["unidentified", "list"], ["ticket", "list"],
])
def test_lists_print_stored_text_one_field_one_line(hostile, args):
    """issue 15 item 3: every list command prints an old database's hostile text as one
    visible line per field."""
    ran(args, hostile)


def test_user_is_cleaned_at_the_gate_before_the_audit_trail(tmp_path):
    """issue 15 item 3: ``--user`` with a newline and an escape sequence is stored as one
    plain line, in the note and in the audit trail; nothing but controls is no name (2)."""
    db = tmp_path / "kefu.db"
    user = "\x1b]0;PWNED\x07刘敏\n" + FORGE
    ran(["--user", user, "handover", "add", "call back [/b] later\x1b[31m"], db)
    con = sqlite3.connect(db)
    by, text = con.execute("SELECT by, text FROM handover_notes").fetchone()
    who = con.execute("SELECT user FROM audit WHERE action = 'handover.add'").fetchone()[0]
    con.close()
    assert by == who == "]0;PWNED刘敏 " + FORGE
    assert text == "call back [/b] later[31m"
    r = run_kefu(["--db", db, "--now", NOW, "--user", "\x1b\n\t", "handover", "list"])
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_every_text_argument_is_cleaned_at_the_gate(tmp_path):
    """issue 15 item 3: a complaint (and its step), a handover note, a monitor check's note,
    a ticket's reply and close reason, a transfer's fields and unidentified goods arrive
    without control characters; one-line fields (a name, a reason) without line breaks."""
    db = tmp_path / "kefu.db"
    bad = "a\x1b]0;T\x07b\x9b\u202e\x7f\r\nc"
    ran(["complaint", "add", "--from", bad, "--phone", "13800000000", "--text", bad], db)
    ran(["complaint", "step", "1", "judged", "--text", bad], db)
    ran(["handover", "add", bad], db)
    ran(["monitor", "check", "R-24", "--note", bad], db)
    con = sqlite3.connect(db)
    rows = [*con.execute("SELECT caller, text FROM complaints"),
            *con.execute("SELECT text, by FROM complaint_steps"),
            *con.execute("SELECT text, by FROM handover_notes"),
            *con.execute("SELECT note, checked_by FROM monitor_checks")]
    con.close()
    stored = [v for r in rows for v in r]
    assert all(not any(c in v for c in (*RAW, "\r")) for v in stored), stored
    assert rows[0][0] == "a]0;Tb c"  # a name: one line
    assert rows[0][1] == "a]0;Tb\nc"  # a text keeps its line break, drawn as ␊ at the exit


def test_an_imported_sender_is_one_plain_line(tmp_path):
    """issue 15 item 3: an imported 寄件人 holding SGR codes, markup and a line break (a
    quoted CSV field) is stored without the escape and on one line, and the register
    lists it so."""
    db, f = tmp_path / "kefu.db", tmp_path / "网络订单_20261124.csv"
    f.write_text("订单号,下单时间,寄件人,寄件电话,寄件地址,运单号,状态,备注\n"
                 'WD2026112400013,2026-11-24 08:41,"\x1b[1m周敏\n[/]\x1b[0m",13803761234,'
                 '"河南省信阳市\r\n浉河区",,待处理,\n', encoding="utf-8")
    ran(["import", f], db)
    con = sqlite3.connect(db)
    sender, address = con.execute("SELECT sender, sender_address FROM network_orders").fetchone()
    con.close()
    assert (sender, address) == ("[1m周敏 [/][0m", "河南省信阳市 浉河区")
