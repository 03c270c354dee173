"""Why a ticket was closed (SPEC §14.2 Tickets, issue 16 item 8): a closed ticket carries
``close_reason`` (the text given at close; ``退件`` after ``kefu return``), ``closed_by`` and
``closed_at`` in ``ticket list --json`` and ``track --json``; open ones carry nulls."""

import json

import pytest

from kefu_tui.store import open_store
from tests.cli.inprocess import run_kefu

NOW = "2026-12-04T10:00:00+08:00"
RETURNED = "518000000101"  # notified 12-01 09:00, returned by wu at NOW
CLOSED = "518000000102"  # closed by bob with his words
OPEN = "518000000103"


def kefu(db, *argv, user="wu"):
    r = run_kefu(["--db", db, "--now", NOW, "--user", user, *argv])
    assert r.returncode == 0, r.stderr
    return r.stdout


def closed_tickets_db(db_path):
    """Three tickets of 12-01: one returned by wu, one closed by bob, one left open."""
    with open_store(db_path) as s, s.write():
        s.conn.execute("INSERT INTO waybills (waybill, sender_outlet) VALUES (?, '义乌二部')", (RETURNED,))
    for no in (RETURNED, CLOSED, OPEN):
        r = run_kefu(["--db", db_path, "--now", "2026-12-01T09:00:00+08:00", "--user", "wu",
                      "ticket", "add", "--type", "address", "--text", "地址不详", no])
        assert r.returncode == 0, r.stderr
    kefu(db_path, "ticket", "close", CLOSED, "--reason", "客户自取", user="bob")
    kefu(db_path, "return", RETURNED)
    return db_path


@pytest.fixture
def db(db_path):
    return closed_tickets_db(db_path)


WHY = {RETURNED: ("退件", "wu", "2026-12-04 10:00:00"),
       CLOSED: ("客户自取", "bob", "2026-12-04 10:00:00"),
       OPEN: (None, None, None)}


def _why(ticket: dict) -> tuple:
    return ticket["close_reason"], ticket["closed_by"], ticket["closed_at"]


def test_ticket_list_json_says_why_who_and_when(db):
    tickets = json.loads(kefu(db, "ticket", "list", "--all", "--json"))["tickets"]
    assert {t["waybill"]: _why(t) for t in tickets} == WHY


def test_track_json_says_why_who_and_when(db):
    parcels = json.loads(kefu(db, "track", RETURNED, CLOSED, OPEN, "--json"))["parcels"]
    assert {p["waybill"]: _why(p["tickets"][0]) for p in parcels} == WHY
    text = kefu(db, "track", RETURNED)
    assert "关闭 2026-12-04 10:00 wu 原因: 退件" in text
