"""Quality desk test data and host: the three register samples imported (R-31..R-33, §15),
complaints at several steps (§11) and handover notes, under the real KefuApp with a
frozen clock 2026-11-24 12:00 Shanghai (ZC2026112301's appeal deadline 15:20 is < 4 h)."""

from __future__ import annotations

from pathlib import Path

from kefu_tui.app import KefuApp
from kefu_tui.domain import clock
from kefu_tui.services import quality as svc
from kefu_tui.services.imports import import_files
from kefu_tui.store import open_store
from tests.app.snapshot_app import clerk_config

NOW = "2026-11-24T12:00:00+08:00"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
FILES = [SAMPLES / n for n in ("网络订单_20261124.csv", "仲裁查询_被投诉方_20261124.csv",
                               "罚款查询_20261124.xlsx")]


def build_db(path: Path, notes: bool = True) -> Path:
    now = clock.parse_iso(NOW)
    with open_store(path) as store:
        import_files(store, FILES, now.shift(hours=-3), "刘敏")
        a = svc.add_complaint(store, "王女士", "13812345678", "快递员没打电话就放驿站", "518346120987",
                              now.shift(hours=-50), "刘敏")
        for step, text in (("judged", "属实"), ("responsible", "派件员 张伟"),
                           ("proposal", "上门道歉"), ("done", "已上门道歉")):
            svc.add_step(store, a, step, text, now.shift(hours=-49), "刘敏")
        svc.add_complaint(store, "李先生", "13598761234", "包裹延误五天", None, now.shift(hours=-2), "刘敏")
        if notes:
            svc.add_note(store, "普通: 明早对一下盘点", False, now.shift(hours=-15), "吴霞")
            svc.add_note(store, "ZC2026112301 今天15:20前必须申诉或认责", True, now.shift(hours=-14), "陈静")
    return path


class QualityApp(KefuApp):
    """The real shell, opening ``screen_factory()`` (or only home) as ``user``."""

    def __init__(self, folder: Path, screen_factory=None, user: str = "刘敏", notes: bool = True):
        folder = Path(folder)
        db = folder / "kefu.db"
        if not db.exists():
            build_db(db, notes)
        super().__init__(db, now_text=NOW, user=user, config_dir=clerk_config(folder, "质控"))
        self._factory = screen_factory

    def on_mount(self) -> None:
        super().on_mount()
        if self._factory is not None:
            self.push_screen(self._factory())
