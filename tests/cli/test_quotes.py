"""`kefu intake quote` and `kefu transfer quote|add|list` through the real program's main
(SPEC §14)."""

import json

import pytest

from tests.cli.inprocess import run_kefu


def kefu(*args, db=None, env_extra=None):
    """The real ``kefu`` main, in this process (tests/cli/inprocess.py: a second each saved)."""
    pre = ["--db", str(db)] if db else []
    return run_kefu([*pre, *args], env=env_extra)


def test_intake_quote_json_keys(tmp_path):
    r = kefu("intake", "quote", "--weight", "3", "--dims", "40x30x20", "--to", "上海市浦东新区张江路",
             "--cod", "1000.01", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["chargeable_kg"] == 3.43 and doc["volumetric_kg"] == 3.43
    assert (doc["ok"], doc["violations"], doc["warnings"]) == (True, [], [])
    assert doc["header"] == "沪-浦东" and doc["cod_fee"] == "10.00"


def test_intake_quote_needs_no_database(tmp_path):
    r = kefu("intake", "quote", "--weight", "1", "--dims", "1x1x1", "--to", "河南省信阳市固始县", "--json",
             env_extra={"KEFU_DB": str(tmp_path / "nothere.db"), "HOME": str(tmp_path)})
    assert r.returncode == 0 and json.loads(r.stdout)["cod_fee"] == "0.00"
    assert not (tmp_path / "nothere.db").exists()


@pytest.mark.parametrize("weight,dims,code,violations", [
    ("100", "250x25x25", 0, []),
    ("100.01", "10x10x10", 1, ["over_100kg"]),
    ("1", "251x10x10", 1, ["side_over_2_5m"]),
    ("1", "100x100x100.5", 1, ["sum_over_3m"]),
])
def test_r36_limits_exit_codes(weight, dims, code, violations):
    r = kefu("intake", "quote", "--weight", weight, "--dims", dims, "--to", "江苏省昆山市", "--json")
    assert r.returncode == code
    doc = json.loads(r.stdout)
    assert doc["violations"] == violations and doc["ok"] is (code == 0)
    assert doc["header"] == "苏-昆山"


@pytest.mark.parametrize("args", [
    ["--weight", "abc", "--dims", "1x1x1"], ["--weight", "1", "--dims", "1x1"],
    ["--weight", "-1", "--dims", "1x1x1"], ["--weight", "1", "--dims", "1x1x1", "--cod", "x"],
])
def test_intake_bad_numbers_exit_2(args):
    r = kefu("intake", "quote", *args, "--to", "信阳市浉河区", "--json")
    assert r.returncode == 2 and r.stdout == "" and len(r.stderr.strip().splitlines()) == 1


def test_intake_human_output():
    r = kefu("intake", "quote", "--weight", "60", "--dims", "10x10x10", "--to", "信阳市浉河区")
    assert r.returncode == 0 and "豫-信阳" in r.stdout and "heavy_over_50kg" in r.stdout


def _tq(*args):
    r = kefu("transfer", "quote", *args, "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_transfer_quote_keys_and_r15_cutoff():
    before = _tq("--to", "淮滨县芦集乡", "--weight", "1.01", "--arrived", "2026-11-24T13:59:59+08:00")
    assert set(before) >= {"overzone", "action", "reasons", "channels", "fee", "transfer_on"}
    assert (before["action"], before["fee"], before["transfer_on"]) == ("transfer", "6.00", "2026-11-24")
    at = _tq("--to", "淮滨县芦集乡", "--weight", "1.0", "--arrived", "2026-11-24T14:00:00+08:00")
    assert (at["fee"], at["transfer_on"]) == ("5.00", "2026-11-25")


def test_transfer_quote_r13_seat_r17_r19():
    seat = _tq("--to", "河南省信阳市淮滨县城关镇", "--weight", "2", "--arrived", "2026-11-24T09:00")
    assert seat["action"] == "transfer" and seat["fee"] is None
    cod = _tq("--to", "信阳市平桥区明港镇", "--weight", "2", "--arrived", "2026-11-24T09:00", "--payment", "cod")
    assert (cod["action"], cod["reasons"], cod["channels"], cod["transfer_on"]) == ("problem", ["R-17"], [], None)
    long = _tq("--to", "信阳市平桥区明港镇", "--weight", "19.5", "--arrived", "2026-11-24T09:00", "--length-cm", "101")
    assert long["channels"][0] == "sto"
    short = _tq("--to", "信阳市平桥区明港镇", "--weight", "19.5", "--arrived", "2026-11-24T09:00")
    assert short["channels"][0] == "postal"
    twenty = _tq("--to", "信阳市平桥区明港镇", "--weight", "20", "--arrived", "2026-11-24T09:00")
    assert twenty["channels"][0] == "sto"  # less than 20 kg
    mark = _tq("--to", "信阳市平桥区明港镇", "--weight", "2", "--arrived", "2026-11-24T09:00", "--mark", "超区勿转")
    assert mark["reasons"] == ["R-16"]
    home = _tq("--to", "信阳市浉河区", "--weight", "2", "--arrived", "2026-11-24T09:00")
    assert (home["overzone"], home["action"], home["channels"], home["fee"]) == (False, "deliver", [], None)


@pytest.mark.parametrize("args", [
    ["--to", "信阳市浉河区", "--weight", "x", "--arrived", "2026-11-24T09:00"],
    ["--to", "信阳市浉河区", "--weight", "1", "--arrived", "yesterday"],
    ["--to", "火星", "--weight", "1", "--arrived", "2026-11-24T09:00"],
])
def test_transfer_quote_unusable(args):
    r = kefu("transfer", "quote", *args, "--json")
    assert r.returncode == 2 and r.stdout == "" and r.stderr.strip()


def test_transfer_add_and_list(tmp_path):
    db = tmp_path / "k.db"
    r = kefu("--now", "2026-11-24T10:00:00+08:00", "--user", "amy", "transfer", "add", "518012345678",
             "--mode", "rewaybill", "--carrier", "申通", "--new-no", "773012345678901", "--fee", "6",
             "--address", "信阳市淮滨县芦集乡", "--json", db=db)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    # the original waybill is unknown here, so the address cannot be compared
    assert doc["fee_confirmed"] is False and doc["transfer"]["carrier"] == "sto"
    assert doc["transfer"]["fee_fen"] == 600
    r = kefu("--now", "2026-11-27T10:00:00+08:00", "transfer", "list", "--due", "--json", db=db)
    assert [t["waybill"] for t in json.loads(r.stdout)["transfers"]] == ["518012345678"]
    r = kefu("--now", "2026-11-26T10:00:00+08:00", "transfer", "list", "--due", "--json", db=db)
    assert json.loads(r.stdout)["transfers"] == []
    bad = kefu("transfer", "add", "12345", "--mode", "original", db=db)
    assert bad.returncode == 2
