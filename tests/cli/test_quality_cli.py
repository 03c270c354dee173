"""`kefu handover`, `kefu complaint` and the R-31..R-33 imports through the real program
(SPEC §14.1, §15, §11)."""

import json

from tests.cli.inprocess import run_kefu

NOW = "2026-11-24T09:30:00+08:00"


def kefu(db, *args, user="clerk1", now=NOW):
    return run_kefu(["--db", db, "--now", now, "--user", user, *args])


def test_handover_add_list_done_urgent_first_and_done_twice_refused(db_path):
    assert kefu(db_path, "handover", "add", "普通: 明早对账").returncode == 0
    r = kefu(db_path, "handover", "add", "淮滨3票今晚必须派", "--urgent", "--json", user="wang")
    assert r.returncode == 0, r.stderr
    urgent = json.loads(r.stdout)
    doc = json.loads(kefu(db_path, "handover", "list", "--json").stdout)
    assert [n["text"] for n in doc["notes"]] == ["淮滨3票今晚必须派", "普通: 明早对账"]
    assert doc["notes"][0]["urgent"] is True and doc["notes"][0]["by"] == "wang"
    assert kefu(db_path, "handover", "done", str(urgent["id"]), user="li").returncode == 0
    again = kefu(db_path, "handover", "done", str(urgent["id"]))
    assert again.returncode == 1 and "li" in again.stderr
    assert kefu(db_path, "handover", "done", "999").returncode == 1
    left = json.loads(kefu(db_path, "handover", "list", "--json").stdout)["notes"]
    assert [n["text"] for n in left] == ["普通: 明早对账"]
    assert kefu(db_path, "handover", "add", "  ").returncode == 2


def test_complaint_goes_through_every_step_and_summary_before_callback_is_refused(db_path):
    r = kefu(db_path, "complaint", "add", "--from", "张三", "--phone", "13812345678",
             "--text", "快递员态度差", "--waybill", "518346120987", "--json")
    assert r.returncode == 0, r.stderr
    cid = str(json.loads(r.stdout)["id"])
    assert kefu(db_path, "complaint", "step", cid, "proposal", "--text", "先赔").returncode == 1
    for step in ("judged", "responsible", "proposal", "done"):
        assert kefu(db_path, "complaint", "step", cid, step, "--text", f"{step}说明").returncode == 0
    early = kefu(db_path, "complaint", "step", cid, "summary", "--text", "结案")
    assert early.returncode == 1 and "回访" in early.stderr
    due = json.loads(kefu(db_path, "complaint", "list", "--callbacks-due", "--json").stdout)
    assert [c["id"] for c in due["complaints"]] == [int(cid)]
    assert due["complaints"][0]["callback_by"] == "2026-11-27T09:30:00+08:00"
    assert due["complaints"][0]["phone"] == "138****5678"
    # an unsatisfied callback re-opens it: a new proposal, carried out, called back again
    assert kefu(db_path, "complaint", "step", cid, "callback", "--text", "客户不满意").returncode == 0
    assert kefu(db_path, "complaint", "step", cid, "summary", "--text", "结案").returncode == 1
    for step, text in (("proposal", "补偿20元"), ("done", "已补偿"), ("callback", "满意")):
        assert kefu(db_path, "complaint", "step", cid, step, "--text", text).returncode == 0
    r = kefu(db_path, "complaint", "step", cid, "summary", "--text", "态度问题已培训", "--json")
    assert r.returncode == 0, r.stderr
    done = json.loads(r.stdout)
    assert [s["step"] for s in done["steps"]] == [
        "received", "judged", "responsible", "proposal", "done", "callback", "proposal", "done",
        "callback", "summary"]
    assert done["outcome"] == "satisfied" and done["reopened"] == 1 and done["closed_at"]
    assert all(s["by"] == "clerk1" and s["at"] for s in done["steps"])
    assert json.loads(kefu(db_path, "complaint", "list", "--open", "--json").stdout)["complaints"] == []
    assert kefu(db_path, "complaint", "step", cid, "callback", "--text", "x").returncode == 1


def test_callbacks_due_oldest_first_and_bad_input(db_path):
    ids = []
    for n, when in enumerate(("2026-11-20T10:00:00+08:00", "2026-11-18T10:00:00+08:00")):
        r = kefu(db_path, "complaint", "add", "--from", f"客户{n}", "--phone", "13900001111",
                 "--text", "延误", "--json", now=when)
        ids.append(json.loads(r.stdout)["id"])
        for step in ("judged", "responsible", "proposal", "done"):
            kefu(db_path, "complaint", "step", str(ids[-1]), step, "--text", "x", now=when)
    due = json.loads(kefu(db_path, "complaint", "list", "--callbacks-due", "--json").stdout)
    assert [c["id"] for c in due["complaints"]] == [ids[1], ids[0]]
    assert all(c["callback_overdue"] for c in due["complaints"])
    assert kefu(db_path, "complaint", "add", "--from", "x", "--phone", "1",
                "--text", "y", "--waybill", "12").returncode == 2
    assert kefu(db_path, "complaint", "step", "1", "bogus", "--text", "x").returncode == 2
    assert kefu(db_path, "complaint", "step", "77", "judged", "--text", "x").returncode == 1


def test_three_register_exports_import_idempotently_and_show_on_the_board(db_path, samples):
    files = [str(samples / n) for n in ("网络订单_20261124.csv", "仲裁查询_被投诉方_20261124.csv",
                                        "罚款查询_20261124.xlsx")]
    r = kefu(db_path, "import", *files, "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert [(f["format"], f["new"], len(f["rejected"])) for f in doc["files"]] == [
        ("orders", 3, 0), ("arbitrations", 3, 0), ("fines", 3, 0)]
    again = json.loads(kefu(db_path, "import", *files, "--json").stdout)
    assert again["new"] == 0 and again["known"] == 9
    board = json.loads(kefu(db_path, "monitor", "--json").stdout)
    assert [f["order"] for f in board["R-31"]["findings"]] == ["WD2026112400013"]
    assert "waybill" not in board["R-31"]["findings"][0]
    r32 = {f["case"]: f for f in board["R-32"]["findings"]}
    assert set(r32) == {"ZC2026112301", "ZC2026112202"}  # 11-20 is outside the 3 days
    assert r32["ZC2026112301"]["appeal_by"] == "2026-11-24T15:20:00+08:00"
    assert r32["ZC2026112202"]["amount"] == "300.00"
    assert {f["fine"] for f in board["R-33"]["findings"]} == {
        "FK20261123001", "FK20261122004", "FK20261121002"}
    assert board["R-33"]["window"][0] == "2026-11-21T00:00:00+08:00"
    check = kefu(db_path, "monitor", "check", "R-32", "--json")
    assert check.returncode == 0 and json.loads(check.stdout)["findings"] == 2


def test_complaint_list_reveal_prints_the_phone_whole_and_audits_it(db_path):
    kefu(db_path, "complaint", "add", "--from", "张三", "--phone", "13812345678", "--text", "延误",
         "--waybill", "518346120987")
    masked = json.loads(kefu(db_path, "complaint", "list", "--json").stdout)["complaints"][0]
    assert masked["phone"] == "138****5678"
    r = run_kefu(["--db", db_path, "--now", NOW, "--user", "li", "--reveal", "complaint", "list", "--json"])
    assert json.loads(r.stdout)["complaints"][0]["phone"] == "13812345678"
    audit = json.loads(kefu(db_path, "audit", "--json").stdout)["entries"]
    assert any(e["action"] == "reveal" and e["waybill"] == "518346120987" for e in audit)
