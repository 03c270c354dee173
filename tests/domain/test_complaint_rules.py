"""Complaint loop (§11) and the R-32 appeal deadline, as pure rules."""

from kefu_tui.domain import quality as dq
from kefu_tui.domain.clock import parse_iso


def test_steps_in_order_and_summary_only_after_a_satisfied_callback():
    assert dq.step_refusal("received", None, "judged") is None
    assert "未回访" in dq.step_refusal("done", None, "summary")
    assert dq.step_refusal("callback", dq.SATISFIED, "summary") is None
    assert dq.step_refusal("callback", dq.UNSATISFIED, "summary")
    assert dq.step_refusal("callback", dq.UNSATISFIED, "proposal") is None
    assert dq.step_refusal("summary", dq.SATISFIED, "callback")
    assert dq.step_refusal("judged", None, "done")


def test_answers_read_from_the_clerks_words():
    assert dq.answer_of("callback", "客户表示不满意") == dq.UNSATISFIED
    assert dq.answer_of("callback", "满意") == dq.SATISFIED
    assert dq.answer_of("judged", "投诉不成立") == dq.UNJUSTIFIED
    assert dq.answer_of("proposal", "赔付") is None


def test_R32_appeal_by_is_acceptance_plus_24h_and_warns_inside_4_hours():
    assert dq.appeal_by("2026-11-23 15:20:00") == "2026-11-24 15:20:00"
    now = parse_iso("2026-11-24T12:00:00+08:00")
    assert dq.appeal_due_soon("2026-11-23 15:20:00", None, now)
    assert not dq.appeal_due_soon("2026-11-23 15:20:00", dq.SETTLE, now)
    assert not dq.appeal_due_soon("2026-11-23 17:00:00", None, now)  # 5 h left
    assert not dq.appeal_due_soon("2026-11-23 09:00:00", None, now)  # already past
    assert dq.callback_by("2026-11-24 09:00:00") == "2026-11-27 09:00:00"
