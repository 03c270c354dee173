"""The quality desk's part of the demo branch: network orders (R-31), complaints against us
(R-32, one with its appeal deadline inside 4 hours), fines (R-33), complaints at every
stage of the loop (§11) and open handover notes, so the F11 desk and the home screen show
data at ``now``. Own ``Random`` so the rest of the demo stays as it was."""

from __future__ import annotations

import random
from datetime import timedelta

import arrow

from kefu_tui.domain import clock
from kefu_tui.services.demo_data import CLERKS

H = 3600


def add_quality_demo(conn, now: arrow.Arrow, waybills: list[str], seed: int = 1) -> None:
    """Write the quality rows (inside the demo's one transaction)."""
    rnd = random.Random(seed * 7919 + 11)
    base = now.to(clock.TZ).naive

    def ago(hours: float) -> str:
        return (base - timedelta(seconds=int(hours * H))).strftime(clock.STAMP_FMT)

    def at(days: int, hour: float) -> str:
        """Office hours ``days`` before today; never after ``now``."""
        t = (base - timedelta(days=days)).replace(hour=int(hour), minute=int(hour % 1 * 60), second=0)
        return min(t, base - timedelta(minutes=20)).strftime(clock.STAMP_FMT)

    def no() -> str:
        return rnd.choice(waybills) if waybills else f"518{rnd.randrange(10 ** 9):09d}"

    qc, inbound, outbound = CLERKS["质控"], CLERKS["进港"], CLERKS["出港"]
    day = now.format("YYYYMMDD")
    conn.executemany(
        "INSERT OR IGNORE INTO network_orders (order_no, ordered_at, sender, sender_phone,"
        " sender_address, waybill, status) VALUES (?, ?, ?, ?, ?, ?, ?)", [
            (f"WD{day}00013", ago(1.2), "周敏", "13803761234", "河南省信阳市浉河区东方红大道88号", None, "待处理"),
            (f"WD{day}00027", ago(3.5), "黄磊", "13937601122", "信阳市平桥区新华东路19号", None, "待处理"),
            (f"WD{day}00102", ago(20), "刘洋", "15937650021", "河南省信阳市平桥区平西路12号", no(), "已处理"),
            (f"WD{day}00311", ago(45), "孙丽", "13598700456", "信阳市羊山新区新七大道6号", None, "已取消"),
            (f"WD{day}00415", ago(50), "陈晨", "18837602233", "信阳市浉河区湖东路3号", None, "待处理"),
        ])
    conn.executemany(
        "INSERT OR IGNORE INTO arbitrations (case_no, waybill, complainant, kind, accepted_at,"
        " respondent, content, amount_fen, status, decision, decision_reason, decided_at,"
        " decided_by) VALUES (?, ?, ?, ?, ?, '河南信阳分公司', ?, ?, '已受理', ?, ?, ?, ?)", [
            (f"ZC{day}01", no(), "杭州萧山一部", "延误", ago(21.5), "客户催件三次未派送", 5000,
             None, None, None, None),
            (f"ZC{day}02", no(), "广州白云二部", "丢件", ago(30), "签收后客户称未收到", 30000,
             "appeal", "有签收底单与签收照片", ago(10), qc),
            (f"ZC{day}03", no(), "北京朝阳二部", "服务态度", ago(40), "快递员电话态度恶劣", 2000,
             "settle", "确属我方, 已与投诉网点协商赔付", ago(28), qc),
            (f"ZC{day}04", no(), "上海浦东三部", "破损", ago(6), "外包装破损内物碎", 8000,
             None, None, None, None),
        ])
    conn.executemany(
        "INSERT OR IGNORE INTO fines (fine_no, fined_at, amount_fen, waybill, kind, note,"
        " supervisor, told_at, told_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            (f"FK{day}001", ago(5), 50000, no(), "录单超时", "收件超过5天未录单", None, None, None),
            (f"FK{day}004", ago(26), 200, None, "大头笔错误", "抬头书写不规范", "李主管", ago(24), qc),
            (f"FK{day}007", ago(49), 10000, no(), "虚假签收", "未派送即签收", None, None, None),
        ])
    loops = [  # (caller, phone, text, received (days ago, hour), steps as (step, text, answer, when))
        ("王女士", "13812345678", "快递员没打电话就放驿站", (0, 9.2), []),
        ("李先生", "13598761234", "包裹延误五天", (1, 9.5), [
            ("judged", "属实, 中转延误", "justified", (1, 10)), ("responsible", "信阳分拨中心", None, (1, 11))]),
        ("张先生", "15036987412", "外包装破损", (2, 9), [
            ("judged", "属实", "justified", (2, 9.5)), ("responsible", "派件员 张伟", None, (2, 10)),
            ("proposal", "赔付20元并道歉", None, (2, 11)), ("done", "已赔付20元", None, (2, 15))]),
        ("赵女士", "18737654321", "派件员态度差", (4, 9), [
            ("judged", "属实", "justified", (4, 10)), ("responsible", "派件员 李强", None, (4, 11)),
            ("proposal", "批评教育, 上门道歉", None, (4, 14)), ("done", "已上门道歉", None, (4, 17)),
            ("callback", "客户表示满意", "satisfied", (2, 10)), ("summary", "加强服务培训", None, (2, 16))]),
        ("孙先生", "13033765432", "到付运费多收", (3, 14), [
            ("judged", "属实", "justified", (3, 15)), ("responsible", "派件员 王磊", None, (3, 15.5)),
            ("proposal", "退还多收运费", None, (3, 16)), ("done", "已退5元", None, (3, 17)),
            ("callback", "客户不满意, 要求书面道歉", "unsatisfied", (1, 10))]),
    ]
    for caller, phone, text, when, steps in loops:
        received = at(*when)
        last, last_at, justified, outcome = "received", received, None, None
        for step, _t, answer, h in steps:
            last, last_at = step, at(*h)
            justified = (answer == "justified") if step == "judged" else justified
            outcome = answer if step == "callback" else outcome
        cur = conn.execute(
            "INSERT INTO complaints (caller, phone, text, waybill, received_at, received_by, step,"
            " step_at, justified, outcome, reopened, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (caller, phone, text, no(), received, qc, last, last_at,
             None if justified is None else int(justified), outcome,
             int(outcome == "unsatisfied"), last_at if last == "summary" else None))
        cid = cur.lastrowid
        conn.executemany("INSERT INTO complaint_steps (complaint_id, step, text, answer, at, by)"
                         " VALUES (?, ?, ?, ?, ?, ?)",
                         [(cid, "received", text, None, received, qc)]
                         + [(cid, s, t, a, at(*h), qc) for s, t, a, h in steps])
    # the checks of the last six days, a few items missed each day (for the month's chart)
    rules = [f"R-{n}" for n in range(24, 34)]
    post = {"R-25": inbound, "R-28": inbound, "R-29": inbound, "R-30": qc, "R-31": qc, "R-32": qc, "R-33": qc}
    checks = []
    for k in range(6, 0, -1):
        d = (base - timedelta(days=k)).strftime("%Y-%m-%d")
        for i, rule in enumerate(rules):
            if rnd.random() < 0.15:
                continue
            checks.append((rule, d, f"{d} {8 + i // 2:02d}:{10 + 5 * i:02d}:00", post.get(rule, outbound)))
    conn.executemany("INSERT INTO monitor_checks (rule, day, checked_at, checked_by, findings, note)"
                     " VALUES (?, ?, ?, ?, NULL, '已查看')", checks)
    conn.executemany(
        "INSERT INTO handover_notes (text, urgent, waybills, at, by, done_at, done_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)", [
            ("仲裁单 ZC%s01 今天必须申诉或认责" % day, 1, None, at(1, 18.5), outbound, None, None),
            ("淮滨代派 2 票客户改约今天下午送", 0, " ".join([no(), no()]), at(1, 18), inbound, None, None),
            ("盘点少1票已找到", 0, None, at(2, 17), inbound, at(1, 9), outbound),
        ])
