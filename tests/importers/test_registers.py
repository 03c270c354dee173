"""The R-31..R-33 register exports (SPEC §15): recognised from the header row, bad rows
rejected with row number and reason, the rest imported."""

from kefu_tui.importers.formats import ARBITRATIONS, FINES, ORDERS, recognise
from kefu_tui.services.imports import import_files


def test_headers_are_recognised_in_any_column_order():
    assert recognise(["序号", "运单号", "仲裁单号", "投诉网点", "投诉类型", "受理时间"]).format == ARBITRATIONS
    assert recognise(["金额", "罚款时间", "罚款单号"]).format == FINES
    assert recognise(["\ufeff订单号", "下单时间", "运单号"]).format == ORDERS
    assert recognise(["订单号", "寄件人"]) is None


def test_bad_register_rows_are_rejected_with_reasons_and_the_rest_imported(tmp_path, store, now):
    f = tmp_path / "罚款.csv"
    f.write_text("罚款单号,罚款时间,金额,运单号\n"
                 "FK1,2026-11-23 10:00,5元,\n"
                 "FK2,昨天,5,\n"
                 "FK3,2026-11-23 10:00,五块,\n"
                 "FK4,2026-11-23 10:00,5,12345\n"
                 ",2026-11-23 10:00,5,\n", encoding="gbk")
    g = tmp_path / "仲裁.csv"
    g.write_text("仲裁单号,运单号,投诉网点,投诉类型,受理时间\nZC1,518346120987,杭州,延误,2026-11-23 15:20\n"
                 "ZC2,,杭州,延误,2026-11-23 15:20\n", encoding="utf-8-sig")
    fines, cases = import_files(store, [f, g], now, "clerk1")
    assert fines.new == 1
    assert [(r.row, r.reason.split(" ")[0]) for r in fines.rejected] == [
        (3, "罚款时间无法识别"), (4, "金额不是金额"), (5, "运单号不是12位数字"), (6, "缺少必填项")]
    assert cases.new == 1 and cases.rejected[0].row == 3
    assert store.query("SELECT amount_fen FROM fines")[0][0] == 500
