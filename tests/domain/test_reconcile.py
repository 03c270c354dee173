"""Warehouse reconciliation 单货统一 (R-42)."""

from kefu_tui.domain.reconcile import LABELS, reconcile


def test_R42_matched_goods_only_slips_only_and_repeats_folded():
    goods = ["518000000001", "518000000002", "518000000001", "518000000003"]
    slips = ["518000000002", "518000000004", "518000000001", "518000000004", "518000000004"]
    r = reconcile(goods, slips)
    assert r.matched == ["518000000001", "518000000002"]
    assert r.goods_only == ["518000000003"]
    assert r.slips_only == ["518000000004"]
    assert (r.goods_repeats, r.slip_repeats) == (1, 2)
    assert not r.ok
    assert LABELS["goods_only"] == "有货无单" and LABELS["slips_only"] == "有单无货"


def test_R42_all_matched_is_ok_and_extra_repeats_add():
    r = reconcile(["518000000001"], ["518000000001"], goods_repeats=3)
    assert r.ok and r.goods_repeats == 3
