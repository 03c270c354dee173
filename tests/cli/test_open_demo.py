"""``kefu --demo`` (SPEC §14): never touches a database the user named, opens on a full
working day at any hour, and ``kefu --version`` answers."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kefu_tui.cli.context import Context, Unusable
from kefu_tui.cli.open_app import _build_demo, demo_db_path
from kefu_tui.domain import clock
from kefu_tui.services.demo import demo_now

KEFU = Path(sys.executable).parent / "kefu"


def _user_db(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE mine (x TEXT)")
        conn.execute("INSERT INTO mine VALUES ('the clerk''s data')")
    return path


def test_demo_with_db_is_refused_and_the_file_is_untouched(tmp_path):
    db = _user_db(tmp_path / "mine.db")
    before = db.read_bytes()
    env = {"PATH": "/usr/bin:/bin", "KEFU_DATA_DIR": str(tmp_path / "data"), "LANG": "C.UTF-8"}
    r = subprocess.run([str(KEFU), "--db", str(db), "--demo"], capture_output=True, text=True,
                       env=env, timeout=60)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "--demo" in r.stderr and str(db) in r.stderr
    assert db.read_bytes() == before
    assert not (tmp_path / "data" / "demo.db").exists()


def test_demo_leaves_KEFU_DB_alone_and_builds_its_own_file(tmp_path, monkeypatch):
    db = _user_db(tmp_path / "mine.db")
    before = db.read_bytes()
    monkeypatch.setenv("KEFU_DB", str(db))
    monkeypatch.setenv("KEFU_DATA_DIR", str(tmp_path / "data"))
    ctx = Context(db_path=db, now_text="2026-11-24T09:30:00+08:00", user="demo", db_path_explicit=True)
    try:
        assert _build_demo(ctx, seed=1, db_flag=None, scale=0.05) is None  # --now: frozen clock
        assert ctx.db_path == demo_db_path() == tmp_path / "data" / "demo.db"
        assert ctx.store().conn.execute("SELECT count(*) FROM scans").fetchone()[0] > 0
    finally:
        ctx.close()
    assert db.read_bytes() == before
    # $KEFU_DB naming the demo file itself: refused, since the demo rebuilds that file
    ctx = Context(db_path=demo_db_path(), now_text=None, user="demo", db_path_explicit=True)
    with pytest.raises(Unusable, match="KEFU_DB"):
        _build_demo(ctx, seed=1, db_flag=None, scale=0.05)
    assert demo_db_path().exists()


@pytest.mark.parametrize("real,expected", [
    ("2026-12-03T06:49:12+08:00", "2026-12-03T09:30:00+08:00"),  # early morning: today's 09:30
    ("2026-12-03T09:30:40+08:00", "2026-12-03T09:30:00+08:00"),
    ("2026-12-03T09:31:00+08:00", "2026-12-04T09:30:00+08:00"),  # after it: tomorrow's
    ("2026-12-02T20:50:00+00:00", "2026-12-03T09:30:00+08:00"),  # a UTC machine clock
])
def test_demo_day_ends_at_the_next_0930_branch_time(real, expected):
    assert demo_now(clock.parse_iso(real)).isoformat() == expected


def test_version():
    r = subprocess.run([str(KEFU), "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("kefu ")


def test_the_same_seed_gives_the_same_figures_on_any_day(tmp_path):
    """The demo only depends on the time of day, so 09:30 on any date shows the same branch."""
    from kefu_tui.services.demo import build_demo
    from kefu_tui.store import open_store

    counts = []
    for day in ("2026-11-24", "2026-12-03", "2027-03-01"):
        with open_store(tmp_path / f"{day}.db") as store:
            summary = build_demo(store, seed=1, now=clock.parse_iso(f"{day}T09:30:00+08:00"), scale=0.05)
            counts.append(summary.counts)
    assert counts[0] == counts[1] == counts[2]
