"""Recognising and checking the three export formats (SPEC §15, R-03)."""

from __future__ import annotations

import json

import pytest

from kefu_tui.importers import formats
from kefu_tui.importers.formats import parse, parse_fen, recognise


def _parse(header, rows):
    layout = recognise(header)
    assert layout is not None
    return parse(layout, [(i + 2, r) for i, r in enumerate(rows)], "f.csv")


def test_r03_formats_recognised_from_header_in_any_order_with_noise():
    assert recognise(["\ufeff 运单号 ", "扫描网点", "扫描时间", "扫描类型\u3000"]).format == formats.SCANS
    assert recognise(["派件时间", "运单号", "派件员"]).format == formats.DELIVERY
    assert recognise(["运单号", "收件人"]).format == formats.WAYBILLS
    assert recognise(["运单号"]) is None  # a bare list of numbers is no export
    assert recognise(["序号", "姓名"]) is None


def test_r03_serial_and_unknown_columns_are_kept_as_extra():
    p = _parse(["序号", "扫描时间", "运单号", "扫描类型", "扫描网点", "重量"],
               [["7", "2026-11-23 08:00:00", "518012345678", "到件", "信阳二部", "1.5"]])
    row = p.rows[0]
    assert row[:4] == ("518012345678", "到件", "2026-11-23 08:00:00", "信阳二部")
    assert json.loads(row[-1]) == {"序号": "7", "重量": "1.5"}


def test_r03_bad_scan_rows_are_rejected_with_row_and_reason():
    header = ["运单号", "扫描类型", "扫描时间", "扫描网点"]
    p = _parse(header, [
        ["518012345678", "到件", "2026-11-23 08:00", "信阳二部"],
        ["51801234567", "到件", "2026-11-23 08:00", "信阳二部"],
        ["518012345679", "到站", "2026-11-23 08:00", "信阳二部"],
        ["518012345670", "派件", "2026-13-23 08:00", "信阳二部"],
        ["518012345671", "派件", "2026-11-23 08:00", ""],
        ["518012345672", "签收", "2026/11/23 8:05", "信阳二部"],
    ])
    assert [r[0] for r in p.rows] == ["518012345678", "518012345672"]
    assert p.rows[1][2] == "2026-11-23 08:05:00"
    reasons = {r.row: r.reason for r in p.rejected}
    assert set(reasons) == {3, 4, 5, 6}
    assert "12位" in reasons[3] and "未知扫描类型" in reasons[4]
    assert "无法识别" in reasons[5] and "扫描网点" in reasons[6]
    assert all(r.file == "f.csv" for r in p.rejected)


@pytest.mark.parametrize("raw", ["\x02518012345678\x03", " 5180 1234 5678\r", "\ufeff518012345678\t"])
def test_scanner_style_number_is_cleaned(raw):
    """SPEC §3: control characters and white space a scanner adds are stripped."""
    p = _parse(["运单号", "扫描类型", "扫描时间", "扫描网点"], [[raw, "到件", "2026-11-23 08:00", "信阳二部"]])
    assert p.rows[0][0] == "518012345678" and not p.rejected


def test_r03_short_rows_are_padded_not_crashed():
    p = _parse(["运单号", "扫描类型", "扫描时间", "扫描网点", "备注"], [["518012345678", "到件", "2026-11-23 08:00", "信阳二部"]])
    assert p.rows[0][7] is None


@pytest.mark.parametrize(
    "text, fen",
    [("12.50", 1250), ("12.5元", 1250), ("12", 1200), ("¥1,234.05", 123405), ("0.5", 50), ("19.", 1900),
     ("12.505", None), ("-3", None), ("abc", None)],
)
def test_amounts_to_fen(text, fen):
    assert parse_fen(text) == fen


def test_waybill_row_mapping_payment_weight_pieces():
    header = ["运单号", "件数", "重量", "付款方式", "代收金额", "到付金额", "主单号", "寄件时间"]
    p = _parse(header, [
        ["518012345678", "2", "3.5", "代收", "193.00", "", "518012345670", "2026-11-20 09:29"],
        ["518012345679", "1", "1", "到付", "", "19.5元", "", ""],
    ])
    assert not p.rejected
    a = dict(zip(("waybill", *formats.WAYBILL_FIELDS, "extra"), p.rows[0]))
    assert (a["pieces"], a["weight_kg"], a["payment"], a["cod_fen"], a["collect_fen"]) == (2, 3.5, "cod", 19300, None)
    assert a["master_no"] == "518012345670" and a["sent_at"] == "2026-11-20 09:29:00"
    b = dict(zip(("waybill", *formats.WAYBILL_FIELDS, "extra"), p.rows[1]))
    assert (b["payment"], b["collect_fen"], b["master_no"]) == ("collect", 1950, None)


@pytest.mark.parametrize(
    "column, value, words",
    [("付款方式", "刷卡", "付款方式"), ("代收金额", "很多", "金额"), ("件数", "0", "件数"),
     ("重量", "重", "重量"), ("主单号", "12345", "主单号"), ("寄件时间", "昨天", "寄件时间")],
)
def test_waybill_bad_fields_reject_the_row(column, value, words):
    p = _parse(["运单号", column], [["518012345678", value]])
    assert not p.rows and words in p.rejected[0].reason


def test_r22_delivery_day_is_the_date_of_the_delivery_time():
    p = _parse(["运单号", "派件员", "派件时间", "派件网点"], [["518012345678", "淮滨代派", "2026-11-23 10:21", "淮滨"]])
    assert p.rows[0] == ("518012345678", "淮滨代派", "2026-11-23 10:21:00", "2026-11-23", "淮滨", None)


def test_fast_time_path_rejects_impossible_dates():
    assert formats.stamp_of("2026-02-30 08:00:00") is None
    assert formats.stamp_of("2026-11-23 08:00:00") == "2026-11-23 08:00:00"
    assert formats.stamp_of("2026-11-23 8:00") == "2026-11-23 08:00:00"
