"""Monitoring, Huaibin and count SQL on a real database filled by plain SQL inserts
(R-22..R-30, R-34, R-42)."""

from kefu_tui.domain.clock import parse_iso
from kefu_tui.domain.monitoring import BOARD_RULES
from kefu_tui.services import huaibin, monitor, reconcile

HUB, BR = "信阳分拨中心", "信阳二部"
SCANS = [  # (waybill, kind, at, site, next_site)
    ("518000000101", "收件", "2026-11-19 08:00:00", BR, None),   # R-24, fine due
    ("518000000102", "收件", "2026-11-23 16:00:00", BR, None),
    ("518000000103", "收件", "2026-11-23 16:00:00", BR, None),   # entered below
    ("518000000103", "录单", "2026-11-23 17:00:00", BR, None),
    ("518000000201", "发件", "2026-11-23 13:00:00", HUB, "固始"),  # never arrives
    ("518000000202", "发件", "2026-11-23 13:00:00", HUB, "商城"),
    ("518000000202", "到件", "2026-11-23 19:00:00", "商城", None),
    ("518000000301", "到件", "2026-11-22 06:00:00", HUB, None),   # stuck at the hub
    ("518000000402", "派件", "2026-11-24 08:00:00", BR, None),    # on no list
    ("518000000701", "到件", "2026-11-23 07:00:00", BR, None),    # unsigned
    ("518000000702", "到件", "2026-11-23 07:00:00", BR, None),    # has an open ticket
]
ITEMS = [  # (waybill, courier, at, outlet)
    ("518000000401", "张三", "2026-11-24 07:50:00", BR),         # not scanned
    ("518000000501", "淮滨代派", "2026-11-22 10:00:00", "淮滨"),  # agent unsigned
    ("518000000502", "淮滨代派", "2026-11-24 09:00:00", "淮滨"),  # today's agent list
    ("518000000503", "淮滨代派", "2026-11-24 09:05:00", "淮滨"),
    ("518000000601", "李四", "2026-11-22 08:00:00", BR),         # unsigned
]


def fill(store):
    """The branch data the board is checked against, by plain SQL."""
    c = store.conn
    c.executemany("INSERT INTO scans (waybill, kind, at, site, next_site) VALUES (?,?,?,?,?)",
                  SCANS)
    c.executemany("INSERT INTO delivery_items (waybill, courier, at, day, outlet)"
                  " VALUES (?, ?, ?, substr(?, 1, 10), ?)",
                  [(w, co, at, at, o) for w, co, at, o in ITEMS])
    c.execute("INSERT INTO waybills (waybill, payment, cod_fen) VALUES"
              " ('518000000401', 'cod', 25000)")
    c.execute("INSERT INTO tickets (waybill, type, text, created_at, created_by, updated_at)"
              " VALUES ('518000000702', 'phone', '电话错误', '2026-11-23 09:00:00', 'a',"
              " '2026-11-23 09:00:00')")
    c.commit()


NOW = parse_iso("2026-11-24T09:30:00+08:00")


def _reasons(b, rule):
    return [(f["waybill"], f["reason"]) for f in b[rule]["findings"]]


def test_board_every_indicator_R24_to_R30_fires(store):
    fill(store)
    b = monitor.board(store, NOW)
    assert list(b) == [f"R-{n}" for n in range(24, 34)]
    assert b["R-25"]["window"] == ["2026-11-23T12:00:00+08:00", "2026-11-24T10:00:00+08:00"]
    assert _reasons(b, "R-24") == [("518000000101", "not_entered_fine"),
                                   ("518000000102", "not_entered")]
    assert _reasons(b, "R-25") == [("518000000201", "not_arrived")]
    assert _reasons(b, "R-26") == [("518000000301", "not_dispatched")]
    assert ("518000000401", "listed_not_scanned") in _reasons(b, "R-27")
    assert ("518000000402", "scanned_not_listed") in _reasons(b, "R-27")
    assert _reasons(b, "R-28") == [("518000000501", "agent_unsigned")]
    assert set(_reasons(b, "R-29")) == {("518000000601", "courier_unsigned"),
                                        ("518000000401", "listed_not_scanned"),
                                        ("518000000401", "cash_to_collect")}
    assert _reasons(b, "R-30") == [("518000000701", "unsigned")]


def test_population_queries_use_the_range_indexes(store):
    plan = " ".join(r[3] for r in store.query(
        "EXPLAIN QUERY PLAN SELECT * FROM scans WHERE site = ? AND kind = ? AND at >= ?"
        " AND at < ?", (BR, "到件", "a", "b")))
    assert "scans_site_kind_at" in plan
    plan = " ".join(r[3] for r in store.query(
        "EXPLAIN QUERY PLAN SELECT * FROM delivery_items WHERE day >= ? AND day <= ?",
        ("a", "b")))
    assert "delivery_day_outlet" in plan


def test_R34_record_check_writes_row_and_audit(store):
    c = monitor.record_check(store, "r26", NOW, "clerk1", [1, 2, 3])
    assert (c.rule, c.day, c.findings) == ("R-26", "2026-11-24", 3)
    assert [x.rule for x in monitor.checks_today(store, NOW)] == ["R-26"]
    assert store.query("SELECT count(*) FROM audit WHERE action = 'monitor.check'")[0][0] == 1
    assert len(monitor.unchecked_today(store, NOW)) == len(BOARD_RULES) - 1


def test_R22_register_day_list_once_then_skips_open(store):
    fill(store)
    r = huaibin.register_day_list(store, "2026-11-24", NOW, "clerk1")
    assert r.created == 2 and r.batch_id is not None
    rows = store.query("SELECT waybill, type, text, status, created_by, batch_id FROM tickets"
                       " WHERE type = 'agent_delay' ORDER BY waybill")
    assert [tuple(x) for x in rows] == [
        ("518000000502", "agent_delay", "淮滨网点暂停,代派时效不保", "open", "clerk1", r.batch_id),
        ("518000000503", "agent_delay", "淮滨网点暂停,代派时效不保", "open", "clerk1", r.batch_id)]
    again = huaibin.register_day_list(store, "2026-11-24", NOW, "clerk1")
    assert again.created == 0 and again.skipped_open == ["518000000502", "518000000503"]
    assert store.query("SELECT count(*) FROM audit WHERE action = 'huaibin.register'")[0][0] == 2


def test_R23_unsigned_agent_items_of_3_and_2_days_ago(store):
    fill(store)
    assert [i.waybill for i in huaibin.unsigned_agent_items(store, NOW)] == ["518000000501"]
    assert huaibin.agent_message(store, NOW).splitlines()[1:] == ["518000000501"]


def test_R42_count_session_scans_repeats_and_result(store):
    sid = reconcile.start_count(store, NOW, "clerk1")
    for line, side in [("518000000001\r", "goods"), ("518000000001", "goods"),
                       ("518000000002", "goods"), ("518000000002", "slip"),
                       ("\x02518000000003", "slip")]:
        reconcile.add_scan(store, sid, line, side, NOW, "clerk1")
    res = reconcile.finish_count(store, sid, NOW, "clerk1")
    assert res.matched == ["518000000002"]
    assert res.goods_only == ["518000000001"] and res.slips_only == ["518000000003"]
    assert res.goods_repeats == 1 and res.slip_repeats == 0
    import pytest
    with pytest.raises(reconcile.CountError):
        reconcile.add_scan(store, sid, "518000000004", "goods", NOW, "clerk1")  # finished


def test_R26_R30_sql_prefilters_agree_with_the_rule_on_a_return(store):
    """A parcel dispatched, then back at the hub, is stuck on its second stay (R-26)."""
    store.conn.executemany(
        "INSERT INTO scans (waybill, kind, at, site, next_site) VALUES (?,?,?,?,?)",
        [("518000000901", "到件", "2026-11-21 06:00:00", HUB, None),
         ("518000000901", "发件", "2026-11-21 08:00:00", HUB, "固始"),
         ("518000000901", "到件", "2026-11-23 06:00:00", HUB, None)])
    store.conn.commit()
    b = monitor.board(store, NOW)
    assert [(f["waybill"], f["at"]) for f in b["R-26"]["findings"]] == [
        ("518000000901", "2026-11-23 06:00:00")]
    assert [f["waybill"] for f in b["R-25"]["findings"]] == []  # dispatched before the window


def test_a_database_of_the_last_version_gets_the_board_index_with_its_scans_kept(tmp_path):
    """Migration 8 (the board on a big branch): a file at version 7 is upgraded on open,
    its scans kept, and the site/kind/time index then carries the waybill (R-24, R-26)."""
    import sqlite3

    from kefu_tui.store import open_store
    from kefu_tui.store.schema import MIGRATIONS

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    for script in MIGRATIONS[:7]:
        con.executescript(script)
    con.execute("INSERT INTO scans (waybill, kind, at, site) VALUES ('518000000001', '到件',"
                " '2026-11-23 08:00:00', '信阳分拨中心')")
    con.execute("PRAGMA user_version=7")
    con.commit()
    con.close()
    with open_store(db) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        cols = [r[2] for r in s.conn.execute("PRAGMA index_info('scans_site_kind_at')")]
        assert cols == ["site", "kind", "at", "waybill"]
        assert s.conn.execute("SELECT count(*) FROM scans").fetchone()[0] == 1
