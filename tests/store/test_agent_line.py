"""R-22: the Huaibin agent's delivery-list lines are found by one test, in Python
(``is_agent_item``) and in SQL (``agent_line_sql``), and every query uses it."""

from __future__ import annotations

from kefu_tui.domain.monitoring import is_agent_item
from kefu_tui.store import huaibin, reports, tracking
from kefu_tui.store.delivery import insert_delivery_items

LINES = [  # (waybill, courier, outlet)
    ("518000000001", "淮滨代派-刘", None),
    ("518000000002", "张三", "淮滨"),
    ("518000000003", "代派王", "羊山"),
    ("518000000004", "李四", "信阳二部"),
    ("518000000005", "淮", None),
]


def test_R22_sql_and_python_agree(store):
    with store.write():
        insert_delivery_items(store.conn, [(w, c, "2026-11-24 08:00:00", "2026-11-24", o, None)
                                           for w, c, o in LINES])
    expected = sorted(w for w, c, o in LINES if is_agent_item(o, c))
    assert expected == ["518000000001", "518000000002", "518000000003"]
    assert sorted(i.waybill for i in huaibin.agent_items(store, "2026-11-24", "2026-11-24")) == expected
    assert sorted(r["waybill"] for r in reports.agent_list(store, "2026-11-24")) == expected
    days = tracking.agent_days_by_waybill(store, [w for w, _, _ in LINES])
    assert sorted(days) == expected
