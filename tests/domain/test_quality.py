"""The quality post's pure rules: the complaint loop (§11), registers R-31..R-33, the
handover order; every message asserted word for word (what the clerk reads)."""

from kefu_tui.domain import quality as dq
from kefu_tui.domain.clock import parse_iso


def test_complaint_step_refusals_word_for_word():
    unknown = "未知步骤 (unknown step): {!r}; 可用: judged, responsible, proposal, done, callback, summary"
    assert dq.step_refusal("received", None, "received") == unknown.format("received")
    assert dq.step_refusal("received", None, "closed") == unknown.format("closed")
    assert dq.step_refusal("summary", None, "callback") == \
        "投诉已总结结案, 不能再加步骤 (complaint already summarised)"
    assert dq.step_refusal("done", None, "summary") == "未回访不能总结 (no summary before the callback)"
    assert dq.step_refusal("callback", dq.UNSATISFIED, "summary") == \
        "回访不满意, 须重新提出处理方案并回访 (unsatisfied callback re-opened it)"
    assert dq.step_refusal("judged", None, "done") == \
        "步骤顺序不对: 当前 judged 判定, 下一步应为 responsible 责任方 (step out of order)"
    assert dq.step_refusal("callback", dq.UNSATISFIED, "callback") == \
        "步骤顺序不对: 当前 callback 回访, 下一步应为 proposal 处理方案 (step out of order)"
    # a wrong step that is not a summary, after a satisfied callback
    assert dq.step_refusal("callback", dq.SATISFIED, "done") == \
        "步骤顺序不对: 当前 callback 回访, 下一步应为 summary 总结 (step out of order)"


def test_next_steps_walk_the_loop():
    assert dq.next_steps("received", None) == ("judged",)
    assert dq.next_steps("done", None) == ("callback",)
    assert dq.next_steps("callback", dq.SATISFIED) == ("summary",)
    assert dq.next_steps("callback", None) == ("summary",)
    assert dq.next_steps("callback", dq.UNSATISFIED) == ("proposal",)
    assert dq.next_steps("summary", None) == ()


def test_judged_answer_words():
    for text in ("投诉不成立", "我方无责", "情况不属实"):
        assert dq.answer_of("judged", text) == dq.UNJUSTIFIED
    assert dq.answer_of("judged", "投诉成立,我方责任") == dq.JUSTIFIED
    assert dq.answer_of("judged", "不成立", dq.JUSTIFIED) == dq.JUSTIFIED
    assert dq.answer_of("judged", "成立", dq.UNJUSTIFIED) == dq.UNJUSTIFIED
    assert dq.answer_of("judged", "成立", dq.SATISFIED) == dq.JUSTIFIED  # not a judged answer
    assert dq.answer_of("callback", "满意", dq.UNSATISFIED) == dq.UNSATISFIED
    assert dq.answer_of("callback", "不满意", dq.SATISFIED) == dq.SATISFIED
    assert dq.answer_of("callback", "不满意", dq.JUSTIFIED) == dq.UNSATISFIED
    assert dq.answer_of("done", "不满意", dq.SATISFIED) is None


def test_R32_appeal_warning_bounds_are_inclusive():
    now = parse_iso("2026-11-24T12:00:00+08:00")
    assert dq.appeal_due_soon("2026-11-23 12:00:00", None, now)  # deadline = now
    assert dq.appeal_due_soon("2026-11-23 16:00:00", None, now)  # deadline = now + 4 h
    assert not dq.appeal_due_soon("2026-11-23 16:00:01", None, now)
    assert not dq.appeal_due_soon("2026-11-23 11:59:59", None, now)


def test_complaint_state_for_statistics():
    assert dq.complaint_state("summary", dq.UNSATISFIED) == "已结案"
    assert dq.complaint_state("callback", dq.UNSATISFIED) == "不满意重办"
    assert dq.complaint_state("callback", dq.SATISFIED) == "待总结"
    assert dq.complaint_state("done", None) == "待回访"
    assert dq.complaint_state("proposal", dq.UNSATISFIED) == "不满意重办"
    assert dq.complaint_state("judged", dq.JUSTIFIED) == "处理中"
    assert dq.complaint_state("received", None) == "处理中"


def test_R31_window_and_order_handled(now):
    start, end = dq.window_register(now)
    assert start.isoformat() == "2026-11-21T00:00:00+08:00" and end == now
    assert dq.order_handled("518000000001", None)
    assert dq.order_handled(None, " 已处理 ")
    assert dq.order_handled("", "已取消")
    assert dq.order_handled(None, None, "2026-11-24 09:00:00")
    assert not dq.order_handled(None, "待处理")
    assert not dq.order_handled("", None, "")
    assert not dq.order_handled(None, None)


def test_R31_finding():
    f = dq.finding_R31("N001", "2026-11-23 10:00:00", "王五", "信阳市浉河区")
    assert f.as_json() == {"reason": "new_order", "label": "网络订单待处理", "order": "N001",
                           "at": "2026-11-23 10:00:00", "site": "王五"}
    assert dq.finding_R31("N002", "2026-11-23 10:00:00", None, "信阳市浉河区").site == "信阳市浉河区"


def test_R32_finding_deadline_and_decision():
    f = dq.finding_R32("C1", "518000000001", "义乌二部", "延误", "2026-11-23 15:20:00", 5000, None)
    assert f.as_json() == {
        "reason": "complaint_against_us", "label": "延误 申诉截止 11-24 15:20", "waybill": "518000000001",
        "case": "C1", "at": "2026-11-23 15:20:00", "site": "义乌二部", "kind": "延误",
        "amount": "50.00", "appeal_by": "2026-11-24T15:20:00+08:00"}
    g = dq.finding_R32("C2", "518000000002", "义乌二部", "破损", "2026-11-23 15:20:00", None, dq.APPEAL)
    assert g.label == "破损 已申诉" and g.amount is None and g.decision == "appeal"
    assert "amount" not in g.as_json() and g.as_json()["decision"] == "appeal"
    h = dq.finding_R32("C3", "518000000003", "x", "破损", "2026-11-23 15:20:00", 0, dq.SETTLE)
    assert h.label == "破损 已认责赔付" and h.amount == "0.00"
    assert dq.finding_R32("C4", "5", "x", "k", "2026-11-23 15:20:00", 1, "other").label == "k 已other"


def test_R33_finding_told_or_not():
    f = dq.finding_R33("F1", "2026-11-23 08:00:00", 50000, "518000000001", "录单超时", None)
    assert f.as_json() == {"reason": "fine", "label": "录单超时 500.00元 待告知主管",
                           "waybill": "518000000001", "fine": "F1", "at": "2026-11-23 08:00:00",
                           "kind": "录单超时", "amount": "500.00"}
    g = dq.finding_R33("F2", "2026-11-23 08:00:00", 1000, None, None, "李主管")
    assert g.label == "罚款 10.00元 已告知主管" and g.told_by == "李主管" and g.kind is None
    assert g.as_json() == {"reason": "fine", "label": "罚款 10.00元 已告知主管", "fine": "F2",
                           "at": "2026-11-23 08:00:00", "amount": "10.00", "told_by": "李主管"}


def test_handover_order_urgent_first_then_oldest():
    notes = [(False, "2026-11-24 08:00:00", 1), (True, "2026-11-24 09:00:00", 2),
             (True, "2026-11-24 07:00:00", 3), (False, "2026-11-24 08:00:00", 0)]
    got = sorted(notes, key=lambda n: dq.handover_order(*n))
    assert [n[2] for n in got] == [3, 2, 0, 1]
    assert dq.handover_order(True, "x", 5) == (0, "x", 5)
    assert dq.handover_order(False, "x", 5) == (1, "x", 5)


def test_stored_iso():
    assert dq.stored_iso("2026-11-24 09:30:00") == "2026-11-24T09:30:00+08:00"
