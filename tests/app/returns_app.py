"""A KefuApp over a small returns database (R-09): frozen clock 2026-12-04 10:00, four
open problem parcels in every state of the return clock and one bare parcel."""

from __future__ import annotations

from pathlib import Path

from kefu_tui.app import KefuApp
from kefu_tui.domain import clock
from kefu_tui.services import returns as rs
from kefu_tui.services import tickets as ts
from kefu_tui.store import open_store
from tests.app.snapshot_app import clerk_config

NOW = "2026-12-04T10:00:00+08:00"
USER = "clerk01"
MAY = "518000000101"  # notified 12-01 09:00, no reply: may go back
WAIT = "518000000102"  # notified 12-02 10:00 (2 days ago): not yet
MUST = "518000000103"  # the sender replied "return" yesterday: must go back (应退未退)
HELD = "518000000104"  # a hold until 12-06 18:00


def fill(db: Path) -> None:
    T = clock.parse_iso
    with open_store(db) as s:
        with s.write():
            s.conn.executemany(
                "INSERT INTO waybills (waybill, sender_outlet, receiver, phone, address)"
                " VALUES (?, ?, '王芳', '13812345678', '信阳市浉河区民权路8号')",
                [(MAY, "义乌二部"), (WAIT, "上海青浦十六部"), (MUST, "广州白云三部"), (HELD, "南京江宁一部")])
        ts.add_tickets(s, [MAY, HELD], "address", "地址不详", T("2026-12-01T09:00:00"), USER)
        ts.add_tickets(s, [WAIT], "phone", "电话停机", T("2026-12-02T10:00:00"), USER)
        ts.add_tickets(s, [MUST], "refused", "客户拒收", T("2026-12-02T11:00:00"), USER)
        rs.reply_to_waybill(s, MUST, "return", T("2026-12-03T15:00:00"), USER, text="发件网点要求退回")
        rs.reply_to_waybill(s, HELD, "hold", T("2026-12-04T08:00:00"), USER,
                            until=T("2026-12-06T18:00:00"), text="客户出差")


def make(folder: Path) -> KefuApp:
    db = folder / "kefu.db"
    if not db.exists():
        fill(db)
    return KefuApp(db, now_text=NOW, user=USER, config_dir=clerk_config(folder, "进港"))
