"""`kefu address ADDR... | - [--json]` and the header in `intake quote` / `intake save`
(issue 17 items 3 and 4, SPEC §14.2): the real command line."""

import json

from tests.cli.inprocess import run_kefu

NOW = "2026-12-06T10:00:00+08:00"


def test_issue17_address_prints_the_place_and_header_of_each():
    r = run_kefu(["address", "河南固始解放路88号", "北京 北京市 顺义区 府前街"])
    assert r.returncode == 0 and r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines[0].split("\t") == ["河南固始解放路88号", "河南省", "信阳市", "固始县", "豫-固始"]
    assert lines[1].split("\t")[1:] == ["北京市", "北京市", "顺义区", "京-顺义"]


def test_issue17_address_json_lines_in_input_order_from_stdin():
    stdin = "信阳光山火车站对面\n\n河南省解放路88号\n豫固始\n南阳路18号\n"
    r = run_kefu(["address", "-", "--json"], stdin=stdin)
    assert r.returncode == 1  # two addresses have no header
    docs = [json.loads(x) for x in r.stdout.splitlines()]
    assert [d["address"] for d in docs] == ["信阳光山火车站对面", "河南省解放路88号", "豫固始", "南阳路18号"]
    assert docs[0] == {"address": "信阳光山火车站对面", "province": "河南省", "city": "信阳市",
                       "district": "光山县", "header": "豫-光山"}
    assert docs[1]["province"] == "河南省" and docs[1]["city"] is None and docs[1]["header"] is None
    assert "缺市或区县" in docs[1]["reason"]
    assert "reason" not in docs[2] and docs[2]["header"] == "豫-固始"
    assert docs[3] == {"address": "南阳路18号", "province": None, "city": None, "district": None,
                       "header": None, "reason": docs[3]["reason"]} and docs[3]["reason"]


def test_issue17_address_input_that_cannot_be_read_exits_2():
    for args, stdin in ((["address", ""], ""), (["address", "-"], "\n  \n")):
        r = run_kefu(args, stdin=stdin)
        assert r.returncode == 2 and r.stdout == "" and len(r.stderr.splitlines()) == 1


def test_issue17_intake_quote_reports_header_null_and_why():
    """Never 豫-河南省: a province alone gives header null with the reason (exit 0)."""
    base = ["intake", "quote", "--weight", "1", "--dims", "10x10x10", "--json"]
    r = run_kefu([*base, "--to", "河南省解放路88号"])
    doc = json.loads(r.stdout)
    assert r.returncode == 0 and doc["header"] is None and "缺市或区县" in doc["header_reason"]
    r = run_kefu([*base, "--to", "火星基地一号"])
    doc = json.loads(r.stdout)
    assert r.returncode == 0 and doc["header"] is None and doc["header_reason"]
    doc = json.loads(run_kefu([*base, "--to", "河南固始解放路88号"]).stdout)
    assert doc["header"] == "豫-固始" and "header_reason" not in doc
    r = run_kefu(base[:-1] + ["--to", "河南省解放路88号"])
    assert "header        null" in r.stdout and "缺市或区县" in r.stdout


def test_issue17_intake_save_header_null_or_typed_by_hand(tmp_path):
    db = tmp_path / "k.db"
    save = ["--db", db, "--now", NOW, "intake", "save", "--weight", "1", "--dims", "10x10x10",
            "--receiver", "张三", "--phone", "13812345678", "--to", "河南省解放路88号", "--json"]
    doc = json.loads(run_kefu(save).stdout)
    assert doc["header"] is None and "缺市或区县" in doc["header_reason"]
    r = run_kefu([*save, "--header", "豫-固始"])
    doc = json.loads(r.stdout)
    assert r.returncode == 0 and doc["header"] == "豫-固始" and "header_missing" not in doc["warnings"]
    r = run_kefu(save[:-1])
    assert "null" in r.stdout and "缺市或区县" in r.stdout


def test_address_text_output_draws_an_argument_s_controls_visibly_issue_15_item_3():
    """An address argument holding ESC ]0; (a terminal title) or a tab prints as one line of
    five cells, the controls as visible symbols: nothing reaches the clerk's terminal raw."""
    r = run_kefu(["address", "信阳光山\x1b]0;pwned\x07\t路"])
    cells = r.stdout.rstrip("\n").split("\t")
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout and len(r.stdout.splitlines()) == 1
    assert len(cells) == 5 and cells[0] == "信阳光山␛]0;pwned␇␉路" and cells[4] == "豫-光山"
