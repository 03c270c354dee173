"""R-24..R-30, R-34, R-41 findings compared whole (every field a clerk sees), at the
windows' bounds, and with a skipped parcel sorted before a finding (a ``continue`` must
not end the loop). Hand-made data at the fixed clock 2026-11-24 09:30 (conftest)."""

from datetime import date

from kefu_tui.domain import monitoring as m
from kefu_tui.domain.waybills import Payment, Scan

HUB, BR = m.HUB, m.BRANCH
A, B, C, D, E = (f"51800000010{i}" for i in range(1, 6))


def sc(no, kind, at, site=BR, next_site=None, op=None):
    return Scan(waybill=no, kind=kind, at=at, site=site, next_site=next_site, operator=op)


def by_no(scans):
    out = {}
    for s in scans:
        out.setdefault(s.waybill, []).append(s)
    return out


def item(no, day, at="08:00:00", courier="张三", outlet=BR):
    return m.ListItem(waybill=no, courier=courier, at=f"{day} {at}", day=day, outlet=outlet)


def js(findings):
    return [f.as_json() for f in findings]


def test_R24_fine_at_exactly_5x24h_and_the_whole_finding(now):
    collected = [sc(A, "收件", "2026-11-19 09:30:00", op="王强"),  # exactly 5×24 h: fine due
                 sc(B, "收件", "2026-11-19 09:30:01", op="李娜"),  # one second short
                 sc(B, "收件", "2026-11-20 10:00:00", op="赵六"),  # a later pickup: first one counts
                 sc(C, "收件", "2026-11-19 08:00:00")]  # entered
    fs = m.findings_R24(list(reversed(collected)), {C}, now)
    assert js(fs) == [
        {"waybill": A, "reason": "not_entered_fine", "label": "超5天未录单(罚500元)", "site": BR,
         "at": "2026-11-19 09:30:00", "day": "2026-11-19", "courier": "王强", "fine": "500.00"},
        {"waybill": B, "reason": "not_entered", "label": "已收未录单", "site": BR,
         "at": "2026-11-19 09:30:01", "day": "2026-11-19", "courier": "李娜", "fine": "0.00"},
    ]


def test_R25_both_bounds_of_the_arrival_search(now):
    sent = [sc(A, "发件", "2026-11-23 12:00:00", HUB, "固始"),
            sc(B, "发件", "2026-11-23 13:00:00", HUB, "商城"),
            sc(C, "发件", "2026-11-23 14:00:00", HUB),  # next site not named
            sc(D, "发件", "2026-11-23 15:00:00", HUB),
            sc(E, "发件", "2026-11-23 16:00:00", HUB, "息县")]
    later = [sc(A, "到件", "2026-11-23 12:00:00", "固始"),  # the same second: arrived
             sc(B, "到件", "2026-11-24 20:00:00", "商城"),  # today 20:00 exactly: arrived
             sc(C, "到件", "2026-11-23 20:00:00", "罗山"),  # any site but the hub
             sc(D, "到件", "2026-11-23 20:00:00", HUB),  # back at the hub is no arrival
             sc(D, "到件", "2026-11-24 20:00:01", "光山"),  # too late
             sc(E, "到件", "2026-11-23 15:59:59", "息县")]  # before the dispatch
    scans = by_no(sent + later)
    del scans[E]
    fs = m.findings_R25(sent, scans, now)
    assert js(fs) == [
        {"waybill": D, "reason": "not_arrived", "label": "本站已发-下站未到", "site": HUB,
         "at": "2026-11-23 15:00:00", "day": "2026-11-23",
         "last_scan": "2026-11-24 20:00:01 光山 到件"},
        {"waybill": E, "reason": "not_arrived", "label": "本站已发-下站未到", "site": HUB,
         "at": "2026-11-23 16:00:00", "day": "2026-11-23", "next_site": "息县",
         "last_scan": "2026-11-23 16:00:00 信阳分拨中心 发件"},
    ]
    assert m.findings_R25([sc(A, "发件", "2026-11-23 12:00:00", HUB, "固始")],
                          by_no([sc(A, "到件", "2026-11-23 12:00:00", "固始")]), now) == []


def test_R26_each_way_a_parcel_leaves_the_hub(now):
    arr = [sc(n, "到件", f"2026-11-2{i} 06:00:00", HUB) for i, n in enumerate((A, B, C, D, E), 1)]
    arr[0] = sc(A, "到件", "2026-11-21 06:00:00", HUB)
    more = [sc(A, "签收", "2026-11-21 09:00:00", "固始"),  # signed
            sc(B, "到件", "2026-11-22 06:00:00", "固始"),  # scanned elsewhere since
            sc(C, "问题件", "2026-11-20 06:00:00", HUB),  # a problem registered (any time)
            sc(D, "派件", "2026-11-24 06:00:00", HUB)]  # same time at the hub, not handled
    fs = m.findings_R26(arr, by_no(arr + more), set(), now)
    assert js(fs) == [
        {"waybill": D, "reason": "not_dispatched", "label": "已到未发,滞留中心", "site": HUB,
         "at": "2026-11-24 06:00:00", "day": "2026-11-24",
         "last_scan": "2026-11-24 06:00:00 信阳分拨中心 到件"},
        {"waybill": E, "reason": "not_dispatched", "label": "已到未发,滞留中心", "site": HUB,
         "at": "2026-11-25 06:00:00", "day": "2026-11-25",
         "last_scan": "2026-11-25 06:00:00 信阳分拨中心 到件"},
    ]
    # a parcel scanned at the hub twice at the same second is judged once; the skip goes on
    twice = [sc(A, "到件", "2026-11-22 06:00:00", HUB), sc(A, "到件", "2026-11-22 06:00:00", HUB),
             sc(B, "到件", "2026-11-23 06:00:00", HUB)]
    assert [f.waybill for f in m.findings_R26(twice, {}, set(), now)] == [A, B]
    handed = [sc(A, "到件", "2026-11-22 06:00:00", HUB), sc(A, "发件", "2026-11-22 06:00:00", HUB)]
    assert m.findings_R26(handed[:1], by_no(handed), set(), now) == []


def test_R27_every_finding_whole_and_skips_do_not_stop_the_loop(now):
    items = [item(A, "2026-11-24", "07:00:00", "王强", "羊山"),
             item(B, "2026-11-24", "07:30:00", "李娜")]
    today = [sc(A, "派件", "2026-11-24 07:10:00", "羊山", op="王强"),
             sc(C, "派件", "2026-11-24 07:20:00", op="赵六"),
             sc(C, "派件", "2026-11-24 07:40:00", op="赵六")]  # twice: one finding
    yday = [sc(A, "派件", "2026-11-23 07:00:00", op="王强"),  # scanned today: fine
            sc(D, "派件", "2026-11-23 07:10:00", op="钱七"),  # signed since
            sc(E, "派件", "2026-11-23 07:20:00", op="孙八"),  # not scanned again: finding
            sc(E, "派件", "2026-11-23 07:30:00", op="孙八"),  # twice yesterday: one finding
            sc(C, "派件", "2026-11-23 07:50:00", op="赵六")]  # scanned today, not listed
    signed = [sc(D, "签收", "2026-11-23 12:00:00")]
    scans = by_no(today + yday + signed)
    assert B not in scans
    fs = m.findings_R27(items, today, yday, scans, now)
    assert js(fs) == [
        {"waybill": B, "reason": "listed_not_scanned", "label": "在派件清单上,未做派件扫描",
         "site": BR, "at": "2026-11-24 07:30:00", "day": "2026-11-24", "courier": "李娜"},
        {"waybill": C, "reason": "scanned_not_listed", "label": "有派件扫描,不在派件清单上",
         "site": BR, "at": "2026-11-24 07:20:00", "day": "2026-11-24", "courier": "赵六"},
        {"waybill": E, "reason": "not_rescanned", "label": "昨日未派出,今日未再次扫描派件",
         "site": BR, "at": "2026-11-23 07:20:00", "day": "2026-11-23", "courier": "孙八",
         "last_scan": "2026-11-23 07:30:00 信阳二部 派件"},
    ]
    # listed today with earlier scans: the last one is described
    fs = m.findings_R27([item(D, "2026-11-24")], [], [], scans, now)
    assert fs[0].last_scan == "2026-11-23 12:00:00 信阳二部 签收"
    # a parcel of yesterday whose scans the store did not gather is judged on that scan
    fs = m.findings_R27([], [], [sc(A, "派件", "2026-11-23 07:00:00")], {}, now)
    assert [(f.waybill, f.last_scan) for f in fs] == [(A, "2026-11-23 07:00:00 信阳二部 派件")]


def test_R28_agent_lines_whole_finding(now):
    items = [item(A, "2026-11-21", "10:00:00", "张三", "淮滨"),  # outlet names the agent
             item(B, "2026-11-21", "10:00:00", "淮滨老王", None),  # courier names 淮滨
             item(C, "2026-11-22", "10:00:00", "李四代派", BR),  # courier names 代派
             item(D, "2026-11-22", "10:00:00", "张三", BR),  # our own courier
             item(A, "2026-11-22", "10:00:00", "张三", "淮滨")]  # again the next day: once
    scans = by_no([sc(C, "到件", "2026-11-22 09:00:00", "淮滨")])
    fs = m.findings_R28(items, scans, now)
    assert js(fs) == [
        {"waybill": A, "reason": "agent_unsigned", "label": "代派超时未签收", "site": "淮滨",
         "at": "2026-11-21 10:00:00", "day": "2026-11-21", "courier": "张三"},
        {"waybill": B, "reason": "agent_unsigned", "label": "代派超时未签收",
         "at": "2026-11-21 10:00:00", "day": "2026-11-21", "courier": "淮滨老王"},
        {"waybill": C, "reason": "agent_unsigned", "label": "代派超时未签收", "site": BR,
         "at": "2026-11-22 10:00:00", "day": "2026-11-22", "courier": "李四代派",
         "last_scan": "2026-11-22 09:00:00 淮滨 到件"},
    ]


def test_R22_agent_item_words():
    assert m.is_agent_item("淮滨", None)
    assert m.is_agent_item(None, "淮滨")
    assert m.is_agent_item(BR, "代派")
    assert not m.is_agent_item(BR, "张三") and not m.is_agent_item(None, None)
    assert not m.is_agent_item(BR, "")


def test_R29_today_cash_earlier_unsigned_whole(now):
    items = [item(A, "2026-11-22", "08:00:00", "张三", "淮滨"),  # the agent's: not R-29
             item(A, "2026-11-21", "08:00:00", "王强"),  # unsigned three days
             item(A, "2026-11-22", "08:00:00", "王强"),  # again: one finding
             item(B, "2026-11-21", "09:00:00", "王强"),  # returned since
             item(C, "2026-11-22", "09:00:00", "李娜"),  # signed
             item(D, "2026-11-24", "08:00:00", "李娜"),  # scanned today, cash 0.01
             item(D, "2026-11-24", "08:00:00", "李娜"),  # the same line twice
             item(E, "2026-11-24", "08:30:00", "王强")]  # scanned only yesterday, 0 cash
    scans = by_no([sc(B, "退件", "2026-11-22 10:00:00"), sc(C, "签收", "2026-11-22 12:00:00"),
                   sc(D, "派件", "2026-11-24 08:05:00"), sc(E, "派件", "2026-11-23 18:00:00"),
                   sc(A, "到件", "2026-11-20 07:00:00")])
    cash = {D: m.Cash(payment=Payment.COD, fen=1), E: m.Cash(payment=Payment.COLLECT, fen=0)}
    fs = m.findings_R29(items, scans, cash, set(), now)
    assert js(fs) == [
        {"waybill": A, "reason": "courier_unsigned", "label": "派件员3天内未签收", "site": BR,
         "at": "2026-11-21 08:00:00", "day": "2026-11-21", "courier": "王强",
         "last_scan": "2026-11-20 07:00:00 信阳二部 到件"},
        {"waybill": D, "reason": "cash_to_collect", "label": "到付/代收,核对派件员收款", "site": BR,
         "at": "2026-11-24 08:00:00", "day": "2026-11-24", "courier": "李娜", "amount": "0.01"},
        {"waybill": E, "reason": "listed_not_scanned", "label": "在派件清单上,未做派件扫描",
         "site": BR, "at": "2026-11-24 08:30:00", "day": "2026-11-24", "courier": "王强"},
    ]
    # an open ticket keeps an earlier line off; a later one still shows
    fs = m.findings_R29([item(A, "2026-11-21"), item(B, "2026-11-22")], {}, {}, {A}, now)
    assert [(f.waybill, f.reason) for f in fs] == [(B, "courier_unsigned")]
    # a transfer since counts as handled, any other scan does not
    fs = m.findings_R29([item(A, "2026-11-21"), item(B, "2026-11-22")],
                        by_no([sc(A, "转件", "2026-11-22 10:00:00"), sc(B, "派件", "2026-11-22 10:00:00")]),
                        {}, set(), now)
    assert [(f.waybill, f.reason) for f in fs] == [(B, "courier_unsigned")]


def test_R30_skips_do_not_stop_the_query_and_the_whole_finding(now):
    arr = [sc(A, "到件", "2026-11-21 07:00:00"), sc(A, "到件", "2026-11-22 07:00:00"),
           sc(B, "到件", "2026-11-21 08:00:00"), sc(C, "到件", "2026-11-21 09:00:00"),
           sc(D, "到件", "2026-11-21 10:00:00"), sc(E, "到件", "2026-11-22 11:00:00", "羊山")]
    more = [sc(B, "转件", "2026-11-22 10:00:00"), sc(C, "退件", "2026-11-22 10:00:00")]
    scans = by_no(arr + more)
    del scans[E]
    fs = m.findings_R30(arr, scans, set(), {D}, now)
    assert js(fs) == [
        {"waybill": A, "reason": "unsigned", "label": "未签收", "site": BR,
         "at": "2026-11-21 07:00:00", "day": "2026-11-21",
         "last_scan": "2026-11-22 07:00:00 信阳二部 到件"},
        {"waybill": E, "reason": "unsigned", "label": "未签收", "site": "羊山",
         "at": "2026-11-22 11:00:00", "day": "2026-11-22",
         "last_scan": "2026-11-22 11:00:00 羊山 到件"},
    ]
    assert [f.waybill for f in m.findings_R30(arr, scans, {A}, set(), now)] == [D, E]


def test_finding_label_defaults_to_the_reason_words():
    assert m.Finding(waybill=A, reason="unsigned").label == "未签收"
    assert m.Finding(waybill=A, reason="odd").label == "odd"
    assert m.Finding(waybill=A, reason="unsigned", label="自定").label == "自定"
    assert m.Finding(waybill=A, reason="unsigned").as_json() == {"waybill": A, "reason": "unsigned",
                                                                 "label": "未签收"}


def test_window_stamps_are_stored_text(now):
    assert m.window_stamps(m.window_R25(now)) == ("2026-11-23 12:00:00", "2026-11-24 10:00:00")


def test_R34_unchecked_on_a_date_object():
    checks = [m.MonitorCheck(rule="R-24", day="2026-11-24", checked_at="2026-11-24 09:00:00",
                             checked_by="a")]
    left = m.unchecked_items(checks, date(2026, 11, 24))
    assert [u.rule for u in left] == [r for r in m.BOARD_RULES if r != "R-24"]
    assert (left[0].name, left[0].post) == ("到件a 本站已发-下站未到", "进港")
    assert len(m.unchecked_items(checks, date(2026, 11, 23))) == len(m.BOARD_RULES)


def test_normalize_rule_forms():
    assert m.normalize_rule(" r-25 ") == "R-25"
    assert m.normalize_rule("R-09") == "R-09"
    assert m.normalize_rule("R34") is None
    assert m.normalize_rule("x") is None


def test_R41_slips_add_up_per_courier_not_overwrite():
    lines = [("王强", A, m.Cash(payment=Payment.COLLECT, fen=1250)),
             ("王强", B, m.Cash(payment=Payment.COLLECT, fen=750)),
             ("王强", C, m.Cash(payment=Payment.COD, fen=100)),
             ("王强", D, m.Cash(payment=Payment.COD, fen=200)),
             ("王强", E, m.Cash(payment=Payment.COD, fen=0)),  # nothing to hand in
             ("李娜", A, m.Cash(payment=Payment.COD, fen=1)),  # same waybill, other courier
             ("李娜", B, None)]
    slips = m.payment_slips(lines)
    assert [s.model_dump() for s in slips] == [
        {"courier": "李娜", "collect_fen": 0, "cod_fen": 1, "waybills": [A]},
        {"courier": "王强", "collect_fen": 2000, "cod_fen": 300, "waybills": [A, B, C, D]},
    ]
    assert slips[1].total_fen == 2300
    assert m.payment_slips([]) == []
