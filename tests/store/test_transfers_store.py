"""Transfer registration and follow-up on a real SQLite file (R-01, R-18, R-21)."""

import pytest

from kefu_tui.domain import clock
from kefu_tui.domain.areas import classify, answer_rule
from kefu_tui.domain.transfers import TransferRegistration
from kefu_tui.services.transfers import (NotFound, due_followups, list_transfers, mark_signed,
                                         record_attempt, register_transfer)
from kefu_tui.store.areas import load_areas, load_outlets, read_areas_file, save_rule, seed_areas

NO = "518012345678"


def _waybill(store, no=NO, address="信阳市淮滨县芦集乡某村"):
    with store.write():
        store.conn.execute("INSERT INTO waybills (waybill, address) VALUES (?, ?)", (no, address))


def _reg(**kw):
    base = dict(waybill=NO, mode="rewaybill", carrier="sto", new_waybill="773012345678901",
                fee_fen=600, address="信阳市淮滨县芦集乡某村")
    return TransferRegistration(**{**base, **kw})


def test_r01_seed_is_idempotent_and_editable(store, db_path):
    # a new database file is seeded when it is created (Store._migrate); again changes nothing
    assert store.query("SELECT count(*) FROM outlets")[0][0] > 0
    assert not seed_areas(store, "2026-11-24 08:00:01")
    areas = load_areas(store)
    assert len(areas) == 13 and all(a.id for a in areas)
    assert {o.name for o in load_outlets(store)} >= {"信阳二部", "淮滨", "明港"}
    assert store.query("SELECT count(*) FROM audit WHERE action='seed'")[0][0] == 1
    with store.write():  # a clerk edits the table: the rules follow the data
        store.conn.execute("UPDATE areas SET delivery='overzone', internal_reach=0, fee_allowed=1"
                           " WHERE district='浉河区'")
    assert classify("信阳市浉河区", load_areas(store)).overzone
    assert len(read_areas_file(db_path)) == 13


def test_ask_answer_is_saved(store, now):
    seed_areas(store, clock.stamp(now))
    v = classify("信阳市高新区某路", load_areas(store))
    assert v.kind == "ask"
    save_rule(store, answer_rule(v.place, "own", outlet="信阳二部", internal_reach=True), clock.stamp(now), "amy")
    assert classify("信阳市高新区某路", load_areas(store)).kind == "inside"
    assert store.query("SELECT user FROM audit WHERE entity='areas' AND action='add'")[0][0] == "amy"


def test_r18_register_complete_confirms_fee(store, now):
    _waybill(store)
    rec, check = register_transfer(store, _reg(), now, "amy")
    assert rec.fee_confirmed and check.fee_confirmed and rec.created_by == "amy"
    row = store.query("SELECT * FROM audit WHERE entity='transfers'")
    assert len(row) == 1 and row[0]["entity_id"] == str(rec.id)


def test_r18_address_differs_or_missing_not_confirmed(store, now):
    _waybill(store)
    rec, check = register_transfer(store, _reg(address="信阳市淮滨县王店乡"), now, "amy")
    assert not rec.fee_confirmed and check.address_differs
    rec2, check2 = register_transfer(store, _reg(new_waybill=None), now, "amy")
    assert not rec2.fee_confirmed and check2.missing == ["new_waybill"]
    assert store.query("SELECT count(*) FROM transfers WHERE fee_confirmed=0")[0][0] == 2


def test_r21_due_followups_and_signing(store, now):
    _waybill(store)
    old, _ = register_transfer(store, _reg(), now.shift(days=-3).replace(hour=23), "amy")
    register_transfer(store, _reg(), now.shift(days=-2).replace(hour=0), "amy")
    due = due_followups(store, now)
    assert [f.transfer.id for f in due] == [old.id] and due[0].days == 3 and not due[0].check_contact
    record_attempt(store, old.id, now, "amy")
    record_attempt(store, old.id, now, "amy")
    assert due_followups(store, now)[0].check_contact
    mark_signed(store, old.id, now, "amy")
    assert due_followups(store, now) == []
    assert len(list_transfers(store)) == 2 and len(list_transfers(store, unsigned=True)) == 1
    assert len(list_transfers(store, day=clock.day_of(now.shift(days=-3)).isoformat())) == 1


def test_mark_signed_unknown(store, now):
    with pytest.raises(NotFound):
        mark_signed(store, 99, now, "amy")
    assert store.query("SELECT count(*) FROM audit WHERE action != 'seed'")[0][0] == 0
