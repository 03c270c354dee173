"""F12 on a whole filter lists parcels through ``track_summaries`` (index columns only);
the detail pane and the CLI use ``track``. Both must say the same thing of every parcel
(R-04 state, last scan, open problems, next action): one answer per rule."""

from __future__ import annotations

from kefu_tui.domain import clock
from kefu_tui.sample_db import build_sample_db
from kefu_tui.services.tracking import track, track_summaries
from kefu_tui.store import open_store

NOW = "2026-11-24T09:30:00+08:00"


def test_summaries_say_what_whole_trackings_say(tmp_path):
    now = clock.parse_iso(NOW)
    db = tmp_path / "kefu.db"
    build_sample_db(db, now, scale=0.05)
    with open_store(db) as s:
        numbers = [r[0] for r in s.query(
            "SELECT waybill FROM scans UNION SELECT waybill FROM tickets"
            " UNION SELECT waybill FROM transfers ORDER BY 1")] + ["518999999999", "518999999998", "518999999997"]
        with s.write():  # a closed ticket beside an open one, a hold, a waybill alone
            s.conn.execute("INSERT INTO waybills (waybill, receiver) VALUES ('518999999998', '张三')")
            # a number known only by a ticket closed long ago: no scans, no waybill row
            s.conn.execute("INSERT INTO tickets (waybill, type, text, status, created_at, created_by, updated_at)"
                           " VALUES ('518999999997', 'other', '旧', 'closed', '2026-10-01 09:00:00', 't',"
                           " '2026-10-02 09:00:00')")
            s.conn.execute("UPDATE tickets SET status = 'closed' WHERE id % 5 = 0")
            s.conn.execute("UPDATE tickets SET hold_until = '2026-11-25 12:00:00' WHERE id % 7 = 0")
        whole = track(s, numbers, now)
        lines = track_summaries(s, numbers, now)
    assert len(whole) == len(lines) > 500
    kinds = set()
    for t, line in zip(whole, lines):
        n_open = sum(1 for k in t.tickets if k.status == "open")
        assert (line.waybill, line.known, line.state, line.site, line.open_tickets, line.next_action) == (
            t.waybill, t.known, t.state, t.site, n_open, t.next_action)
        assert line.last_at == (t.last_scan.at if t.last_scan else None)
        kinds.add(line.next_action.split(" ")[0])
    assert {"none", "R-06", "R-09"} <= kinds  # the data reaches several rules
