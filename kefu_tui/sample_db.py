"""A small deterministic branch database for screenshots, snapshot tests and benches.

``build_sample_db(..., demo=True)`` uses the demo generator (services.demo.build_demo)
when it exists; ``demo=False`` (or no generator yet) writes a tiny fixed data set by SQL,
so shell snapshots do not move every time the demo generator is tuned."""

from __future__ import annotations

import sys
from pathlib import Path

from kefu_tui.domain import clock
from kefu_tui.store import open_store

SITES = ("郑州分拨中心", "信阳分拨中心", "信阳二部")
SENDERS = ("上海青浦十六部", "杭州萧山", "广州白云", "北京朝阳")
TYPES = ("phone", "address", "damaged", "not_home", "refused", "agent_delay")


def build_sample_db(path: Path, now, user: str = "clerk01", scale: float = 0.05, demo: bool = True) -> str:
    """Create the database at ``path``; returns which data set it holds ('demo' or 'tiny')."""
    if demo:
        try:
            from kefu_tui.services.demo import build_demo
        except ImportError:
            pass
        else:
            store = open_store(path, clock.stamp(now))  # the audit's seed entry on the same clock
            try:
                build_demo(store, seed=1, now=now, user=user, scale=scale)
                return "demo"
            except Exception as e:  # a generator mid-change must not stop screenshots
                print(f"demo generator failed ({e!r}); using the tiny data set", file=sys.stderr)
            finally:
                store.close()
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    store = open_store(path, clock.stamp(now))  # the audit's seed entry on the same clock
    try:
        _tiny(store, now, user)
        return "tiny"
    finally:
        store.close()


def _tiny(store, now, user: str) -> None:
    """30 parcels over four days, 12 problem tickets of several ages (R-06, R-09)."""
    waybills, scans, tickets = [], [], []
    for i in range(30):
        no = f"5180{i:08d}"
        day = i % 4
        t0 = clock.day_start(now, day).shift(hours=6, minutes=i)
        sender = SENDERS[i % len(SENDERS)]
        waybills.append((no, sender, clock.stamp(t0.shift(days=-1)), f"收件人{i:02d}",
                         f"1380000{i:04d}", f"河南省信阳市浉河区测试路{i}号", "信阳二部"))
        for k, (kind, site) in enumerate((("到件", SITES[1]), ("到件", SITES[2]), ("派件", SITES[2]))):
            scans.append((no, kind, clock.stamp(t0.shift(minutes=30 * k)), site, user))
        if i < 12:
            created = clock.stamp(t0.shift(hours=2))
            updated = clock.stamp(now.shift(hours=-1)) if i % 3 == 0 else created
            tickets.append((no, TYPES[i % len(TYPES)], "请核实收件人电话", sender, created, user, updated))
    at = clock.stamp(now)
    with store.write():
        store.conn.executemany(
            "INSERT INTO waybills (waybill, sender_outlet, sent_at, receiver, phone, address, dest_outlet)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", waybills)
        store.conn.executemany(
            "INSERT INTO scans (waybill, kind, at, site, operator) VALUES (?, ?, ?, ?, ?)", scans)
        store.conn.executemany(
            "INSERT INTO tickets (waybill, type, text, party, created_at, created_by, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", tickets)
        store.audit(at, user, "sample.build", "database", None, None,
                    {"waybills": len(waybills), "scans": len(scans), "tickets": len(tickets)})
