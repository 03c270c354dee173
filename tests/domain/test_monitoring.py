"""Monitoring indicators R-24..R-30 and checks R-34 on hand-made data (SPEC §8)."""

from kefu_tui.domain import monitoring as m
from kefu_tui.domain.waybills import Payment, Scan

HUB, BR = m.HUB, m.BRANCH


def sc(no, kind, at, site, next_site=None, op=None):
    return Scan(waybill=no, kind=kind, at=at, site=site, next_site=next_site, operator=op)


def by_no(scans):
    out = {}
    for s in scans:
        out.setdefault(s.waybill, []).append(s)
    return out


def item(no, day, at, courier="张三", outlet=BR):
    return m.ListItem(waybill=no, courier=courier, at=f"{day} {at}", day=day, outlet=outlet)


def iso(w):
    return [t.isoformat() for t in w]


def test_windows_at_fixed_now_R24_to_R30(now):
    assert iso(m.window_R24(now)) == ["2026-11-19T00:00:00+08:00", "2026-11-24T09:30:00+08:00"]
    assert iso(m.window_R25(now)) == ["2026-11-23T12:00:00+08:00", "2026-11-24T10:00:00+08:00"]
    assert iso(m.arrival_window_R25(now)) == ["2026-11-24T08:00:00+08:00",
                                              "2026-11-24T20:00:00+08:00"]
    assert iso(m.window_R26(now)) == ["2026-11-21T00:00:00+08:00", "2026-11-24T09:30:00+08:00"]
    assert iso(m.window_R27(now)) == ["2026-11-24T00:00:00+08:00", "2026-11-24T09:30:00+08:00"]
    assert iso(m.window_R28(now)) == ["2026-11-21T00:00:00+08:00", "2026-11-23T00:00:00+08:00"]
    assert iso(m.window_R29(now)) == ["2026-11-21T00:00:00+08:00", "2026-11-24T09:30:00+08:00"]
    assert iso(m.window_R30(now)) == ["2026-11-21T00:00:00+08:00", "2026-11-24T09:30:00+08:00"]


def test_R24_not_entered_and_fine_after_five_days(now):
    collected = [
        sc("518000000001", "收件", "2026-11-19 08:00:00", BR),  # > 5×24 h before 11-24 09:30
        sc("518000000002", "收件", "2026-11-23 08:00:00", BR),
        sc("518000000003", "收件", "2026-11-23 09:00:00", BR),  # entered
        sc("518000000004", "收件", "2026-11-19 10:00:00", BR),  # < 5×24 h: no fine yet
    ]
    fs = {f.waybill: f for f in m.findings_R24(collected, {"518000000003"}, now)}
    assert set(fs) == {"518000000001", "518000000002", "518000000004"}
    assert fs["518000000001"].reason == "not_entered_fine" and fs["518000000001"].fine == "500.00"
    assert fs["518000000002"].fine == "0.00"
    assert fs["518000000004"].reason == "not_entered"


def test_R25_dispatched_not_arrived_at_next_site(now):
    sent = [sc("518000000011", "发件", "2026-11-23 13:00:00", HUB, "固始"),
            sc("518000000012", "发件", "2026-11-23 14:00:00", HUB, "商城"),
            sc("518000000013", "发件", "2026-11-23 15:00:00", HUB, "息县")]
    later = [sc("518000000011", "到件", "2026-11-23 18:00:00", "固始"),
             sc("518000000013", "到件", "2026-11-24 08:30:00", "罗山")]  # wrong site
    fs = m.findings_R25(sent, by_no(sent + later), now)
    assert [f.waybill for f in fs] == ["518000000012", "518000000013"]
    assert fs[0].next_site == "商城" and fs[0].reason == "not_arrived"


def test_R26_arrived_at_hub_not_dispatched_no_problem(now):
    arr = [sc(f"51800000002{i}", "到件", f"2026-11-2{i} 06:00:00", HUB) for i in range(1, 5)]
    more = [sc("518000000021", "发件", "2026-11-21 08:00:00", HUB, "固始"),
            sc("518000000022", "问题件", "2026-11-22 09:00:00", HUB)]
    fs = m.findings_R26(arr, by_no(arr + more), {"518000000023"}, now)
    assert [(f.waybill, f.day) for f in fs] == [("518000000024", "2026-11-24")]


def test_R27_listed_not_scanned_scanned_not_listed_not_rescanned(now):
    items = [item("518000000031", "2026-11-24", "08:00:00"),
             item("518000000032", "2026-11-24", "08:00:00")]
    today = [sc("518000000031", "派件", "2026-11-24 08:10:00", BR),
             sc("518000000033", "派件", "2026-11-24 08:20:00", BR)]
    yday = [sc("518000000034", "派件", "2026-11-23 08:00:00", BR),
            sc("518000000035", "派件", "2026-11-23 08:00:00", BR)]
    signed = [sc("518000000035", "签收", "2026-11-23 15:00:00", BR)]
    fs = m.findings_R27(items, today, yday, by_no(today + yday + signed), now)
    assert [(f.waybill, f.reason) for f in fs] == [
        ("518000000032", "listed_not_scanned"),
        ("518000000033", "scanned_not_listed"),
        ("518000000034", "not_rescanned"),
    ]


def test_R28_agent_lists_unsigned(now):
    items = [item("518000000041", "2026-11-21", "10:00:00", "淮滨代派", "淮滨"),
             item("518000000042", "2026-11-22", "10:00:00", "淮滨代派", "淮滨"),
             item("518000000043", "2026-11-22", "10:00:00", "张三", BR)]  # not the agent
    signed = [sc("518000000041", "签收", "2026-11-22 12:00:00", "淮滨")]
    fs = m.findings_R28(items, by_no(signed), now)
    assert [(f.waybill, f.day, f.courier) for f in fs] == [("518000000042", "2026-11-22", "淮滨代派")]


def test_R29_own_couriers_cash_not_scanned_unsigned(now):
    items = [item("518000000051", "2026-11-24", "08:00:00"),
             item("518000000052", "2026-11-21", "08:00:00"),
             item("518000000053", "2026-11-22", "08:00:00"),
             item("518000000054", "2026-11-22", "08:00:00", "淮滨代派", "淮滨")]
    cash = {"518000000051": m.Cash(payment=Payment.COD, fen=12345)}
    fs = m.findings_R29(items, {}, cash, {"518000000053"}, now)
    got = [(f.waybill, f.reason, f.amount) for f in fs]
    assert got == [("518000000052", "courier_unsigned", None),
                   ("518000000051", "listed_not_scanned", None),
                   ("518000000051", "cash_to_collect", "123.45")]


def test_R30_unsigned_problem_parcels_filtered_out(now):
    arr = [sc(f"51800000006{i}", "到件", "2026-11-22 07:00:00", BR) for i in range(1, 6)]
    more = [sc("518000000061", "签收", "2026-11-22 15:00:00", BR),
            sc("518000000062", "问题件", "2026-11-22 15:00:00", BR)]
    fs = m.findings_R30(arr, by_no(arr + more), {"518000000063"}, {"518000000064"}, now)
    assert [f.waybill for f in fs] == ["518000000065"]


def test_R34_unchecked_items_cost_ten_each():
    checks = [m.MonitorCheck(rule="R-24", day="2026-11-24", checked_at="2026-11-24 09:00:00",
                             checked_by="a"),
              m.MonitorCheck(rule="R-25", day="2026-11-23", checked_at="2026-11-23 09:00:00",
                             checked_by="a")]
    left = m.unchecked_items(checks, "2026-11-24")
    assert "R-24" not in [u.rule for u in left] and "R-25" in [u.rule for u in left]
    assert [u.rule for u in left] == [r for r in m.BOARD_RULES if r != "R-24"]
    assert m.unchecked_penalty_fen(left) == 1000 * len(left)
    assert left[0].penalty == "10.00"


def test_normalize_rule():
    assert m.normalize_rule("r24") == "R-24" and m.normalize_rule("33") == "R-33"
    assert m.normalize_rule("R-99") is None


def test_R26_a_parcel_back_at_the_hub_is_judged_on_its_last_stay(now):
    no = "518000000029"
    scans = [sc(no, "到件", "2026-11-21 06:00:00", HUB), sc(no, "发件", "2026-11-21 08:00:00", HUB),
             sc(no, "到件", "2026-11-23 06:00:00", HUB)]
    arr = [s for s in scans if s.kind == "到件"]
    fs = m.findings_R26(arr, by_no(scans), set(), now)
    assert [(f.waybill, f.at) for f in fs] == [(no, "2026-11-23 06:00:00")]


def test_r41_payment_slips_sum_collect_and_cod_per_courier_once_per_waybill():
    from kefu_tui.domain.monitoring import Cash, payment_slips
    from kefu_tui.domain.waybills import Payment

    lines = [
        ("王强", "518000000001", Cash(payment=Payment.COLLECT, fen=1250)),
        ("王强", "518000000002", Cash(payment=Payment.COD, fen=30000)),
        ("王强", "518000000002", Cash(payment=Payment.COD, fen=30000)),  # listed twice
        ("李娜", "518000000003", None),  # prepaid: nothing to hand in
        ("李娜", "518000000004", Cash(payment=Payment.COD, fen=999)),
    ]
    slips = payment_slips(lines)
    assert [(s.courier, s.collect_fen, s.cod_fen, s.total_fen) for s in slips] == [
        ("李娜", 0, 999, 999), ("王强", 1250, 30000, 31250)]
    assert slips[1].waybills == ["518000000001", "518000000002"]
