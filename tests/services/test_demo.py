"""The demo branch (SPEC §14 ``kefu demo``): deterministic, nothing after now, every outlet
of SPEC §2, every problem type of §5, the Huaibin lists (R-22), and findings for every
indicator R-24..R-30 of §8."""

from __future__ import annotations

import json

import pytest

from kefu_tui.services.demo import SUMMARY_TABLES, build_demo
from kefu_tui.store import open_store
from tests.cli.inprocess import run_kefu

SCALE = 0.05
SPEC_OUTLETS = {"信阳二部", "固始", "商城", "息县", "潢川", "罗山", "光山", "新县", "淮滨",
                "平桥", "107", "东方红大道", "羊山", "明港"}
TICKET_TYPES = {"phone", "address", "damaged", "incomplete", "overzone", "missort_header",
                "missort_address", "not_home", "refused", "agent_delay", "receipt_empty", "other"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from kefu_tui.domain import clock

    now = clock.parse_iso("2026-11-24T09:30:00+08:00")
    s = open_store(tmp_path_factory.mktemp("demo") / "demo.db")
    summary = build_demo(s, seed=1, now=now, scale=SCALE)
    yield s, now, summary
    s.close()


def _dump(store) -> dict[str, list[tuple]]:
    return {t: [tuple(r) for r in store.query(f"SELECT * FROM {t} ORDER BY rowid")]
            for t in SUMMARY_TABLES + ("ticket_notes",)}


def test_same_seed_and_now_give_identical_tables(tmp_path, demo):
    s, now, _ = demo
    other = open_store(tmp_path / "again.db")
    build_demo(other, seed=1, now=now, scale=SCALE)
    assert _dump(other) == _dump(s)
    third = open_store(tmp_path / "seed2.db")
    build_demo(third, seed=2, now=now, scale=SCALE)
    assert _dump(third)["scans"] != _dump(s)["scans"]
    other.close()
    third.close()


def test_nothing_lies_after_now(demo):
    s, now, _ = demo
    limit = now.format("YYYY-MM-DD HH:mm:ss")
    for table, col in (("scans", "at"), ("delivery_items", "at"), ("tickets", "created_at"),
                       ("tickets", "updated_at"), ("tickets", "closed_at"), ("ticket_notes", "at"),
                       ("transfers", "created_at"), ("transfers", "signed_at"),
                       ("waybills", "sent_at"), ("waybills", "entered_at"),
                       ("monitor_checks", "checked_at"), ("bulk_batches", "at")):
        late = s.query(f"SELECT count(*) FROM {table} WHERE {col} >= ?", (limit,))[0][0]
        assert late == 0, f"{table}.{col} has {late} rows at or after now"
    first = s.query("SELECT min(at) FROM scans WHERE site = '信阳分拨中心'")[0][0]
    assert first >= now.shift(days=-8).format("YYYY-MM-DD")


def test_counts_at_small_scale(demo):
    s, _, summary = demo
    c = summary.counts
    assert c == {t: s.query(f"SELECT count(*) FROM {t}")[0][0] for t in SUMMARY_TABLES}
    # 125 arrivals a day over 7 days, plus outbound and the anomalies
    assert 800 <= c["waybills"] <= 1300
    assert c["scans"] > 6 * c["waybills"]
    assert c["outlets"] >= 14 and c["areas"] > 0  # R-01 seeded
    assert c["monitor_checks"] > 0 and c["count_sessions"] == 1 and c["templates"] >= 4


def test_every_outlet_of_spec_2_appears(demo):
    s, _, _ = demo
    seen = {r[0] for r in s.query("SELECT DISTINCT site FROM scans")}
    seen |= {r[0] for r in s.query("SELECT DISTINCT dest_outlet FROM waybills")}
    assert SPEC_OUTLETS <= seen
    assert {r[0] for r in s.query("SELECT name FROM outlets")} >= SPEC_OUTLETS


def test_every_ticket_type_and_follow_up_state(demo):
    s, now, _ = demo
    assert {r[0] for r in s.query("SELECT DISTINCT type FROM tickets")} == TICKET_TYPES
    today = now.format("YYYY-MM-DD")
    opened = "status = 'open'"
    assert s.query(f"SELECT count(*) FROM tickets WHERE {opened} AND updated_at >= ?", (today,))[0][0]
    assert s.query(f"SELECT count(*) FROM tickets WHERE {opened} AND updated_at < ?", (today,))[0][0]
    old = now.shift(hours=-72).format("YYYY-MM-DD HH:mm:ss")
    assert s.query(f"SELECT count(*) FROM tickets WHERE {opened} AND created_at <= ?", (old,))[0][0]
    notes = [r[0] for r in s.query("SELECT text FROM ticket_notes")]
    assert notes and all(n.endswith(")") and n[-5:-1].isdigit() for n in notes)  # R-07 (MMDD)
    assert s.query("SELECT count(*) FROM tickets WHERE text = '淮滨网点暂停,代派时效不保'"
                   " AND batch_id IS NOT NULL")[0][0]


def test_huaibin_list_every_day(demo):
    """R-22: the agent's delivery list exists for each of the 7 days."""
    s, _, _ = demo
    days = {r[0] for r in s.query(
        "SELECT DISTINCT day FROM delivery_items WHERE outlet = '淮滨' AND courier = '淮滨代派'")}
    assert len(days) == 7


def test_branch_details_present(demo):
    s, _, _ = demo
    one = lambda sql: s.query(sql)[0][0]  # noqa: E731
    assert one("SELECT count(*) FROM waybills WHERE master_no IS NOT NULL")  # 子单
    assert one("SELECT count(*) FROM waybills w WHERE master_no IS NOT NULL AND NOT EXISTS"
               " (SELECT 1 FROM scans s WHERE s.waybill = w.waybill AND s.site = '信阳二部')")
    assert one("SELECT count(*) FROM waybills WHERE payment = 'cod' AND cod_fen > 0")
    assert one("SELECT count(*) FROM waybills WHERE payment = 'collect' AND collect_fen > 0")
    assert one("SELECT count(*) FROM waybills WHERE receipt_no IS NOT NULL")
    assert one("SELECT count(*) FROM scans WHERE kind = '签收' AND note = '草签'")
    assert one("SELECT count(*) FROM waybills WHERE label_note LIKE '%非刷单件%'")
    assert {r[0] for r in s.query("SELECT DISTINCT carrier FROM transfers")} >= {"postal", "sto"}
    assert one("SELECT count(*) FROM transfers WHERE signed_at IS NULL") > 0
    couriers = {r[0] for r in s.query("SELECT DISTINCT courier FROM delivery_items WHERE outlet != '淮滨'")}
    assert 5 <= len(couriers) <= 8
    phones = [r[0] for r in s.query("SELECT phone FROM waybills")]
    assert all(len(p) == 11 and p[:2] in ("13", "15", "18") for p in phones)


def test_every_indicator_has_findings_at_now(demo):
    """R-24..R-30: every indicator of SPEC §8 has at least one finding on the demo."""
    from kefu_tui.services import monitor

    s, now, _ = demo
    board = monitor.board(s, now)
    empty = [rule for rule in ("R-24", "R-25", "R-26", "R-27", "R-28", "R-29", "R-30")
             if not board[rule]["findings"]]
    assert not empty
    reasons = {f["reason"] for v in board.values() for f in v["findings"]}
    assert {"not_entered_fine", "listed_not_scanned", "scanned_not_listed", "cash_to_collect",
            "courier_unsigned"} <= reasons


def _kefu(*args, db):
    return run_kefu(["--db", db, *args], env={"KEFU_NOW": "2026-11-24T09:30:00+08:00"}, drop=("KEFU_DB",))


def test_cli_demo_json_then_refuses_a_non_empty_db(tmp_path):
    db = tmp_path / "cli.db"
    p = _kefu("demo", "--scale", "0.02", "--seed", "3", "--json", db=db)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["seed"] == 3 and doc["now"] == "2026-11-24T09:30:00+08:00"
    assert doc["counts"]["scans"] > 0
    again = _kefu("demo", "--scale", "0.02", db=db)
    assert again.returncode == 1 and "already holds scans" in again.stderr
    forced = _kefu("demo", "--scale", "0.02", "--seed", "3", "--force", "--json", db=db)
    assert forced.returncode == 0, forced.stderr
    assert json.loads(forced.stdout)["counts"] == doc["counts"]
