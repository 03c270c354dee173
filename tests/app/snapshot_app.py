"""A deterministic KefuApp for snapshot and Pilot tests: a tiny fixed database in a temp
folder, a frozen clock (2026-11-24 09:30 Shanghai), user clerk01, a preset post and a
config folder of its own (never the developer's real settings)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from kefu_tui.app import KefuApp
from kefu_tui.domain import clock
from kefu_tui.sample_db import build_sample_db

NOW = "2026-11-24T09:30:00+08:00"
USER = "clerk01"


def clerk_config(folder: Path, post: str | None, keymap: dict[str, str] | None = None,
                 **settings) -> Path:
    """``folder``/config with the clerk's settings.json (a post, a keymap, any other
    setting such as ``photos_dir``): the tests' apps never read the developer's own."""
    cfg = Path(folder) / "config"
    cfg.mkdir(exist_ok=True)
    data = {"post": post, "keymap": keymap or {}, **settings}
    (cfg / "settings.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return cfg


def make_app(
    folder: Path | None = None,
    post: str | None = "进港",
    keymap: dict[str, str] | None = None,
    demo: bool = False,
) -> KefuApp:
    """The app over a fresh sample DB in ``folder`` (a new temp folder if None).

    ``post=None`` leaves the settings without a post (first start → PostChooser)."""
    folder = Path(folder or tempfile.mkdtemp(prefix="kefu-snap-"))
    db = folder / "kefu.db"
    if not db.exists():
        build_sample_db(db, clock.parse_iso(NOW), user=USER, scale=0.05, demo=demo)
    return KefuApp(db, now_text=NOW, user=USER, config_dir=clerk_config(folder, post, keymap))
