"""`kefu monitor` through the real program (SPEC §14, R-24..R-30, R-34)."""

import importlib.util
import json
from pathlib import Path

from kefu_tui.domain.monitoring import BOARD_RULES
from tests.cli.inprocess import run_kefu

NOW = "2026-11-24T09:30:00+08:00"


def _fill(db_path):
    spec = importlib.util.spec_from_file_location(
        "monitor_store_data", Path(__file__).parents[1] / "store" / "test_monitor_store.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    from kefu_tui.store import open_store

    with open_store(db_path) as s:
        mod.fill(s)


def kefu(db, *args):
    return run_kefu(["--db", db, "--now", NOW, "--user", "clerk1", *args])


def test_monitor_json_is_the_spec_shape_and_every_indicator_fires(db_path):
    _fill(db_path)
    r = kefu(db_path, "monitor", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert list(doc) == [f"R-{n}" for n in range(24, 34)]
    for rule, entry in doc.items():
        assert set(entry) == {"window", "findings"}
        start, end = entry["window"]
        assert start.endswith("+08:00") and end.endswith("+08:00") and start < end
        if rule <= "R-30":  # R-31..R-33 come from their own imports (tests/cli/test_quality.py)
            assert entry["findings"], rule
            assert all(len(f["waybill"]) == 12 for f in entry["findings"])
    assert doc["R-24"]["findings"][0]["fine"] == "500.00"


def test_monitor_human_board_lists_rules_and_counts(db_path):
    _fill(db_path)
    r = kefu(db_path, "monitor")
    assert r.returncode == 0 and "R-26" in r.stdout and "518000000301" in r.stdout


def test_R34_monitor_check_records_and_checks_lists(db_path):
    _fill(db_path)
    r = kefu(db_path, "monitor", "check", "R-25", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["findings"] == 1
    doc = json.loads(kefu(db_path, "monitor", "checks", "--json").stdout)
    assert [c["rule"] for c in doc["checks"]] == ["R-25"]
    # 10.00 for each board item left unchecked (the same set the board shows)
    assert doc["penalty"] == f"{10 * (len(BOARD_RULES) - 1)}.00"
    bad = kefu(db_path, "monitor", "--check", "R-99")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
