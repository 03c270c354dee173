"""`kefu intake save`, `items search`, `receipt`, `brushing sign`, `unidentified`, `slips`
(SPEC §14.1, issue 10): the real command line on a real database file."""

import io
import json

import pytest

from kefu_tui.cli import main
from kefu_tui.store import open_store

NOW = "2026-12-02T10:00:00+08:00"
SAVE = ["intake", "save", "--receiver", "张三", "--phone", "13812345678"]


def kefu(db, capsys, monkeypatch, *argv, stdin="", now=NOW, user="chen"):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        code = main(["--db", str(db), "--now", now, "--user", user, *argv])
    except SystemExit as e:
        code = e.code
    out = capsys.readouterr()
    return code, out.out, out.err


def rows(db, sql, params=()):
    with open_store(db) as s:
        return [tuple(r) for r in s.query(sql, params)]


def test_intake_save_creates_waybill_with_pickup_and_entry_scans_R40(db_path, capsys, monkeypatch):
    code, out, _ = kefu(db_path, capsys, monkeypatch, *SAVE, "--weight", "3", "--dims", "40x30x20",
                        "--to", "上海市浦东新区张江路1号", "--cod", "500", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["waybill"] == "518376000001" and doc["header"] == "沪-浦东"
    assert doc["chargeable_kg"] == 3.43 and doc["cod_fee"] == "10.00" and doc["ok"] is True
    assert rows(db_path, "SELECT kind, site, operator FROM scans WHERE waybill = ? ORDER BY kind",
                (doc["waybill"],)) == [("录单", "信阳二部", "chen"), ("收件", "信阳二部", "chen")]
    assert rows(db_path, "SELECT payment, cod_fen, entered_at FROM waybills") == [("cod", 50000, "2026-12-02 10:00:00")]
    code, out, _ = kefu(db_path, capsys, monkeypatch, *SAVE, "--weight", "1", "--dims", "10x10x10",
                        "--to", "河南省信阳市固始县城关镇", "--json")
    assert json.loads(out)["waybill"] == "518376000002" and json.loads(out)["header"] == "豫-固始"


def test_intake_save_R40_remark_where_reach_unsure(db_path, capsys, monkeypatch):
    code, out, _ = kefu(db_path, capsys, monkeypatch, *SAVE, "--weight", "1", "--dims", "10x10x10",
                        "--to", "河南省信阳市淮滨县王家岗乡", "--json")
    assert code == 0 and json.loads(out)["label_note"] == "请勿直接收费转单,联系寄件站处理"
    assert rows(db_path, "SELECT label_note FROM waybills") == [("请勿直接收费转单,联系寄件站处理",)]


def test_intake_save_entered_so_R24_has_no_finding(db_path, capsys, monkeypatch):
    code, out, _ = kefu(db_path, capsys, monkeypatch, *SAVE, "--weight", "1", "--dims", "10x10x10",
                        "--to", "河南省信阳市浉河区", "--json")
    no = json.loads(out)["waybill"]
    code, out, _ = kefu(db_path, capsys, monkeypatch, "monitor", "--json", now="2026-12-02T20:00:00+08:00")
    assert no not in out


@pytest.mark.parametrize("extra,why", [
    (["--weight", "101", "--dims", "10x10x10"], "over_100kg"),
    (["--weight", "5", "--dims", "260x10x10"], "side_over_2_5m"),
    (["--weight", "5", "--dims", "10x10x10", "--contents", "花露水"], "prohibited:listed_items"),
    (["--weight", "25", "--dims", "10x10x10", "--contents", "零食"], "restricted_over_20kg:food"),
])
def test_intake_save_refused_R36_R39_saves_nothing(db_path, capsys, monkeypatch, extra, why):
    code, out, err = kefu(db_path, capsys, monkeypatch, *SAVE, *extra, "--to", "上海市徐汇区", "--json")
    assert code == 1 and why in err
    doc = json.loads(out)
    assert doc["ok"] is False and why in doc["violations"] + doc["refusals"]
    assert rows(db_path, "SELECT COUNT(*) FROM scans") == [(0,)]
    assert rows(db_path, "SELECT COUNT(*) FROM waybills") == [(0,)]


@pytest.mark.parametrize("extra", [
    ["--weight", "-1", "--dims", "10x10x10"], ["--weight", "0", "--dims", "10x10x10"],
    ["--weight", "abc", "--dims", "10x10x10"], ["--weight", "1e9", "--dims", "10x10x10"],
    ["--weight", "1", "--dims", "10x0x10"], ["--weight", "1", "--dims", "10x10"],
    ["--weight", "1", "--dims", "1e9x1x1"], ["--weight", "1", "--dims", "1x1x1", "--cod", "-5"],
    ["--weight", "0.0000001", "--dims", "1x1x1"], ["--weight", "1", "--dims", "1x1x1", "--cod", "1e999"],
    ["--weight", "1", "--dims", "1x1x1", "--receiver", "\x1b\x07"], ["--weight", "nan", "--dims", "1x1x1"],
])
def test_intake_save_nonsense_exit_2_nothing_written(db_path, capsys, monkeypatch, extra):
    code, out, err = kefu(db_path, capsys, monkeypatch, *SAVE, *extra, "--to", "上海市徐汇区", "--json")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert not db_path.exists() or rows(db_path, "SELECT COUNT(*) FROM scans") == [(0,)]


def test_intake_save_full_width_digits_are_digits(db_path, capsys, monkeypatch):
    code, out, _ = kefu(db_path, capsys, monkeypatch, "intake", "save", "--receiver", "张三", "--phone",
                        "１３８１２３４５６７８", "--weight", "２.５", "--dims", "10x10x10", "--to", "上海市徐汇区", "--json")
    assert code == 0 and json.loads(out)["chargeable_kg"] == 2.5
    assert rows(db_path, "SELECT phone, weight_kg FROM waybills") == [("13812345678", 2.5)]


def test_intake_save_given_number_used_twice_exit_1(db_path, capsys, monkeypatch):
    args = [*SAVE, "--weight", "1", "--dims", "1x1x1", "--to", "上海市徐汇区", "--waybill", "518000000777"]
    assert kefu(db_path, capsys, monkeypatch, *args)[0] == 0
    code, _, err = kefu(db_path, capsys, monkeypatch, *args)
    assert code == 1 and "518000000777" in err
    assert rows(db_path, "SELECT COUNT(*) FROM scans") == [(2,)]


def test_items_search_pinyin_initials_and_chinese_R39(db_path, capsys, monkeypatch):
    code, out, _ = kefu(db_path, capsys, monkeypatch, "items", "search", "hzs", "--json")
    first = json.loads(out)["items"][0]
    assert code == 0 and (first["name"], first["verdict"]) == ("花露水", "refuse")
    for text, name, verdict in [("hls", "花露水", "refuse"), ("洗衣液", "洗衣液", "limit_20kg"),
                                ("sjx", "数据线", "accept"), ("xiangshui", "香水", "refuse")]:
        doc = json.loads(kefu(db_path, capsys, monkeypatch, "items", "search", text, "--json")[1])
        assert (doc["items"][0]["name"], doc["items"][0]["verdict"]) == (name, verdict)


def test_receipt_dispatch_by_number_and_barcode_R10(db_path, capsys, monkeypatch):
    with open_store(db_path) as s, s.write():
        s.conn.execute("INSERT INTO waybills (waybill, receipt_no) VALUES ('518000000001', 'HD0000000001')")
    code, out, _ = kefu(db_path, capsys, monkeypatch, "receipt", "dispatch", "-", "--json",
                        stdin="518000000002\nHD0000000001\n518000000002\n")
    doc = json.loads(out)
    assert code == 0 and doc["unknown"] == [] and doc["repeats"] == ["518000000002"]
    assert {d["waybill"] for d in doc["dispatched"]} == {"518000000001", "518000000002"}
    assert rows(db_path, "SELECT waybill, next_site, note FROM scans WHERE kind = '回单发件' ORDER BY waybill") == [
        ("518000000001", "郑州分拨中心", "HD0000000001"), ("518000000002", "郑州分拨中心", None)]
    code, out, err = kefu(db_path, capsys, monkeypatch, "receipt", "dispatch", "HDXXX", "--json")
    assert code == 1 and json.loads(out)["unknown"] == ["HDXXX"]


def test_receipt_empty_then_reply_R10(db_path, capsys, monkeypatch):
    no = "518000000009"
    code, out, _ = kefu(db_path, capsys, monkeypatch, "receipt", "empty", no, "--json")
    assert code == 0 and json.loads(out)["created"] == 1
    assert kefu(db_path, capsys, monkeypatch, "receipt", "empty", no)[0] == 1
    _, out, _ = kefu(db_path, capsys, monkeypatch, "track", no)
    assert "R-10" in out
    code, out, _ = kefu(db_path, capsys, monkeypatch, "receipt", "reply", no, "回单已补寄,可派送", "--json")
    assert code == 0 and json.loads(out)["closed"] is True
    _, out, _ = kefu(db_path, capsys, monkeypatch, "track", no)
    assert "R-10" not in out
    assert kefu(db_path, capsys, monkeypatch, "receipt", "empty", "12345")[0] == 2


def test_brushing_sign_99_of_100_one_real_R11(db_path, capsys, monkeypatch):
    nos = [f"518000100{i:03d}" for i in range(100)]
    with open_store(db_path) as s, s.write():
        s.conn.execute("INSERT INTO waybills (waybill, label_note) VALUES (?, '刷单 真实件')", (nos[42],))
    code, out, err = kefu(db_path, capsys, monkeypatch, "brushing", "sign", "-", "--json",
                          stdin="\n".join(nos) + "\n")
    doc = json.loads(out)
    assert code == 1 and len(doc["signed"]) == 99
    assert doc["refused"] == [{"waybill": nos[42], "reason": "备注「真实件」:真实件,立即分拣,不可草签"}]
    assert nos[42] in err
    assert rows(db_path, "SELECT COUNT(*), MIN(note), MIN(site) FROM scans WHERE kind = '签收'") == [(99, "草签", "信阳二部")]
    assert rows(db_path, "SELECT COUNT(*) FROM scans WHERE waybill = ?", (nos[42],)) == [(0,)]
    code, out, _ = kefu(db_path, capsys, monkeypatch, "brushing", "sign", nos[0], "--json")
    assert code == 0 and json.loads(out)["already_signed"] == [nos[0]]
    assert kefu(db_path, capsys, monkeypatch, "brushing", "sign", "12x")[0] == 2


def test_unidentified_add_photo_title_list_return_R12(db_path, tmp_path, capsys, monkeypatch):
    photo = tmp_path / "box.jpg"
    photo.write_bytes(b"\xff\xd8jpeg")
    code, out, _ = kefu(db_path, capsys, monkeypatch, "unidentified", "add", "--arrived", "2026-12-02T06:30:00+08:00",
                        "--channel", "郑州-信阳夜车", "--packaging", "黄色纸箱", "--contents", "儿童鞋两双",
                        "--photo", str(photo), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["title"] == "河南信阳分拨中心26年12月2日不明货物"
    copied = doc["photos"][0]
    assert copied.startswith(str(db_path.parent / "photos")) and open(copied, "rb").read() == b"\xff\xd8jpeg"
    code, out, _ = kefu(db_path, capsys, monkeypatch, "unidentified", "list", "--open", "--json")
    assert [g["id"] for g in json.loads(out)["goods"]] == [doc["id"]]
    assert kefu(db_path, capsys, monkeypatch, "unidentified", "return", str(doc["id"]))[0] == 0
    assert kefu(db_path, capsys, monkeypatch, "unidentified", "return", str(doc["id"]))[0] == 1
    assert json.loads(kefu(db_path, capsys, monkeypatch, "unidentified", "list", "--open", "--json")[1])["goods"] == []
    code, _, err = kefu(db_path, capsys, monkeypatch, "unidentified", "add", "--arrived", "2026-12-02T06:30:00+08:00",
                        "--channel", "c", "--packaging", "p", "--contents", "x", "--photo", str(tmp_path / "none.jpg"))
    assert code == 2 and rows(db_path, "SELECT COUNT(*) FROM unidentified_goods") == [(1,)]


def test_slips_per_courier_and_daily_total_R41(db_path, tmp_path, capsys, monkeypatch):
    with open_store(db_path) as s, s.write():
        s.conn.executemany("INSERT INTO waybills (waybill, payment, cod_fen, collect_fen) VALUES (?, ?, ?, ?)",
                           [("518000000001", "collect", None, 1250), ("518000000002", "cod", 30000, None),
                            ("518000000003", "prepaid", None, None)])
        s.conn.executemany("INSERT INTO delivery_items (waybill, courier, at, day) VALUES (?, ?, ?, ?)",
                           [("518000000001", "李强", "2026-12-02 08:00:00", "2026-12-02"),
                            ("518000000002", "李强", "2026-12-02 08:00:00", "2026-12-02"),
                            ("518000000003", "王伟", "2026-12-02 08:00:00", "2026-12-02")])
    out_file = tmp_path / "slips.txt"
    code, out, _ = kefu(db_path, capsys, monkeypatch, "slips", "--output", str(out_file), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["total"] == "312.50"
    assert doc["slips"] == [{"courier": "李强", "collect": "12.50", "cod": "300.00", "total": "312.50",
                             "waybills": ["518000000001", "518000000002"]}]
    text = out_file.read_text(encoding="utf-8")
    assert "交款单" in text and "李强" in text and "312.50" in text
    assert kefu(db_path, capsys, monkeypatch, "slips", "--output", str(out_file))[0] == 2


@pytest.mark.parametrize("goods_id", ["99999999999999999999", "-3", "abc", "0"])
def test_unidentified_return_of_an_impossible_id_is_a_usage_error_issue_15_item_8(db_path, capsys, monkeypatch, goods_id):
    """Issue 15 item 8: `kefu unidentified return 99999999999999999999` was an internal
    error (OverflowError from SQLite); now exit 2 and one line."""
    code, out, err = kefu(db_path, capsys, monkeypatch, "unidentified", "return", goods_id)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "内部错误" not in err, err
