"""The counter desk's test host: the real KefuApp on a small real database (payment-slip
lines for R-41, a receipt linked to its waybill for R-10, brushing parcels with one marked
real for R-11), frozen clock 2026-12-02 10:00 Shanghai, user clerk01, opened on F10."""

from __future__ import annotations

from pathlib import Path

from kefu_tui.app import KefuApp
from kefu_tui.store import open_store
from tests.app.snapshot_app import clerk_config

NOW = "2026-12-02T10:00:00+08:00"
USER = "clerk01"
BRUSHING = [f"518000100{i:03d}" for i in range(100)]
REAL = BRUSHING[42]  # its remark says 真实件
RECEIPT_WAYBILL, RECEIPT_CODE = "518000200001", "HD0000000001"


def build_db(path: Path) -> Path:
    with open_store(path) as s, s.write():
        s.conn.execute("INSERT INTO waybills (waybill, label_note) VALUES (?, '刷单 真实件')", (REAL,))
        s.conn.execute("INSERT INTO waybills (waybill, sender_outlet, receipt_no) VALUES (?, '杭州萧山', ?)",
                       (RECEIPT_WAYBILL, RECEIPT_CODE))
        s.conn.executemany("INSERT INTO waybills (waybill, payment, cod_fen, collect_fen) VALUES (?, ?, ?, ?)",
                           [("518000300001", "collect", None, 1250), ("518000300002", "cod", 30000, None),
                            ("518000300003", "collect", None, 2000)])
        s.conn.executemany("INSERT INTO delivery_items (waybill, courier, at, day) VALUES (?, ?, ?, ?)",
                           [("518000300001", "李强", "2026-12-02 08:00:00", "2026-12-02"),
                            ("518000300002", "李强", "2026-12-02 08:00:00", "2026-12-02"),
                            ("518000300003", "王伟", "2026-12-02 08:10:00", "2026-12-02")])
    return path


class CounterApp(KefuApp):
    """The real shell with the counter desk (F10) open on ``pane``."""

    def __init__(self, folder: Path, pane: str = "intake"):
        folder = Path(folder)
        db = folder / "kefu.db"
        if not db.exists():
            build_db(db)
        cfg = clerk_config(folder, "出港", photos_dir=str(folder / "photos"))
        super().__init__(db, now_text=NOW, user=USER, config_dir=cfg)
        self._pane = pane

    def on_mount(self) -> None:
        from kefu_tui.screens.counter import CounterScreen

        super().on_mount()
        self.add_mode("counter", lambda: CounterScreen(self._pane))
        self.call_after_refresh(self.run_action, "counter")
